import json, os, subprocess, sys
R = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
PYS = {"3.9": f"{R}/versions/3.9.18/bin/python", "3.10": f"{R}/versions/3.10.13/bin/python",
       "3.11": "/work/venv-h52/bin/python", "3.12": f"{R}/versions/3.12.1/bin/python",
       "3.13": f"{R}/versions/3.13.0/bin/python", "pypy": "pypy3"}
HERE = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
for dn, dpy in PYS.items():
    out = f"/tmp/h52refs/{dn}"
    p = subprocess.run([dpy, os.path.join(HERE, "dump_all.py"), os.path.join(HERE, "refs.py"), out], env=env, capture_output=True, text=True, cwd="/tmp")
    if p.returncode: print("DUMPFAIL", dn, p.stderr[-600:]); continue
    for k, v in json.load(open(f"{out}/expected.json")).items():
        if "dump_error" in v: print("DUMPERR", dn, k, v["dump_error"][:500])
    for ln, lpy in PYS.items():
        p = subprocess.run([lpy, os.path.join(HERE, "load_all.py"), out], env=env, capture_output=True, text=True, cwd="/tmp")
        if p.returncode: print("LOADFAIL", dn, ln, p.stderr[-600:]); continue
        for k, r in json.loads(p.stdout).items():
            if r["load"] != "ok" or not r.get("same") or r["check"] is not True:
                print(f"{k} dumped {dn} loaded {ln}: check={r['check']} load={r['load'][:300]} got={r.get('got','')[:300]}")

"""Dump every syntax file on every interpreter that runs it, load on every interpreter, report."""
import json, os, subprocess, sys
R = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
PYS = {"3.9": f"{R}/versions/3.9.18/bin/python", "3.10": f"{R}/versions/3.10.13/bin/python",
       "3.11": "/work/venv-h52/bin/python", "3.12": f"{R}/versions/3.12.1/bin/python",
       "3.13": f"{R}/versions/3.13.0/bin/python", "pypy": "pypy3"}
VER = {"3.9": (3, 9), "3.10": (3, 10), "3.11": (3, 11), "3.12": (3, 12), "3.13": (3, 13), "pypy": (3, 9)}
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/h52syn"
FILES = {"syn39": (3, 9), "syn310": (3, 10), "syn311": (3, 11), "syn312": (3, 12), "syn313": (3, 13)}
only = sys.argv[2:] or list(FILES)
env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
for f in only:
    need = FILES[f]
    for dn, dpy in PYS.items():
        if VER[dn] < need:
            continue
        out = os.path.join(OUT, f, dn)
        p = subprocess.run([dpy, os.path.join(HERE, "dump_all.py"), os.path.join(HERE, f + ".py"), out],
                           env=env, capture_output=True, text=True, cwd="/tmp")
        if p.returncode:
            print("DUMP FAIL", f, dn, p.stderr[-800:]); continue
        exp = json.load(open(os.path.join(out, "expected.json")))
        for k, v in exp.items():
            if "dump_error" in v:
                print(f"DUMPERR {f} on {dn}: {k}: {v['dump_error'][:300]}")
        for ln, lpy in PYS.items():
            p = subprocess.run([lpy, os.path.join(HERE, "load_all.py"), out], env=env, capture_output=True,
                               text=True, cwd="/tmp")
            if p.returncode:
                print("LOAD FAIL", f, dn, ln, p.stderr[-800:]); continue
            res = json.loads(p.stdout)
            for k, r in res.items():
                ok_py = VER[ln] >= need or True
                loaded = r["load"] == "ok"
                bad = (r["check"] is not True) != (not loaded) or (loaded and not r.get("same"))
                if not loaded and "PythonVersionError" not in r["load"]:
                    bad = True
                if bad or not loaded:
                    tag = "BAD " if bad else "ok- "
                    print(f"{tag}{f}:{k} dumped {dn} loaded {ln}: check={r['check']} load={r['load'][:200]} "
                          f"{'' if r.get('same', True) else 'got ' + r['got'] + ' exp ' + r['expected']}"
                          f" {r.get('check_problems', '') if bad else ''}")

import json, os, subprocess, sys, difflib
R = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
PYS = {"3.9": f"{R}/versions/3.9.18/bin/python", "3.10": f"{R}/versions/3.10.13/bin/python",
       "3.11": "/work/venv-h52/bin/python", "3.12": f"{R}/versions/3.12.1/bin/python",
       "3.13": f"{R}/versions/3.13.0/bin/python", "pypy": "pypy3"}
HERE = os.path.dirname(os.path.abspath(__file__))
SYN = os.path.join(os.path.dirname(HERE), "syntax")
OUT = "/tmp/h52rd"
env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
def strip(b):
    lines = b.split(b"\n")
    return b"\n".join(l for l in lines if not l.startswith(b"written-by:"))
def read(d):
    return {f: open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d)) if f.endswith(".srcpickle")}
def dump(py, out, seed):
    e = dict(env, PYTHONHASHSEED=str(seed))
    p = subprocess.run([PYS[py], os.path.join(SYN, "dump_all.py"), os.path.join(HERE, "objs.py"), out], env=e, capture_output=True, text=True, cwd="/tmp")
    if p.returncode: print("DUMPFAIL", py, p.stderr[-500:])
    for k, v in json.load(open(os.path.join(out, "expected.json"))).items():
        if "dump_error" in v: print("DUMPERR", py, k, v["dump_error"][:300])
base = {}
for py in PYS:
    runs = []
    for seed in (0, 1, 12345):
        d = f"{OUT}/{py}/seed{seed}"; dump(py, d, seed); runs.append(read(d))
    for r in runs[1:]:
        for f in r:
            if r[f] != runs[0].get(f): print(f"HASHSEED differs on {py}: {f}")
    base[py] = runs[0]
names = sorted(base["3.11"])
for py in PYS:
    for f in names:
        if f in base[py] and strip(base[py][f]) != strip(base["3.11"][f]):
            print(f"INTERP {py} vs 3.11 differ: {f}")
            for l in list(difflib.unified_diff(strip(base["3.11"][f]).decode().splitlines(), strip(base[py][f]).decode().splitlines(), lineterm="", n=0))[2:12]: print("   ", l)
for dpy in PYS:
    for lpy in PYS:
        out = f"{OUT}/redump/{dpy}-{lpy}"
        p = subprocess.run([PYS[lpy], os.path.join(HERE, "redump.py"), f"{OUT}/{dpy}/seed0", out], env=env, capture_output=True, text=True, cwd="/tmp")
        if p.returncode: print("REDUMPFAIL", dpy, lpy, p.stderr[-500:]); continue
        for k, v in json.loads(p.stdout).items(): print(f"REDUMP-ERR {dpy}->{lpy} {k}: {v}")
        again = read(out)
        for f, b in again.items():
            if strip(b) != strip(base[dpy][f]):
                print(f"REDUMP differs {dpy}->{lpy}: {f}")
                for l in list(difflib.unified_diff(strip(base[dpy][f]).decode().splitlines(), strip(b).decode().splitlines(), lineterm="", n=0))[2:10]: print("   ", l)

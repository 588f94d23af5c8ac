"""Run as: PY dump_all.py CASEFILE OUTDIR  -- runs CASEFILE as __main__ and dumps each ITEMS entry."""
import json, os, runpy, sys
case, out = sys.argv[1], sys.argv[2]
sys.argv = [case]
g = runpy.run_path(case, run_name="__main__")
import srcpickle
os.makedirs(out, exist_ok=True)
exp = {}
for name, (obj, probe) in g["ITEMS"].items():
    try:
        data = srcpickle.dumps(obj)
    except Exception as e:
        exp[name] = {"dump_error": f"{type(e).__name__}: {e}"}
        continue
    with open(os.path.join(out, name + ".srcpickle"), "wb") as fh:
        fh.write(data)
    try:
        r = repr(eval(probe, {"f": obj}))
    except Exception as e:
        r = f"EXC {type(e).__name__}: {e}"
    exp[name] = {"probe": probe, "expected": r}
with open(os.path.join(out, "expected.json"), "w") as fh:
    json.dump(exp, fh, indent=1)

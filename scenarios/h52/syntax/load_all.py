"""Run as: PY load_all.py DIR -> json lines per payload: check verdict, load outcome, probe result."""
import json, os, sys
import srcpickle
from srcpickle import errors
d = sys.argv[1]
exp = json.load(open(os.path.join(d, "expected.json")))
res = {}
for name, e in sorted(exp.items()):
    if "dump_error" in e:
        continue
    data = open(os.path.join(d, name + ".srcpickle"), "rb").read()
    r = {}
    try:
        rep = srcpickle.check(data)
        r["check"] = bool(rep.loadable)
        r["check_problems"] = [str(p) for p in rep.problems]
    except Exception as ex:
        r["check"] = f"EXC {type(ex).__name__}: {ex}"
    try:
        obj = srcpickle.loads(data)
        r["load"] = "ok"
        try:
            got = repr(eval(e["probe"], {"f": obj}))
        except Exception as ex:
            got = f"EXC {type(ex).__name__}: {ex}"
        r["same"] = got == e["expected"]
        if not r["same"]:
            r["got"] = got
            r["expected"] = e["expected"]
    except Exception as ex:
        r["load"] = f"{type(ex).__name__}: {str(ex)[:300]}"
    res[name] = r
print(json.dumps(res))

"""PY redump.py IN OUT: load each payload of IN and dump the result again into OUT."""
import os, sys, json
import srcpickle
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
exp = json.load(open(os.path.join(src, "expected.json")))
res = {}
for name, e in exp.items():
    if "dump_error" in e:
        continue
    try:
        obj = srcpickle.loads(open(os.path.join(src, name + ".srcpickle"), "rb").read())
        got = repr(eval(e["probe"], {"f": obj}))
        if got != e["expected"]:
            res[name] = f"probe differs: {got} vs {e['expected']}"
        # probes may change state (counter): redump a fresh load
        obj = srcpickle.loads(open(os.path.join(src, name + ".srcpickle"), "rb").read())
        data = srcpickle.dumps(obj)
        open(os.path.join(out, name + ".srcpickle"), "wb").write(data)
    except Exception as ex:
        res[name] = f"{type(ex).__name__}: {str(ex)[:400]}"
json.dump(exp, open(os.path.join(out, "expected.json"), "w"))
print(json.dumps(res))

"""Delete, duplicate or swap each line of a payload: a srcpickle error or the same result, and
nothing of the payload runs when loading fails."""
import os, sys
import srcpickle
from srcpickle import errors
src = open(sys.argv[1], "rb").read()
MARK = "/tmp/h52_marker"
orig = srcpickle.loads(src)("x")
lines = src.split(b"\n")
def variants():
    for i in range(len(lines)):
        yield f"del {i+1}", b"\n".join(lines[:i] + lines[i+1:])
        yield f"dup {i+1}", b"\n".join(lines[:i+1] + lines[i:])
        if i + 1 < len(lines):
            yield f"swap {i+1}", b"\n".join(lines[:i] + [lines[i+1], lines[i]] + lines[i+2:])
seen = {}
for name, data in variants():
    if os.path.exists(MARK):
        os.unlink(MARK)
    try:
        f = srcpickle.loads(data)
        try:
            got = f("x")
            r = "same" if got == orig else f"DIFFERENT {got!r}"
        except Exception as e:
            r = f"CALL {type(e).__name__}: {e}"
    except errors.SrcpickleError as e:
        r = "err"
        if os.path.exists(MARK):
            r = f"EXECUTED then {type(e).__name__}: {e}"
    except Exception as e:
        r = f"RAW {type(e).__name__}: {e}"
    if r not in ("same", "err"):
        print(f"{name:10} {lines[int(name.split()[1])-1][:50]!r:55} {r[:200]}")

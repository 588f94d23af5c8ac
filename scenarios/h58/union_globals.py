"""Warm dumps of a function with a `|` in its body, in a module with ~2000 globals (h58 item 1).

Run: PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    python scenarios/h58/union_globals.py 2>&1 | grep Collected
(the count includes the start-up; compare with `... union_globals.py --setup-only`)."""

import os
import sys
import tempfile

import srcpickle

N = 2000
WARM = 200

folder = tempfile.mkdtemp()
lines = [f"G{i} = {i}" for i in range(N)]
lines.append("def f(x):\n    return isinstance(x, int | str) or (G1 | G2)\n")
with open(os.path.join(folder, "manyglobals.py"), "w") as handle:
    handle.write("\n".join(lines) + "\n")
sys.path.insert(0, folder)
import manyglobals  # noqa: E402

srcpickle.dumps(manyglobals.f)  # cold
if "--setup-only" not in sys.argv:
    for _ in range(WARM):
        srcpickle.dumps(manyglobals.f)

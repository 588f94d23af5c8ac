"""Never-dumped dumps of 200 decorated defs, in instructions (task 1's cost: a decorated def's
lines compared, co_lines on 3.11):

    PYTHONHASHSEED=0 valgrind --tool=callgrind python scenarios/h99/decorated.py TREE {0|1}

with 1 the dumps and 0 only the import of the module; (run 1 - run 0) / 200 per function.
"""

import importlib
import os
import sys

root, dump = sys.argv[1], sys.argv[2] == "1"
sys.path.insert(0, root)
folder = "/tmp/h99dec"
os.makedirs(folder, exist_ok=True)
defs = "".join(
    f"@deco\ndef f{i}(x, y={i}):\n    total = x * y + {i}\n    return total - K\n\n\n" for i in range(200)
)
with open(os.path.join(folder, "h99_decorated.py"), "w") as handle:
    handle.write("K = 7\n\n\ndef deco(fn):\n    return fn\n\n\n" + defs)
sys.path.insert(0, folder)
import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
module = importlib.import_module("h99_decorated")

if dump:
    for i in range(200):
        srcpickle.dumps(getattr(module, f"f{i}"))

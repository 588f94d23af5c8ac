"""The first dumps of plain data (a dict of lists, tuples, a frozenset, bytes; no function) after
``import srcpickle``: python data.py TREE N (first dumps = N=1 minus N=0, see data.sh)."""

import sys

root, n = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, root)
import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
DATA = {"ints": [1, 2, 3], "pair": (1.5, "x"), "set": frozenset({"a", "b"}), "raw": b"\x00"}
for _ in range(n):
    srcpickle.dumps(DATA)

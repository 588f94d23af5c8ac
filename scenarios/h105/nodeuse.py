"""Which warm dumps still read a proven source's syntax tree node (``SourceInfo.node``): dump the
workload once, put a trap in place of every kept SourceInfo's node, dump again and count, per
place, the dumps that read it: ``nodeuse.py ROOT {new|spread}`` (payloads must not change)."""

import os
import runpy
import sys
import traceback

root, workload = sys.argv[1], sys.argv[2]
sys.argv = ["wd.py", root, "srcpickle", workload, "0"]
scope = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "wd.py"), run_name="wd")
fns, lib = scope["fns"], scope["lib"]
from srcpickle import _source  # noqa: E402

first = [lib.dumps(fn) for fn in fns]


class Trap:
    def __getattribute__(self, name):
        raise RuntimeError("node read: " + name)


for _ref, _lines, info in list(_source._SOURCES.values()):
    if info is not None:
        info.__dict__["node"] = Trap()
used = {}
for fn, payload in zip(fns, first):
    try:
        assert lib.dumps(fn) == payload
    except Exception as exc:
        where = traceback.extract_tb((exc.__cause__ or exc).__traceback__)[-2]
        key = (where.filename.rsplit("/", 2)[-1], where.name, where.lineno)
        used[key] = used.get(key, 0) + 1
print(f"{workload}: warm dumps reading SourceInfo.node {sum(used.values())} of {len(fns)}: {used}")

"""Dump one benchmark workload N times after ``import srcpickle`` (first dumps = N=1 minus N=0;
import srcpickle = N=0 minus N=-1).

Usage: python wd.py TREE WORKLOAD N [MODULE...]  (TREE: a srcpickle checkout; its benchmarks/_workloads too).
"""

import importlib
import pathlib
import sys

root, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

folder = pathlib.Path("/tmp/h84/wl")  # noqa: S108 - the scenario's scratch folder
if not (folder / "bench_tiny.py").exists():
    folder.mkdir(parents=True, exist_ok=True)
    w.write_modules(folder)
wl = {x.name: x for x in w.WORKLOADS}[name]
mod = w.import_module(folder, wl.module)
obj = wl.get(mod)
if n >= 0:  # N=-1: no import of srcpickle (import srcpickle = N=0 minus N=-1)
    import srcpickle  # noqa: E402

    assert srcpickle.__file__.startswith(root), srcpickle.__file__
    # Optional: modules to import before the dumps (to split a first dumps into imports and work).
    for extra in sys.argv[4:]:
        importlib.import_module(extra)
    for _ in range(n):
        srcpickle.dumps(obj)

"""Dump ``f1`` of a module, or a benchmark workload, N times after ``import srcpickle`` (first
dumps = N=1 minus N=0; callgrind totals, see measure.sh).

Usage: python wd.py TREE (mod:NAME | wl:NAME) N [ms]
"""

import pathlib
import sys
import time

root, what, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
here = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, root)
kind, name = what.split(":")
if kind == "mod":
    sys.path.insert(0, str(here))
    obj = __import__(name).f1
else:
    sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
    import _workloads as w

    folder = pathlib.Path("/tmp/h61/wl")  # noqa: S108 - the scenario's scratch folder
    if not (folder / "bench_tiny.py").exists():
        folder.mkdir(parents=True, exist_ok=True)
        w.write_modules(folder)
    wl = {x.name: x for x in w.WORKLOADS}[name]
    obj = wl.get(w.import_module(folder, wl.module))
import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
start = time.perf_counter()
for _ in range(n):
    srcpickle.dumps(obj)
if sys.argv[4:] == ["ms"]:
    print(f"{what} first dumps {1000 * (time.perf_counter() - start):.2f} ms")

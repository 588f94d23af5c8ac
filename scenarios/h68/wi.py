"""Warm parses (srcpickle.inspect) in instructions: run under callgrind twice (N high and N=1) and divide the
difference; the payload is dumped once before (the same in both runs).

    python wl.py ROOT LIBRARY WORKLOAD N
"""

import pathlib
import sys

root, library, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

folder = pathlib.Path("/tmp/h68wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
if library == "srcpickle":
    import srcpickle as lib

    assert lib.__file__.startswith(root), lib.__file__
else:
    import cloudpickle as lib  # type: ignore
wl = w.BY_NAME[name]
mod = w.import_module(folder, wl.module)
if library != "srcpickle":
    lib.register_pickle_by_value(mod)  # as benchmarks/_libraries.py does
data = lib.dumps(wl.get(mod))
for _ in range(n):
    lib.inspect(data)  # the parse a payload not loaded before pays (loads keeps a parsed one)

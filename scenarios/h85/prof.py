"""cProfile of warm dumps: prof.py ROOT WORKLOAD N [SORT]  (after one dumps, N more profiled)."""

import cProfile
import pathlib
import pstats
import sys
import time

root, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sort = sys.argv[4] if len(sys.argv) > 4 else "tottime"
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

import srcpickle  # noqa: E402

folder = pathlib.Path("/tmp/h85wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
obj = wl.get(w.import_module(folder, wl.module))
srcpickle.dumps(obj)
prof = cProfile.Profile(time.thread_time)  # CPU time: the machine is shared
prof.enable()
for _ in range(n):
    srcpickle.dumps(obj)
prof.disable()
pstats.Stats(prof).sort_stats(sort).print_stats(int(sys.argv[5]) if len(sys.argv) > 5 else 45)

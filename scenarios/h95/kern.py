"""Kernel-side costs of warm dumps that callgrind does not count: minor/major page faults, context
switches (getrusage), gc collections (gc.callbacks) and gc-tracked objects left, per 1,000 dumps,
timed as benchmarks/run.py's time_warm does (gc off inside the loop).

    python kern.py ROOT LIBRARY WORKLOAD N [gc]

ROOT a tree (srcpickle imported from it), LIBRARY srcpickle or cloudpickle, WORKLOAD a name of
benchmarks/_workloads.py, N dumps measured after 3 warm-up dumps; "gc" keeps gc on in the loop.
Under `strace -f -c -e trace=memory` the same run counts mmap/munmap/brk (subtract a run with N=0).
"""

import gc
import os
import pathlib
import resource
import sys
import time

root, library, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
keep_gc = len(sys.argv) > 5 and sys.argv[5] == "gc"
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402
from _libraries import make_dumper  # noqa: E402

for extra in filter(None, os.environ.get("PREIMPORT", "").split(",")):
    __import__(extra)  # as in benchmarks/run.py, where pickle, cloudpickle and dill run first
folder = pathlib.Path("/tmp/h95wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
if library == "srcpickle":
    import srcpickle

    assert srcpickle.__file__.startswith(root), srcpickle.__file__
wl = w.BY_NAME[name]
mod = w.import_module(folder, wl.module)
obj = wl.get(mod)
dumper = make_dumper(library, mod, wl.separately)
for _ in range(3):
    dumper(obj)
collections = [0]


def _cb(phase, info):
    if phase == "start":
        collections[0] += 1


gc.callbacks.append(_cb)
gc.collect()
tracked0 = len(gc.get_objects())
collections[0] = 0
if not keep_gc:
    gc.disable()
r0 = resource.getrusage(resource.RUSAGE_SELF)
c0 = time.process_time()
t0 = time.perf_counter()
for _ in range(n):
    dumper(obj)
t1 = time.perf_counter()
c1 = time.process_time()
r1 = resource.getrusage(resource.RUSAGE_SELF)
tracked1 = len(gc.get_objects())
gc.enable()
k = 1000 / max(n, 1)
print(
    f"{library} {name} n={n} gc={'on' if keep_gc else 'off'}: per 1000 dumps: minflt {(r1.ru_minflt - r0.ru_minflt) * k:.1f}"
    f" majflt {(r1.ru_majflt - r0.ru_majflt) * k:.1f} nvcsw {(r1.ru_nvcsw - r0.ru_nvcsw) * k:.1f}"
    f" nivcsw {(r1.ru_nivcsw - r0.ru_nivcsw) * k:.1f} collections {collections[0] * k:.1f}"
    f" tracked+ {(tracked1 - tracked0) * k:.1f}  sys {(r1.ru_stime - r0.ru_stime) / max(n, 1) * 1e6:.2f} us"
    f" user {(r1.ru_utime - r0.ru_utime) / max(n, 1) * 1e6:.2f} us wall {(t1 - t0) / max(n, 1) * 1e6:.2f} us"
    f" maxrss {r1.ru_maxrss} KB"
)

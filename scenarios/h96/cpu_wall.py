"""One first load in this fresh process, timed three ways: wall clock (what benchmarks/run.py's cold
cells report), this process's CPU time, and its minor page faults and involuntary context switches.

Usage: python cpu_wall.py NAME     (LIB=cloudpickle for cloudpickle's payload of the same object;
GCFIRST=1: gc.collect() just before the load). Payloads from /tmp/h96/p (write_payloads.py);
srcpickle from PYTHONPATH. The process imports what benchmarks/_child.py imports.

Under load, a window of 50 ms of CPU (srcpickle's 200 first loads) is shared with other
processes and its wall time grows with the load, while a 3 ms window (cloudpickle's) mostly fits
in one time slice: the wall-clock ratio then overstates the CPU ratio.
"""

from __future__ import annotations

import gc
import importlib.util  # noqa: F401 - as benchmarks/_child.py
import json  # noqa: F401
import os
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import _libraries  # noqa: E402, F401
import _workloads  # noqa: E402, F401

lib = os.environ.get("LIB", "srcpickle")
name = sys.argv[1]
if lib == "cloudpickle":
    import cloudpickle as module

    suffix = ".cloudpickle.pkl"
else:
    import srcpickle as module  # type: ignore[no-redef]

    suffix = ".pkl"
with open(f"/tmp/h96/p/{name}{suffix}", "rb") as handle:
    data = pickle.load(handle)  # noqa: S301 - written by write_payloads.py
if os.environ.get("GCFIRST"):
    gc.collect()
before = resource.getrusage(resource.RUSAGE_SELF)
wall, cpu = time.perf_counter(), time.process_time()
loaded = [module.loads(item) for item in data] if isinstance(data, list) else module.loads(data)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
after = resource.getrusage(resource.RUSAGE_SELF)
print(
    f"{lib:11} {name:13} wall={wall * 1e3:8.2f} ms  cpu={cpu * 1e3:8.2f} ms  "
    f"(user {(after.ru_utime - before.ru_utime) * 1e3:.1f}, sys {(after.ru_stime - before.ru_stime) * 1e3:.1f})  "
    f"minflt={after.ru_minflt - before.ru_minflt:5}  nivcsw={after.ru_nivcsw - before.ru_nivcsw}"
)

"""The first dumps split into steps, each between two calls of time.perf_counter (steps.sh runs
it under callgrind with a dump at each call: part K+1 is step K).

Usage: python steps.py TREE LIBRARY WORKLOAD [MODULE...]: as benchmarks/_child.py's dumps (the
workload imported, the dumper made), then each MODULE imported in its own step, then the dumps.
"""

import importlib
import sys
import time
from pathlib import Path

root, library, name = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper  # noqa: E402
from _workloads import BY_NAME, import_module  # noqa: E402

wl = BY_NAME[name]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(library, module, wl.separately)
time.perf_counter()
for extra in sys.argv[4:]:
    importlib.import_module(extra)
    time.perf_counter()
dumper(obj)
time.perf_counter()

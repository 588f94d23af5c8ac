"""Where the cold dumps cell's wall clock goes: benchmarks/_child.py's dumps window, with CPU
time, page faults and context switches of the window beside its wall clock.

Usage: python why.py TREE LIBRARY WORKLOAD [N]  (fresh processes; CPython 3.11.7; srcpickle from
TREE). Prints per run: wall ms, cpu ms (process_time), minor faults, voluntary/involuntary
context switches of the window, then the medians.
"""

import json
import os
import pathlib
import statistics
import subprocess
import sys

PYTHON = "/root/.pyenv/versions/3.11.7/bin/python3.11"
CHILD = r'''
import gc, json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
wl = BY_NAME[sys.argv[3]]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(sys.argv[2], module, wl.separately)
if len(sys.argv) > 4 and sys.argv[4] == "nogc":
    gc.disable()
r0 = resource.getrusage(resource.RUSAGE_SELF); c0 = time.process_time(); t0 = time.perf_counter()
dumper(obj)
t1 = time.perf_counter(); c1 = time.process_time(); r1 = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([(t1 - t0) * 1e3, (c1 - c0) * 1e3, r1.ru_minflt - r0.ru_minflt,
                  r1.ru_nvcsw - r0.ru_nvcsw, r1.ru_nivcsw - r0.ru_nivcsw]))
'''
root, library, name = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 11
extra = sys.argv[5:]
env = dict(os.environ, PYTHONPATH=root, PYTHONHASHSEED="0")
rows = []
for _ in range(n):
    out = subprocess.run([PYTHON, "-c", CHILD, root, library, name, *extra], env=env,
                         cwd="/tmp/h90/cwd", capture_output=True, text=True, check=True).stdout
    rows.append(json.loads(out))
for row in rows:
    print(" ".join(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row))
med = [statistics.median(col) for col in zip(*rows)]
print(f"{library} {name}: median wall {med[0]:.3f} ms cpu {med[1]:.3f} ms faults {med[2]} "
      f"vcsw {med[3]} ivcsw {med[4]}; min wall {min(r[0] for r in rows):.3f}")

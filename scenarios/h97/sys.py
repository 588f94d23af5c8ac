"""What the first dumps of a fresh process asks of the kernel, inside the benchmark's window.

Usage: python sys.py TREE LIBRARY WORKLOAD [N]   (CPython 3.11.7, srcpickle from TREE, workload
modules in /tmp/h90/wl as h90's cold.py wrote them). Runs N fresh children (default 5) the way
benchmarks/_child.py does, times only the first dumps, and prints per child the CPU ms, minor
faults and voluntary switches of the window; then one more child under ``strace -f`` whose calls
between two marker writes (``os.write(2, b"@@W0")`` / ``@@W1``) are counted by name, and the
files the window opened, stat'ed or listed.
"""

import collections
import json
import os
import re
import statistics
import subprocess
import sys

PYTHON = "/root/.pyenv/versions/3.11.7/bin/python3.11"
CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
wl = BY_NAME[sys.argv[3]]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(sys.argv[2], module, wl.separately)
os.write(2, b"@@W0\n")
r0 = resource.getrusage(resource.RUSAGE_SELF); c0 = time.process_time()
dumper(obj)
c1 = time.process_time(); r1 = resource.getrusage(resource.RUSAGE_SELF)
os.write(2, b"@@W1\n")
print(json.dumps([(c1 - c0) * 1e3, r1.ru_minflt - r0.ru_minflt, r1.ru_majflt - r0.ru_majflt,
                  r1.ru_nvcsw - r0.ru_nvcsw, (r1.ru_utime - r0.ru_utime) * 1e3,
                  (r1.ru_stime - r0.ru_stime) * 1e3]))
"""
root, library, name = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 5
env = dict(os.environ, PYTHONPATH=root, PYTHONHASHSEED="0")
os.makedirs("/tmp/h97/cwd", exist_ok=True)
rows = []
for _ in range(n):
    out = subprocess.run(
        [PYTHON, "-c", CHILD, root, library, name],
        env=env,
        cwd="/tmp/h97/cwd",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows.append(json.loads(out))
med = [statistics.median(col) for col in zip(*rows)]
trace = subprocess.run(
    ["strace", "-f", "-qq", "-e", "trace=all", "-s", "200", PYTHON, "-c", CHILD, root, library, name],
    env=env,
    cwd="/tmp/h97/cwd",
    capture_output=True,
    text=True,
    check=True,
).stderr
inside = False
calls = collections.Counter()
files = []
for line in trace.splitlines():
    if "@@W0" in line:
        inside = True
        continue
    if "@@W1" in line:
        break
    if not inside:
        continue
    m = re.match(r"(?:\[pid\s+\d+\]\s+)?(\w+)\((.*)", line)
    if not m:
        continue
    calls[m.group(1)] += 1
    if m.group(1) in ("openat", "newfstatat", "stat", "lstat", "getdents64", "readlink", "access"):
        files.append(f"{m.group(1)} {m.group(2)[:160]}")
print(
    f"{library} {name}: cpu {med[0]:.3f} ms (user {med[4]:.3f}, sys {med[5]:.3f}), minflt {med[1]}, "
    f"majflt {med[2]}, vcsw {med[3]} "
    f"(median of {n}); syscalls in window {sum(calls.values())}: "
    + ", ".join(f"{k} {v}" for k, v in calls.most_common())
)
if os.environ.get("FILES"):
    for f in files:
        print("   ", f)

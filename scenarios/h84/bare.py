"""The first dumps of tiny in a bare process (no dataclasses, inspect or opcode imported before,
unlike wd.py, whose benchmark workloads import dataclasses): python -S bare.py TREE N.

Uses the workload module wd.py writes to /tmp/h84/wl (run measure.sh first).
"""

import sys

root, n = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, root)
sys.path.insert(0, "/tmp/h84/wl")  # noqa: S108 - the scenario's scratch folder (see wd.py)
import bench_tiny  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
for _ in range(n):
    srcpickle.dumps(bench_tiny.tiny)

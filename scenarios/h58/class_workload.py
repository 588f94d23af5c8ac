"""Warm dumps of the `class` workload of benchmarks/_workloads.py (h58 item 3), and how many
times _class_globals runs per dumps.

Run: PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    python scenarios/h58/class_workload.py 2>&1 | grep Collected
(compare with `... class_workload.py --setup-only`; `--count` prints the calls per dumps)."""

import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from benchmarks._workloads import MODEL_SOURCE  # noqa: E402

import srcpickle  # noqa: E402

WARM = 200

folder = tempfile.mkdtemp()
with open(os.path.join(folder, "bench_model.py"), "w") as handle:
    handle.write(MODEL_SOURCE)
sys.path.insert(0, folder)
import bench_model  # noqa: E402

srcpickle.dumps(bench_model.Model)  # cold
if "--count" in sys.argv:
    from srcpickle._capture import classes

    calls = []
    real = classes._class_globals

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    classes._class_globals = counting
    srcpickle.dumps(bench_model.Model)
    print("_class_globals calls per dumps:", len(calls))
elif "--setup-only" not in sys.argv:
    for _ in range(WARM):
        srcpickle.dumps(bench_model.Model)

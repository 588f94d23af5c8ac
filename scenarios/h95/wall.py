"""Warm dumps in wall clock, as benchmarks/run.py times them (time_warm: gc off, best of 5 loops
of >= 0.1 s), srcpickle beside cloudpickle:

    python wall.py ROOT MODE [WORKLOADS...]

MODE "alone": each workload measured in this process with only cloudpickle and srcpickle, nothing
else dumped before; "bench": every workload of benchmarks/_workloads.py and every library of
run.py in run.py's order (reload per library, loads warm too), cold cells skipped, then the
rows asked printed. Prints per workload: cloudpickle, srcpickle, ratio, and srcpickle's samples.
"""

import importlib
import sys
import tempfile
from pathlib import Path

root, mode = sys.argv[1], sys.argv[2]
asked = sys.argv[3:]
sys.path.insert(0, root)
sys.path.insert(0, str(Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402
import run  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
run.cold = lambda *a, **k: run.Cell(status="n/a")  # cold cells are not this script's business
tmp = Path(tempfile.mkdtemp(prefix="h95wall-"))
dirs = {name: tmp / name for name in ("modules", "payloads", "cwd")}
for d in dirs.values():
    d.mkdir()
w.write_modules(dirs["modules"])
libraries = ("cloudpickle", "srcpickle") if mode == "alone" else run.LIBRARIES
workloads = [w.BY_NAME[a] for a in asked] if mode == "alone" else list(w.WORKLOADS)
out = {}
for workload in workloads:
    module = w.import_module(dirs["modules"], workload.module)
    expected = repr(workload.check(workload.get(module)))
    for library in libraries:
        module = importlib.reload(module)
        row = run.measure(workload, module, library, dirs, run.FULL, expected)
        out[workload.name, library] = row.cells["dumps_warm"]
for name in asked:
    cp, sp = out[name, "cloudpickle"], out[name, "srcpickle"]
    print(
        f"{mode} {name:14s} cloudpickle {cp.value * 1e6:9.2f} us  srcpickle {sp.value * 1e6:9.2f} us"
        f"  {sp.value / cp.value:5.2f}x  sp samples {[round(s * 1e6, 1) for s in sp.samples]}"
    )

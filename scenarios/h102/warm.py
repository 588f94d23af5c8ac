"""The benchmark's warm cells alone (no cold cells, no extra rows), as TREE's benchmarks/run.py
measures them, for the spread between runs:

    python warm.py TREE [--clock cpu] [WORKLOAD...]

Prints one line per workload: srcpickle's dumps-warm and loads-warm ratios to cloudpickle. A tree
with ``measure_workload`` (this branch) interleaves the libraries; an older one (base) measures
each library in one block, as its run.py does. The cold cells are replaced by a dummy (never
printed).
"""

import importlib
import sys
import tempfile
from pathlib import Path

root = Path(sys.argv[1]).resolve()
args = sys.argv[2:]
clock = "wall"
if args[:1] == ["--clock"]:
    clock, args = args[1], args[2:]
sys.path.insert(0, str(root))
sys.path.insert(0, str(root / "benchmarks"))
import run  # noqa: E402
import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(str(root)), srcpickle.__file__
names = args or ["tiny", "globals", "lambda", "closure", "defs200-each", "defs200-list", "data"]
dummy = run.Cell(value=1.0)
run.cold = lambda *a, **k: dummy
folder = Path(tempfile.mkdtemp(prefix="h102warm-"))
dirs = {name: folder / name for name in ("modules", "payloads", "cwd")}
for d in dirs.values():
    d.mkdir()
run.write_modules(dirs["modules"])
settings = run.FULL
if hasattr(settings, "clock"):
    import dataclasses

    settings = dataclasses.replace(settings, clock=clock)
out = []
for name in names:
    workload = next(w for w in run.WORKLOADS if w.name == name)
    module = run.import_module(dirs["modules"], workload.module)
    expected = repr(workload.check(workload.get(module)))
    if hasattr(run, "measure_workload"):
        module = importlib.reload(module)
        rows = run.measure_workload(workload, module, dirs, settings, expected)
    else:
        rows = []
        for library in run.LIBRARIES:
            module = importlib.reload(module)
            rows.append(run.measure(workload, module, library, dirs, settings, expected))
    by = {row.library: row.cells for row in rows}
    ratios = []
    for key in ("dumps_warm", "loads_warm"):
        cell, base = by["srcpickle"][key], by["cloudpickle"][key]
        ratio = getattr(cell, "ratio", None) or cell.value / base.value
        other = getattr(cell, "other_ratio", None)
        ratios.append(f"{key} {ratio:.2f}x" + (f" (other clock {other:.2f}x)" if other else ""))
    print(f"{name:13s} " + "  ".join(ratios), flush=True)

"""benchmarks/run.py's "never dumped" row (measure_new) alone, in wall clock, per sample.

    python newrow.py ROOT [SAMPLES] [WARM]

CPU=1 (the default) times with time.process_time, CPU=0 with time.perf_counter as run.py does.
ROOT: the tree whose srcpickle and benchmarks are used. WARM=1 first runs the warm workloads as
run.py does before this row (the process then holds what they left), WARM=0 only dumps tiny.
"""

import gc
import os
import pathlib
import sys
import tempfile
import time

root = sys.argv[1]
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 5
warm = sys.argv[3] == "1" if len(sys.argv) > 3 else False
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import run  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
tmp = pathlib.Path(tempfile.mkdtemp(prefix="h91row"))
dirs = {"modules": tmp / "m", "payloads": tmp / "p", "cwd": tmp / "c"}
for d in dirs.values():
    d.mkdir()
sys.path.insert(0, str(dirs["modules"]))
run.write_modules(dirs["modules"])
if warm:
    for workload in run.WORKLOADS:
        module = run.import_module(dirs["modules"], workload.module)
        for library in run.LIBRARIES:
            if library not in run.COMPARED:
                continue
            dumper = run.make_dumper(library, module, workload.separately)
            obj = workload.get(module)
            for _ in range(20):
                dumper(obj)
else:
    tiny = run.import_module(dirs["modules"], "bench_tiny").tiny
    srcpickle.dumps(tiny)
print("gc counts", gc.get_count(), "objects", len(gc.get_objects()), file=sys.stderr)
if os.environ.get("CPU", "1") == "1":
    # CPU time of this process: what it ran, not how long others kept the cores (load > 2).
    run.time.perf_counter = time.process_time  # type: ignore[misc]
settings = run.Settings(warm_repeat=1, warm_target=0.01, cold_samples=samples, import_samples=1)
new = run.measure_new(dirs, settings)
for lib in run.COMPARED:
    for key in ("dumps", "loads"):
        cell = new[lib][key]
        print(lib, key, " ".join(f"{s * 1e3:.1f}" for s in cell.samples), f"median {cell.value * 1e3:.1f} ms")
print("ratio dumps", new["srcpickle"]["dumps"].value / new[run.BASELINE]["dumps"].value)
spread = run.measure_spread(dirs, settings)
for lib in run.COMPARED:
    cell = spread[lib]
    print(
        lib,
        "spread dumps",
        " ".join(f"{s * 1e3:.1f}" for s in cell.samples),
        f"median {cell.value * 1e3:.1f} ms",
    )
print("ratio spread dumps", spread["srcpickle"].value / spread[run.BASELINE].value)
print("ratio loads", new["srcpickle"]["loads"].value / new[run.BASELINE]["loads"].value)

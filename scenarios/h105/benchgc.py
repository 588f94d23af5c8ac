"""The never-dumped rows of benchmarks/run.py in the state its process is in when it reaches
them (every workload's warm and cold cells measured first, QUICK settings), with the garbage
collections of each timed dumps call counted: ``benchgc.py ROOT [SAMPLES]``.

Prints per library and sample: CPU ms of the dumps of 200 functions, the collections per
generation during it and their CPU ms, and the objects the collector tracked before it. A full
(generation 2) collection walks every tracked object of the process: its cost depends on what
the whole process holds, not on the call, and it falls in the sample of whichever library
happens to cross the threshold."""

import dataclasses
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

root = sys.argv[1]
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 5
sys.path.insert(0, root)
sys.path.insert(0, str(Path(root) / "benchmarks"))
import run  # noqa: E402
import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
log = []
collections = [0, 0, 0]
in_gc = [0.0, 0.0]


def on_gc(phase, info):
    if phase == "start":
        collections[info["generation"]] += 1
        in_gc[1] = time.process_time()
    else:
        in_gc[0] += time.process_time() - in_gc[1]


gc.callbacks.append(on_gc)
made = run.make_dumper


def make_dumper(library, module, separately):
    dumper = made(library, module, separately)

    def counted(fns):
        collections[:] = [0, 0, 0]
        in_gc[0] = 0.0
        tracked = len(gc.get_objects())
        began = time.process_time()
        out = dumper(fns)
        spent = time.process_time() - began
        log.append((library, spent * 1e3, list(collections), in_gc[0] * 1e3, tracked))
        return out

    return counted


run.make_dumper = make_dumper
settings = dataclasses.replace(run.QUICK, clock="cpu")
base = Path(tempfile.mkdtemp(prefix="h103-bench-"))
dirs = {name: base / name for name in ("modules", "payloads", "cwd")}
for folder in dirs.values():
    folder.mkdir()
try:
    run.write_modules(dirs["modules"])
    for workload in run.WORKLOADS:
        module = run.import_module(dirs["modules"], workload.module)
        expected = repr(workload.check(workload.get(module)))
        for library in run.LIBRARIES:
            module = run.importlib.reload(module)
            run.measure(workload, module, library, dirs, settings, expected)
    log.clear()
    new_settings = dataclasses.replace(settings, cold_samples=samples)
    print("row new:")
    run.measure_new(dirs, new_settings)
    for entry in log:
        if entry[0] in ("srcpickle", "cloudpickle"):
            print("  %-11s dumps %6.1f ms CPU, gc %s %5.1f ms, tracked before %d" % entry)
finally:
    shutil.rmtree(base, ignore_errors=True)

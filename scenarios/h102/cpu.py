"""Warm dumps timed in this thread's CPU time beside wall clock, srcpickle and cloudpickle
interleaved in short rounds (so both see the same load), gc off inside each loop as
benchmarks/run.py's time_warm does:

    python cpu.py ROOT [ROUNDS] WORKLOAD...

Per workload and library: per-call min and median over ROUNDS rounds (default 40; each round one
loop of ~10 ms per library, the order alternating) of CPU time (time.thread_time: preemptions and
other processes' slices not counted) and of wall clock; then the ratios srcpickle / cloudpickle.
Both libraries dump the objects of one module copy each, made as run.py makes them (reload per
library, cloudpickle.register_pickle_by_value).
"""

import gc
import importlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

root = sys.argv[1]
args = sys.argv[2:]
rounds = int(args.pop(0)) if args and args[0].isdigit() else 40
sys.path.insert(0, root)
sys.path.insert(0, str(Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402
from _libraries import make_dumper  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
for extra in filter(None, os.environ.get("PREIMPORT", "").split(",")):
    __import__(extra)
folder = Path(tempfile.mkdtemp(prefix="h95cpu-"))
w.write_modules(folder)
LIBS = ("cloudpickle", "srcpickle")


def loop(fn, arg, number):
    gc.disable()
    try:
        c0 = time.thread_time()
        t0 = time.perf_counter()
        for _ in range(number):
            fn(arg)
        t1 = time.perf_counter()
        c1 = time.thread_time()
    finally:
        gc.enable()
    return (c1 - c0) / number, (t1 - t0) / number


for name in args:
    workload = w.BY_NAME[name]
    module = w.import_module(folder, workload.module)
    setup = {}
    for library in LIBS:
        module = importlib.reload(module)
        obj = workload.get(module)
        dumper = make_dumper(library, module, workload.separately)
        dumper(obj)
        number = 1
        while loop(dumper, obj, number)[0] * number < 0.01:
            number *= 2
        setup[library] = (dumper, obj, number)
    cpu = {lib: [] for lib in LIBS}
    wall = {lib: [] for lib in LIBS}
    for r in range(rounds):
        for library in LIBS if r % 2 == 0 else LIBS[::-1]:
            dumper, obj, number = setup[library]
            c, t = loop(dumper, obj, number)
            cpu[library].append(c)
            wall[library].append(t)
        gc.collect()
    line = [f"{name:13s}"]
    for library in LIBS:
        line.append(
            f"{library[:5]} cpu min {min(cpu[library]) * 1e6:8.2f} med {statistics.median(cpu[library]) * 1e6:8.2f}"
            f" wall min {min(wall[library]) * 1e6:8.2f} med {statistics.median(wall[library]) * 1e6:8.2f} |"
        )
    cp, sp = "cloudpickle", "srcpickle"
    line.append(
        f" ratio cpu min {min(cpu[sp]) / min(cpu[cp]):.2f} med {statistics.median(cpu[sp]) / statistics.median(cpu[cp]):.2f}"
        f" wall min {min(wall[sp]) / min(wall[cp]):.2f} med {statistics.median(wall[sp]) / statistics.median(wall[cp]):.2f}"
    )
    print(" ".join(line), flush=True)

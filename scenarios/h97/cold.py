"""Wall clock of benchmarks/run.py's cold dumps cell, alone: ``_child.py`` of TREE in fresh
processes (CPython 3.11.7, srcpickle from TREE), the same window the benchmark times.

Usage: python cold.py TREE LIBRARY WORKLOAD [N] [dumps|loads]  (prints median, min, max in ms,
wall clock and, where TREE's _child.py answers it, CPU time)
"""

import json
import os
import pathlib
import pickle
import statistics
import subprocess
import sys

PYTHON = "/root/.pyenv/versions/3.11.7/bin/python3.11"
root = pathlib.Path(sys.argv[1])
library, name = sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 15
op = sys.argv[5] if len(sys.argv) > 5 else "dumps"
scratch = pathlib.Path("/tmp/h90")  # the scenario's scratch folder
modules, cwd = scratch / "wl", scratch / "cwd"
sys.path.insert(0, str(root / "benchmarks"))
import _workloads as w  # noqa: E402

if not (modules / "bench_tiny.py").exists():
    modules.mkdir(parents=True, exist_ok=True)
    w.write_modules(modules)
cwd.mkdir(parents=True, exist_ok=True)
args = {"op": op, "library": library, "workload": name, "modules": str(modules)}
env = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
if op == "loads":
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(modules))
    from _libraries import make_dumper  # noqa: E402

    wl = w.BY_NAME[name]
    mod = w.import_module(modules, wl.module)
    payload = make_dumper(library, mod, wl.separately)(wl.get(mod))
    args["payload"] = str(scratch / f"{name}.{library}.pickle")
    with open(args["payload"], "wb") as handle:
        pickle.dump(payload, handle)
seconds = []
cpu = []
for _ in range(n):
    out = subprocess.run(
        [PYTHON, str(root / "benchmarks" / "_child.py"), json.dumps(args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    answer = json.loads(out.strip().splitlines()[-1])
    assert answer["ok"], answer
    seconds.append(answer["seconds"] * 1000)
    if "cpu_seconds" in answer:
        cpu.append(answer["cpu_seconds"] * 1000)
print(
    f"{library} {name} {op}: wall median {statistics.median(seconds):.3f} ms, "
    f"min {min(seconds):.3f}, max {max(seconds):.3f} (n={n})"
    + (f"; cpu median {statistics.median(cpu):.3f} ms, min {min(cpu):.3f}, max {max(cpu):.3f}" if cpu else "")
)

"""First dumps of a process in instructions: python first.py ROOT WORKLOAD N (N=1 dumps the
workload once after importing srcpickle and its module, N=0 stops before the dumps)."""

import os
import pathlib
import sys

root, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

folder = pathlib.Path(os.environ.get("H86_FOLDER", "/tmp/h91wl"))
folder.mkdir(exist_ok=True)
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
import srcpickle  # noqa: E402

wl = w.BY_NAME[name]
mod = w.import_module(folder, wl.module)
obj = wl.get(mod)
if n:
    srcpickle.dumps(obj)

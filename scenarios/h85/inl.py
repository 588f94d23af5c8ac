"""Instructions of one part of finish for a workload: inl.py ROOT WORKLOAD PART N (PART: inline,
finish_all). The args of values.inline are recorded from one dumps, then it runs N times
(under callgrind, N and 1: the difference / (N - 1))."""

import pathlib
import sys

root, name, part, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

import srcpickle  # noqa: E402
from srcpickle._capture import values  # noqa: E402

folder = pathlib.Path("/tmp/h85wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
obj = wl.get(w.import_module(folder, wl.module))
srcpickle.dumps(obj)
seen = []
real = values.inline


def spy(*args):
    seen.append(args)
    return real(*args)


values.inline = spy
srcpickle.dumps(obj)
values.inline = real
args = seen[0]
for _ in range(n):
    real(*args)

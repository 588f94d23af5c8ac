"""One part of warm dumps, for callgrind: part.py ROOT WORKLOAD PART N (PART: capture, write,
dumps). The workload is dumped once first; then PART runs N times (under ic2.sh: (N_HIGH -
N_LOW) / difference is the part's instructions per dumps)."""

import pathlib
import sys

root, name, part, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

import srcpickle  # noqa: E402
from srcpickle import _CAPTURE_SIDE, _fmt  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
folder = pathlib.Path("/tmp/h85wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
obj = wl.get(w.import_module(folder, wl.module))
objs = obj if wl.separately else [obj]
for o in objs:
    srcpickle.dumps(o)
capture, overrides = _CAPTURE_SIDE[0], _CAPTURE_SIDE[1]
done = []
for o in objs:
    runs = {}
    done.append((capture(o, overrides, runs), runs))
for _ in range(n):
    if part == "capture":
        for o in objs:
            capture(o, overrides, {})
    elif part == "write":
        for payload, runs in done:
            _fmt.write_bytes(payload, payload.format_version, runs)
    else:
        for o in objs:
            srcpickle.dumps(o)

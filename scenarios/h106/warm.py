"""Do N warm dumps of one benchmark workload in this process (for callgrind or cProfile).

    python scenarios/h106/warm.py WORKLOAD N [--profile] [--lib srcpickle|cloudpickle]
"""
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(HERE))
from _libraries import make_dumper  # noqa: E402
from _workloads import BY_NAME, import_module, write_modules  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
lib = "cloudpickle" if "--lib=cloudpickle" in sys.argv else "srcpickle"
w = BY_NAME[args[0]]
n = int(args[1])
tmp = Path(tempfile.mkdtemp(prefix="h106-"))
write_modules(tmp)
module = import_module(tmp, w.module)
obj = w.get(module)
fn = make_dumper(lib, module, w.separately)
for _ in range(3):
    fn(obj)
if "--profile" in sys.argv:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        fn(obj)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(int(__import__("os").environ.get("NSTATS", "40")))
else:
    for _ in range(n):
        fn(obj)

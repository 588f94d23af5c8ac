"""cProfile of the first dumps' own work, the modules it imports loaded before (gc off): cumulative
and own microseconds per function. Usage: python prof.py TREE LIBRARY WORKLOAD (PYTHONPATH=TREE)."""
import sys, cProfile, pstats, importlib, time
from pathlib import Path
root, lib, name = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
wl = BY_NAME[name]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(lib, module, wl.separately)
for m in ["srcpickle._deps", "srcpickle._fmt.write", "srcpickle._capture", "srcpickle._source", "srcpickle._capture.functions"]:
    importlib.import_module(m)
import gc; gc.disable()
p = cProfile.Profile(time.perf_counter)
p.enable()
dumper(obj)
p.disable()
st = pstats.Stats(p)
rows = sorted(st.stats.items(), key=lambda kv: -kv[1][3])
for (f, l, fn), (cc, nc, tt, ct, callers) in rows[:60]:
    print(f"{ct*1e6:8.1f} {tt*1e6:8.1f} {nc:4d} {f.replace(root+'/','')}:{l}({fn})")

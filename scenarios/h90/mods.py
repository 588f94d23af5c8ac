"""The modules the first dumps of a workload imports (benchmarks/_child.py's window), with the size of
each one's bytecode cache. Usage: python mods.py TREE LIBRARY WORKLOAD (PYTHONPATH=TREE)."""
import sys, os, importlib.util
from pathlib import Path
root, lib, name = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
wl = BY_NAME[name]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(lib, module, wl.separately)
before = set(sys.modules)
dumper(obj)
new = [m for m in sys.modules if m not in before]
tot = 0
for m in new:
    f = getattr(sys.modules[m], "__file__", None) or ""
    c = importlib.util.cache_from_source(f) if f.endswith(".py") else ""
    s = os.path.getsize(c) if c and os.path.exists(c) else 0
    tot += s
    print(f"{s:8d} {m}")
print(tot, "bytes of pyc in", len(new), "modules")

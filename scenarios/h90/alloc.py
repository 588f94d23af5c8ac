"""The tracked objects the first dumps leaves alive (by type), and what generation 1 holds when it
starts (by type, functions and classes by module). Usage: python alloc.py TREE LIBRARY WORKLOAD."""
import sys, gc, collections, types
from pathlib import Path
root, lib, name = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
wl = BY_NAME[name]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(lib, module, wl.separately)
gc.disable()
before = {id(o) for o in gc.get_objects()}
g1 = gc.get_objects(1)
print("gen1 at start by type:", collections.Counter(type(o).__name__ for o in g1).most_common(8))
def mod_of(o):
    if isinstance(o, types.FunctionType): return o.__module__
    if isinstance(o, type): return o.__module__
    return "?"
print("gen1 funcs by module:", collections.Counter(mod_of(o) for o in g1 if isinstance(o,(types.FunctionType,type))).most_common(8))
del g1
c0 = gc.get_count()
dumper(obj)
c1 = gc.get_count()
new = [o for o in gc.get_objects() if id(o) not in before]
print("counts", c0, c1, "new tracked objects alive:", len(new))
print(collections.Counter(type(o).__name__ for o in new).most_common(12))

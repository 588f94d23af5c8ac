"""Cyclic garbage a warm dumps leaves: python garbage.py ROOT WORKLOAD. Five warm dumps with gc
off; prints the gc-tracked objects they added by type, what a collection then finds, and (with
DEBUG_SAVEALL on one more dumps) the functions caught in the cycles."""

import collections
import gc
import pathlib
import sys

root, name = sys.argv[1:3]
sys.path.insert(0, root)
sys.path.insert(0, root + "/benchmarks")
import _workloads as w  # noqa: E402

import srcpickle  # noqa: E402

folder = pathlib.Path("/tmp/h95wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
m = w.import_module(folder, wl.module)
obj = wl.get(m)


def dump():
    return [srcpickle.dumps(f) for f in obj] if wl.separately else srcpickle.dumps(obj)


for _ in range(3):
    dump()
gc.collect()
before = collections.Counter(type(o).__name__ for o in gc.get_objects())
gc.disable()
for _ in range(5):
    dump()
after = collections.Counter(type(o).__name__ for o in gc.get_objects())
print(name, "tracked objects added by 5 dumps, gc off:", (after - before).most_common(10))
print(name, "unreachable found by a collection:", gc.collect())
gc.set_debug(gc.DEBUG_SAVEALL)
dump()
gc.collect()
print(name, "functions in cycles:", [f.__qualname__ for f in gc.garbage if type(f).__name__ == "function"])
gc.set_debug(0)
gc.enable()

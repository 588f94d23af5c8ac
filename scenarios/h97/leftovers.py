"""What ``import srcpickle`` leaves for the collector, and what generation 1 holds when the
benchmark's first-dumps window starts (the gen-1 collection the window pays walks it).

Usage: python leftovers.py TREE [WORKLOAD]   (CPython 3.11.7, srcpickle from TREE on PYTHONPATH)
- without WORKLOAD: the tracked objects a fresh ``import srcpickle`` leaves after a full collection,
  by type, and the functions among them by module;
- with WORKLOAD: as benchmarks/_child.py up to its window (workload modules in /tmp/h90/wl), the
  collector's counts and generation 1 by type and the functions in it by top-level package.
"""

import collections
import gc
import sys
import types
from pathlib import Path

root = sys.argv[1]
if len(sys.argv) < 3:
    gc.collect()
    before = {id(o) for o in gc.get_objects()}
    import srcpickle  # noqa: F401

    gc.collect()
    objs = [o for o in gc.get_objects() if id(o) not in before]
    print("tracked objects import srcpickle leaves (after a full collection):", len(objs))
    print(collections.Counter(type(o).__name__ for o in objs).most_common(20))
    fns = [o for o in objs if isinstance(o, types.FunctionType)]
    print(collections.Counter(f.__module__ for f in fns).most_common(12))
else:
    sys.path.insert(0, root + "/benchmarks")
    from _libraries import make_dumper
    from _workloads import BY_NAME, import_module

    wl = BY_NAME[sys.argv[2]]
    module = import_module(Path("/tmp/h90/wl"), wl.module)
    dumper = make_dumper("srcpickle", module, wl.separately)
    counts = gc.get_count()
    gen1 = gc.get_objects(1)
    print("counts", counts, "generation 1", len(gen1), "generation 0", len(gc.get_objects(0)))
    print(collections.Counter(type(o).__name__ for o in gen1).most_common(15))
    packages = collections.Counter(
        (o.__module__ or "").split(".")[0] for o in gen1 if isinstance(o, types.FunctionType)
    )
    print("functions by package", packages.most_common(12))

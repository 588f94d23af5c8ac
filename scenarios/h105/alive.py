"""What a never-dumped workload leaves tracked by the garbage collector: run as
``alive.py ROOT LIBRARY WORKLOAD`` (new, spread); prints the tracked objects made by the 200
dumps (after minus before, by type, the biggest first) and where srcpickle's caches hold them."""

import collections
import gc
import os
import runpy
import sys

root, library, workload = sys.argv[1:4]
sys.argv = ["wd.py", root, library, workload, "0"]
here = os.path.dirname(os.path.abspath(__file__))
scope = runpy.run_path(os.path.join(here, "wd.py"), run_name="wd")
fns = scope.get("fns")
lib = scope["lib"]
gc.collect()
before = collections.Counter(type(o).__name__ for o in gc.get_objects())
for fn in fns:
    lib.dumps(fn)
gc.collect()
after = collections.Counter(type(o).__name__ for o in gc.get_objects())
grown = after - before
print(f"{library} {workload}: tracked {sum(before.values())} -> {sum(after.values())}")
import _ast  # noqa: E402

nodes = sum(count for name, count in grown.items() if isinstance(getattr(_ast, name, None), type))
print(f"  syntax tree nodes {nodes} (each with its __dict__, and lists for its bodies and arguments)")
for name, count in grown.most_common(15):
    print(f"  {count:7d} {name}")
if library == "srcpickle" and os.environ.get("H103_SPLIT"):
    # What the per-file parse caches hold beyond what the proven sources (their nodes) hold.
    from srcpickle import _blocks, _source

    for cache in (_blocks._RESTS, _blocks._OUTLINES, _source._PARSED):
        cache.clear()
    gc.collect()
    without = collections.Counter(type(o).__name__ for o in gc.get_objects())
    print(f"  without the parse caches: {sum(without.values())}")
    facts = __import__("srcpickle._capture.functions", fromlist=["x"])
    for name in dir(facts):
        value = getattr(facts, name)
        if isinstance(value, dict) and len(value) >= 100:
            print(f"  _capture.functions.{name}: {len(value)} entries")
    print(f"  _source._SOURCES: {len(_source._SOURCES)} entries")
    # And what would stay if no proven source held its node (the bound of that lead).
    for _ref, _lines, info in list(_source._SOURCES.values()):
        if info is not None:
            info.__dict__["node"] = None
            info.__dict__["twins"] = ()
    gc.collect()
    print(f"  and without SourceInfo.node: {len(gc.get_objects())}")

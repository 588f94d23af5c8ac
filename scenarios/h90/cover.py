"""Which top-level defs and classes of each module the first dumps imports are never called by the
first dumps of the workloads (comma-separated), and the marshal size of each: the code a layout
split could leave unloaded. Usage: python cover.py TREE LIBRARY WORKLOAD[,WORKLOAD...] (PYTHONPATH=TREE)."""
import sys, marshal, collections
from pathlib import Path
root, lib, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
used = set()
def prof(frame, event, arg):
    if event == "call":
        c = frame.f_code
        used.add((c.co_filename, c.co_qualname.split(".")[0]))
mods_before = set(sys.modules)
for name in names:
    wl = BY_NAME[name]
    module = import_module(Path("/tmp/h90/wl"), wl.module)
    obj = wl.get(module)
    dumper = make_dumper(lib, module, wl.separately)
    sys.setprofile(prof)
    dumper(obj)
    sys.setprofile(None)
new = [m for m in sys.modules if m not in mods_before and m.startswith("srcpickle")]
for m in new + [a for a in sys.argv[4:]]:
    mod = sys.modules[m]
    f = mod.__file__
    src = open(f).read()
    code = compile(src, f, "exec")
    tot = len(marshal.dumps(code))
    sizes = collections.Counter()
    for const in code.co_consts:
        if hasattr(const, "co_qualname"):
            sizes[const.co_qualname] += len(marshal.dumps(const))
    # classes: their body code objects are consts named after the class
    unused = {k: v for k, v in sizes.items() if (f, k) not in used}
    print(f"== {m}: {tot} bytes; top-level defs {sum(sizes.values())}; unused {sum(unused.values())}")
    for k, v in sorted(unused.items(), key=lambda kv: -kv[1])[:25]:
        print(f"   {v:7d} {k}")

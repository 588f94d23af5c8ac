"""The garbage collections (generation, counts before) during the first dumps, as in
benchmarks/_child.py. Usage: python gcs.py TREE LIBRARY WORKLOAD (PYTHONPATH=TREE)."""
import sys, gc, time
from pathlib import Path
root, lib, name = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
wl = BY_NAME[name]
module = import_module(Path("/tmp/h90/wl"), wl.module)
obj = wl.get(module)
dumper = make_dumper(lib, module, wl.separately)
log = []
def cb(phase, info):
    if phase == "start":
        log.append((info["generation"], gc.get_count()))
print("before", gc.get_count(), gc.get_threshold(), [len(gc.get_objects(g)) for g in range(3)], gc.get_stats())
gc.callbacks.append(cb)
dumper(obj)
gc.callbacks.remove(cb)
print("collections", log)
print("after", gc.get_count(), [len(gc.get_objects(g)) for g in range(3)])

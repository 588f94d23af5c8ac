import os, sys, pickle, resource, gc
sys.path.insert(0, sys.argv[1])
import json, importlib.util, time
sys.path.insert(0, "/work/wt-h96/benchmarks"); import _libraries, _workloads
lib = os.environ.get("LIB")
if lib: import cloudpickle as srcpickle
else: import srcpickle
name = sys.argv[2] + (".cloudpickle" if lib else "")
d = pickle.load(open(f"/tmp/h96/p/{name}.pkl", "rb"))
gc.collect()
r0 = resource.getrusage(resource.RUSAGE_SELF)
out = [srcpickle.loads(x) for x in d] if isinstance(d, list) else srcpickle.loads(d)
r1 = resource.getrusage(resource.RUSAGE_SELF)
print(sys.argv[2], lib or "srcpickle", "minflt", r1.ru_minflt - r0.ru_minflt, "majflt", r1.ru_majflt - r0.ru_majflt, "nvcsw", r1.ru_nvcsw - r0.ru_nvcsw)

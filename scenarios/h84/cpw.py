"""cloudpickle's first dumps of a workload, the reference of the ratios: as wd.py (N=1 minus N=0),
with the workload's module registered by value, as benchmarks/_libraries.py does.

Usage: python cpw.py TREE WORKLOAD N
"""

import pathlib
import sys

root, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root + "/benchmarks")
import _workloads as w  # noqa: E402

folder = pathlib.Path("/tmp/h84/wl")  # noqa: S108 - the scenario's scratch folder (see wd.py)
wl = {x.name: x for x in w.WORKLOADS}[name]
mod = w.import_module(folder, wl.module)
obj = wl.get(mod)
import cloudpickle  # noqa: E402

cloudpickle.register_pickle_by_value(mod)
for _ in range(n):
    cloudpickle.dumps(obj)

"""The first dumps of the dist-env workload (a function calling an installed package) in a
bare environment (that package alone) or one with 300 more distributions, as benchmarks/run.py's
crowded row: python crowd.py TREE bare|crowded N [user] (first dumps = N=1 minus N=0; see
crowd.sh).

As benchmarks/_child.py does, the environment's folder goes first on sys.path, and the user's
module (bench_dep_user) is found there, in a folder holding distributions: srcpickle takes it for
an installed module and looks its distribution up (no metadata declares it: the full scan of every
installed distribution). With ``user``, the module is imported from a folder of its own first, a
module of the user's own, dumped by value (what the workload's description says).
"""

import pathlib
import sys

root, label, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

env = pathlib.Path("/tmp/h84/env-" + label)  # noqa: S108 - the scenario's scratch folder
if not (env / "bench_dep_user.py").exists():
    w.write_dist_env(env, w.CROWD_SIZE if label == "crowded" else 0)
sys.path.insert(0, str(env))  # an environment of installed distributions (as benchmarks/_child.py)
if sys.argv[4:] == ["user"]:
    own = pathlib.Path("/tmp/h84/dep-user")  # noqa: S108 - the scenario's scratch folder
    own.mkdir(parents=True, exist_ok=True)
    (own / "bench_dep_user.py").write_text(w.DEP_USER_SOURCE, encoding="utf-8")
    sys.path.insert(0, str(own))
import bench_dep_user  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
for _ in range(n):
    srcpickle.dumps(bench_dep_user.uses_dep)

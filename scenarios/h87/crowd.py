"""The first dumps of the dist-env workload (a function of the user's own calling an installed
package) in a bare environment (that package alone) or one with 300 more distributions:
python crowd.py TREE bare|crowded N MODE (first dumps = N=1 minus N=0; see crowd.sh).

MODE says where things are, the environment written here (not by TREE's benchmarks, so that two
trees are measured on the same files):
- ``otherwise``: the user's module in a folder of its own, the package ``benchdep`` from
  distribution ``Bench-Dependency`` (named otherwise, as PyYAML's yaml); benchmarks' row since h87.
- ``named``: the same, the distribution named ``benchdep`` (benchmarks' row before h87).
- ``beside``: as ``named``, with the user's module inside the environment's folder (h84's
  crowd.sh without ``user``: the module taken for an installed one).
"""

import pathlib
import sys

root, label, n, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

scratch = pathlib.Path("/tmp/h87")  # noqa: S108 - the scenario's scratch folder
env = scratch / f"env-{label}-{mode}"
if not env.exists():
    package = env / w.DEP_PACKAGE
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(w.DEP_SOURCE, encoding="utf-8")
    dist = "Bench-Dependency" if mode == "otherwise" else w.DEP_PACKAGE
    record = f"{w.DEP_PACKAGE}/__init__.py,,\n"
    w._dist_info(env, dist, "1.0", w.DEP_PACKAGE, record)
    for index in range(w.CROWD_SIZE if label == "crowded" else 0):
        name = f"filler_{index:03d}"
        (env / f"{name}.py").write_text(f"VALUE = {index}\n", encoding="utf-8")
        w._dist_info(env, name, f"1.{index}", name, f"{name}.py,,\n")
    if mode == "beside":
        (env / "bench_dep_user.py").write_text(w.DEP_USER_SOURCE, encoding="utf-8")
own = scratch / "dep-user"
own.mkdir(parents=True, exist_ok=True)
(own / "bench_dep_user.py").write_text(w.DEP_USER_SOURCE, encoding="utf-8")
sys.path.insert(0, str(env))
if mode != "beside":
    sys.path.insert(0, str(own))
sys.path.insert(0, root)
import bench_dep_user  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
assert bench_dep_user.__file__.startswith(str(env if mode == "beside" else own)), bench_dep_user.__file__
for _ in range(n):
    srcpickle.dumps(bench_dep_user.uses_dep)

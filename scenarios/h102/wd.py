"""Warm dumps in instructions: run under callgrind twice (N=201 and N=1) and divide the
difference by 200.

    python wd.py ROOT LIBRARY WORKLOAD N

ROOT is the tree whose srcpickle is measured (a worktree), LIBRARY srcpickle or cloudpickle,
WORKLOAD a name of benchmarks/_workloads.py or "new" (a fresh copy of the generated 200-function
module imported after one warm-up dumps of the tiny workload, each function dumped once if N is 1).
"""

import gc
import os
import pathlib
import sys

root, library, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

for extra in filter(None, os.environ.get("PREIMPORT", "").split(",")):
    __import__(extra)  # as in benchmarks/run.py, where pickle, cloudpickle and dill run first
folder = pathlib.Path("/tmp/h102wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
if library == "srcpickle":
    import srcpickle as lib

    assert lib.__file__.startswith(root), lib.__file__
else:
    import cloudpickle as lib  # type: ignore
if os.environ.get("GC_OFF"):
    gc.disable()  # (to tell the collections' share)
if name == "new":
    # One fresh copy imported in every run (its import is no dumps), dumped only when n > 0.
    tiny = w.import_module(folder, "bench_tiny").tiny
    lib.dumps(tiny)
    modname = "bench_new_0"
    (folder / f"{modname}.py").write_text(w.defs_source(w.GENERATED_COUNT), encoding="utf-8")
    mod = w.import_module(folder, modname)
    if library != "srcpickle":
        lib.register_pickle_by_value(mod)  # as benchmarks/_libraries.py does
    fns = [getattr(mod, f"f{j}") for j in range(w.GENERATED_COUNT)]
    for _ in range(n):
        for fn in fns:
            lib.dumps(fn)
else:
    wl = w.BY_NAME[name]
    mod = w.import_module(folder, wl.module)
    if library != "srcpickle":
        lib.register_pickle_by_value(mod)  # as benchmarks/_libraries.py does
    obj = wl.get(mod)
    for _ in range(n):
        if wl.separately:
            for fn in obj:
                lib.dumps(fn)
        else:
            lib.dumps(obj)

"""Write the benchmark workloads' srcpickle payloads (pickled bytes or list of bytes) into a folder.

Usage: python write_payloads.py OUTDIR   (srcpickle from the interpreter's path)
Also writes NAME.cloudpickle.pkl, cloudpickle's payloads of the same objects, and
new200.pkl: 200 functions of a module named bench_new200 (one payload each, sources of their own:
salt 1), for the warm process's "never loaded" row, and warm200.pkl from bench_warm200 (the
defs200 workloads' sources) to warm a process up.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(HERE))

from _libraries import make_dumper  # noqa: E402
from _workloads import BY_NAME, GENERATED_COUNT, defs_source, import_module, write_modules  # noqa: E402

import srcpickle  # noqa: E402

out = Path(sys.argv[1])
mods = out / "mods"
write_modules(mods)
for name in (
    "tiny",
    "globals",
    "lambda",
    "closure",
    "defs200-each",
    "defs200-list",
    "class",
    "instance",
    "data",
):
    w = BY_NAME[name]
    obj = w.get(import_module(mods, w.module))
    data = [srcpickle.dumps(o) for o in obj] if w.separately else srcpickle.dumps(obj)
    (out / f"{name}.pkl").write_bytes(pickle.dumps(data))
    # cloudpickle's payload of the same object, for the ratio (loaded by load_once.py with LIB=cloudpickle)
    cloud = make_dumper("cloudpickle", sys.modules[w.module], w.separately)(obj)
    (out / f"{name}.cloudpickle.pkl").write_bytes(pickle.dumps(cloud))
for label, salt in (("new200", 1), ("warm200", 0)):  # (and cloudpickle's, below)
    modname = f"bench_{label}"
    # new200's sources are their own (salt 1), as in benchmarks/run.py's never-dumped row;
    # warm200's are the defs200 workloads' (salt 0).
    (mods / f"{modname}.py").write_text(defs_source(GENERATED_COUNT, salt), encoding="utf-8")
    m = import_module(mods, modname)
    data = [srcpickle.dumps(getattr(m, f"f{i}")) for i in range(GENERATED_COUNT)]
    (out / f"{label}.pkl").write_bytes(pickle.dumps(data))
    fns = [getattr(m, f"f{i}") for i in range(GENERATED_COUNT)]
    (out / f"{label}.cloudpickle.pkl").write_bytes(pickle.dumps(make_dumper("cloudpickle", m, True)(fns)))

"""One process of the never-dumped rows, for callgrind (see README.md).

Usage: python nd.py LIB ROW DUMP MODULES_DIR
LIB: srcpickle | cloudpickle; ROW: new (benchmarks' measure_new: one module of 200 defs) |
spread (measure_spread: 8 modules of closures, lambdas, methods); DUMP: 1 to dump the 200
functions, 0 to do everything else only. ND_NOGC=1: garbage collection off during the dumps. The process warms up first (imports, one sample of the
row dumped), then imports a fresh copy (sample 1) and dumps its 200 functions each.
"""

import gc
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2] / "benchmarks"))

from _libraries import make_dumper  # noqa: E402
from _workloads import GENERATED_COUNT, SPREAD_MODULES, defs_source, import_module, spread_source  # noqa: E402

lib, row, dump, folder = sys.argv[1], sys.argv[2], sys.argv[3] == "1", Path(sys.argv[4])
folder.mkdir(parents=True, exist_ok=True)


def sample(number: int):
    fns = []
    modules = []
    if row == "new":
        name = f"nd_new_{lib}_{number}"
        (folder / f"{name}.py").write_text(defs_source(GENERATED_COUNT, 1 + number), encoding="utf-8")
        modules.append(import_module(folder, name))
        fns = [getattr(modules[0], f"f{i}") for i in range(GENERATED_COUNT)]
    else:
        for m in range(SPREAD_MODULES):
            name = f"nd_spread_{lib}_{number}_{m}"
            (folder / f"{name}.py").write_text(spread_source(m, number), encoding="utf-8")
            modules.append(import_module(folder, name))
            fns.extend(modules[-1].FNS)
    dumper = make_dumper(lib, modules[0], True)
    for module in modules[1:]:
        make_dumper(lib, module, True)
    return dumper, fns


# ND_WARM=N: N samples dumped first (default 1), as a benchmark process that dumped many keeps
# more objects that its garbage collections walk.
warm = int(os.environ.get("ND_WARM", "1"))
for number in range(warm):
    dumper, fns = sample(number)
    dumper(fns)
dumper, fns = sample(warm)
if os.environ.get("ND_NOGC"):
    gc.disable()  # (how much of the dumps is garbage collection: ND_NOGC=1)
if dump:
    dumper(fns)

"""cProfile of N warm srcpickle.dumps of ``f`` in module file MOD, sorted by SORT (tottime).

    NSTATS=40 python scenarios/h106/prof.py MOD.py N [SORT]
"""
import cProfile
import importlib
import os
import pstats
import sys
from pathlib import Path

import srcpickle

mod = Path(sys.argv[1]).resolve()
n = int(sys.argv[2])
sys.path.insert(0, str(mod.parent))
m = importlib.import_module(mod.stem)
for _ in range(3):
    srcpickle.dumps(m.f)
prof = cProfile.Profile()
prof.enable()
for _ in range(n):
    srcpickle.dumps(m.f)
prof.disable()
stats = pstats.Stats(prof).sort_stats(sys.argv[3] if len(sys.argv) > 3 else "tottime")
stats.print_stats(int(os.environ.get("NSTATS", "40")))

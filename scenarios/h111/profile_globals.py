import sys, cProfile, pstats
sys.path.insert(0,str(__import__('pathlib').Path(__file__).resolve().parents[2] / 'benchmarks'))
from _workloads import write_modules, import_module
from pathlib import Path
import tempfile
d=Path(tempfile.mkdtemp()); write_modules(d)
m=import_module(d,'bench_globals')
import srcpickle
f=m.with_globals
for _ in range(20): srcpickle.dumps(f)
pr=cProfile.Profile(); pr.enable()
for _ in range(2000): srcpickle.dumps(f)
pr.disable()
pstats.Stats(pr).sort_stats(sys.argv[1] if len(sys.argv)>1 else 'tottime').print_stats(45)

import sys
sys.path.insert(0,str(__import__('pathlib').Path(__file__).resolve().parents[2] / 'benchmarks'))
from _workloads import write_modules, import_module
from pathlib import Path
import tempfile
d=Path(tempfile.mkdtemp()); write_modules(d)
m=import_module(d,'bench_globals')
import srcpickle
if sys.argv[1] == "scalar":
    m.TABLE = 0; m.NAMES = 1
f=m.with_globals
n=int(sys.argv[2])
for _ in range(5): srcpickle.dumps(f)
for _ in range(n): srcpickle.dumps(f)

#!/bin/sh
# h72 scenario: the same script as __main__ of python FILE, -m, runpy.run_path, runpy.run_module,
# -c and stdin, dumped, then loaded in a fresh process elsewhere. Usage: sh main_variants.sh PYTHON
set -e
P=${1:-/work/venv-h72/bin/python}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
cat > "$D/modmain.py" <<'PY'
import sys, srcpickle
K = 3
a, b = (lambda x: x + K), (lambda x: x - K)
z1, z2 = (lambda: 0.0), (lambda: -0.0)
def f(x):
    return x * K
open(sys.argv[1], "wb").write(srcpickle.dumps([a, b, f, z2]))
PY
printf 'import runpy\nrunpy.run_path("modmain.py", run_name="__main__")\n' > "$D/runner.py"
printf 'import runpy, sys\nsys.path.insert(0, ".")\nrunpy.run_module("modmain", run_name="__main__")\n' > "$D/runner2.py"
check() { (cd / && PYTHONPATH=/work/wt-h72 "$P" -c "
import math, srcpickle; a, b, f, z2 = srcpickle.load('$1'); print('$2', a(1), b(1), f(2), math.copysign(1, z2()))" 2>&1 | tail -1); }
cd "$D"
PYTHONPATH=/work/wt-h72 "$P" modmain.py "$D/p1" && check "$D/p1" file
PYTHONPATH=/work/wt-h72 "$P" -m modmain "$D/p2" && check "$D/p2" -m
PYTHONPATH=/work/wt-h72 "$P" runner.py "$D/p3" && check "$D/p3" run_path
PYTHONPATH=/work/wt-h72 "$P" runner2.py "$D/p4" && check "$D/p4" run_module
PYTHONPATH=/work/wt-h72 "$P" -c "$(cat modmain.py)" "$D/p5" && check "$D/p5" -c
PYTHONPATH=/work/wt-h72 "$P" - "$D/p6" < modmain.py 2>&1 | tail -1 || true

"""The instructions of the annotations step of one annotated def of the spread workload: run
under callgrind as ``annotations.py N ROOT STEP`` with N=1000 and N=0, divide the difference by
1000. STEP: ``full`` (_annotated.function_annotations), ``collect`` (_collect of its return
annotation, ``Optional[int]``), ``empty`` (an Annotations made)."""

import _ast
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
sys.path.insert(0, sys.argv[2])
import spread  # noqa: E402

from srcpickle import _annotated  # noqa: E402

tree = compile(spread.module_source(3), "x", "exec", _ast.PyCF_ONLY_AST)
node = [n for n in tree.body if isinstance(n, _ast.FunctionDef) and n.name.startswith("f")][0]
step = sys.argv[3]
if step == "collect":
    call = lambda: _annotated._collect(node.returns, set(), {}, 0, True)  # noqa: E731
elif step == "empty":
    call = _annotated.Annotations
else:
    call = lambda: _annotated.function_annotations(node, True)  # noqa: E731
for _ in range(int(sys.argv[1])):
    call()

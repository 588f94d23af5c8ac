"""Whether compiling a closure's skeleton from the file's syntax tree would be cheaper than
compiling the loader's text (the lead of closing29: closures, methods and lambdas compile from
text): ``tree_vs_text.py ROOT [N]``, CPU microseconds per compile of the ``inner`` closure of a
spread module, both without srcpickle's cache of compiled texts.

The text compile parses in C; the tree compile converts every Python node back to the C tree
(obj2ast, with its validation), which costs about what the C parse does: 37.4 us against 33.6 us
on CPython 3.11.7 (loaded machine, process time), ~10%, before building the skeleton's nodes."""

import _ast
import sys
import textwrap
import time
from pathlib import Path

root = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
sys.path.insert(0, root)
sys.path.insert(0, str(Path(__file__).resolve().parent))
import spread  # noqa: E402

from srcpickle._rebuild.compiler import module_text  # noqa: E402

text = spread.module_source(3)
tree = compile(text, "x.py", "exec", _ast.PyCF_ONLY_AST)
make = [s for s in tree.body if isinstance(s, _ast.FunctionDef) and s.name.startswith("make")][0]
inner = make.body[1]
lines = text.splitlines(keepends=True)[inner.lineno - 1 : inner.end_lineno]
source = textwrap.dedent("".join(lines)).rstrip("\n")
flags = 0x1000000  # CO_FUTURE_ANNOTATIONS, as the module's future import
loader_text = module_text("def", source, 3, "    ", ("offset", "scale"), scope=make.name + ".<locals>")
# The skeleton the loader's text parses to, from the file's node: the header on the line above.
header_args = [_ast.arg(arg=name) for name in ("offset", "scale")]
for arg in header_args:
    arg.lineno = arg.end_lineno = inner.lineno - 1
    arg.col_offset = arg.end_col_offset = 0
header = _ast.FunctionDef(
    name=make.name,
    args=_ast.arguments(posonlyargs=[], args=header_args, kwonlyargs=[], kw_defaults=[], defaults=[]),
    body=[inner],
    decorator_list=[],
    returns=None,
    type_comment=None,
    lineno=inner.lineno - 1,
    col_offset=0,
    end_lineno=inner.end_lineno,
    end_col_offset=0,
)
module = _ast.Module(body=[header], type_ignores=[])
began = time.process_time()
for _ in range(n):
    compile(loader_text, "x.py", "exec", flags, True)
by_text = (time.process_time() - began) / n
began = time.process_time()
for _ in range(n):
    compile(module, "x.py", "exec", flags, True)
by_tree = (time.process_time() - began) / n
print(f"text {by_text * 1e6:.1f} us, tree {by_tree * 1e6:.1f} us")

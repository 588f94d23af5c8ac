"""Instruction costs of the parse and compile steps of one spread module, for choosing between
block and whole parses: run under callgrind as ``micro.py STEP N`` with N=1 and N=0.

STEP: whole (parse the whole file), blocks (parse each top-level statement alone at its lines),
batch (compile the file's top-level defs from the whole tree in one module), alone (each
top-level def from its tree, in a module of its own with the imports block)."""

import _ast
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import spread  # noqa: E402

step, n = sys.argv[1], int(sys.argv[2])
texts = [spread.module_source(m) for m in range(40, 48)]


def parse(text):
    return compile(text, "<unknown>", "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)


imports = parse(
    "import math\nimport os\nfrom collections import OrderedDict\nfrom typing import List, Optional\n"
).body
trees = [parse(t) for t in texts] if step in ("batch", "alone") else []
spans = []
for t in texts:
    tree = parse(t)
    lines = t.splitlines(True)
    spans.append([(s.lineno, s.end_lineno, lines) for s in tree.body])
for _ in range(n):
    if step == "whole":
        for t in texts:
            parse(t)
    elif step == "blocks":
        for per in spans:
            for start, end, lines in per:
                parse("\n" * (start - 1) + "".join(lines[start - 1 : end]))
    elif step == "batch":
        for tree in trees:
            defs = [s for s in tree.body if isinstance(s, _ast.FunctionDef)]
            compile(
                _ast.Module(body=defs + imports, type_ignores=[]),
                "f.py",
                "exec",
                0x1000000,
                dont_inherit=True,
            )
    elif step == "alone":
        for tree in trees:
            for s in tree.body:
                if isinstance(s, _ast.FunctionDef):
                    compile(
                        _ast.Module(body=[s] + imports, type_ignores=[]),
                        "f.py",
                        "exec",
                        0x1000000,
                        dont_inherit=True,
                    )

"""Experiment: the docstrings of the first dumps' modules removed (function, class, module), as
-OO would, in a copy of a tree. Usage: python nodoc.py TREE MOD[,MOD...] (in place)."""
import ast, sys
root = sys.argv[1]
for m in sys.argv[2].split(","):
    path = f"{root}/srcpickle/{m}.py"
    src = open(path).read()
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    spans = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                d = body[0]
                repl = "pass" if len(body) == 1 else None
                spans.append((d.lineno, d.end_lineno, d.col_offset, repl))
    for start, end, col, repl in sorted(spans, reverse=True):
        lines[start - 1:end] = [" " * col + (repl or "pass") + "\n"]
    open(path, "w").write("".join(lines))
    compile("".join(lines), path, "exec")

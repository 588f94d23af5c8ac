"""function_annotations of two trees compared over every def of the running interpreter's standard
library (both future settings): ``diffann.py OLD_ROOT NEW_ROOT``; prints how many defs agree,
fails on the first that does not."""
import ast, sys, glob
def load(root):
    sys.path.insert(0, root)
    import srcpickle._annotated as m
    sys.path.pop(0)
    for k in [k for k in sys.modules if k.startswith('srcpickle')]: del sys.modules[k]
    return m
old_root, new_root = sys.argv[1], sys.argv[2]
new = load(new_root); old = load(old_root)
assert new.__file__.startswith(new_root) and old.__file__.startswith(old_root)
n = 0
for path in glob.glob(sys.prefix + '/lib/python3*/**/*.py', recursive=True)[:3000]:
    try: tree = ast.parse(open(path, encoding='utf-8').read())
    except Exception: continue
    fut = False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for f in (False, True):
                a = old.function_annotations(node, f); b = new.function_annotations(node, f)
                assert (a.names, a.chains, a.annotated, a.strings) == (b.names, b.chains, b.annotated, b.strings), (path, node.lineno)
            n += 1
print('defs compared', n)

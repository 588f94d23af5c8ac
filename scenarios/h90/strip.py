"""Upper bound of a layout split: in a copy of a tree, the top-level functions of the first
dumps' modules that the given workloads never call get a one-line body (as if moved elsewhere,
a stub left). Usage: python strip.py TREE WORKLOAD[,...] [MODULE,...] (modifies TREE in place; MODULE as _fmt/write)."""
import ast, subprocess, sys, json
root, names = sys.argv[1], sys.argv[2]
mods = sys.argv[3].split(",") if len(sys.argv) > 3 else ["_deps", "_capture/__init__", "_fmt/write", "_source", "_capture/functions"]
# the used top-level names, per file, from a profiled first dumps
code = r'''
import sys, json
from pathlib import Path
root, names = sys.argv[1], sys.argv[2].split(",")
sys.path.insert(0, root + "/benchmarks")
from _libraries import make_dumper
from _workloads import BY_NAME, import_module
used = set()
def prof(frame, event, arg):
    if event == "call":
        c = frame.f_code
        used.add(c.co_filename + "::" + c.co_qualname.split(".")[0])
for name in names:
    wl = BY_NAME[name]
    module = import_module(Path("/tmp/h90/wl"), wl.module)
    obj = wl.get(module)
    dumper = make_dumper("srcpickle", module, wl.separately)
    sys.setprofile(prof); dumper(obj); sys.setprofile(None)
print(json.dumps(sorted(used)))
'''
out = subprocess.run([sys.executable, "-c", code, root, names], env={"PYTHONPATH": root, "PYTHONHASHSEED": "0"},
                     capture_output=True, text=True, check=True, cwd="/tmp/h90/cwd").stdout
used = set(json.loads(out))
for m in mods:
    path = f"{root}/srcpickle/{m}.py"
    src = open(path).read()
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    edits = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and f"{path}::{node.name}" not in used:
            first = node.body[0]
            start = first.lineno
            end = node.body[-1].end_lineno
            indent = " " * first.col_offset
            edits.append((start, end, indent))
    for start, end, indent in sorted(edits, reverse=True):
        lines[start - 1:end] = [indent + "raise NotImplementedError\n"]
    open(path, "w").write("".join(lines))
    print(m, len(edits), "stubbed")

"""Which functions of srcpickle's capture-side modules a first dumps runs (issue 9, h110).

Run from an empty folder:
    /work/venv-h110/bin/python scenarios/h110/trace_used.py [WORKLOAD ...]
Default workloads: tiny lambda closure globals defs200-each defs200-list. Each runs in a fresh
process (sys.setprofile records every code object of srcpickle called while it dumps twice); the
union is then set against every function and class of the modules imported by that dumps, with
the size of each one's marshalled code, so what a plain function never runs shows up by weight.
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path

HERE = Path(__file__).resolve()
TREE = HERE.parents[2]

CHILD = r"""
import sys, json
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from _workloads import BY_NAME, import_module, write_modules
from _libraries import make_dumper
import srcpickle
work = Path(sys.argv[3])
write_modules(work)
w = BY_NAME[sys.argv[2]]
module = import_module(work, w.module)
obj = w.get(module)
fn = make_dumper("srcpickle", module, w.separately)
before = set(sys.modules)
seen = set()
root = str(Path(srcpickle.__file__).parent)
def prof(frame, event, arg):
    if event == "call":
        c = frame.f_code
        if c.co_filename.startswith(root):
            seen.add((c.co_filename, c.co_firstlineno, c.co_name))
sys.setprofile(prof)
fn(obj)
fn(obj)
sys.setprofile(None)
print(json.dumps({"seen": sorted(seen), "new": sorted(set(sys.modules) - before)}))
"""


def units(path: str):
    """Top-level functions and classes (methods folded into their class) of a module file."""
    code = compile(Path(path).read_text(), path, "exec")
    out = []
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            lines = set()
            stack = [const]
            while stack:
                c = stack.pop()
                lines.add((c.co_firstlineno, c.co_name))
                stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
            out.append((const.co_firstlineno, const.co_name, len(marshal.dumps(const)), lines))
    return out


def main() -> None:
    names = sys.argv[1:] or ["tiny", "lambda", "closure", "globals", "defs200-each", "defs200-list"]
    seen = set()
    new = set()
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run(
                [sys.executable, "-c", CHILD, str(TREE / "benchmarks"), name, tmp],
                check=True, capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"),
            )
        data = json.loads(res.stdout.splitlines()[-1])
        seen |= {tuple(s) for s in data["seen"]}
        new |= set(data["new"])
        print(name, "imports", data["new"])
    import importlib

    for mod in sorted(new):
        path = importlib.util.find_spec(mod).origin
        used_lines = {(ln, nm) for f, ln, nm in seen if f == path}
        total = unused = 0
        rows = []
        for line, name, size, lines in units(path):
            used = bool(lines & used_lines)
            total += size
            if not used:
                unused += size
            rows.append((size, line, name, used))
        print(f"\n{mod}: {total} B of code, {unused} B never run")
        for size, line, name, used in sorted(rows, reverse=True):
            if not used:
                print(f"   unused {size:7d}  line {line:5d}  {name}")


if __name__ == "__main__":
    main()

"""Which lines of each function of srcpickle's capture-side modules a first dumps runs (issue 9,
h110): the functions a dumps calls but whose lines it mostly skips (error paths, rare kinds).

Run from an empty folder:
    /work/venv-h110/bin/python scenarios/h110/trace_lines.py [WORKLOAD ...]
Default workloads: tiny lambda closure globals defs200-each defs200-list, each in a fresh process
(sys.settrace line events while it dumps twice). Prints, per called function, its lines never run
(count of distinct line numbers its code has and that none of the workloads ran), largest first.
"""

from __future__ import annotations

import json
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
root = str(Path(srcpickle.__file__).parent)
seen = set()
def local(frame, event, arg):
    if event == "line":
        seen.add((frame.f_code.co_filename, frame.f_lineno))
    return local
def glob(frame, event, arg):
    if frame.f_code.co_filename.startswith(root):
        seen.add((frame.f_code.co_filename, frame.f_code.co_firstlineno))
        return local
    return None
sys.settrace(glob)
fn(obj)
fn(obj)
sys.settrace(None)
print(json.dumps(sorted(seen)))
"""

MODULES = ["_capture/__init__.py", "_capture/functions.py", "_deps.py", "_fmt/write.py", "_source.py"]


def main() -> None:
    names = sys.argv[1:] or ["tiny", "lambda", "closure", "globals", "defs200-each", "defs200-list"]
    seen = set()
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run(
                [sys.executable, "-c", CHILD, str(TREE / "benchmarks"), name, tmp],
                check=True, capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"),
            )
        seen |= {tuple(s) for s in json.loads(res.stdout.splitlines()[-1])}
    rows = []
    for rel in MODULES:
        path = str(TREE / "srcpickle" / rel)
        code = compile(Path(path).read_text(), path, "exec")
        stack = [c for c in code.co_consts if isinstance(c, types.CodeType)]
        while stack:
            c = stack.pop()
            stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
            if (path, c.co_firstlineno) not in seen:
                continue  # never called: trace_used.py lists those
            own = {line for _, _, line in c.co_lines() if line is not None}
            nested = set()
            for k in c.co_consts:
                if isinstance(k, types.CodeType):
                    nested |= {line for _, _, line in k.co_lines() if line is not None}
            lines = own - nested - {c.co_firstlineno}
            missed = sorted(line for line in lines if (path, line) not in seen)
            if missed:
                rows.append((len(missed), len(lines), rel, c.co_qualname, missed[0], missed[-1]))
    for missed, total, rel, name, first, last in sorted(rows, reverse=True)[:60]:
        print(f"{missed:4d}/{total:4d} lines never run  {rel}:{name}  ({first}-{last})")


if __name__ == "__main__":
    main()

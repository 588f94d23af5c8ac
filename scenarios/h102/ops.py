"""Python bytecodes executed per warm dumps (sys.settrace with f_trace_opcodes: a count that no
load changes), in all and per Python function:

    python ops.py ROOT LIBRARY WORKLOAD [ROWS]

Three warm-up dumps, then one traced dumps of the workload, made as benchmarks/_libraries.py makes
it. ROWS > 0 prints the functions with the most bytecodes (their calls beside); LINES=QUALNAME
also prints the bytecodes per line of that function.
"""

import collections
import os
import pathlib
import sys

root, lib, name = sys.argv[1:4]
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 0
# LINES=name: bytecodes per source line of the functions whose qualname is ``name``.
by_line = os.environ.get("LINES", "")
lines = collections.Counter()
sys.path.insert(0, root)
sys.path.insert(0, root + "/benchmarks")
import _workloads as w  # noqa: E402
from _libraries import make_dumper  # noqa: E402

if lib == "srcpickle":
    import srcpickle

    assert srcpickle.__file__.startswith(root), srcpickle.__file__
folder = pathlib.Path("/tmp/h102wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
m = w.import_module(folder, wl.module)
obj = wl.get(m)
d = make_dumper(lib, m, wl.separately)
for _ in range(3):
    d(obj)
ops = collections.Counter()
calls = collections.Counter()


def tr(frame, event, arg):
    frame.f_trace_opcodes = True
    c = frame.f_code
    k = f"{'/'.join(c.co_filename.rsplit('/', 2)[-2:])}:{getattr(c, 'co_qualname', c.co_name)}"
    if event == "call":
        calls[k] += 1
    elif event == "opcode":
        ops[k] += 1
        if by_line and k.endswith(":" + by_line):
            lines[frame.f_lineno] += 1
    return tr


sys.settrace(tr)
d(obj)
sys.settrace(None)
print(f"{lib} {name}: bytecodes {sum(ops.values())} Python calls {sum(calls.values())}")
for k, v in ops.most_common(rows):
    print(f"{v:7d} ops {calls[k]:5d} calls  {k}")
for number, v in sorted(lines.items()):
    print(f"{v:7d} ops line {number}")

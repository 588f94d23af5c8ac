"""Bytecodes executed per new payload's loads in a warm process, per function and per line
(sys.settrace opcode events; a guide to where the steps are, not a measure).

Usage: python opcount.py TREE [ROWS]   (payloads in /tmp/h101/p, from write_payloads.py)
"""

import collections
import linecache
import pickle
import sys

sys.path.insert(0, sys.argv[1])
import srcpickle  # noqa: E402

for payload in pickle.load(open("/tmp/h101/p/warm200.pkl", "rb")):  # noqa: S301, SIM115
    srcpickle.loads(payload)
new = pickle.load(open("/tmp/h101/p/new200.pkl", "rb"))[:50]  # noqa: S301, SIM115
lines: collections.Counter = collections.Counter()
funcs: collections.Counter = collections.Counter()


def trace(frame, event, arg):
    frame.f_trace_opcodes = True
    frame.f_trace_lines = False
    if event == "opcode":
        lines[(frame.f_code.co_filename, frame.f_lineno)] += 1
        funcs[frame.f_code.co_filename.split("/")[-1] + ":" + frame.f_code.co_name] += 1
    return trace


loaded = []
sys.settrace(trace)
for payload in new:
    loaded.append(srcpickle.loads(payload))
sys.settrace(None)
n = len(new)
print("bytecodes per loads", sum(lines.values()) / n)
print("outside _fmt/read.py", sum(v for k, v in lines.items() if not k[0].endswith("read.py")) / n)
for k, v in funcs.most_common(40):
    print(f"{v / n:8.0f} {k}")
for (f, line), v in lines.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 40):
    if not f.endswith("read.py"):
        print(f"{v / n:8.0f} {f.split('/')[-1]}:{line} {linecache.getline(f, line).strip()[:90]}")

"""Bytecodes executed per function (self) during a fresh process's first loads of
OUT/<workload>.pickle (sys.settrace with opcode events): where the Python side of a first load goes.
Usage: python opcount.py OUT WORKLOAD [N]"""
import collections
import pickle
import sys

import srcpickle

data = pickle.loads(open(f"{sys.argv[1]}/{sys.argv[2]}.pickle", "rb").read())
counts: "collections.Counter[str]" = collections.Counter()
lines: "collections.Counter[str]" = collections.Counter()


def tracer(frame, event, arg):
    frame.f_trace_opcodes = True
    if event == "opcode":
        code = frame.f_code
        counts[f"{code.co_filename.split('/')[-1]}:{code.co_firstlineno}({code.co_name})"] += 1
        lines[f"{code.co_filename.split('/')[-1]}:{frame.f_lineno}({code.co_name})"] += 1
    return tracer


sys.settrace(tracer)
[srcpickle.loads(d) for d in data] if isinstance(data, list) else srcpickle.loads(data)
sys.settrace(None)
n = int(sys.argv[3]) if len(sys.argv) > 3 else 30
print("total", sum(counts.values()))
for name, c in counts.most_common(n):
    print(f"{c:7d} {name}")
print("-- lines")
for name, c in lines.most_common(n):
    print(f"{c:7d} {name}")

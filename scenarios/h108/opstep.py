"""Bytecodes executed per function by the Prepared step (plan and checks) of a first loads.
Usage: python opstep.py OUT WORKLOAD"""
import collections, pickle, sys
import srcpickle
from srcpickle import _rebuild as r
data = pickle.loads(open(f"{sys.argv[1]}/{sys.argv[2]}.pickle", "rb").read())
counts = collections.Counter()
def tracer(frame, event, arg):
    frame.f_trace_opcodes = True
    if event == "opcode":
        c = frame.f_code; counts[f"{c.co_filename.split('/')[-1]}:{c.co_firstlineno}({c.co_name})"] += 1
    return tracer
payload, deferred = r.parse_deferring_docs(data)
payload, guards = r._decide_guards(payload)
compiled = r.compile_all(payload)
if deferred: r._docs_from_code(payload, compiled, deferred)
sys.settrace(tracer)
prepared = r.Prepared(payload, compiled, guards)
sys.settrace(None)
print("total", sum(counts.values()))
for n, c in counts.most_common(20): print(f"{c:7d} {n}")

"""Bytecodes executed per function during warm dumps (a deterministic proxy of where the
interpreter's time goes): opcount.py ROOT WORKLOAD N."""

import collections
import pathlib
import sys

root, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

import srcpickle  # noqa: E402

folder = pathlib.Path("/tmp/h57wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
obj = wl.get(w.import_module(folder, wl.module))
srcpickle.dumps(obj)
ops: "collections.Counter[str]" = collections.Counter()
calls: "collections.Counter[str]" = collections.Counter()


def where(frame):
    code = frame.f_code
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}({code.co_name})"


def tracer(frame, event, arg):
    frame.f_trace_opcodes = True
    calls[where(frame)] += 1

    def local(frame, event, arg):
        if event == "opcode":
            ops[where(frame)] += 1
        return local

    return local


sys.settrace(tracer)
for _ in range(n):
    srcpickle.dumps(obj)
sys.settrace(None)
total = sum(ops.values())
print(f"total bytecodes per dumps: {total / n:.0f}; Python calls per dumps: {sum(calls.values()) / n:.0f}")
for key, count in ops.most_common(45):
    print(f"{count / n:8.0f} {calls[key] / n:6.1f}  {key}")

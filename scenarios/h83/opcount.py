"""Bytecodes executed per Python function during a first load (sys.settrace with opcode events):
where the interpreter's part of a first load goes, by function (exclusive; C calls not counted).

Usage: python opcount.py DIR NAME [N]   (srcpickle from the interpreter's path; N rows, 40)
"""

from __future__ import annotations

import collections
import importlib.util  # noqa: F401 - what benchmarks/_child.py imports before the load
import json  # noqa: F401
import os
import pickle
import sys
import time  # noqa: F401
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import _libraries  # noqa: E402, F401
import _workloads  # noqa: E402, F401

import srcpickle  # noqa: E402

folder, name = sys.argv[1], sys.argv[2]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
with open(os.path.join(folder, name + ".pkl"), "rb") as handle:
    data = pickle.load(handle)  # noqa: S301 - payloads this folder wrote
counts: collections.Counter = collections.Counter()
calls: collections.Counter = collections.Counter()


def tracer(frame, event, arg):  # type: ignore[no-untyped-def]
    code = frame.f_code
    key = f"{Path(code.co_filename).name}:{code.co_firstlineno}:{code.co_name}"
    if event == "call":
        calls[key] += 1
        frame.f_trace_opcodes = True
    elif event == "opcode":
        counts[key] += 1
    return tracer


items = data if isinstance(data, list) else [data]
sys.settrace(tracer)
for item in items:
    srcpickle.loads(item)
sys.settrace(None)
total = sum(counts.values())
for key, count in counts.most_common(rows):
    print(f"{count:>9,} {calls[key]:>6,}  {key}")
print(f"{total:>9,}  total bytecodes, {sum(calls.values()):,} calls")

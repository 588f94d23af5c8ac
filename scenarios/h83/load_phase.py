"""Run a payload's first load up to one phase in this fresh process (for callgrind): the
differences between phases are each phase's instructions.

Usage: python load_phase.py DIR NAME PHASE
PHASE: stop (read the payload only), parse, compile (parse + compile_all), prepared (the whole
Prepared: checks' module list, names, plan), load (srcpickle.loads). A list of payloads runs the
phase for each. Imports what benchmarks/_child.py imports, as load_once.py does.
"""

from __future__ import annotations

import importlib.util  # noqa: F401
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
from srcpickle import _rebuild  # noqa: E402
from srcpickle._fmt import read as _fmt  # noqa: E402

folder, name, phase = sys.argv[1], sys.argv[2], sys.argv[3]
with open(os.path.join(folder, name + ".pkl"), "rb") as handle:
    data = pickle.load(handle)  # noqa: S301 - payloads this folder wrote
items = data if isinstance(data, list) else [data]
for item in items:
    if phase == "parse":
        _fmt.parse(item)
    elif phase == "compile":
        _rebuild.compile_all(_fmt.parse(item))
    elif phase == "prepared":
        payload = _fmt.parse(item)
        _rebuild.Prepared(payload, _rebuild.compile_all(payload))
    elif phase == "load":
        srcpickle.loads(item)
sys.stdout.flush()
os._exit(0)

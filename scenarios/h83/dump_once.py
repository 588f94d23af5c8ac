"""Dump one workload in this fresh process (for callgrind); exits with os._exit.

Usage: python dump_once.py DIR NAME MODE
MODE: 'stop' imports srcpickle and the workload's module (written by write_payloads.py under
DIR/mods) but does not dump; 'load' dumps it once (each item for a workload dumped separately);
'bare' stops before importing srcpickle and 'imported' just after, so that 'imported' minus
'bare' is ``import srcpickle``.
"""

from __future__ import annotations

import importlib.util  # noqa: F401 - what benchmarks/_child.py imports before the dump
import json  # noqa: F401
import os
import sys
import time  # noqa: F401
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import _libraries  # noqa: E402, F401
from _workloads import BY_NAME, import_module  # noqa: E402

folder, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
if mode == "bare":
    sys.stdout.flush()
    os._exit(0)
import srcpickle  # noqa: E402

if mode == "imported":
    sys.stdout.flush()
    os._exit(0)
w = BY_NAME[name]
obj = w.get(import_module(Path(folder) / "mods", w.module))
if os.environ.get("GCFIRST"):  # see load_once.py
    import gc

    gc.collect()
if mode == "load":
    data = [srcpickle.dumps(o) for o in obj] if w.separately else srcpickle.dumps(obj)
trigger = [[]]
sys.stdout.flush()
os._exit(0)

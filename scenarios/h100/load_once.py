"""Load one written payload in this fresh process (for callgrind); exits with os._exit.

Usage: python load_once.py DIR NAME MODE
MODE: 'stop' imports srcpickle and reads the payload but does not load it; 'load' loads it once
(one loads per payload for a list of payloads); for NAME new200, 'load' first loads warm200 (a
warm process) and 'stop' does too, so the difference is the 200 new payloads' loads.
The process imports what benchmarks/_child.py imports (json among them), as the benchmark's does.
"""

from __future__ import annotations

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

folder, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
if os.environ.get("LIB") == "cloudpickle":
    import cloudpickle as srcpickle  # the same script measures cloudpickle's loads

    name += ".cloudpickle"
else:
    import srcpickle  # noqa: E402

with open(os.path.join(folder, name + ".pkl"), "rb") as handle:
    data = pickle.load(handle)  # noqa: S301 - payloads this folder wrote
if os.environ.get("WARM"):  # a warm process: another payload loaded first, in both modes
    suffix = ".cloudpickle.pkl" if name.endswith(".cloudpickle") else ".pkl"
    with open(os.path.join(folder, os.environ["WARM"] + suffix), "rb") as handle:
        warm = pickle.load(handle)  # noqa: S301 - written by write_payloads.py
    for payload in warm if isinstance(warm, list) else [warm]:
        srcpickle.loads(payload)
if name.startswith("new200"):
    with open(os.path.join(folder, name.replace("new", "warm") + ".pkl"), "rb") as handle:
        for payload in pickle.load(handle):  # noqa: S301 - written by write_payloads.py
            srcpickle.loads(payload)
if os.environ.get("GCFIRST"):  # a full collection just before the load, in both modes: the
    import gc  # load's collections are then those its own allocations trigger

    gc.collect()
if os.environ.get("NOGC"):  # automatic collections off during the load, in both modes
    import gc

    gc.disable()
if mode == "load":
    if isinstance(data, list):
        loaded = [srcpickle.loads(item) for item in data]
    else:
        loaded = srcpickle.loads(data)
if os.environ.get("NOGC"):
    gc.enable()
# An allocation of a tracked object: a collection the load left due (gc was disabled during it)
# runs here, inside the measured difference.
trigger = [[]]
if os.environ.get("H55_CHECK"):
    print(repr(loaded)[:200])
sys.stdout.flush()
os._exit(0)

"""Run a first load in this fresh process with the named functions' calls passed through
functools.reduce, so that callgrind --collect-atstart=no --toggle-collect=functools_reduce counts
only their instructions (inclusive: what they call, collections they trigger).

Usage: python region.py DIR NAME [MODULE:FUNCTION ...]   (no function: srcpickle.loads itself)
    see region.sh. Nested calls of a wrapped function run unwrapped (a toggle inside a toggle
    would stop the count).
"""

from __future__ import annotations

import functools
import importlib
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

folder, name, targets = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(os.path.join(folder, name + ".pkl"), "rb") as handle:
    data = pickle.load(handle)  # noqa: S301 - payloads this folder wrote
active = [False]
if os.environ.get("WARM"):  # a process that loaded another payload first (unmeasured)
    with open(os.path.join(folder, os.environ["WARM"] + ".pkl"), "rb") as handle:
        warm = pickle.load(handle)  # noqa: S301 - written by write_payloads.py
    for payload in warm if isinstance(warm, list) else [warm]:
        srcpickle.loads(payload)


def wrap(function):  # type: ignore[no-untyped-def]
    def trampoline(*args, **kwargs):  # type: ignore[no-untyped-def]
        if active[0]:
            return function(*args, **kwargs)
        active[0] = True
        try:
            return functools.reduce(lambda _a, _b: function(*args, **kwargs), (0, 0))
        finally:
            active[0] = False

    return trampoline


for target in targets:
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    if "." in attribute:  # Class.method
        owner_name, _, attribute = attribute.partition(".")
        module = getattr(module, owner_name)
        setattr(module, attribute, wrap(getattr(module, attribute)))
        continue
    original = getattr(module, attribute)
    wrapped = wrap(original)
    # Every module that imported the name by itself gets the wrapper too, and the module-level
    # tables holding it (_fmt.read._QUICK_BUILDERS).
    for other in list(sys.modules.values()):
        if not getattr(other, "__name__", "").startswith("srcpickle"):
            continue
        if getattr(other, attribute, None) is original:
            setattr(other, attribute, wrapped)
        for table in list(vars(other).values()):
            if type(table) is dict:
                for key, value in list(table.items()):
                    if value is original:
                        table[key] = wrapped
loads = srcpickle.loads if targets else wrap(srcpickle.loads)
items = data if isinstance(data, list) else [data]
for item in items:
    loads(item)
trigger = [[]]
sys.stdout.flush()
os._exit(0)

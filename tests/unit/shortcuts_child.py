"""Child of test_capture_shortcuts: dumps every case of the round-trip case files (each run as
``__main__``, as the harness runs them) with the capture's scalar shortcuts and without them, and
prints one JSON line: the cases compared and every case whose payload (or error) differs.

Without the shortcuts, every scalar a handler meets goes the general way (yielded to the walker,
which gives it back as its own value), set items are ordered by the general sort, and every
container of scalars is a step of the walk (no values.leaf_value)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import types
from typing import Any, Dict, List

import srcpickle
from srcpickle._capture import functions, modules, values
from srcpickle._model import format_needed, smaller_in_format_3

# The capture modules whose handlers take scalars inline (core's walker is the general way;
# modules' test of a scalar global is a rule, data goes by value however imported, no shortcut).
SHORTCUT_MODULES = (functions, values)
# The modules that make a container of scalars without a step of the walk (values.leaf_value).
LEAF_MODULES = (functions, modules, values)
# What dump gives for a payload whose format is not the one its nodes need.
FORMAT_MISMATCH = "FORMAT MISMATCH"
REQUIRES = re.compile(r"^REQUIRES_PYTHON\s*=\s*\((\d+),\s*(\d+)\)", re.MULTILINE)


def _recording_capture() -> List[Any]:
    """Make ``srcpickle.dumps`` hand the list returned, for each payload it captures, the format
    the payload has and the one its nodes need, read before the payload is written: the check
    below then costs no second capture."""
    srcpickle._capture_side()
    formats: List[Any] = []
    capture = srcpickle._CAPTURE_SIDE[0]

    def recording(*args: Any) -> Any:
        payload = capture(*args)
        # The format finish gives a payload (nodes_format asked only when a node may need a
        # later one) is the one its nodes need.
        # (format 3 for what format 3 writes smaller: a long run of ints, shared module fields)
        needed = 3 if smaller_in_format_3(payload) else format_needed(payload)
        formats.append((payload.format_version, needed))
        return payload

    srcpickle._CAPTURE_SIDE[0] = recording
    return formats


FORMATS = _recording_capture()


def dump(obj: Any) -> str:
    del FORMATS[:]
    try:
        text = srcpickle.dumps(obj).decode("utf-8")
    except Exception as exc:  # noqa: BLE001 - an error is compared like a payload
        return f"{type(exc).__name__}: {exc}"
    if len(FORMATS) != 1:
        raise AssertionError(f"dumps captured {len(FORMATS)} payloads, not 1: the recording is stale")
    ((version, needed),) = FORMATS
    if version != needed:
        return f"{FORMAT_MISMATCH}: format {version}, needs {needed}"
    return text


def both_ways(obj: Any) -> List[str]:
    fast = dump(obj)
    saved = [module.SCALARS for module in SHORTCUT_MODULES]  # type: ignore[attr-defined]
    saved_leaves = [module.LEAF_KINDS for module in LEAF_MODULES]
    for module in SHORTCUT_MODULES:
        module.SCALARS = ()  # type: ignore[attr-defined]
    for module in LEAF_MODULES:
        module.LEAF_KINDS = frozenset()
    # (a function's defaults of scalars only, taken as one tuple: a shortcut too)
    scalar_set, functions._SCALAR_SET = functions._SCALAR_SET, frozenset()
    try:
        general = dump(obj)
    finally:
        for module, scalars in zip(SHORTCUT_MODULES, saved):
            module.SCALARS = scalars  # type: ignore[attr-defined]
        for module, kinds in zip(LEAF_MODULES, saved_leaves):
            module.LEAF_KINDS = kinds
        functions._SCALAR_SET = scalar_set
    return [fast, general]


def run_case_file(path: str) -> Dict[str, List[str]]:
    with open(path, encoding="utf-8") as file:
        text = file.read()
    needed = REQUIRES.search(text)
    if "CASES" not in text:
        return {}  # a helper module a case file imports
    if needed and sys.version_info[:2] < (int(needed.group(1)), int(needed.group(2))):
        return {}
    main = types.ModuleType("__main__")
    main.__file__ = path
    previous = sys.modules["__main__"]
    sys.modules["__main__"] = main
    try:
        # (dont_inherit: this module's future import is no part of the case file)
        exec(compile(text, path, "exec", dont_inherit=True), main.__dict__)  # noqa: S102
        return {name: both_ways(case[0]) for name, case in main.__dict__["CASES"].items()}
    finally:
        sys.modules["__main__"] = previous


def main_() -> None:
    # A copy: case files write helper modules next to themselves.
    with tempfile.TemporaryDirectory() as folder:
        cases_dir = os.path.join(folder, "cases")
        shutil.copytree(sys.argv[1], cases_dir)
        sys.path.insert(0, cases_dir)  # as running a case file as a script puts its folder first
        compared = 0
        differing = []
        for name in sorted(os.listdir(cases_dir)):
            if not name.endswith(".py"):
                continue
            for case, (fast, general) in run_case_file(os.path.join(cases_dir, name)).items():
                compared += 1
                if fast != general or FORMAT_MISMATCH in fast or FORMAT_MISMATCH in general:
                    differing.append({"case": f"{name}:{case}", "fast": fast, "general": general})
    print(json.dumps({"compared": compared, "differing": differing}))


if __name__ == "__main__":
    main_()

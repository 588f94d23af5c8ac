"""Load golden payloads and check them against their probes.

Shared by ``make_golden.py`` (which checks the probes before writing), ``tests/test_golden.py`` (in
process) and the child interpreters the cross-version test starts, which run this file as::

    python -I -c "import golden_check; golden_check.main()" DIRECTORY

and print one JSON report. Standard library only, Python 3.9 syntax, PyPy-clean: it runs on every
interpreter srcpickle supports, next to an isolated copy of the package.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings
from typing import Any, Dict, List, Tuple

PAYLOAD_SUFFIX = ".srcpickle"
PROBES_SUFFIX = ".json"


def same(a: Any, b: Any) -> bool:
    """Strict equality for probe results: equal types, nan equals nan, -0.0 differs from 0.0,
    containers compared item by item with the same rule."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def _namespace(obj: Any) -> Dict[str, Any]:
    return {"obj": obj, "nan": math.nan, "inf": math.inf, "math": math, "os": os}


def run_probes(obj: Any, probes: List[Dict[str, str]]) -> List[str]:
    """Run ``probes`` in order against ``obj``; return a description of each failing probe."""
    problems = []
    for probe in probes:
        call = probe["call"]
        try:
            got = eval(call, _namespace(obj))  # noqa: S307 - the corpus's own probe text
        except Exception as exc:
            if probe.get("raises") == type(exc).__name__:
                continue
            problems.append(f"{call}: raised {type(exc).__name__}: {exc}")
            continue
        if "raises" in probe:
            problems.append(f"{call}: returned {got!r}, expected {probe['raises']}")
            continue
        expected = eval(probe["result"], _namespace(obj))  # noqa: S307
        if not same(got, expected):
            problems.append(f"{call}: returned {got!r}, expected {probe['result']}")
    return problems


def pair_files(directory: str) -> Tuple[List[str], List[str]]:
    """The case names in ``directory`` and a list of files that break the pairing rule (a payload
    without its probes, probes without their payload, or any other file)."""
    names = set()
    strays = []
    files = sorted(os.listdir(directory))
    for file in files:
        stem, suffix = os.path.splitext(file)
        if suffix not in (PAYLOAD_SUFFIX, PROBES_SUFFIX):
            strays.append(f"{file}: not a {PAYLOAD_SUFFIX} or {PROBES_SUFFIX} file")
            continue
        names.add(stem)
    for name in sorted(names):
        for suffix in (PAYLOAD_SUFFIX, PROBES_SUFFIX):
            if name + suffix not in files:
                strays.append(f"{name}{suffix} is missing")
    return sorted(names), strays


def check_case(directory: str, name: str) -> List[str]:
    """Load one golden payload and run its probes; return the problems found."""
    import srcpickle

    with open(os.path.join(directory, name + PAYLOAD_SUFFIX), "rb") as handle:
        data = handle.read()
    with open(os.path.join(directory, name + PROBES_SUFFIX), encoding="utf-8") as handle:
        spec = json.load(handle)
    try:
        needed = srcpickle.inspect(data).requires_python
        if sys.version_info[:2] < needed:
            # An older interpreter must refuse the payload cleanly, before running anything.
            try:
                srcpickle.loads(data)
            except srcpickle.PythonVersionError:
                return []
            return [f"loaded although it requires Python {needed[0]}.{needed[1]}"]
        obj = srcpickle.loads(data)
    except Exception as exc:
        return [f"does not load: {type(exc).__name__}: {exc}"]
    if not spec.get("probes"):
        return ["the probes file lists no probes"]
    return run_probes(obj, spec["probes"])


def check_directory(directory: str) -> Dict[str, Any]:
    """Check every case of ``directory``: {"cases": {name: [problems]}, "strays": [...]}."""
    names, strays = pair_files(directory)
    cases = {}
    for name in names:
        if os.path.exists(os.path.join(directory, name + PAYLOAD_SUFFIX)) and os.path.exists(
            os.path.join(directory, name + PROBES_SUFFIX)
        ):
            cases[name] = check_case(directory, name)
    return {"cases": cases, "strays": strays}


def main() -> None:
    """Child-interpreter entry point: check the directory in ``sys.argv[1]``, print JSON."""
    warnings.simplefilter("error")
    report = check_directory(sys.argv[1])
    report["python"] = f"{sys.implementation.name} {'.'.join(map(str, sys.version_info[:3]))}"
    sys.stdout.write(json.dumps(report) + "\n")

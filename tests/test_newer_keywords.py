"""Payloads written on a newer Python whose code passes a keyword argument an older one's standard
library lacks (``zip(strict=True)``, ``bisect.bisect_left(key=...)``, ``math.nextafter(steps=...)``):
on 3.9, 3.11 and PyPy, ``check()`` and ``loads()`` give the same verdict, and a payload that
cannot work there is refused with ``PythonVersionError``, naming the call, who makes it and the
release that added the keyword, before any of its code runs (until now it loaded, and failed with
a ``TypeError`` the first time it was called). Calls written to run where the keyword is missing
(under a version test, in a ``try`` that catches ``TypeError``), callees of the user's own that
share a standard-library name, and keywords every supported Python has load and work.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any, Dict, Tuple

import pytest

from srcpickle._pythons import IsolatedPackage

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

# Dumps on one fixed interpreter and loads on older ones: .ci/run runs it once.
pytestmark = pytest.mark.any_python(run="newest")

USER = """\
import bisect
import dataclasses as dc
import functools
import math
import os
import sys
from glob import glob as find


class Side:
    # Runs when the payload's classes are made: a refused payload must never get this far.
    open(os.environ["SIDE_EFFECT_FILE"], "w").close()


def zipped(a, b):
    return list(zip(a, b, strict=True))


def nearest(xs, x):
    return bisect.bisect_left(xs, x, key=abs)


def found_in(folder):
    return find("*.txt", root_dir=folder)


def weighted():
    import statistics

    return statistics.fmean([1, 3], weights=[1, 1])


def stepped(x):
    return math.nextafter(x, 10.0, steps=2)


def replaced(text):
    return str.replace(text, "a", "b", count=1)


def local_dataclass():
    @dc.dataclass
    class Point:
        x: int = dc.field(default=0, kw_only=True)

    return Point(x=2).x


class Pairer:
    def pairs(self, xs):
        return list(zip(xs, xs[1:], strict=True))


def outer():
    def inner(xs):
        return list(zip(xs, xs, strict=True))

    return inner


pair_up = lambda xs: list(zip(xs, xs, strict=True))


def bound_zip(a, b):
    return list(functools.partial(zip, strict=True)(a, b))


def guarded_by_version(a, b):
    if sys.version_info >= (3, 10):
        return list(zip(a, b, strict=True))
    return list(zip(a, b))


def guarded_by_try(a, b):
    try:
        return list(zip(a, b, strict=True))
    except TypeError:
        return list(zip(a, b))


def local_zip(a, b):
    def zip(*xs, strict=False):
        return ("mine", strict)

    return zip(a, b, strict=True)


def glob(pattern, root_dir=None):
    return [pattern, root_dir]


def own_glob():
    return glob("x", root_dir="d")


def old_keywords(xs):
    ordered = sorted(xs, key=abs, reverse=True)
    return (ordered, bisect.bisect_left(sorted(xs), 2, lo=0), dc.field(default=1).default)


def spread(a, b, **options):
    return list(zip(a, b, **options))


REFUSED = {
    "zipped": zipped,
    "nearest": nearest,
    "found_in": found_in,
    "weighted": weighted,
    "stepped": stepped,
    "replaced": replaced,
    "local_dataclass": local_dataclass,
    "method": Pairer,
    "closure": outer(),
    "lambda": pair_up,
    "partial": bound_zip,
}
LOADED = {
    "guarded_by_version": guarded_by_version,
    "guarded_by_try": guarded_by_try,
    "local_zip": local_zip,
    "own_glob": own_glob,
    "old_keywords": old_keywords,
    "spread": spread,
}

import srcpickle

for name, obj in {**REFUSED, **LOADED}.items():
    with open(os.path.join(sys.argv[1], name + ".srcpickle"), "wb") as handle:
        handle.write(srcpickle.dumps((Side, obj)))
"""


def _line(fragment: str) -> int:
    # The line of USER that holds ``fragment`` (the first line of a fragment of several), counted
    # from 1, as the payload records it.
    (found,) = [index for index in range(len(USER)) if USER.startswith(fragment, index)]
    return USER.count("\n", 0, found) + 1


# name -> (the release that added the keyword, the call, who passes it, and a text of its line)
CALLS = {
    "zipped": ((3, 10), "zip(strict=...)", "zipped", "zip(a, b, strict=True))\n\n\ndef nearest"),
    "nearest": ((3, 10), "bisect.bisect_left(key=...)", "nearest", "key=abs)"),
    "found_in": ((3, 10), "glob.glob(root_dir=...)", "found_in", "root_dir=folder"),
    "weighted": ((3, 11), "statistics.fmean(weights=...)", "weighted", "weights="),
    "stepped": ((3, 12), "math.nextafter(steps=...)", "stepped", "steps=2"),
    "replaced": ((3, 13), "str.replace(count=...)", "replaced", "count=1"),
    "local_dataclass": ((3, 10), "dataclasses.field(kw_only=...)", "local_dataclass", "kw_only=True)"),
    "method": ((3, 10), "zip(strict=...)", "Pairer", "zip(xs, xs[1:], strict=True)"),
    "closure": ((3, 10), "zip(strict=...)", "outer.<locals>.inner", "return list(zip(xs, xs, strict=True))"),
    "lambda": ((3, 10), "zip(strict=...)", "<lambda>", "pair_up = "),
    "partial": ((3, 10), "zip(strict=...)", "bound_zip", "functools.partial(zip, strict=True)"),
}
# name -> (the release that added the keyword, what the message must name)
REFUSED: Dict[str, Tuple[Tuple[int, int], str]] = {
    name: (release, f"{call} (passed by {who}, line {_line(text)}): new in Python {release[0]}.{release[1]}")
    for name, (release, call, who, text) in CALLS.items()
}
# name -> the call on the loaded object and its result (the same on every Python)
LOADED = {
    "guarded_by_version": ("obj([1, 2], [3, 4])", [(1, 3), (2, 4)]),
    "guarded_by_try": ("obj([1, 2], [3, 4])", [(1, 3), (2, 4)]),
    "local_zip": ("obj([1], [2])", ("mine", True)),
    "own_glob": ("obj()", ["x", "d"]),
    "old_keywords": ("obj([1, -3, 2])", ([-3, 2, 1], 2, 1)),
    "spread": ("obj([1], [2])", [(1, 2)]),
}

LOAD_ALL = """
import os, srcpickle
from srcpickle._check import run_checks
results = {}
for name in sys.argv[2].split(","):
    marker = os.path.join(sys.argv[1], name + ".ran")
    if os.path.exists(marker):
        os.remove(marker)  # (left by a Python that loaded it before)
    os.environ["SIDE_EFFECT_FILE"] = marker
    with open(os.path.join(sys.argv[1], name + ".srcpickle"), "rb") as handle:
        data = handle.read()
    # What srcpickle.check(data) runs in a child of this interpreter.
    items = run_checks(data)["items"]
    problems = [item["message"] for item in items if item["status"] == "fail"]
    entry = {"loadable": not problems, "problems": problems}
    try:
        obj = srcpickle.loads(data)[1]
    except Exception as exc:
        entry["error"] = (type(exc).__name__, str(exc))
    else:
        entry["result"] = repr(eval(sys.argv[3].split("|")[list(sys.argv[2].split(",")).index(name)]))
    entry["ran"] = os.path.exists(marker)
    results[name] = entry
print(repr(results))
"""


@pytest.fixture(scope="module")
def payloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The payloads, written on 3.13 by a script whose folder is gone when they load."""
    python = unit.interpreter("3.13")
    script_dir = tmp_path_factory.mktemp("keywords_script")
    out = tmp_path_factory.mktemp("keywords_payloads")
    unit.dump_with_script(python, USER, script_dir, out, {"SIDE_EFFECT_FILE": str(script_dir / "dumped.ran")})
    return out


def _load_all(spec: str, payloads: Path) -> Tuple[Tuple[int, int], Dict[str, Any]]:
    names = [*REFUSED, *LOADED]
    calls = "|".join(LOADED[name][0] if name in LOADED else "None" for name in names)
    python = unit.interpreter(spec)
    with IsolatedPackage() as package:
        proc = package.run(python, LOAD_ALL, [str(payloads), ",".join(names), calls])
    assert proc.returncode == 0, proc.stderr
    results: Dict[str, Any] = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    return python.version[:2], results


@pytest.mark.parametrize("spec", ["3.9", "3.11", "3.13", "pypy"])
def test_check_and_loads_refuse_a_keyword_this_python_lacks_before_anything_runs(
    spec: str, payloads: Path
) -> None:
    here, results = _load_all(spec, payloads)
    for name, (release, named) in REFUSED.items():
        entry = results[name]
        if here >= release:
            # A Python that has the keyword loads it (calling it is the user's business: these
            # functions read files and names of their own).
            assert entry["loadable"] and "error" not in entry, (name, entry)
            continue
        assert not entry["loadable"], (name, entry)
        assert entry.get("error", ("loaded",))[0] == "PythonVersionError", (name, entry)
        message = entry["error"][1]
        assert named in message, (name, message)
        assert "nothing was executed" in message and "which wrote it" in message, message
        assert any(named.split(": ")[0] in problem for problem in entry["problems"]), (name, entry)
        assert not entry["ran"], f"{name}: part of the payload ran before it was refused"
    for name, (_, result) in LOADED.items():
        entry = results[name]
        assert entry["loadable"] and "error" not in entry, (name, entry)
        assert entry["result"] == repr(result), (name, entry)

"""Payloads written on a newer Python that read names an older one lacks (``itertools.pairwise``,
``enum.StrEnum``, ``typing.Self``, ``dataclass(slots=True)``, the builtins ``anext`` and
``ExceptionGroup``): on 3.9 and PyPy, ``check()`` and
``loads()`` give the same verdict, and a payload that cannot work there is refused, naming the
name and the Python that has it, before any of its code runs. Code written to run where a name is
missing (under a version or ``hasattr`` test, in a ``try``), annotations of functions and the
decorators of a function's own source (never evaluated by loading) load and work.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any, Dict

import pytest

from srcpickle._pythons import IsolatedPackage

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

# Dumps on one fixed interpreter and loads on the oldest ones: .ci/run runs it once.
pytestmark = pytest.mark.any_python(run="newest")

USER = """\
import dataclasses
import enum
import itertools
import operator
import os
import sys
import typing
from dataclasses import dataclass, field


class Side:
    # Runs when the payload's classes are made: a refused payload must never get this far.
    open(os.environ["SIDE_EFFECT_FILE"], "w").close()


def pairs(xs):
    return list(itertools.pairwise(xs))


class Mode(enum.StrEnum):
    READ = "read"


class Builder:
    def add(self, part) -> typing.Self:
        return self


@enum.verify(enum.UNIQUE)
class Level(enum.Enum):
    LOW = 1


class Caller:
    def run(self, fn=operator.call):
        return fn


@dataclass(slots=True, kw_only=True)
class Options:
    size: int = 1


@dataclass
class Fielded:
    size: int = field(default=1, kw_only=True)


def guarded_by_hasattr(xs):
    if hasattr(itertools, "pairwise"):
        return list(itertools.pairwise(xs))
    return list(zip(xs, xs[1:]))


def guarded_by_version(xs):
    if sys.version_info >= (3, 10):
        return list(itertools.pairwise(xs))
    return list(zip(xs, xs[1:]))


def guarded_by_try(xs):
    try:
        make = itertools.pairwise
    except AttributeError:
        return list(zip(xs, xs[1:]))
    return list(make(xs))


def annotated(part) -> typing.Self:
    return part


@typing.override
def overriding(xs):
    return len(xs)


async def next_of(iterator):
    return await anext(iterator)


def grouped(errors):
    raise ExceptionGroup("several", errors)


class Failures:
    kind = BaseExceptionGroup


def finalizing():
    return PythonFinalizationError


class Raiser:
    def fail(self, errors):
        raise BaseExceptionGroup("several", errors)


def nested_def_annotation():
    # Evaluated when the inner def runs, at each call: needed.
    def inner(other: typing.Self) -> None:
        return None

    return inner(None)


def local_class_method_annotation():
    class Local:
        def same(self, other: typing.Self) -> bool:
            return True

    return Local().same(None)


def local_class_field_annotation():
    class Local:
        field: typing.Self

    return Local


def local_variable_annotation():
    # A function's variable annotations are never evaluated.
    value: typing.Self = 3
    return value


def nested_def_annotation_guarded():
    if hasattr(typing, "Self"):

        def inner(other: typing.Self) -> None:
            return None

        return inner(None)
    return "no Self"


def builtin_guarded_by_try(errors):
    try:
        group = ExceptionGroup
    except NameError:
        return len(errors)
    return len(group("g", errors).exceptions)


def builtin_guarded_by_version(errors):
    if sys.version_info >= (3, 11):
        return ExceptionGroup("g", errors).exceptions
    return len(errors)


def builtin_shadowed(errors, ExceptionGroup=list):
    return ExceptionGroup(errors)


aiter = iter  # the module's own name: no builtin is read


def own_global(xs):
    return list(aiter(xs))


REFUSED = {
    "pairs": pairs,
    "builtin_anext": next_of,
    "builtin_exception_group": grouped,
    "builtin_in_a_class_body": Failures,
    "builtin_of_313": finalizing,
    "builtin_in_a_method": Raiser,
    "nested_def_annotation": nested_def_annotation,
    "local_class_method_annotation": local_class_method_annotation,
    "local_class_field_annotation": local_class_field_annotation,
    "str_enum_base": Mode,
    "self_in_method_annotation": Builder,
    "decorator_of_a_class": Level,
    "default_of_a_method": Caller,
    "dataclass_slots": Options,
    "field_kw_only": Fielded,
}
LOADED = {
    "guarded_by_hasattr": guarded_by_hasattr,
    "guarded_by_version": guarded_by_version,
    "guarded_by_try": guarded_by_try,
    "annotated": annotated,
    "overriding": overriding,
    "builtin_guarded_by_try": builtin_guarded_by_try,
    "builtin_guarded_by_version": builtin_guarded_by_version,
    "builtin_shadowed": builtin_shadowed,
    "builtin_of_the_module": own_global,
    "local_variable_annotation": local_variable_annotation,
    "nested_def_annotation_guarded": nested_def_annotation_guarded,
}

import srcpickle

for name, obj in {**REFUSED, **LOADED}.items():
    with open(os.path.join(sys.argv[1], name + ".srcpickle"), "wb") as handle:
        handle.write(srcpickle.dumps((Side, obj)))
"""

# name -> (error class, what the message must name): a standard-library name a later Python
# added is a Python too old, whatever reads it
REFUSED = {
    "pairs": ("PythonVersionError", "itertools.pairwise (read by pairs, line"),
    "str_enum_base": ("PythonVersionError", "enum.StrEnum (read by Mode, line"),
    "self_in_method_annotation": ("PythonVersionError", "typing.Self (read by Builder, line"),
    "decorator_of_a_class": ("PythonVersionError", "enum.verify (read by Level, line"),
    # The method's default is captured too (a reference): its import section names it first.
    "default_of_a_method": ("PythonVersionError", "operator.call: new in Python 3.11"),
    "dataclass_slots": ("PythonVersionError", "dataclass(slots=...) in Options is new in Python 3.10"),
    "field_kw_only": ("PythonVersionError", "field(kw_only=...) in Fielded is new in Python 3.10"),
    "builtin_anext": ("PythonVersionError", "builtins.anext (read by next_of, line"),
    "builtin_exception_group": ("PythonVersionError", "builtins.ExceptionGroup (read by grouped, line"),
    # The class attribute is captured too (a reference): its section names it first.
    "builtin_in_a_class_body": ("PythonVersionError", "builtins.BaseExceptionGroup: new in Python 3.11"),
    "builtin_of_313": ("PythonVersionError", "builtins.PythonFinalizationError (read by finalizing, line"),
    "builtin_in_a_method": ("PythonVersionError", "builtins.BaseExceptionGroup (read by Raiser, line"),
    "nested_def_annotation": ("PythonVersionError", "typing.Self (read by nested_def_annotation, line"),
    "local_class_method_annotation": (
        "PythonVersionError",
        "typing.Self (read by local_class_method_annotation, line",
    ),
    "local_class_field_annotation": (
        "PythonVersionError",
        "typing.Self (read by local_class_field_annotation, line",
    ),
}
# name -> the call on the loaded object and its result
LOADED = {
    "guarded_by_hasattr": ("obj([1, 2, 3])", [(1, 2), (2, 3)]),
    "guarded_by_version": ("obj([1, 2, 3])", [(1, 2), (2, 3)]),
    "guarded_by_try": ("obj([1, 2, 3])", [(1, 2), (2, 3)]),
    "annotated": ("(obj(5), obj.__annotations__)", (5, {"return": "typing.Self"})),
    "overriding": ("(obj([1, 2]), obj.__override__)", (2, True)),
    "builtin_guarded_by_try": ("obj([ValueError(1)])", 1),
    "builtin_guarded_by_version": (
        "len(obj([ValueError(1)])) if sys.version_info >= (3, 11) else obj([1])",
        1,
    ),
    "builtin_shadowed": ("obj((1, 2))", [1, 2]),
    "builtin_of_the_module": ("obj((1, 2))", [1, 2]),
    "local_variable_annotation": ("obj()", 3),
    "nested_def_annotation_guarded": ("obj()", "no Self"),
}

LOAD_ALL = """
import os, srcpickle
from srcpickle._check import run_checks
results = {}
for name in sys.argv[2].split(","):
    marker = os.path.join(sys.argv[1], name + ".ran")
    os.environ["SIDE_EFFECT_FILE"] = marker
    with open(os.path.join(sys.argv[1], name + ".srcpickle"), "rb") as handle:
        data = handle.read()
    # What srcpickle.check(data) runs in a child of this interpreter (one child per payload
    # would cost seconds; tests/test_check_python.py runs the children).
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
    script_dir = tmp_path_factory.mktemp("newer_script")
    out = tmp_path_factory.mktemp("newer_payloads")
    unit.dump_with_script(python, USER, script_dir, out, {"SIDE_EFFECT_FILE": str(script_dir / "dumped.ran")})
    return out


def _load_all(spec: str, payloads: Path) -> Dict[str, Any]:
    names = [*REFUSED, *LOADED]
    calls = "|".join(LOADED[name][0] if name in LOADED else "None" for name in names)
    with IsolatedPackage() as package:
        proc = package.run(unit.interpreter(spec), LOAD_ALL, [str(payloads), ",".join(names), calls])
    assert proc.returncode == 0, proc.stderr
    results: Dict[str, Any] = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    return results


@pytest.mark.parametrize("spec", ["3.9", "pypy"])
def test_check_and_loads_agree_and_refuse_before_anything_runs(spec: str, payloads: Path) -> None:
    results = _load_all(spec, payloads)
    for name, (error, named) in REFUSED.items():
        entry = results[name]
        assert not entry["loadable"], (name, entry)
        assert entry.get("error", ("loaded",))[0] == error, (name, entry)
        assert named in entry["error"][1], (name, entry["error"][1])
        assert "nothing was executed" in entry["error"][1] or error == "PythonVersionError"
        assert not entry["ran"], f"{name}: part of the payload ran before it was refused"
    for name, (_, result) in LOADED.items():
        entry = results[name]
        assert entry["loadable"] and "error" not in entry, (name, entry)
        assert entry["result"] == repr(result), (name, entry)


def test_the_python_that_wrote_them_loads_them_all(payloads: Path) -> None:
    results = _load_all("3.13", payloads)
    for name, entry in results.items():
        assert entry["loadable"] and "error" not in entry, (name, entry)
    assert results["pairs"]["problems"] == []

"""Functions that look names up in their globals at run time: ``dumps`` warns.

A loaded function's globals hold only the names its code reads by name. One that calls
``globals()`` (``globals()["handle_" + kind]()``), or ``eval``/``exec`` with no namespace of its
own, or finds its own module in ``sys.modules`` (``getattr(sys.modules[__name__], name)``), or
reads its own frame's ``f_globals``, finds only those when it runs; the others fail at the call,
far from the ``dumps`` that left them out. ``dumps`` warns ``DynamicNamesWarning`` naming the
function, its file and line, and the calls; a call given a namespace, a name the module or the
function defines itself, ``__import__(name, globals())`` (which reads only ``__name__`` and
``__package__``), another module's entry in ``sys.modules`` and a caller's frame do not warn.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, List

import pytest

import srcpickle
from srcpickle import DynamicNamesWarning

from . import import_from, load_fresh, result_of, write_module

LOOKERS = """\
import json


def handle_add(a, b):
    return a + b


def handle_mul(a, b):
    return a * b


def dispatch(kind, a, b):
    return handle_add(0, 0) + globals()["handle_" + kind](a, b)


calc = lambda text: eval(text)


def run(src):
    namespace = {}
    exec(src)
    return namespace


class Runner:
    def step(self, text):
        return eval(text) + 1


def outer():
    def inner(name):
        return globals().get(name)

    return inner("handle_mul") is handle_mul


def make_reader():
    def reader(name):
        return globals()[name]

    return reader


READER = make_reader()


def both(text):
    return eval(text), sorted(globals())
"""

QUIET = """\
import json


def given_a_namespace(text):
    return eval(text, {"x": 1}), exec(text, {}), eval(text, {}, {"y": 2})


def by_keyword(text):
    return eval(text, globals={"x": 1})


def spread(args):
    return eval(*args)


def imports():
    return __import__("json", globals(), None, ["dumps"], 0).dumps([1])


def its_locals(a):
    return vars(), locals()


def a_parameter(eval, text):
    return eval(text)


def a_local(text):
    exec = print
    return exec


class Shadowing:
    pass


def globals():
    return {"mine": 1}


def own_globals():
    return globals()["mine"]
"""


# Its own module by name, its own frame's globals: the same lookups in other clothes.
MODULE_LOOKERS = """\
import importlib
import inspect
import sys


def handle_add(a, b):
    return a + b


def by_getattr(kind, a, b):
    return getattr(sys.modules[__name__], "handle_" + kind)(a, b)


def by_vars(kind, a, b):
    return vars(sys.modules.get(__name__))["handle_" + kind](a, b)


def by_import(kind, a, b):
    return getattr(importlib.import_module(__name__), "handle_" + kind)(a, b)


def by_frame(kind, a, b):
    return sys._getframe().f_globals["handle_" + kind](a, b)


def by_inspect(kind, a, b):
    return inspect.currentframe().f_globals["handle_" + kind](a, b)


def lambda_frame():
    return lambda kind: sys._getframe(0).f_globals["handle_" + kind]


def by_frame_name(kind, a, b):
    frame = sys._getframe()
    return frame.f_globals["handle_" + kind](a, b)


def by_walrus(kind, a, b):
    if (here := inspect.currentframe()) is not None:
        return here.f_globals["handle_" + kind](a, b)


def by_stack(kind, a, b):
    return inspect.stack()[0].frame.f_globals["handle_" + kind](a, b)


def by_traceback(kind, a, b):
    try:
        raise LookupError(kind)
    except LookupError as exc:
        return exc.__traceback__.tb_frame.f_globals["handle_" + kind](a, b)


def by_exc_info(kind, a, b):
    try:
        raise LookupError(kind)
    except LookupError:
        return sys.exc_info()[2].tb_frame.f_globals["handle_" + kind](a, b)
"""

MODULE_QUIET = """\
import inspect
import logging
import sys


def another_module():
    return sys.modules["json"] if "json" in sys.modules else None


def a_caller(depth=1):
    return sys._getframe(depth).f_globals.get("__name__")


def named_caller():
    return sys._getframe(1).f_globals["__name__"]


def logger():
    return logging.getLogger(__name__).name


def a_parameter(sys):
    return sys.modules[__name__]


def a_caller_through_a_name():
    frame = sys._getframe()
    return frame.f_back.f_globals["__name__"]


def a_caller_by_stack():
    return inspect.stack()[1].frame.f_globals["__name__"]


def a_traceback_given(exc):
    return exc.__traceback__.tb_frame.f_globals["__name__"]
"""


def _warnings_of(obj: Any) -> List[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        srcpickle.dumps(obj)
    return [w for w in caught if issubclass(w.category, DynamicNamesWarning)]


@pytest.mark.parametrize(
    ("name", "calls", "line"),
    [
        ("dispatch", "globals()", 12),
        ("calc", "eval()", 16),
        ("run", "exec()", 19),
        ("Runner.step", "eval()", 26),
        ("outer", "globals()", 30),
        ("READER", "globals()", 38),
        ("both", "eval() and globals()", 47),
    ],
)
def test_a_function_that_looks_globals_up_at_run_time_warns(
    name: str, calls: str, line: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "lookers", LOOKERS)
    module = import_from(monkeypatch, tmp_path, "lookers")
    obj: Any = module
    for part in name.split("."):
        obj = getattr(obj, part)
    for _ in range(2):  # the second dumps of the same code (its facts kept) warns as well
        found = _warnings_of(obj)
        assert len(found) == 1, [str(w.message) for w in found]
        message = str(found[0].message)
        qualname = obj.__qualname__
        assert message.startswith(f"{qualname} ({path}, line {line}) looks names up in its globals"), message
        assert f"at run time ({calls})" in message, message
        assert "Read those names by name" in message, message
        # It points at the line that called dumps, not into srcpickle.
        assert found[0].filename == __file__, found[0].filename


def test_a_class_holding_such_a_method_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = import_from(monkeypatch, write_module(tmp_path, "lookers", LOOKERS).parent, "lookers")
    found = _warnings_of(module.Runner)
    assert [str(w.message).split(" (")[0] for w in found] == ["Runner.step"]


def test_what_the_warning_says_happens_after_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = import_from(monkeypatch, write_module(tmp_path / "code", "lookers", LOOKERS).parent, "lookers")
    with pytest.warns(DynamicNamesWarning):
        data = srcpickle.dumps(module.dispatch)
    assert module.dispatch("mul", 3, 4) == 12
    # handle_add is read by name and travels; handle_mul is found only through globals().
    found = load_fresh(
        data,
        tmp_path,
        "(fn('add', 3, 4), sorted(n for n in fn.__globals__ if n.startswith('handle_')), missing)",
        before=(
            "try:\n    fn('mul', 3, 4)\n    missing = None\n"
            "except KeyError as exc:\n    missing = exc.args[0]"
        ),
    )
    assert found == (7, ["handle_add"], "handle_mul")


@pytest.mark.parametrize(
    "name",
    ["given_a_namespace", "by_keyword", "spread", "imports", "its_locals", "a_parameter", "a_local"]
    + ["own_globals"],
)
def test_a_namespace_given_or_a_name_of_its_own_does_not_warn(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = import_from(monkeypatch, write_module(tmp_path, "quiet", QUIET).parent, "quiet")
    # (the suite turns every warning into an error: a warning here fails the dumps)
    data = srcpickle.dumps(getattr(module, name))
    assert _warnings_of(getattr(module, name)) == []
    if name == "imports":
        assert load_fresh(data, tmp_path, "fn()") == "[1]"
    if name == "own_globals":
        assert load_fresh(data, tmp_path, "fn()") == 1


@pytest.mark.parametrize(
    ("name", "calls", "line"),
    [
        ("by_getattr", "sys.modules[__name__]", 10),
        ("by_vars", "sys.modules[__name__]", 14),
        ("by_import", "sys.modules[__name__]", 18),
        ("by_frame", "f_globals", 22),
        ("by_inspect", "f_globals", 26),
        ("by_frame_name", "f_globals", 34),
        ("by_walrus", "f_globals", 39),
        ("by_stack", "f_globals", 44),
        ("by_traceback", "f_globals", 48),
        ("by_exc_info", "f_globals", 55),
    ],
)
def test_its_own_module_by_name_or_its_frame_s_globals_warns(
    name: str, calls: str, line: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "module_lookers", MODULE_LOOKERS)
    module = import_from(monkeypatch, tmp_path, "module_lookers")
    fn = getattr(module, name)
    assert fn("add", 2, 3) == 5
    for _ in range(2):
        found = _warnings_of(fn)
        assert len(found) == 1, [str(w.message) for w in found]
        message = str(found[0].message)
        assert message.startswith(f"{name} ({path}, line {line}) looks names up in its globals"), message
        assert f"at run time ({calls})" in message, message


def test_a_lambda_reading_its_frame_s_globals_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = import_from(
        monkeypatch, write_module(tmp_path, "module_lookers", MODULE_LOOKERS).parent, "module_lookers"
    )
    found = _warnings_of(module.lambda_frame())
    assert [str(w.message).split(" (")[0] for w in found] == ["lambda_frame.<locals>.<lambda>"]
    assert "(f_globals)" in str(found[0].message)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("by_getattr", "module_lookers"), ("by_frame", "handle_add"), ("by_traceback", "handle_add")],
)
def test_what_its_module_or_frame_gives_after_loading(
    name: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loaded function's module is a synthetic one: no sys.modules entry has its name, and its
    # globals hold handle_add only if the code reads it by name.
    module = import_from(
        monkeypatch,
        write_module(tmp_path / "code", "module_lookers", MODULE_LOOKERS).parent,
        "module_lookers",
    )
    with pytest.warns(DynamicNamesWarning):
        data = srcpickle.dumps(getattr(module, name))
    found = load_fresh(
        data,
        tmp_path,
        "missing",
        before=(
            "try:\n    fn('add', 1, 2)\n    missing = None\n"
            "except KeyError as exc:\n    missing = exc.args[0]"
        ),
    )
    assert found == expected


@pytest.mark.parametrize(
    "name",
    ["another_module", "a_caller", "named_caller", "logger", "a_parameter"]
    + ["a_caller_through_a_name", "a_caller_by_stack", "a_traceback_given"],
)
def test_another_module_a_caller_s_frame_or_a_logger_does_not_warn(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = import_from(
        monkeypatch, write_module(tmp_path, "module_quiet", MODULE_QUIET).parent, "module_quiet"
    )
    # (the suite turns every warning into an error: a warning here fails the dumps)
    data = srcpickle.dumps(getattr(module, name))
    assert _warnings_of(getattr(module, name)) == []
    if name == "logger":
        assert load_fresh(data, tmp_path, "fn()") == "module_quiet"


MAIN_IMPORTING_ITSELF = """\
import sys
import warnings

import __main__
import srcpickle


def handle_add(a, b):
    return a + b


def handle_mul(a, b):
    return a * b


def dispatch(kind, a, b):
    return getattr(__main__, "handle_" + kind)(a, b)


def handlers():
    return sorted(name for name in vars(__main__) if name.startswith("handle_"))


def save(fn):
    # (in a function: a file object bound in the script's globals would travel too, and
    # cannot: everything the module holds goes with it)
    with open(sys.argv[1] + fn.__name__, "wb") as handle:
        handle.write(srcpickle.dumps(fn))


if __name__ == "__main__":
    warnings.simplefilter("error")  # (no DynamicNamesWarning: the module travels whole)
    save(dispatch)
    save(handlers)
    print("RESULT=" + repr((dispatch("mul", 3, 4), handlers())))
"""


def test_a_script_that_imports_itself_carries_its_whole_module(tmp_path: Path) -> None:
    # ``import __main__`` in a script, then getattr or vars on it: the function reads the module
    # whole, which travels whole. (Its walk used to come back to __main__ through its own
    # ``__main__`` global until the recursion limit, and dumps refused the function.)
    script = tmp_path / "user_script.py"
    script.write_text(MAIN_IMPORTING_ITSELF, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "payload-")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result_of(proc) == (12, ["handle_add", "handle_mul"])
    dispatch = (tmp_path / "payload-dispatch").read_bytes()
    handlers = (tmp_path / "payload-handlers").read_bytes()
    assert load_fresh(dispatch, tmp_path, "(fn('add', 3, 4), fn('mul', 3, 4))") == (7, 12)
    assert load_fresh(handlers, tmp_path, "fn()") == ["handle_add", "handle_mul"]

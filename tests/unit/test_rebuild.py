"""Rebuild: what loading does and does not do.

It builds functions from compiled source without running their decorators or default expressions,
registers the source so tracebacks and ``inspect.getsource`` work at the original line numbers,
gives back the payload it came from when dumped again, and reads and writes paths (atomically) and
binary files. Round trips load in a fresh interpreter where the defining module cannot be imported.
"""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import pytest

import srcpickle
from srcpickle import UnsupportedObjectError

from . import import_from, lines_of, load_fresh, write_module

# --------------------------------------------------------------- nothing of the source runs

SIDE_EFFECTS = '''\
MARKER = {marker!r}


def note(what):
    with open(MARKER, "a", encoding="utf-8") as handle:
        handle.write(what + "\\n")


def register(fn):
    note("decorated " + fn.__name__)
    fn.registered = True
    return fn


def make_default(tag):
    note("default " + tag)
    return [tag, 1]


@register
def decorated(x, y=make_default("y"), *, z=make_default("z")):
    """Decorated, with defaults computed by calls."""
    return [x, y, z]


def outer():
    @register
    def inner(a=make_default("inner")):
        return a
    return inner
'''


@pytest.fixture
def side_effects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    marker = tmp_path / "marker.txt"
    write_module(tmp_path / "code", "rb_side_effects", SIDE_EFFECTS.format(marker=str(marker)))
    module = import_from(monkeypatch, tmp_path / "code", "rb_side_effects")
    return module, marker


def test_loading_runs_no_decorator_and_no_default_expression(side_effects, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    module, marker = side_effects
    before = lines_of(marker)
    assert before == ["default y", "default z", "decorated decorated"]
    data = srcpickle.dumps(module.decorated)
    assert "@register" in srcpickle.inspect(data).root_node.source  # type: ignore[union-attr]
    result = load_fresh(
        data,
        tmp_path,
        "(fn(0), fn.__defaults__, fn.__kwdefaults__, fn.registered, fn.__doc__)",
    )
    assert result == (
        [0, ["y", 1], ["z", 1]],
        (["y", 1],),
        {"z": ["z", 1]},
        True,
        "Decorated, with defaults computed by calls.",
    )
    assert lines_of(marker) == before
    # In this process too: loading leaves the marker alone.
    loaded = srcpickle.loads(data)
    assert loaded(1, 2, z=3) == [1, 2, 3]
    assert lines_of(marker) == before


def test_loaded_default_keeps_its_identity_across_calls(side_effects, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    module, marker = side_effects
    fn = module.outer()
    before = lines_of(marker)
    data = srcpickle.dumps(fn)
    result = load_fresh(data, tmp_path, "(fn() is fn(), fn(), fn.registered)")
    assert result == (True, ["inner", 1], True)
    assert lines_of(marker) == before


# ---------------------------------------------------------------------- tracebacks, getsource

TRACEBACK_MODULE = '''\
"""A module whose functions fail on purpose."""

import math


def checked_sqrt(x):
    # a comment line
    if x < 0:
        raise ValueError("negative input: " + repr(x))
    return math.sqrt(x)


def make_divider(d):
    def divide(n):
        total = n
        return total / d  # divide here
    return divide
'''


def test_traceback_shows_the_source_line_at_its_original_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path / "code", "rb_traceback", TRACEBACK_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "rb_traceback")
    text = load_fresh(
        srcpickle.dumps(module.checked_sqrt),
        tmp_path,
        "text",
        before="""\
        import traceback
        try:
            fn(-1)
        except ValueError:
            text = traceback.format_exc()
        """,
    )
    assert "line 9, in checked_sqrt" in text
    assert 'raise ValueError("negative input: " + repr(x))' in text
    assert "ValueError: negative input: -1" in text


def test_traceback_of_a_closure_shows_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path / "code", "rb_traceback_closure", TRACEBACK_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "rb_traceback_closure")
    text = load_fresh(
        srcpickle.dumps(module.make_divider(0)),
        tmp_path,
        "text",
        before="""\
        import traceback
        try:
            fn(1)
        except ZeroDivisionError:
            text = traceback.format_exc()
        """,
    )
    assert "line 16, in divide" in text
    assert "return total / d  # divide here" in text


def test_inspect_getsource_of_a_loaded_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path / "code", "rb_getsource", TRACEBACK_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "rb_getsource")
    top = load_fresh(srcpickle.dumps(module.checked_sqrt), tmp_path, "__import__('inspect').getsource(fn)")
    assert (
        top
        == TRACEBACK_MODULE[
            TRACEBACK_MODULE.index("def checked_sqrt") : TRACEBACK_MODULE.index("\n\n\ndef make")
        ]
        + "\n"
    )
    nested = load_fresh(
        srcpickle.dumps(module.make_divider(2)), tmp_path, "__import__('inspect').getsource(fn)"
    )
    assert textwrap.dedent(nested) == "def divide(n):\n    total = n\n    return total / d  # divide here\n"


def test_inspect_getsource_of_a_function_loaded_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect

    write_module(tmp_path / "code", "rb_getsource_here", TRACEBACK_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "rb_getsource_here")
    loaded = srcpickle.loads(srcpickle.dumps(module.checked_sqrt))
    assert inspect.getsource(loaded) == inspect.getsource(module.checked_sqrt)
    assert loaded.__code__.co_firstlineno == 6


# --------------------------------------------------------------------- dumps(loads(p)) == p

ROUND_TRIP_MODULE = '''\
import json
import os.path
from math import sqrt as root

LIMIT = 10
NAMES = ("a", "b")


def helper(x):
    return root(x) if x < LIMIT else LIMIT


def main(x, *items, scale=2.0, **extra) -> str:
    """Main entry point."""
    return json.dumps([helper(x) * scale, os.path.join(*NAMES), items, extra])


main.tag = "kept"


def make_adder(n):
    def add(x, offset=1):
        return x + n + offset
    return add
'''


@pytest.mark.parametrize("target", ["main", "helper", "adder"])
def test_dumping_a_loaded_function_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    name = f"rb_again_{target}"
    write_module(tmp_path / "code", name, ROUND_TRIP_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", name)
    fn = module.make_adder(5) if target == "adder" else getattr(module, target)
    data = srcpickle.dumps(fn)
    # In a fresh process, where the module does not exist ...
    assert load_fresh(data, tmp_path, "srcpickle.dumps(fn)") == data
    # ... and in this one, where the loaded function sits beside the original.
    assert srcpickle.dumps(srcpickle.loads(data)) == data


def test_loaded_function_behaves_like_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path / "code", "rb_behaves", ROUND_TRIP_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "rb_behaves")
    data = srcpickle.dumps(module.main)
    result = load_fresh(
        data,
        tmp_path,
        "(fn(4, 1, 2, scale=3.0, k='v'), fn.tag, fn.__name__, fn.__qualname__, fn.__module__, fn.__doc__,"
        " fn.__kwdefaults__, str(__import__('inspect').signature(fn)))",
    )
    assert result == (
        module.main(4, 1, 2, scale=3.0, k="v"),
        "kept",
        "main",
        "main",
        "rb_behaves",
        "Main entry point.",
        {"scale": 2.0},
        "(x, *items, scale=2.0, **extra) -> str",
    )


# ------------------------------------------------------------------------------ dump / load


def _simple(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str):  # type: ignore[no-untyped-def]
    write_module(tmp_path / "code", name, "def triple(x):\n    return 3 * x\n")
    return import_from(monkeypatch, tmp_path / "code", name).triple


def test_dump_to_a_path_is_atomic_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fn = _simple(tmp_path, monkeypatch, "rb_dump_path")
    target = tmp_path / "out"
    target.mkdir()
    srcpickle.dump(fn, target / "fn.srcpickle")
    srcpickle.dump(fn, str(target / "again.srcpickle"))
    assert sorted(p.name for p in target.iterdir()) == ["again.srcpickle", "fn.srcpickle"]
    assert (target / "fn.srcpickle").read_bytes() == srcpickle.dumps(fn)
    assert srcpickle.load(target / "fn.srcpickle")(5) == 15
    assert srcpickle.load(str(target / "again.srcpickle"))(2) == 6
    assert load_fresh((target / "fn.srcpickle").read_bytes(), tmp_path, "fn(7)") == 21


def test_dump_over_an_existing_file_replaces_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fn = _simple(tmp_path, monkeypatch, "rb_dump_replace")
    target = tmp_path / "out"
    target.mkdir()
    (target / "fn.srcpickle").write_bytes(b"old contents")
    srcpickle.dump(fn, target / "fn.srcpickle")
    assert [p.name for p in target.iterdir()] == ["fn.srcpickle"]
    assert srcpickle.load(target / "fn.srcpickle")(1) == 3


def test_failed_dump_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "fn.srcpickle").write_bytes(b"old contents")
    with (tmp_path / "open.txt").open("w", encoding="utf-8") as handle:
        with pytest.raises(UnsupportedObjectError):
            srcpickle.dump(handle, target / "fn.srcpickle")
    assert [p.name for p in target.iterdir()] == ["fn.srcpickle"]
    assert (target / "fn.srcpickle").read_bytes() == b"old contents"


def test_dump_and_load_with_a_binary_file_object(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fn = _simple(tmp_path, monkeypatch, "rb_dump_file")
    buffer = io.BytesIO()
    srcpickle.dump(fn, buffer)
    assert buffer.getvalue() == srcpickle.dumps(fn)
    buffer.seek(0)
    assert srcpickle.load(buffer)(4) == 12
    with (tmp_path / "real.bin").open("wb") as handle:
        srcpickle.dump(fn, handle)
    with (tmp_path / "real.bin").open("rb") as handle:
        assert srcpickle.load(handle)(10) == 30


def test_loads_accepts_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fn = _simple(tmp_path, monkeypatch, "rb_loads_text")
    assert srcpickle.loads(srcpickle.dumps(fn).decode("utf-8"))(2) == 6


def test_class_type_params_entry_that_is_no_tuple(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A method's annotations are evaluated with its class's type parameters in scope (3.12's
    ``class Box[T]``); a class whose ``__type_params__`` is set to anything else still loads, its
    methods' annotations evaluated in their globals."""
    write_module(
        tmp_path,
        "rb_params_entry",
        "class Box:\n    def get(self, x: int) -> int:\n        return x\n\n\nBox.__type_params__ = 5\n",
    )
    module = import_from(monkeypatch, tmp_path, "rb_params_entry")
    data = srcpickle.dumps(module.Box)
    assert b"attribute __type_params__ = 5" in data
    assert load_fresh(
        data,
        tmp_path,
        "(fn.__type_params__, fn().get(3), fn.get.__annotations__ == {'x': int, 'return': int})",
    ) == (5, 3, True)


# ------------------------------------------------------------------------- typing.overload

OVERLOADED = """\
from typing import Union, overload


@overload
def parse(x: int) -> int: ...


@overload
def parse(x: str) -> str: ...


def parse(x: Union[int, str]) -> Union[int, str]:
    return x * 2


class Codec:
    @overload
    def encode(self, value: int) -> bytes: ...

    @overload
    def encode(self, value: str) -> bytes: ...

    def encode(self, value):
        return str(value).encode()
"""

OVERLOADS_PROBE = """\
import inspect, typing
def overloads(f):
    return [str(inspect.signature(o)) for o in typing.get_overloads(f)]
"""


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing.get_overloads is new in Python 3.11")
def test_overloads_travel_with_their_class_and_with_a_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class statement runs again at load, so its methods' stubs are registered again; an
    implementation dumped alone carries its stubs (format 3 ``overloads``), registered again at
    load: ``typing.get_overloads`` of the loaded function gives them, with their signatures, and
    it loads and calls with its own signature; a stub dumped alone is that stub, with its own
    signature, never the implementation, and carries no stubs."""
    user = import_from(monkeypatch, write_module(tmp_path, "overloaded", OVERLOADED).parent, "overloaded")
    import typing

    data = srcpickle.dumps(user.Codec)
    before = OVERLOADS_PROBE
    assert load_fresh(data, tmp_path, "(overloads(fn.encode), fn().encode(3))", before=before) == (
        ["(self, value: int) -> bytes", "(self, value: str) -> bytes"],
        b"3",
    )
    data = srcpickle.dumps(user.parse)
    expression = "(overloads(fn), str(inspect.signature(fn)), fn(2), fn('a'))"
    assert b"srcpickle-payload 3\n" in data and b"overloads: (@parse-2, @parse-3)" in data
    assert load_fresh(data, tmp_path, expression, before=before) == (
        ["(x: int) -> int", "(x: str) -> str"],
        "(x: Union[int, str]) -> Union[int, str]",
        4,
        "aa",
    )
    stub = typing.get_overloads(user.parse)[1]
    assert b"overloads:" not in srcpickle.dumps(stub)
    expression = "(str(inspect.signature(fn)), fn('a'), fn.__name__)"
    assert load_fresh(srcpickle.dumps(stub), tmp_path, expression, before=before) == (
        "(x: str) -> str",
        None,
        "parse",
    )

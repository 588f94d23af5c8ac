"""A proven source lets go of its syntax tree, and a file's parse goes once every def and class
statement of it served a dumps (issue 9: the trees were most of what dumps kept alive): later
dumps give the same bytes, a function not dumped yet and a file edited since still get theirs,
and a reader of a released tree gets it back from a parse at the same place."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any, List

import pytest

import srcpickle
from srcpickle import SourceMismatchError, _blocks, _source

from . import import_from, load_fresh, touch_later, write_module

SHORT = '''\
def annotated(x: int, y: "str" = "s") -> int:
    """Doubles."""
    return x * 2


def make(n):
    offset = n + 1

    def inner(x):
        return x + offset

    return inner


class Box:
    def get(self, y: str = "s") -> str:
        return y * 2


square = lambda v: v * v  # noqa: E731
twins = (lambda x=1: x * 10), (lambda x=2: x * 10)  # noqa: E731


def flags(x):
    return x | 4
'''


def _info(fn: Any) -> Any:
    # The source proven for fn's code (what every later dumps of it reads).
    entry = _source._SOURCES[id(fn.__code__)]
    assert entry[0]() is fn.__code__
    return entry[2]


def _def_at(path: Path, name: str) -> ast.AST:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)


def test_dumped_functions_let_go_of_their_trees_and_the_parse_goes_with_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "released_short", SHORT)
    mod = import_from(monkeypatch, tmp_path, "released_short")
    filename = str(path)
    inner = mod.make(2)
    first = srcpickle.dumps(mod.annotated)
    assert "node" not in vars(_info(mod.annotated))
    # make and Box hold functions not dumped yet: the parse stays for them.
    assert _source._PARSED[filename] is not None
    # (flags last: a lambda of a statement that is no def or class, dumped after every def and
    # class statement served, parses the file again)
    ordered: List[Any] = [mod.annotated, inner, mod.Box.get, mod.square, *mod.twins, mod.flags]
    payloads = [first] + [srcpickle.dumps(fn) for fn in ordered[1:]]
    # Every def the statements hold was proven (make's inner def stands for make, a factory,
    # which is rarely dumped itself): the parse went. make, dumped now, parses again.
    assert filename not in _source._PARSED
    payloads.append(srcpickle.dumps(mod.make))
    ordered.append(mod.make)
    for fn in (mod.annotated, inner, mod.Box.get, mod.square):
        assert "node" not in vars(_info(fn)), fn
    # A lambda with twins (fits_defaults) and a code with | (unions) read theirs at every dumps.
    for fn in (mod.flags, *mod.twins):
        assert "node" in vars(_info(fn)), fn
    # Dumped again, from their facts alone: the same bytes.
    assert [srcpickle.dumps(fn) for fn in ordered] == payloads
    both = srcpickle.dumps(ordered)
    got = load_fresh(
        both,
        tmp_path,
        "[fn[0](3), fn[0].__annotations__ == {'x': int, 'y': 'str', 'return': int}, fn[0].__doc__,"
        " fn[1](5), fn[2](None, 'ab'), fn[2].__annotations__ == {'y': str, 'return': str}, fn[3](4),"
        " fn[4](), fn[5](), fn[6](1), fn[7](1)(1)]",
    )
    assert got == [6, True, "Doubles.", 8, "abab", True, 16, 10, 20, 5, 3]


def test_a_released_tree_read_again_is_the_one_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "released_reread", SHORT)
    mod = import_from(monkeypatch, tmp_path, "released_reread")
    for fn in (mod.annotated, mod.make(1), mod.Box.get, mod.flags):
        srcpickle.dumps(fn)
    assert str(path) not in _source._PARSED
    for fn, name in ((mod.annotated, "annotated"), (mod.make(1), "inner"), (mod.Box.get, "get")):
        info = _info(fn)
        assert "node" not in vars(info)
        node = info.node  # (no parse holds it any longer: parsed again from its text)
        assert ast.dump(node, include_attributes=True) == ast.dump(
            _def_at(path, name), include_attributes=True
        )
        assert info.node is node  # (held again, for a reader that reads it more than once)


def test_a_file_edited_after_its_parse_went_still_fails_to_verify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(
        tmp_path, "released_edited", "def one(x):\n    return x + 1\n\n\ndef two(x):\n    return x + 2\n"
    )
    mod = import_from(monkeypatch, tmp_path, "released_edited")
    srcpickle.dumps(mod.one)
    srcpickle.dumps(mod.two)
    assert str(path) not in _source._PARSED
    path.write_text("def one(x):\n    return x + 100\n\n\ndef two(x):\n    return x + 2\n", encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError):
        srcpickle.dumps(mod.one)


def _long_module(count: int) -> str:
    parts = ["import math\n\nK = 3\n"]
    for i in range(count):
        parts.append(f"\n\ndef f{i}(x: int, y: int = {i}) -> float:\n    return math.floor(x * K) + y\n")
    return "".join(parts)


def test_a_long_file_lets_go_of_its_rest_parse_once_every_def_is_dumped_and_reimports_parse_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = _blocks.BLOCK_DEFS + 40
    path = write_module(tmp_path, "released_long", _long_module(count))
    assert len(path.read_text(encoding="utf-8").splitlines()) >= _source.BLOCK_MIN_LINES
    mod = import_from(monkeypatch, tmp_path, "released_long")
    filename = str(path)
    fns = [getattr(mod, f"f{i}") for i in range(count)]
    payloads = [srcpickle.dumps(fn) for fn in fns[: _blocks.BLOCK_DEFS + 1]]
    assert filename in _blocks._RESTS  # (defs past the block parse's come from the rest)
    payloads += [srcpickle.dumps(fn) for fn in fns[_blocks.BLOCK_DEFS + 1 :]]
    assert filename not in _blocks._RESTS and filename not in _source._PARSED
    assert all("node" not in vars(_info(fn)) for fn in fns)
    assert [srcpickle.dumps(fn) for fn in fns] == payloads
    # The module imported again (new code objects, the same lines): its functions verify again.
    again = importlib.reload(mod)
    assert again.f0.__code__ is not fns[0].__code__
    assert [srcpickle.dumps(getattr(again, f"f{i}")) for i in range(count)] == payloads
    got = load_fresh(
        payloads[-1], tmp_path, "[fn(2), fn.__annotations__ == {'x': int, 'y': int, 'return': float}]"
    )
    assert got == [6 + count - 1, True]


def test_an_annotation_set_after_the_tree_went_is_carried_under_the_future_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under the future import the live strings are the texts: the written ones are read from
    # the tree only for an annotation that is no string, which the def's released tree gives
    # again.
    text = "from __future__ import annotations\n\n\ndef typed(x: int) -> int:\n    return x + 1\n"
    write_module(tmp_path, "released_future", text)
    mod = import_from(monkeypatch, tmp_path, "released_future")
    first = srcpickle.dumps(mod.typed)
    assert "node" not in vars(_info(mod.typed))
    mod.typed.__annotations__["x"] = float
    second = srcpickle.dumps(mod.typed)
    assert second != first
    got = load_fresh(second, tmp_path, "[fn(1), fn.__annotations__ == {'x': float, 'return': 'int'}]")
    assert got == [2, True]


SIBLINGS = """\
def make_range_fact(a):
    def factorial(n):
        return 1 if n <= 1 else n * factorial(n - 1)

    def rangefact(b):
        return [factorial(i) for i in range(a, b)]

    return rangefact


class Pair:
    def left(self):
        return 1

    def right(self):
        return 2
"""


def test_a_closures_siblings_and_a_class_s_other_methods_do_not_parse_the_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Proving rangefact (whose dumps captures factorial next) or one method of Pair does not let
    the parse go: the statement holds defs not proven yet, and each would parse the whole file
    again. It goes with the last (Pair.right)."""
    write_module(tmp_path, "released_siblings", SIBLINGS)
    mod = import_from(monkeypatch, tmp_path, "released_siblings")
    parses: List[str] = []
    real = _source._astparse.parse

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        parses.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(_source._astparse, "parse", counting)
    closure = mod.make_range_fact(2)
    payloads = [srcpickle.dumps(closure), srcpickle.dumps(mod.Pair.left), srcpickle.dumps(mod.Pair.right)]
    assert len(parses) == 1, len(parses)
    assert str(tmp_path / "released_siblings.py") not in _source._PARSED
    got = load_fresh(payloads[0], tmp_path, "fn(6)")
    assert got == closure(6) == [2, 6, 24, 120]

"""Objects that would be made from themselves: a call (an object's ``__reduce__``, a type alias's
``TypeAliasType(name, value)``) whose arguments reach the object again.

No loader can make one (pickle recurses until ``RecursionError``), so ``dumps`` refuses with an
``UnsupportedObjectError`` naming the object, instead of writing a payload every load refuses.
Cycles a loader can close stay supported: through state set after the object is made, through
containers, through functions and classes (their globals are filled after they are made).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

import srcpickle
from srcpickle.errors import PayloadFormatError, UnsupportedObjectError

from . import (
    RESULT_MARK,
    import_from,
    interpreter,
    isolated,
    load_error_fresh,
    load_fresh,
    result_of,
    write_module,
)

SELF_MADE = """\
import copyreg


class Direct:
    def __reduce__(self):
        return (Direct, (self,))


class InAList:
    def __reduce__(self):
        return (InAList, ([1, self],))


class InKeywords:
    def __reduce_ex__(self, protocol):
        return (copyreg.__newobj_ex__, (InKeywords, (), {"other": self}))


class Pair:
    def __init__(self, name, other=None):
        self.name, self.other = name, other

    def __reduce__(self):
        return (Pair, (self.name, self.other))


DIRECT = Direct()
LEFT = Pair("left")
RIGHT = Pair("right", LEFT)
LEFT.other = RIGHT  # each made from the other


def reads_direct():
    return DIRECT


def reads_in_a_list():
    return InAList()


def reads_a_pair():
    return LEFT


def make_closure(value):
    def inner():
        return value

    return inner


def with_default(value=InKeywords()):
    return value
"""


def _self_made(module: Any) -> dict:
    return {
        "a global": module.reads_direct,
        "the root itself": module.DIRECT,
        "made in the function, held in a list": [module.InAList()],
        "through a list in its arguments": module.make_closure(module.InAList()),
        "through its keyword arguments": module.with_default,
        "two objects made from each other": module.reads_a_pair,
        "inside a tuple the root holds": (1, (module.RIGHT,)),
    }


@pytest.mark.parametrize(
    "case",
    [
        "a global",
        "the root itself",
        "made in the function, held in a list",
        "through a list in its arguments",
        "through its keyword arguments",
        "two objects made from each other",
        "inside a tuple the root holds",
    ],
)
def test_an_object_made_from_itself_is_refused_at_dumps(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "self_made", SELF_MADE)
    obj = _self_made(import_from(monkeypatch, tmp_path, "self_made"))[case]
    with pytest.raises(UnsupportedObjectError, match="reach it again") as caught:
        srcpickle.dumps(obj)
    message = str(caught.value)
    assert "self_made." in message, message  # the object's class, named
    assert "as state" in message, message  # and what its author can do
    if case == "the root itself":
        with pytest.raises(RecursionError):
            pickle.dumps(obj)  # (pickle cannot either: it recurses)


CLOSED_LATER = """\
class Holder:
    def __init__(self, label):
        self.label = label
        self.me = self  # state: set after the object is made


class Stated:
    def __init__(self, label):
        self.label = label

    def __reduce__(self):
        return (Stated, (self.label,), {"back": [self]})


class Node:
    def __init__(self, name):
        self.name, self.peer = name, None

    def again(self):
        return Node(self.name)  # the class's own method reads the class


A, B = Node("a"), Node("b")
A.peer, B.peer = B, A
LOOP = [1]
LOOP.append(LOOP)
HOLDER, STATED = Holder("h"), Stated("s")


def everything():
    return HOLDER, STATED, A, LOOP
"""


def test_cycles_a_loader_closes_after_making_the_object_still_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path / "code", "closed_later", CLOSED_LATER)
    module = import_from(monkeypatch, tmp_path / "code", "closed_later")
    data = srcpickle.dumps(module.everything)
    found = load_fresh(
        data,
        tmp_path,
        "(h.me is h, h.label, s.back[0] is s, s.label, a.peer.peer is a, a.peer.name, "
        "a.again().name, type(a.again()) is type(a), loop[1] is loop, loop[0])",
        before="h, s, a, loop = fn()",
    )
    assert found == (True, "h", True, "s", True, "b", "a", True, True, 1)


def test_the_loader_still_refuses_a_payload_with_an_object_made_from_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-edited payload: the capture never writes one."""
    write_module(
        tmp_path / "code",
        "made_once",
        """\
        class Node:
            def __init__(self, other):
                self.other = other

            def __reduce__(self):
                return (Node, (self.other,))


        N = Node(7)


        def get():
            return N
        """,
    )
    module = import_from(monkeypatch, tmp_path / "code", "made_once")
    data = srcpickle.dumps(module.get)
    assert b"args: (7,)" in data, data.decode()
    edited = data.replace(b"args: (7,)", b"args: (@N,)")
    kind, message, _ = load_error_fresh(edited, tmp_path)
    assert (kind, "needs itself to be built" in message) == ("PayloadFormatError", True), message
    with pytest.raises(PayloadFormatError, match="needs itself"):
        srcpickle.loads(edited)


# ------------------------------------------------------------- type aliases (Python 3.12+)

ALIASES = """\
type Plain = tuple[int, int]
type Generic[K] = dict[K, list[K]]
type OfAnAlias = Generic[str]
type JSON = dict[str, JSON] | list[JSON] | int | str
type Tree[T] = tuple[T, list[Tree[T]]]
type Ping = list[Pong] | None
type Pong = tuple[Ping, int]


def plain():
    return Plain, Plain.__value__


def generic(x) -> Generic[int]:
    return {x: [x]}


def of_an_alias():
    return OfAnAlias.__value__.__origin__ is Generic, OfAnAlias.__value__.__args__


def json_value(s: str) -> JSON:
    return {"s": [s]}


def tree():
    return Tree


def ping():
    return Ping
"""

PROBE = """\
import sys
sys.path.insert(0, {code!r})
import srcpickle, aliases
typing_before = "typing" in sys.modules
found = {{}}
for name in ("plain", "generic", "of_an_alias", "json_value", "tree", "ping"):
    try:
        with open(name + ".srcpickle", "wb") as handle:
            handle.write(srcpickle.dumps(getattr(aliases, name)))
        found[name] = "dumped"
    except srcpickle.UnsupportedObjectError as exc:
        found[name] = str(exc)
print({mark!r} + repr((typing_before, found)))
"""

LOAD = """\
import srcpickle
def load(name):
    with open(name + ".srcpickle", "rb") as handle:
        return srcpickle.loads(handle.read())
plain, value = load("plain")()
generic = load("generic")
same_origin, args = load("of_an_alias")()
print({mark!r} + repr((
    plain.__name__, str(value), generic(3), str(generic.__annotations__["return"].__value__),
    same_origin, str(args), str(generic.__annotations__["return"].__origin__.__type_params__),
)))
"""


@pytest.mark.any_python(run="newest")
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_type_aliases_dumped_by_a_process_that_never_imported_typing(version: str, tmp_path: Path) -> None:
    """A type statement makes a ``typing.TypeAliasType`` in a process that never imported typing:
    its call names typing all the same (dumps failed on the alias class, looked up among the
    imported modules only). A recursive alias (``type JSON = ... JSON ...``, a generic one, two
    aliases naming each other) is made only by its statement: refused with what to write instead."""
    python = interpreter(version)
    code = tmp_path / "code"
    write_module(code, "aliases", ALIASES)
    dumped = isolated().run(python, PROBE.format(code=str(code), mark=RESULT_MARK), cwd=str(tmp_path))
    typing_before, found = result_of(dumped)
    assert typing_before is False  # the condition this test is about
    assert {name for name, text in found.items() if text == "dumped"} == {"plain", "generic", "of_an_alias"}
    for name, alias in (("json_value", "JSON"), ("tree", "Tree"), ("ping", "Ping")):
        assert f"the type alias {alias}: its value refers to itself" in found[name] or (
            name == "ping" and "the type alias Pong: its value refers to itself" in found[name]
        ), found[name]
        assert "as a string in an assignment" in found[name]
    for loader in {version, "3.13"}:
        loaded = result_of(
            isolated().run(interpreter(loader), LOAD.format(mark=RESULT_MARK), cwd=str(tmp_path))
        )
        assert loaded == (
            "Plain",
            "tuple[int, int]",
            {3: [3]},
            "dict[K, list[K]]",
            True,
            "(<class 'str'>,)",
            "(K,)",
        )

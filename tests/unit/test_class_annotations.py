"""String annotations of classes (``from __future__ import annotations``, or quoted): which globals
they name (``srcpickle._annotated``, read at capture into the payload), and the loader's stand-in
module, under which dataclasses, hooks and pydantic evaluate them while a class statement runs
again, and which is gone from ``sys.modules`` once the statement has run, failed or not, in every
thread. Round trips of the whole family are ``tests/roundtrip/cases/class_annotation_strings.py``,
``class_annotation_strings_310.py`` and ``quoted_class_annotations.py``.
"""

from __future__ import annotations

import ast
import dataclasses
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest

import srcpickle
from srcpickle._annotated import class_annotations, function_annotations, parse_statement
from srcpickle._model import NamespaceNode
from srcpickle.errors import LoadError

from . import import_from, load_fresh, write_module


def _annotations(source: str) -> Any:
    return class_annotations(parse_statement(textwrap.dedent(source)))


def test_names_of_annotations_strings_and_nested_classes_but_not_methods() -> None:
    found = _annotations(
        """
        @decorate(Unrelated)
        class C(Base):
            a: "typing.ClassVar[List['Pet']]"
            b: Optional[Owner] = None
            if FLAG:
                c: "collections.abc.Mapping[str, int]"
            else:
                d: Dict[str, "Row"]
            try:
                e: "Tuple[int, ...]"
            except ImportError:
                e2: Fallback
            class Inner:
                f: "InitVar[int]"
            def method(self, x: NotRead) -> AlsoNotRead:
                local: NotRead2 = 1
            self_attr.x: NotStored = 1
        """
    )
    assert found.names == [
        "Dict", "Fallback", "InitVar", "List", "Optional", "Owner", "Pet", "Row", "Tuple",
        "collections", "int", "str", "typing",
    ]  # fmt: skip
    assert found.chains["typing"] == [("ClassVar",)]
    assert found.chains["collections"] == [("abc", "Mapping")]
    assert found.chains["Pet"] == [()]
    assert found.strings and found.annotated


def test_literal_values_and_annotated_metadata_are_not_names() -> None:
    found = _annotations(
        """
        class C:
            color: Literal["red", "blue"] = "red"
            mode: "typing.Literal['fast']"
            note: Annotated["Row", "meta data", Marker("x")] = ""
        """
    )
    assert found.names == ["Annotated", "Literal", "Marker", "Row", "typing"]


def test_a_class_without_string_annotations() -> None:
    plain = _annotations("class C:\n    x: int = 1\n    y: List[int]\n")
    assert (plain.names, plain.strings, plain.annotated) == (["List", "int"], False, True)
    bare = _annotations("class C:\n    '''doc'''\n    x = 'text'\n")
    assert (bare.names, bare.strings, bare.annotated) == ([], False, False)
    # A string that is not an expression names nothing (the class still dumps and loads).
    broken = _annotations("class C:\n    x: 'not an ) expression'\n")
    assert (broken.names, broken.strings) == ([], True)


USER = """\
from __future__ import annotations

import collections.abc
import dataclasses
import threading
import typing
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING, ClassVar, List, Literal, Optional

if TYPE_CHECKING:
    from decimal import Decimal

red = threading.Lock()  # spelled only by a Literal's value: captured, dumps would fail


@dataclass
class Order:
    number: int
    lines: List[Line] = field(default_factory=list)
    price: Optional[Decimal] = None
    scale: InitVar[int] = 1
    seen: ClassVar[int] = 0
    index: typing.ClassVar[collections.abc.Mapping] = {}
    color: Literal["red"] = "red"

    def __post_init__(self, scale):
        self.number *= scale


@dataclass
class Line:
    sku: str


@dataclass
class Plain:
    x: int = 0
"""


def _global_names(data: bytes) -> Dict[str, List[str]]:
    payload = srcpickle.inspect(data)
    return {
        node.module: sorted(name for name, _ in node.globals)
        for _, node in payload.nodes.items()
        if isinstance(node, NamespaceNode)
    }


def test_the_payload_holds_the_globals_only_annotation_strings_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "annotated_user", USER).parent, "annotated_user")
    data = srcpickle.dumps(user.Order)
    # Decimal (never bound) and red (a Literal's value) stay out; the rest go in, Line by value.
    assert _global_names(data) == {
        "annotated_user": [
            "ClassVar", "InitVar", "Line", "List", "Literal", "Optional", "collections", "dataclass",
            "field", "typing",
        ]
    }  # fmt: skip
    assert b"submodules: ('collections.abc',)" in data  # the chain a string follows
    probe = (
        "([x.name for x in dataclasses.fields(fn)],"
        " repr(fn(2, [fn.__init__.__globals__['Line']('a')], scale=3)),"
        " sorted(fn.__dataclass_fields__), fn.index,"
        " fn.__module__,"
        " [k for k in sys.modules if 'srcpickle load' in k])"
    )
    got = load_fresh(data, tmp_path, probe, before="import dataclasses\n")
    assert got == (
        ["number", "lines", "price", "color"],
        "Order(number=6, lines=[Line(sku='a')], price=None, color='red')",
        ["color", "index", "lines", "number", "price", "scale", "seen"],
        {},
        "annotated_user",
        [],
    )


def test_a_class_with_no_string_annotation_writes_what_it_wrote_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the future import, a class whose annotations name only builtins captures nothing
    more."""
    user = import_from(monkeypatch, write_module(tmp_path, "annotated_plain", USER).parent, "annotated_plain")
    data = srcpickle.dumps(user.Plain)
    assert _global_names(data) == {"annotated_plain": ["dataclass"]}


def _stand_ins() -> List[str]:
    return [name for name in sys.modules if "<srcpickle load" in name]


FAILING = """\
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

SWITCH = []


def checked(cls):
    if SWITCH:
        raise RuntimeError("refused by the decorator")
    return dataclass(cls)


@checked
class Guarded:
    a: int
    b: ClassVar[int] = 0
"""


def test_the_stand_in_leaves_sys_modules_after_a_statement_that_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(
        monkeypatch, write_module(tmp_path, "annotated_fail", FAILING).parent, "annotated_fail"
    )
    user.SWITCH.append(1)  # captured: the decorator raises when the statement runs again
    data = srcpickle.dumps(user.Guarded)
    with pytest.raises(LoadError, match="refused by the decorator"):
        srcpickle.loads(data, allowed_imports=["dataclasses", "typing"])
    assert _stand_ins() == []
    user.SWITCH.clear()
    loaded = srcpickle.loads(srcpickle.dumps(user.Guarded), allowed_imports=["dataclasses", "typing"])
    assert [f.name for f in dataclasses.fields(loaded)] == ["a"]
    assert loaded.__module__ == "annotated_fail" and _stand_ins() == []


def test_loads_in_threads_each_resolve_in_their_own_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads load classes of one module name at once (allowed_imports: each load makes a
    class of its own): each sees its own payload's ClassVar and InitVar, none leaves a stand-in."""
    user = import_from(
        monkeypatch, write_module(tmp_path, "annotated_threads", USER).parent, "annotated_threads"
    )
    data = srcpickle.dumps(user.Order)
    allowed = ["dataclasses", "typing", "collections", "threading"]
    outcomes: List[Any] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(15):
            cls = srcpickle.loads(data, allowed_imports=allowed)
            got = ([f.name for f in dataclasses.fields(cls)], cls(1, scale=2).number, cls.__module__)
            with lock:
                outcomes.append(got)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 120
    assert set(map(repr, outcomes)) == {repr((["number", "lines", "price", "color"], 2, "annotated_threads"))}
    assert _stand_ins() == []


# ---------------------------------------------------- functions: the same reader


def _function_annotations(source: str, future: bool = False) -> Any:
    tree = compile(textwrap.dedent(source), "<test>", "exec", ast.PyCF_ONLY_AST)
    return function_annotations(tree.body[0], future)  # type: ignore[attr-defined]


def test_function_strings_are_read_as_in_a_class() -> None:
    found = _function_annotations(
        """
        def feed(a: "Pet", /, b: Optional["Pet"], *c: "List['Pet']", d: "xml.etree.Element" = 1,
                 e: Literal["red"] = "red", f: Annotated[int, "meta", Marker], **g: "Kw") -> "Out":
            local: "NeverEvaluated" = 1
            def inner(x: Unquoted, y: "Inner") -> "InnerOut":
                pass
            class Nested:
                z: "Field"
                w: Plain
                def method(self, v: "Param") -> None:
                    pass
            if FLAG:
                def branch(q: "Branch") -> None:
                    pass
            return lambda v: v
        """
    )
    assert found.names == [
        "Annotated", "Branch", "Field", "Inner", "InnerOut", "Kw", "List", "Literal", "Marker",
        "Optional", "Out", "Param", "Pet", "int", "xml",
    ]  # fmt: skip
    assert found.chains["xml"] == [("etree", "Element")]
    assert found.strings and found.annotated


def test_function_under_the_future_import_reads_every_nested_name() -> None:
    found = _function_annotations(
        """
        def outer(a: int) -> None:
            def inner(x: Local, y: "Quoted") -> Out:
                pass
        """,
        future=True,
    )
    assert found.names == ["Local", "Out", "Quoted", "int"]  # (None is a constant)


def test_function_body_defs_are_found_in_every_kind_of_block() -> None:
    # The body walk skips statements that hold no statement (returns, assignments, calls): every
    # block that can hold a def or class must still be walked, however deep and after whatever.
    match = (
        "            match v:\n                case 1:\n                    def in_case(p: 'InCase'): pass\n"
        if sys.version_info >= (3, 10)
        else ""
    )
    source = """
        def outer(a):
            x = 1
            x += 2
            print(x)
            try:
                def in_try(p: "InTry"): pass
            except ValueError:
                def in_handler(p: "InHandler"): pass
            else:
                def in_else(p: "InElse"): pass
            finally:
                def in_finally(p: "InFinally"): pass
            for i in a:
                with open(i) as f:
                    while f:
                        class InLoop:
                            deep: "Deep"
                            plain = 1
                            if FLAG:
                                guarded: "Guarded"
                        break
            else:
                async def in_for_else(p: "InForElse"): pass
            assert a
            del x
        MATCH
            return a
        """
    found = _function_annotations(source.replace("        MATCH\n", match))
    expected = ["Deep", "Guarded", "InElse", "InFinally", "InForElse", "InHandler", "InTry"]
    if match:
        expected.insert(0, "InCase")
    assert found.names == sorted(expected)
    assert found.strings and found.annotated


def test_lambdas_and_unannotated_defs_name_nothing() -> None:
    lam = function_annotations(ast.parse("lambda x: x").body[0].value, False)  # type: ignore[attr-defined]
    plain = _function_annotations("def f(x, y=1):\n    return x\n")
    assert (lam.names, lam.annotated) == ([], False)
    assert (plain.names, plain.strings, plain.annotated) == ([], False, False)

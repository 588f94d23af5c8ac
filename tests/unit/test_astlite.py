"""``_astlite``, the part of ``ast`` capture uses without importing ``ast``: the same answers as
``ast`` on real sources, and a first ``dumps`` that never imports ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import List

import pytest

import srcpickle
from srcpickle import _astlite

from . import RESULT_MARK, import_from, result_of, run_fresh, write_module

SOURCES = {
    "plain": "def f(x, *, y=2):\n    return [i for i in range(x) if i % y]\n",
    "unicode": "def café(naïve='é€𝄞'):\n    return {'ключ': naïve, \"x\": f'{naïve!r:>10}'}\n",
    "multi_line": (
        "class K(Base, metaclass=M):\n"
        "    @decorate(\n        1,\n    )\n"
        "    async def m(self, a: 'int' = (\n        3\n    )) -> List[int]:\n"
        "        async with x as y:\n            yield await y\n"
        "        lambda q: (q,\n                   q)\n"
    ),
    "crlf": "def f(a):\r\n    b = (a +\r\n         1)\r\n    return b\r\n",
    "cr": "def f(a):\r    return (a,\r            a)\r",
    "form_feed_and_tabs": "\fdef f():\n\tx = 1\n\treturn (x,\n\t\tx)  # \f in a comment\n",
    "no_final_newline": "x = (1,\n     2)",
    "separators": "s = 'a\u2028b'  # \u2028 and \x0c are no line ends for the parser\ny = 1\n",
}


def _nodes(tree: ast.AST) -> List[ast.AST]:
    return list(ast.walk(tree))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_walk_and_children_are_asts(name: str) -> None:
    tree = ast.parse(SOURCES[name])
    assert list(_astlite.walk(tree)) == list(ast.walk(tree))  # the same nodes, in the same order
    for node in ast.walk(tree):
        assert list(_astlite.iter_child_nodes(node)) == list(ast.iter_child_nodes(node))
        assert list(_astlite.iter_fields(node)) == list(ast.iter_fields(node))


@pytest.mark.parametrize("name", sorted(SOURCES))
@pytest.mark.parametrize("padded", [False, True])
def test_source_segments_are_asts(name: str, padded: bool) -> None:
    source = SOURCES[name]
    segments = 0
    for node in _nodes(ast.parse(source)):
        expected = ast.get_source_segment(source, node, padded=padded)
        assert _astlite.get_source_segment(source, node, padded=padded) == expected, ast.dump(node)
        segments += expected is not None
    assert segments > 3


def test_a_node_without_positions_has_no_segment() -> None:
    assert _astlite.get_source_segment("x = 1\n", ast.Name(id="x", ctx=ast.Load())) is None
    assert _astlite.get_source_segment("x = 1\n", ast.Module(body=[], type_ignores=[])) is None


def test_node_classes_are_asts_and_other_names_come_from_ast() -> None:
    assert _astlite.FunctionDef is ast.FunctionDef
    assert _astlite.AST is ast.AST
    assert _astlite.PyCF_ONLY_AST == ast.PyCF_ONLY_AST
    assert _astlite.literal_eval("(1, 'a')") == (1, "a")  # from ast itself
    assert _astlite.unparse(ast.parse("x  +  1")) == "x + 1"
    with pytest.raises(AttributeError):
        _astlite.NoSuchNode  # noqa: B018 - the lookup is what is tested


FIRST_DUMPS_MODULE = """\
import json
from math import sqrt

LIMIT = 3


def make(scale):
    def scaled(x: float, *, precise: bool = False) -> str:
        value = sqrt(x) * scale
        return json.dumps(value if precise else round(value))
    return scaled


class Box:
    size: int = LIMIT

    def area(self, other: "Box") -> int:
        return self.size * other.size
"""


def test_first_dumps_does_not_import_ast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A closure with annotations, dumped first in a fresh process, imports no ``ast``; a class
    then does (its body's literals are read with ``ast.literal_eval``); each payload is the one
    this process writes."""
    write_module(tmp_path / "code", "al_first", FIRST_DUMPS_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "al_first")
    expected = (srcpickle.dumps(module.make(2)).decode(), srcpickle.dumps(module.Box).decode())
    proc = run_fresh(
        f"""\
        import al_first, srcpickle
        function = srcpickle.dumps(al_first.make(2)).decode()
        after_function = "ast" in sys.modules
        cls = srcpickle.dumps(al_first.Box).decode()
        print({RESULT_MARK!r} + repr((after_function, function, cls)))
        """,
        extra_path=[tmp_path / "code"],
    )
    assert result_of(proc) == (False, *expected)

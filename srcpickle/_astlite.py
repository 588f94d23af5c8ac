"""The part of ``ast`` that capture reads on every ``dumps``, without importing ``ast``.

Importing ``ast`` costs a fresh process about 1.7 ms (3.11) before its first ``dumps``: the
module defines the unparser, the visitors and the deprecated node classes, while capture uses
the node classes (which live in the C module ``_ast``), ``walk``, ``iter_child_nodes`` and
``get_source_segment``. Those are here, with ``ast``'s exact behaviour; any other name (``unparse``,
``literal_eval``, ``get_docstring``, a deprecated class) is taken from ``ast`` itself, imported on
that first use. Capture modules bind this module as ``ast`` at run time and import the real one
for type checkers.

Imports only the standard library.
"""

from __future__ import annotations

import _ast
from _ast import AST
from collections import deque

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Iterator, List, Optional, Tuple

# The node classes and compiler flags, as ast re-exports them (bound here once: capture reads
# them in its loops).
globals().update((name, value) for name, value in vars(_ast).items() if not name.startswith("_"))


def iter_fields(node: AST) -> Iterator[Tuple[str, Any]]:
    """``ast.iter_fields``: each ``(name, value)`` of ``node._fields`` that ``node`` has."""
    for name in node._fields:
        try:
            yield name, getattr(node, name)
        except AttributeError:
            pass


def iter_child_nodes(node: AST) -> Iterator[AST]:
    """``ast.iter_child_nodes``: the direct child nodes, fields and items of list fields in order."""
    for _, field in iter_fields(node):
        if isinstance(field, AST):
            yield field
        elif isinstance(field, list):
            for item in field:
                if isinstance(item, AST):
                    yield item


def walk(node: AST) -> Iterator[AST]:
    """``ast.walk``: ``node`` and every node below it, breadth first, in ``ast.walk``'s order."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(iter_child_nodes(node))
        yield node


def get_source_segment(source: str, node: AST, *, padded: bool = False) -> Optional[str]:
    """``ast.get_source_segment``: the text of ``source`` that ``node`` spans (None without
    positions); column offsets count UTF-8 bytes, as the parser's do."""
    try:
        if node.end_lineno is None or node.end_col_offset is None:  # type: ignore[attr-defined]
            return None
        lineno: int = node.lineno - 1  # type: ignore[attr-defined]
        end_lineno: int = node.end_lineno - 1  # type: ignore[attr-defined]
        col_offset: int = node.col_offset  # type: ignore[attr-defined]
        end_col_offset: int = node.end_col_offset  # type: ignore[attr-defined]
    except AttributeError:
        return None
    lines = _source_lines(source)
    if end_lineno == lineno:
        return lines[lineno].encode()[col_offset:end_col_offset].decode()
    padding = ""
    if padded:
        padding = "".join(c if c in "\f\t" else " " for c in lines[lineno].encode()[:col_offset].decode())
    first = padding + lines[lineno].encode()[col_offset:].decode()
    last = lines[end_lineno].encode()[:end_col_offset].decode()
    return "".join([first, *lines[lineno + 1 : end_lineno], last])


def _source_lines(source: str) -> List[str]:
    # The parser's lines, ends kept: only \r\n, \r and \n end one (str.splitlines would split at
    # \f, \v and Unicode separators too). Without \r, a split at \n says it.
    if "\r" in source:
        import ast

        lines: List[str] = ast._splitlines_no_ff(source)  # type: ignore[attr-defined]
        return lines
    parts = source.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def __getattr__(name: str) -> Any:
    # What this module does not define comes from ast itself, imported on the first such use.
    import ast

    return getattr(ast, name)

"""Syntax that the Python 3.10, 3.11 and 3.12 grammars added and that a syntax tree does not tell
apart by its node types alone, for ``_deps.node_requirement``. Imported only when a source holds
a candidate (an assignment expression in a subscript; a comprehension in a text that mentions
``async`` or ``await``; an f-string, on 3.12 and later): a first dumps of other code does not
pay for it."""

from __future__ import annotations

import ast
from types import SimpleNamespace

from . import _astparse
from ._deps import COMPREHENSIONS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Iterator, List, Tuple


def bare_walrus_index(node: ast.Subscript, source: str) -> bool:
    """Whether subscript ``node`` of ``source`` has an assignment expression as its index, or as an
    item of its index tuple, without parentheses of its own: Python 3.10 grammar."""
    # From 3.10 an index may be an assignment expression without parentheses, alone or an item
    # of a tuple without them (x[y := 1], x[2, y := 1]); before, only (y := 1) was one.
    index = node.slice
    if isinstance(index, ast.Tuple):
        if (ast.get_source_segment(source, index) or "").startswith("("):
            return False  # x[(y := 1, 2)]: the items of a parenthesized tuple are as in any tuple
        items = list(index.elts)
    else:
        items = [index]
    for item in items:
        if isinstance(item, ast.NamedExpr):
            # The text from the subscript to the item: it ends with "(" when the item has them.
            before = _between(source, (node.lineno, node.col_offset), (item.lineno, item.col_offset))
            if not before.rstrip().endswith("("):
                return True
    return False


def async_inside(node: ast.AST) -> bool:
    """Whether comprehension ``node``, not asynchronous itself, holds an asynchronous list, set or
    dict comprehension in its own scope: Python 3.11 grammar."""
    # From 3.11 a comprehension in an async function may hold an asynchronous list, set or dict
    # comprehension (one with an "async for", or an await in its own scope) without being one;
    # before, that was "asynchronous comprehension outside of an asynchronous function". An
    # asynchronous generator expression was allowed anywhere, and the first iterable is
    # evaluated outside the comprehension.
    if _is_async(node):
        return False
    return any(
        isinstance(inner, (ast.ListComp, ast.SetComp, ast.DictComp)) and _is_async(inner)
        for inner in _own_scope(node)
    )


def _is_async(comprehension: ast.AST) -> bool:
    if any(generator.is_async for generator in comprehension.generators):  # type: ignore[attr-defined]
        return True
    return any(isinstance(inner, ast.Await) for inner in _own_scope(comprehension))


def _own_scope(comprehension: ast.AST) -> Iterator[ast.AST]:
    # The nodes a comprehension evaluates in its own scope: its element (or key and value), its
    # targets, conditions and iterables but the first; a nested comprehension's first iterable
    # only, and nothing of a lambda's body.
    stack: List[ast.AST] = [
        getattr(comprehension, field) for field in ("elt", "key", "value") if hasattr(comprehension, field)
    ]
    for index, generator in enumerate(comprehension.generators):  # type: ignore[attr-defined]
        stack.append(generator.target)
        stack.extend(generator.ifs)
        if index:
            stack.append(generator.iter)
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, COMPREHENSIONS):
            stack.append(current.generators[0].iter)
        elif isinstance(current, ast.Lambda):
            stack.append(current.args)
        else:
            stack.extend(_astparse.iter_child_nodes(current))


def pep701(node: ast.JoinedStr, source: str, quote: str = "") -> bool:
    """Whether f-string ``node`` of ``source`` needs the Python 3.12 grammar (PEP 701); asked on
    3.12 and later, where a FormattedValue spans its whole replacement field."""
    # Before 3.12 an f-string was one string token, its replacement fields read from it: the
    # token ended at its quote (no field could reuse it) and a single-quoted one at the end of a
    # line (no field could span lines), and a field's expression part (what comes before its
    # format spec: the expression and any space, comment, "=" and conversion around it) could
    # hold neither a backslash nor a "#". On 3.12 a FormattedValue spans its whole "{...}".
    if not quote:  # the f-string itself (a format spec is read with its f-string's quote)
        segment = ast.get_source_segment(source, node) or ""
        prefix_end = next((i for i, c in enumerate(segment) if c in "'\""), 0)
        quote = segment[prefix_end : prefix_end + 3]
        quote = quote if quote in ('"""', "'''") else segment[prefix_end : prefix_end + 1]
    for value in node.values:
        if not isinstance(value, ast.FormattedValue):
            continue
        field = ast.get_source_segment(source, value) or ""
        if quote[0] in field or ("\n" in field and len(quote) == 1):
            return True
        # The expression part: from "{" to the format spec's ":" (a ":" in a comment comes after
        # its "#", which decides first) or to "}".
        expression = value.value
        stop = (expression.end_lineno, expression.end_col_offset)
        part = _between(source, (value.lineno, value.col_offset), stop)
        rest = _between(source, stop, (value.end_lineno, value.end_col_offset))
        part += rest.split(":", 1)[0] if value.format_spec is not None else rest
        if "\\" in part or "#" in part:
            return True
        if isinstance(value.format_spec, ast.JoinedStr) and pep701(value.format_spec, source, quote):
            return True
    return False


def _between(source: str, start: Tuple[Any, Any], end: Tuple[Any, Any]) -> str:
    # The text of ``source`` from ``start`` to ``end``, each a (line, column) of its tree's
    # positions (as ast.get_source_segment reads a node's).
    span = SimpleNamespace(lineno=start[0], col_offset=start[1], end_lineno=end[0], end_col_offset=end[1])
    return ast.get_source_segment(source, span) or ""  # type: ignore[arg-type]

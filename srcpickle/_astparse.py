"""``ast.parse``, serialized on the interpreters where concurrent calls race.

CPython 3.11.0-3.11.7 and 3.12.0-3.12.1 keep the AST constructor's recursion counter in state
shared by every thread; when a garbage collection inside one thread's ``ast.parse`` lets another
thread parse, the counters mix and ``ast.parse`` raises ``SystemError: AST constructor recursion
depth mismatch`` (CPython issue 106905, fixed in 3.11.8 and 3.12.2). Capture parses source files,
so concurrent ``dumps`` calls hit it, and loading parses the sources it compiles, so concurrent
``loads`` calls do too; there, every parse srcpickle makes takes one lock.

Imports only the standard library, and not ``ast`` itself (about 8 ms): the loader parses the
sources it compiles, and its first call in a process should not pay for that module. ``compile``
with ``PyCF_ONLY_AST`` is what ``ast.parse`` calls. ``walk`` and ``iter_child_nodes`` are
``ast``'s, for the capture side's first ``dumps`` (issue 9): the node classes come from ``_ast``,
and ``ast`` is imported only for what only it has (``get_source_segment``, ``unparse``).
"""

from __future__ import annotations

import _ast
import _thread
import contextlib
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import ast
    from typing import Any, ContextManager, Dict, FrozenSet, Iterator, List, Optional, Tuple


def _parse_races() -> bool:
    if sys.implementation.name != "cpython":
        return False
    version = sys.version_info[:3]
    return (3, 11, 0) <= version < (3, 11, 8) or (3, 12, 0) <= version < (3, 12, 2)


# Whether this interpreter has the race; the lock is taken only there.
PARSE_RACES = _parse_races()
_LOCK = _thread.allocate_lock()


def _guard() -> ContextManager[Any]:
    return _LOCK if PARSE_RACES else contextlib.nullcontext()


def parse(source: str) -> ast.Module:
    """``ast.parse(source)``, one call at a time where parsing races.

    Raises:
        SyntaxError, ValueError, RecursionError, MemoryError: as ``ast.parse``.
    """
    with _guard():
        # typeshed types this compile as AST; in "exec" mode it makes a Module (no typing.cast:
        # the loader imports no typing at run time).
        tree: ast.Module = compile(source, "<unknown>", "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)  # type: ignore[assignment]
    return tree


def parse_expression(source: str) -> ast.Expression:
    """``ast.parse(source, mode="eval")``, one call at a time where parsing races.

    Raises:
        SyntaxError, ValueError, RecursionError, MemoryError: as ``ast.parse``.
    """
    with _guard():
        tree: ast.Expression = compile(source, "<unknown>", "eval", _ast.PyCF_ONLY_AST, dont_inherit=True)  # type: ignore[assignment]
    return tree


def parse_module(source: str, flags: int) -> ast.Module:
    """``source`` parsed as a module with compiler ``flags`` (``__future__`` features), without
    inheriting the caller's, one call at a time where parsing races.

    Raises:
        SyntaxError, ValueError, RecursionError, MemoryError: as ``compile``.
    """
    with _guard():
        tree: ast.Module = compile(
            source, "<srcpickle>", "exec", _ast.PyCF_ONLY_AST | flags, dont_inherit=True
        )
    return tree


def compile_tree(tree: ast.Module, filename: str, flags: int) -> Any:
    """``compile(tree, filename, "exec", flags, dont_inherit=True)``: the code of a module's
    syntax tree, one call at a time where parsing races (the conversion of a tree back to the
    compiler's shares the parser's recursion counter, CPython issue 106905).

    Raises:
        SyntaxError, ValueError, TypeError, RecursionError, MemoryError: as ``compile``.
    """
    with _guard():
        return compile(tree, filename, "exec", flags, dont_inherit=True)


def iter_child_nodes(node: _ast.AST) -> Iterator[_ast.AST]:
    """``ast.iter_child_nodes``: the direct children of ``node``, field by field in order."""
    for name in node._fields:
        try:
            field = getattr(node, name)
        except AttributeError:
            continue
        if isinstance(field, _ast.AST):
            yield field
        elif isinstance(field, list):
            for item in field:
                if isinstance(item, _ast.AST):
                    yield item


def walk(node: _ast.AST) -> Iterator[_ast.AST]:
    """``ast.walk``: ``node`` and every node below it, breadth-first."""
    pending = [node]
    for current in pending:  # grows as it goes
        pending.extend(iter_child_nodes(current))
        yield current


def attribute_chain(node: _ast.AST) -> Tuple[_ast.AST, Tuple[str, ...]]:
    """The innermost value of an attribute chain (the ``a`` of ``a.b.c``) and the names read
    from it in order (``("b", "c")``); a node that is no attribute gives itself and ``()``."""
    parts = []
    while isinstance(node, _ast.Attribute):
        parts.append(node.attr)
        node = node.value
    parts.reverse()
    return node, tuple(parts)


# Here rather than in _annotated, which makes it: a def without annotations gets an empty one
# without importing that module (issue 9).
class Annotations:
    """What the annotations of a class statement (and of the classes nested in it, not its
    functions'), or of a def statement (and of what its body defines), name.

    ``names``: the global names their expressions (and the strings in them) read, sorted;
    ``chains``: the attribute chains followed from each (``typing.ClassVar`` gives
    ``("ClassVar",)`` for ``typing``); ``strings``: some annotation holds a string to be evaluated
    later (quoted, or inside a quoted one); ``annotated``: the statement has annotations at all.
    """

    __slots__ = ("names", "chains", "strings", "annotated")

    def __init__(self) -> None:
        self.names: List[str] = []
        self.chains: Dict[str, List[Tuple[str, ...]]] = {}
        self.strings = False
        self.annotated = False


def catches(caught: Optional[_ast.AST], names: FrozenSet[str]) -> bool:
    """Whether an ``except`` clause of type ``caught`` (its ``type``: None for a bare
    ``except``) catches an exception named in ``names``: the type is such a name
    (``ImportError``, ``errors.ImportError``) or a tuple holding one (``(OSError, ImportError)``).
    The one reading of exception names from handlers (and from ``suppress(...)``'s arguments),
    for every caller with its own ``names``."""
    pending = [caught]
    while pending:
        current = pending.pop()
        if current is None:
            return True
        if isinstance(current, _ast.Tuple):
            pending.extend(current.elts)
        elif isinstance(current, _ast.Name) and current.id in names:
            return True
        elif isinstance(current, _ast.Attribute) and current.attr in names:
            return True
    return False

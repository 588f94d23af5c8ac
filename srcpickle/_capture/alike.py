"""Names for alike functions and classes a container holds (``TABLE = [lambda ...]``): a short
digest of the source and of the values the function or class was made with, not its place among
them, which an insertion would move.

Imported by the first capture that names one (``functions``, ``classes``): a dumps of plain
functions does not load this code (issue 9).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import types
    from typing import Any, List, Optional


# Hex digits of the digest that names one of alike functions held in a container (as
# values._DIGEST_CHARS names a section of no name of its own).
_ALIKE_DIGEST_CHARS = 6


def function_digest(fn: types.FunctionType, source: str) -> str:
    """A digest of ``fn``'s source and of the values its defaults and cells hold: what tells
    apart ``[lambda x, n=n: x + n for n in ...]``, one source made several times."""
    parts = []
    for value in fn.__defaults__ or ():
        parts.append(scalar_text(value))
    for name, value in sorted((fn.__kwdefaults__ or {}).items()):
        parts.append(f"{name}={scalar_text(value)}")
    for cell in fn.__closure__ or ():
        try:
            parts.append(scalar_text(cell.cell_contents))
        except ValueError:  # an empty cell
            parts.append("<empty>")
    return alike_digest(source, parts)


def alike_digest(source: str, parts: List[str]) -> str:
    """The first hex digits of a SHA-256 of ``source`` and ``parts`` (texts of values, see
    ``scalar_text``): the name of one of alike functions or classes a container holds."""
    import hashlib  # (only for a function or class held in a container: issue 9)

    text = "\x00".join([source, *parts]).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()[:_ALIKE_DIGEST_CHARS]


def scalar_text(value: Any, budget: Optional[List[int]] = None) -> str:
    """``value`` as a digest of alike functions counts it: a scalar by its repr, a list, tuple,
    dict, set or frozenset of such values by their texts (a set's sorted), up to
    ``_ALIKE_ITEMS`` items in all; any other value, or a container past that, by its type's name
    (an id or address would differ from run to run, and what is still alike is told apart by a
    number, in the walk's order)."""
    kind = type(value)
    if kind is int:
        return format(value, "x")  # (repr refuses ints of more than 4300 digits)
    if kind in (str, bytes, float, complex, bool, type(None)):
        return repr(value)
    if kind in _CONTAINERS:
        # (closures over [1] and [2], one factory's, told apart by what they hold)
        if budget is None:
            budget = [_ALIKE_ITEMS]
        if len(value) <= budget[0]:
            budget[0] -= len(value)
            if kind is dict:
                items = [f"{scalar_text(k, budget)}:{scalar_text(v, budget)}" for k, v in value.items()]
            else:
                items = [scalar_text(item, budget) for item in value]
                if kind is set or kind is frozenset:
                    items.sort()
            if budget[0] >= 0:
                return f"{kind.__qualname__}({','.join(items)})"
        budget[0] = -1
    return kind.__qualname__


# The containers whose items a digest of alike functions reads, and how many items in all (a
# closure over a big table is named by its type, as before: reading it would cost its size).
_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
_ALIKE_ITEMS = 64

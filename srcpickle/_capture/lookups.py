"""Functions that look names up in their globals at run time.

A loaded function's globals hold the names its code reads by name, and no others. One that calls
``globals()``, or ``eval``/``exec`` with no namespace of its own, may look up a name the payload
does not hold; it fails only when it runs (``KeyError``, ``NameError``), far from the ``dumps``
that left the name out. ``dumps`` says so then, with a ``DynamicNamesWarning``.
"""

from __future__ import annotations

import ast
import types
from typing import List, Set, Tuple

from ..errors import DynamicNamesWarning


def lookups_in(node: ast.AST, reads: Tuple[str, ...]) -> Tuple[str, ...]:
    """The builtins among ``reads`` (the global names the function's code reads) that ``node``
    (a def's, lambda's or method's syntax tree) calls to look names up in its globals:
    ``globals`` called with no argument, ``eval``/``exec`` given only the text to run; each
    named once, in the order met. ``globals()`` passed to ``__import__`` is left out: the import
    reads ``__name__`` and ``__package__`` from it, which every loaded function's globals hold.
    (``vars()`` and ``locals()`` inside a function give its locals.)"""
    found: List[str] = []
    passed: Set[int] = set()
    # Breadth-first: a call to __import__ is met before its arguments.
    for sub in ast.walk(node):
        if type(sub) is not ast.Call or type(sub.func) is not ast.Name:
            continue
        name = sub.func.id
        if name == "__import__":
            passed.update(id(arg) for arg in sub.args)
            passed.update(id(keyword.value) for keyword in sub.keywords)
            continue
        if name == "globals":
            looks = not sub.args and id(sub) not in passed
        elif name in ("eval", "exec"):
            # (a starred argument may be the namespace: not known from the source)
            alone = len(sub.args) == 1 and type(sub.args[0]) is not ast.Starred
            looks = alone and not any(keyword.arg in ("globals", None) for keyword in sub.keywords)
        else:
            continue
        if looks and name in reads and name not in found:
            found.append(name)
    return tuple(found)


def warn_lookups(fn: types.FunctionType, lookups: Tuple[str, ...]) -> None:
    """Warn that ``fn`` looks names up through ``lookups`` (``lookups_in``'s answer), unless its
    module defines those names itself (then the calls are the module's own functions)."""
    calls = [f"{name}()" for name in lookups if name not in fn.__globals__]
    if not calls:
        return
    from .._rebuild.checks import warn_caller  # (rare: one import when it warns)

    code = fn.__code__
    warn_caller(
        f"{fn.__qualname__} ({code.co_filename}, line {code.co_firstlineno}) looks names up in its "
        f"globals at run time ({' and '.join(calls)}): the loaded function's globals hold only the "
        "names its code reads by name, so a name it finds only that way is missing when it runs "
        "(KeyError, NameError). Read those names by name (a dict of the handlers as a global), or "
        "dump what it looks up beside it",
        DynamicNamesWarning,
    )

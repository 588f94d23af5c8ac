"""Keyword arguments a later Python added to the standard library, passed by a payload's code.

A function written on Python 3.13 that calls ``zip(a, b, strict=True)`` compiles on 3.9, loads
there, and fails with a ``TypeError`` the first time it is called, deep inside a user's program.
Loading refuses it instead, before anything of the payload runs: each call in the sources whose
callee is a standard-library callable the payload's names lead to (a builtin, an imported
module's attribute) and whose keyword the generated table ``_stdlib_keywords`` says a release
newer than this Python added is a ``PythonVersionError``, as a standard-library name of a newer
release is (``_names``).

Only a payload written by a newer Python than this one is read: what a Python wrote runs on it,
so loading on the same or a newer release costs nothing here.
"""

from __future__ import annotations

import _ast
import builtins
import sys
from typing import Any, Dict, List, Optional, Set, Tuple

from ._model import ClassNode, Payload
from ._name_uses import _GUARD_EXCEPTIONS, _flagged, _global_names, bound_names
from ._names import parse_source, targets
from ._rebuild.checks import written_by_newer

# One call passing a newer keyword: how it is named in messages, the release that added the
# keyword, and who passes it (the qualname and line).
NewerKeyword = Tuple[str, Tuple[int, int], str]


def newer_keywords(payload: Payload) -> List[NewerKeyword]:
    """Every call of the payload's sources that passes a keyword a Python newer than this one
    added to a standard-library callable, in document order; empty when this Python is as new as
    the one that wrote the payload, or newer than every release the table knows."""
    if not written_by_newer(payload):
        return []
    here = sys.version_info[:2]
    from ._stdlib_keywords import KEYWORDS, NEWEST  # (only for a payload a newer Python wrote)

    if here >= NEWEST:
        return []

    # A call under a test of the version, of hasattr, or in a try whose handler catches a
    # TypeError (what passing an unknown keyword raises) runs where it works: no finding.
    catches = _GUARD_EXCEPTIONS | {"TypeError"}
    # A module the payload imports from a distribution (a package of the user's named glob) is
    # not the standard library's, whatever its name.
    other = {node.module for _, node in payload.imports() if not node.distribution.is_stdlib}
    found: List[NewerKeyword] = []
    for _, node in payload.sources():
        if not node.source or "=" not in node.source:
            continue  # no keyword argument
        parsed = parse_source(node)
        if parsed is None:
            continue  # compiling it reports that
        tree, offset = parsed
        imports = {name: to for name, to in targets(payload, node.namespace).items() if to[0] not in other}
        held = _global_names(payload, node.namespace)
        local, imported = bound_names(tree)
        bound = local | {name for name, _ in node.closure}
        top = tree.body[0].value if offset else (tree.body[0] if tree.body else None)  # type: ignore[attr-defined]
        class_source = isinstance(node, ClassNode)
        evaluated = "annotations" not in node.future
        calls: List[Tuple[int, int, NewerKeyword]] = []
        for sub, annotation, guarded in _flagged(tree, top, class_source, evaluated, catches):
            if type(sub) is not _ast.Call or not sub.keywords or annotation or guarded:
                continue
            callee = _callee(sub.func, imported, imports, bound, held)
            if callee in _BINDERS and sub.args:
                # functools.partial(zip, strict=True): the keywords go to the callable it binds.
                callee = _callee(sub.args[0], imported, imports, bound, held)
            added = KEYWORDS.get(callee) if callee is not None else None
            if callee is None or not added:
                continue
            for keyword in sub.keywords:
                release = added.get(keyword.arg) if keyword.arg else None
                if release is not None and here < release:
                    shown = callee[len("builtins.") :] if callee.startswith("builtins.") else callee
                    line = node.line + sub.lineno - 1 - offset
                    where = f"passed by {node.qualname}, line {line}"
                    calls.append((line, keyword.col_offset, (f"{shown}({keyword.arg}=...)", release, where)))
        found += [entry for _, _, entry in sorted(calls)]
    return found


# Calls that pass their keywords on to the callable they take first.
_BINDERS = frozenset({"functools.partial", "functools.partialmethod"})


def _callee(
    func: Any,
    imported: Dict[str, Tuple[str, str]],
    imports: Dict[str, Tuple[str, str]],
    bound: Set[str],
    held: Set[str],
) -> Optional[str]:
    # The dotted standard-library name a call's callee reads (builtins.zip, dataclasses.dataclass,
    # pathlib.Path.glob), or None: a local, closure or global value of the user's own is nothing
    # the table can speak for.
    parts: List[str] = []
    while type(func) is _ast.Attribute:
        parts.append(func.attr)
        func = func.value
    if type(func) is not _ast.Name:
        return None
    root = func.id
    if root in imported:
        module, inside = imported[root]
    elif root in bound:
        return None
    elif root in imports:
        module, inside = imports[root]
    elif root in held or not hasattr(builtins, root):
        # (a global of the user's own, or an import of a module of a distribution's)
        return None
    else:
        module, inside = "builtins", root
    return ".".join(p for p in (module, inside, *reversed(parts)) if p)

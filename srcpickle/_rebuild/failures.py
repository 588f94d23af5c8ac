"""The messages of the checks that fail (``checks``): what is missing or fails to import, the
distribution and version the payload was saved with, the functions and classes whose code uses
it, and the fix.

Imported by the first check that fails: a payload that passes its checks, the common case, does
not pay for the messages (issue 9). Imports only the standard library; runs nothing from the
payload.
"""

from __future__ import annotations

import sys

from .._model import ClassNode, Distribution, FunctionNode, ImportNode, NamespaceNode, Payload, Ref, RefNode
from .._names import added_in
from ..errors import MissingDependencyError, PythonVersionError
from .checks import installed_version

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Dict, Iterable, List, Optional, Sequence, Tuple

_PYTHON = sys.version.split()[0]


def missing_dependency(
    entries: Iterable[Tuple[str, Distribution]], what: str, payload: Optional[Payload] = None
) -> MissingDependencyError:
    """The error for modules (or names) ``entries`` that this environment lacks, each with the
    distribution the payload saw and the functions and classes whose code uses it, and one
    ``pip install`` line for all; ``payload``: the payload they are missing for."""
    lines = []
    pins = []
    local = []
    newer = False
    users = module_users(payload) if payload is not None else {}
    for module, dist in sorted(set(entries), key=lambda e: e[0]):
        used = users.get(module)
        by = f", used by {', '.join(used)}" if used else ""
        if dist.is_stdlib:
            removed = _removed(module)
            newer = newer or not removed
            lines.append(f"  {module}: not in the standard library of this Python ({_PYTHON}){removed}{by}")
        elif dist.is_local:
            lines.append(
                f"  {module} (from no installed distribution when saved: code of the user's own){by}"
            )
            local.append(module)
        else:
            lines.append(f"  {module} (saved with {dist.name} {dist.version}){by}")
            pins.append(f"{dist.name}=={dist.version}")
    fix = f"\nTo install them: pip install {' '.join(sorted(set(pins)))}" if pins else ""
    written_by = payload.written_by if payload is not None else ""
    written = written_by.split(", ", 1)[-1] if ", " in written_by else ""
    if newer and written:
        # A module of a newer standard library (tomllib, new in 3.11, loaded on 3.9): the
        # Python that wrote the payload had it.
        fix += f"\nLoad it on a Python whose standard library has them (such as {written}, which wrote it)"
    if local:
        fix += (
            f"\nMake {', '.join(local)} importable here (the folder holding it on sys.path or "
            "PYTHONPATH, as where the payload was saved), or dump again with the module by value"
        )
    return MissingDependencyError(
        f"the payload needs {what} that are not installed here; nothing was executed:\n"
        + "\n".join(lines)
        + fix,
        tuple(sorted({module for module, _ in entries})),
    )


def newer_stdlib(
    entries: Iterable[Tuple[str, Distribution]], payload: Optional[Payload], what: str = "modules"
) -> Optional[PythonVersionError]:
    """The error for the modules (or names: ``what``) of ``entries``, missing here, that a later
    release added to the standard library (tomllib, new in 3.11), when there is any: this Python
    is too old."""
    users = module_users(payload) if payload is not None else {}
    newer = []
    for module, dist in sorted(set(entries), key=lambda e: e[0]):
        release = added_in(module) if dist.is_stdlib else None
        if release is not None:
            used = users.get(module)
            newer.append((module, release, f"used by {', '.join(used)}" if used else ""))
    return python_too_old(payload, newer, what) if newer else None


def python_too_old(
    payload: Optional[Payload], entries: Sequence[Tuple[str, Tuple[int, int], str]], what: str
) -> PythonVersionError:
    """The error for standard-library ``what`` (``modules``, ``names``) of ``entries``, each
    ``(name, the release that added it, who uses it)``, that this Python is too old to have."""
    major, minor = max(release for _, release, _ in entries)
    lines = []
    for name, release, where in entries:
        by = f" ({where})" if where else ""
        lines.append(f"  {name}{by}: new in Python {release[0]}.{release[1]}")
    written_by = payload.written_by if payload is not None else ""
    written = written_by.split(", ", 1)[-1] if ", " in written_by else ""
    such = f" (such as {written}, which wrote it)" if written else ""
    return PythonVersionError(
        f"this payload needs Python {major}.{minor} or newer: its code uses {what} of the standard "
        f"library that this Python ({_PYTHON}) is too old to have; nothing was executed:\n"
        + "\n".join(lines)
        + f"\nLoad it with Python {major}.{minor} or newer{such}."
    )


def _removed(module: str) -> str:
    # A module a Python release removed (imp, distutils, asynchat in 3.12; cgi in 3.13): when,
    # and what to use, from the table srcpickle check reads.
    from .._check import find_move  # the table is read only for this message

    move = find_move(module)
    if move is None or sys.version_info[:2] < move.removed:
        return ""
    return f": removed in Python {move.removed[0]}.{move.removed[1]} ({move.advice()})"


def module_users(payload: Payload) -> Dict[str, List[str]]:
    """For each module the payload imports (an import's submodules too, a reference's module),
    the qualnames of the functions and classes whose code reads a name an import bound to it
    or imports it in its body, in document order. Read only for an error's message."""
    modules: Dict[str, Tuple[str, ...]] = {}
    for node_id, node in payload.nodes.items():
        if isinstance(node, ImportNode):
            modules[node_id] = (node.module, *node.submodules)
        elif isinstance(node, RefNode):
            modules[node_id] = (node.module,)
    users: Dict[str, List[str]] = {}
    for node in payload.nodes.values():
        if not isinstance(node, (FunctionNode, ClassNode)):
            continue
        namespace = payload.nodes.get(node.namespace)
        bound = dict(namespace.globals) if isinstance(namespace, NamespaceNode) else {}
        reached = [bound.get(name) for name in node.imported]
        reached += list(getattr(node, "body_imports", ()))
        for value in reached:
            for module in modules.get(value.id, ()) if isinstance(value, Ref) else ():
                found = users.setdefault(module, [])
                if node.qualname not in found:
                    found.append(node.qualname)
    return users


def import_failure(
    module: str, distribution: Optional[Distribution], exc: BaseException
) -> MissingDependencyError:
    """The error for ``module``, which the payload imports, found here but failing to import."""
    detail = f"{type(exc).__name__}: {exc}"
    if distribution is None or distribution.is_stdlib:
        where = f" (the standard library's, this is Python {_PYTHON})" if distribution is not None else ""
        fix = ""
    elif distribution.is_local:
        where = " (from no installed distribution when saved: code of the user's own)"
        fix = f" Make {module} importable here, or dump again with the module by value."
    else:
        installed = installed_version(distribution.name, (module,))
        here = f"{distribution.name} {installed} is installed here" if installed else "it is found here"
        where = f" (saved with {distribution}; {here})"
        pin = f"{distribution.name}=={distribution.version}"
        fix = f" Repair or reinstall it: pip install --force-reinstall {pin}"
    return MissingDependencyError(
        f"the payload imports {module}{where}, and importing it here raised {detail}; nothing of the "
        f"payload was executed.{fix}",
        (module,),
    )


def used_by(payload: Payload, modules: Sequence[str]) -> str:
    """``" (used by f, g)"``: the functions and classes whose code uses ``modules`` (of one
    distribution); ``""`` when none is known."""
    users = module_users(payload)
    found: List[str] = []
    for module in modules:
        for user in users.get(module, ()):
            if user not in found:
                found.append(user)
    return f" (used by {', '.join(found)})" if found else ""

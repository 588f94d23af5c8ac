"""Guarded module-level imports (format 3 ``guard`` sections), decided before a payload is checked.

A module that ran ``try: import ujson`` / ``except ImportError: ujson = None`` works where ujson
is missing: the payload says so with a ``guard`` section (see ``_model.GuardNode``). Before
anything is checked or imported, ``resolve_guards`` decides each guard, as the module's ``try``
statement decided it when it ran: every module the guard tries is found here (without importing
it) and the guard goes, or one is not and the namespace's guarded globals take the handler's
values (or are left out). What only the guard's losing side needed goes with it, so a fallback
import is not asked for where the module it stands in for is found, nor the tried module where
it is not. A module the payload needs elsewhere too (a body import, a global no guard covers)
stays, and is reported missing as before.

The decision is taken once per payload text in a process (the prepared payload is cached), as a
module's ``try`` statement runs once per process. What was decided is kept beside each module
built (``keep_guards``: its ``__loader__``), so that dumping what was loaded writes the guards
again (``_capture.guards``): ``dumps(loads(p)) == p`` whichever way they went. Imports only the
standard library.
"""

from __future__ import annotations

from .._model import (
    ClassNode,
    FunctionNode,
    GuardNode,
    ImportNode,
    KeptGuards,
    NamespaceNode,
    Payload,
    Ref,
    RefNode,
    TupleValue,
    iter_refs,
    node_values,
    replace,
)
from .checks import _module_findable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Set, Tuple

    from .._model import Node, Value


def has_guards(payload: Payload) -> bool:
    """Whether ``payload`` holds a ``guard`` section (format 3)."""
    return payload.format_version >= 3 and any(type(node) is GuardNode for node in payload.nodes.values())


def resolve_guards(payload: Payload) -> Payload:
    """``payload`` without its ``guard`` sections: each applied to its namespace where a module it
    tries is not found here, dropped where all are; then without the sections that only a guard's
    losing side reached (see the module's docstring)."""
    return decide_guards(payload)[0]


def decide_guards(payload: Payload) -> Tuple[Payload, Dict[str, KeptGuards]]:
    """``resolve_guards(payload)``, and what it decided for each namespace that has guards (by
    namespace id), for the loader to keep beside the module it builds (see ``KeptGuards``)."""
    nodes = dict(payload.nodes)
    decided: Dict[str, List[Tuple[str, GuardNode, bool]]] = {}
    for node_id, node in payload.nodes.items():
        if type(node) is not GuardNode:
            continue
        del nodes[node_id]
        namespace = nodes.get(node.namespace)
        if not isinstance(namespace, NamespaceNode):
            continue  # (checked by the reader: a namespace section)
        if all(_tried_here(payload.nodes.get(ref.id)) for ref in node.tries if isinstance(ref, Ref)):
            decided.setdefault(node.namespace, []).append((node_id, node, False))
            continue
        decided.setdefault(node.namespace, []).append((node_id, node, True))
        fallbacks = dict(node.fallbacks)
        left_out = set(node.unbound)
        kept = [
            (name, fallbacks.pop(name, value)) for name, value in namespace.globals if name not in left_out
        ]
        # A fallback for a global the namespace does not hold is bound too, as the handler did.
        kept += sorted(fallbacks.items())
        nodes[node.namespace] = replace(namespace, globals=tuple(kept))
    # What the root and the guards reached before, and the root no longer reaches, goes; a
    # section nothing refers to (an import a loader only checks and imports) stays.
    guards = [Ref(node_id) for node_id, node in payload.nodes.items() if type(node) is GuardNode]
    before = _reached(TupleValue((payload.root, *guards)), payload.nodes)
    gone = before - _reached(payload.root, nodes)
    # With a class that goes, what its statement holds (methods, nested classes), which nothing
    # refers to: a nested class left without its class's source refused the payload.
    members = [
        (node_id, node.in_class)
        for node_id, node in nodes.items()
        if isinstance(node, (FunctionNode, ClassNode))
    ]
    while True:
        more = {node_id for node_id, owner in members if owner in gone and node_id not in gone}
        if not more:
            break
        gone |= more
    resolved = replace(
        payload, nodes={node_id: node for node_id, node in nodes.items() if node_id not in gone}
    )
    built = frozenset(resolved.nodes)
    kept_guards = {
        namespace_id: KeptGuards(payload.nodes, namespace_id, tuple(guards_of), built)
        for namespace_id, guards_of in decided.items()
    }
    return resolved, kept_guards


def keep_guards(objects: Dict[str, Any], decided: Dict[str, KeptGuards]) -> None:
    """Keep what was decided of each namespace's guards beside the module built for it, as its
    ``__loader__``: the capture of a loaded function writes those guards again from there."""
    for namespace_id, kept in decided.items():
        module = objects.get(namespace_id)
        if module is not None:
            module.__dict__["__loader__"] = kept


def _tried_here(node: object) -> bool:
    if isinstance(node, ImportNode):
        return all(_module_findable(name) for name in (node.module, *node.submodules))
    if isinstance(node, RefNode):
        return _module_findable(node.module)
    return True


def _reached(root: Value, nodes: Dict[str, Node]) -> Set[str]:
    # The ids of the sections ``root`` reaches, through every value of every section reached.
    reached: Set[str] = set()
    pending: List[str] = [ref.id for ref in iter_refs(root)]
    while pending:
        node_id = pending.pop()
        if node_id in reached or node_id not in nodes:
            continue
        reached.add(node_id)
        for value in node_values(nodes[node_id]):
            pending.extend(ref.id for ref in iter_refs(value))
    return reached

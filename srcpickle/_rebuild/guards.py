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
module's ``try`` statement runs once per process. Imports only the standard library.
"""

from __future__ import annotations

from .._model import (
    GuardNode,
    ImportNode,
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
    from typing import Dict, List, Set

    from .._model import Node, Value


def has_guards(payload: Payload) -> bool:
    """Whether ``payload`` holds a ``guard`` section (format 3)."""
    return payload.format_version >= 3 and any(type(node) is GuardNode for node in payload.nodes.values())


def resolve_guards(payload: Payload) -> Payload:
    """``payload`` without its ``guard`` sections: each applied to its namespace where a module it
    tries is not found here, dropped where all are; then without the sections that only a guard's
    losing side reached (see the module's docstring)."""
    nodes = dict(payload.nodes)
    for node_id, node in payload.nodes.items():
        if type(node) is not GuardNode:
            continue
        del nodes[node_id]
        if all(_tried_here(payload.nodes.get(ref.id)) for ref in node.tries if isinstance(ref, Ref)):
            continue
        namespace = nodes.get(node.namespace)
        if not isinstance(namespace, NamespaceNode):
            continue  # (checked by the reader: a namespace section)
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
    return replace(payload, nodes={node_id: node for node_id, node in nodes.items() if node_id not in gone})


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

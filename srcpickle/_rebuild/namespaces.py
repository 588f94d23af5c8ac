"""Rebuild handlers for namespaces, imports and by-reference objects, and the globals payload code
reads while the payload is being built.

A namespace is a fresh module object whose ``__builtins__`` is the ``builtins`` module. Its
globals are set in three steps: those whose values run no code before any payload code runs; those
that code about to run reads (``provide``), as far as they can be built by then; all of them when
the namespace is completed.
"""

from __future__ import annotations

import builtins
import types
from typing import Any, Dict, Iterable, List, Optional

from .._model import (
    SCALAR_TYPES,
    BytearrayValue,
    CellNode,
    ClassNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    ReduceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    iter_refs,
)
from .builder import DONE, Builder, Soft, Step, empty_container
from .checks import import_module, import_object
from .compiler import creation_names

# Sections whose object exists from the first phase and runs nothing to be used.
_IDENTITY_FIRST = (FunctionNode, NamespaceNode, ImportNode, RefNode, CellNode)


def create_namespace(builder: Builder, node_id: str, node: NamespaceNode) -> None:
    """Phase 1: a fresh module."""
    module = types.ModuleType(node.module)
    module.__dict__["__builtins__"] = builtins
    builder.objects[node_id] = module


def create_import(builder: Builder, node_id: str, node: ImportNode) -> None:
    """Phase 1: import the module (and the submodules the sources reach through it)."""
    builder.objects[node_id] = import_module(node.module, node.submodules)


def create_ref(builder: Builder, node_id: str, node: RefNode) -> None:
    """Phase 1: import the module and follow the qualified name."""
    builder.objects[node_id] = import_object(node.module, node.qualname, node.distribution)


def nothing_to_complete(builder: Builder, node_id: str, node: Any) -> Step:
    """Imports and by-reference objects are complete once made."""
    return
    yield


def prefill(builder: Builder) -> None:
    """Phase 2: every namespace gets the globals whose values run no code (modules, functions,
    literal data), before any payload code runs.

    When payload code will run while the payload is built (a class statement, a call), a mutable
    container gets a copy of its captured contents, replaced by the captured object when the
    namespace is completed: a hook that appends to a registry as a class is made again must not
    change the state the payload captured (which holds what the hook appended the first time).
    """
    runs = any(isinstance(node, (ClassNode, ReduceNode)) for node in builder.nodes.values())
    for node_id, node in builder.nodes.items():
        if isinstance(node, NamespaceNode):
            namespace = builder.objects[node_id].__dict__
            assigned = builder.assigned.setdefault(node_id, set())
            stand_ins = builder.stand_ins.setdefault(node_id, set())
            for name, value in node.globals:
                if _quiet(builder, value):
                    builder.drive(builder.require_data(value))
                    builder.at = (node_id, f"global {name}")
                    if runs and _mutable(builder, value):
                        namespace[name] = _copy(builder, value)
                        stand_ins.add(name)
                    else:
                        namespace[name] = builder.materialize(value)
                    assigned.add(name)


_MUTABLE = (ListValue, DictValue, SetValue, BytearrayValue)


def _mutable(builder: Builder, value: Value) -> bool:
    if isinstance(value, Ref):
        node = builder.nodes[value.id]
        return isinstance(node, ValueNode) and isinstance(node.value, _MUTABLE)
    return isinstance(value, _MUTABLE)


def _copy(builder: Builder, value: Value) -> Any:
    # A new container holding what the captured one holds (its items are the captured objects).
    if isinstance(value, Ref):
        node = builder.nodes[value.id]
        assert isinstance(node, ValueNode)
        value = node.value
    return builder.materialize(value)


def _quiet(builder: Builder, value: Value) -> bool:
    # Building it runs no payload code: it holds, through containers, no class and no call.
    return not builder.runs_code(value)


def complete_namespace(builder: Builder, node_id: str, node: NamespaceNode) -> Step:
    """Set every global not set yet (or set to a stand-in), classes first: the objects built by
    calls among the others are usually instances of them."""
    namespace = builder.objects[node_id].__dict__
    assigned = builder.assigned.setdefault(node_id, set())
    stand_ins = builder.stand_ins.setdefault(node_id, set())
    rest = [(name, value) for name, value in node.globals if name not in assigned or name in stand_ins]
    rest.sort(key=lambda item: not builder.is_kind(item[1], (ClassNode,)))
    for name, value in rest:
        yield from builder.require(value)
        namespace[name] = builder.materialize(value)
        assigned.add(name)
        stand_ins.discard(name)


def set_globals(builder: Builder, namespace_id: str, names: Iterable[str]) -> Step:
    """Set the ``names`` a namespace does not hold yet, as far as their values can be built now
    (payload code is about to run and reads them); return all of its captured globals."""
    node = builder.nodes[namespace_id]
    assert isinstance(node, NamespaceNode)
    namespace = builder.objects[namespace_id].__dict__
    assigned = builder.assigned.setdefault(namespace_id, set())
    stand_ins = builder.stand_ins.setdefault(namespace_id, set())
    values: Dict[str, Value] = dict(node.globals)
    # Data first, then what running code builds (classes, calls): code that runs to build those
    # (a class statement's hooks) finds the data set already.
    wanted = [name for name in names if name in values and (name not in assigned or name in stand_ins)]
    wanted.sort(key=lambda name: isinstance(values[name], Ref) and builder.runs_code(values[name]))
    for name in wanted:
        found = yield from _early_value(builder, values[name])
        if found is None:
            continue
        proper, obj = found
        if name in stand_ins and not proper:
            continue
        namespace[name] = obj
        assigned.add(name)
        if proper:
            stand_ins.discard(name)
        else:
            stand_ins.add(name)
    return values


def _early_value(builder: Builder, value: Value) -> Step:
    # (True, object) when the value can be built now; (False, stand-in) for a container whose
    # contents cannot be built yet (they hold the class being made, say): an empty one of its
    # kind, replaced when the namespace is completed; None when nothing can stand in.
    if type(value) in SCALAR_TYPES:
        return True, value
    if not builder.runs_code(value):
        yield from builder.require_data(value)
        if _mutable(builder, value):
            return False, _copy(builder, value)  # see prefill: code about to run may change it
        return True, builder.materialize(value)
    if isinstance(value, Ref):
        node = builder.nodes[value.id]
        if isinstance(node, _IDENTITY_FIRST):
            return True, builder.objects[value.id]
        if isinstance(node, ValueNode) and not isinstance(node.value, (TupleValue, FrozenSetValue)):
            if all(builder.state.get(ref.id) == DONE for ref in iter_refs(node.value)):
                return False, _copy(builder, value)
            return False, empty_container(node.value)
        ready = yield Soft(value.id)
        return (True, builder.objects[value.id]) if ready and value.id in builder.objects else None
    # A container holding classes or objects built by calls: a copy only when all of them are
    # built already (building them now would run code in the middle of setting up other code's
    # globals), else an empty one of its kind stands in.
    if all(builder.state.get(ref.id) == DONE for ref in iter_refs(value)):
        return not _mutable(builder, value), builder.materialize(value)
    try:
        return False, empty_container(value)
    except Exception:  # noqa: BLE001 - a tuple holding what cannot be built yet: nothing stands in
        return None


def provide(builder: Builder, node_ids: Iterable[str]) -> Step:
    """Set the globals that the code of the function and class sections ``node_ids`` reads (all
    of it: any of it may run now), and those of the functions and classes among them, as far as
    they can be built now."""
    pending: List[str] = list(node_ids)
    while pending:
        node_id = pending.pop()
        if node_id in builder.provided:
            continue
        builder.provided.add(node_id)
        node = builder.nodes.get(node_id)
        if not isinstance(node, (FunctionNode, ClassNode)):
            continue
        names = _code_names(builder, node_id)
        values = yield from set_globals(builder, node.namespace, names)
        for name in names:
            value = values.get(name)
            if isinstance(value, Ref) and builder.is_kind(value, (FunctionNode, ClassNode)):
                pending.append(value.id)
        if isinstance(node, ClassNode):
            for _, value in node.attributes:
                if builder.is_function(value):
                    pending.append(value.id)  # type: ignore[union-attr]


def _code_names(builder: Builder, node_id: str) -> List[str]:
    compiled = builder.compiled.get(node_id)
    if compiled is None:
        return []
    return creation_names(compiled[0], everything=True)


def provide_classes(builder: Builder, classes: Iterable[Any]) -> Step:
    """Provide the globals of every class of the payload in the hierarchies of ``classes`` (the
    classes themselves, their bases and metaclasses): their hooks run when a class statement or
    a call that involves them runs."""
    found: List[str] = []
    for cls in classes:
        if not isinstance(cls, type):
            continue
        for klass in (*cls.__mro__, *type(cls).__mro__):  # type: ignore[misc]
            node_id = builder.class_nodes.get(id(klass))
            if node_id is not None and node_id not in found:
                found.append(node_id)
    yield from provide(builder, found)


def class_objects(builder: Builder, values: Iterable[Optional[Value]]) -> List[Any]:
    """The built objects of the class sections among ``values``."""
    objects = []
    for value in values:
        if isinstance(value, Ref) and isinstance(builder.nodes.get(value.id), ClassNode):
            obj = builder.objects.get(value.id)
            if obj is not None:
                objects.append(obj)
    return objects

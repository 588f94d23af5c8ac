"""A straight build for payloads whose building runs no payload code, prepared once per payload.

Most payloads hold functions, their namespaces, cells, imports, references and data, and no class
statement or call (``class`` and ``reduce`` sections). Building those runs nothing of the payload
until the annotations are evaluated last, so the order of the builder's phases (see ``builder``)
matters only where an object must exist before another is made from it: a tuple or frozenset from
its items. ``make_plan`` works out once, per parsed payload, what cannot change between two loads
of it in this process: the order of the steps, each function's named code object and synthetic
file name, each value as a *template* (the immutable parts, a tuple of numbers, made once and
shared by every load; the mutable ones made anew), and each annotation's compiled expression.
``run_plan`` then makes new objects (functions, namespaces, cells, containers) in one pass each
time, as the builder would: the same objects with the same contents, in the same dictionaries'
order.

What the plan does not decide: the checks (the caller's allow-list, installed modules and
versions) run before it at every load, and the imports it does are done at every load.

When anything in the straight pass fails after the imports (a function's defaults that are no
tuple, an unhashable dict key), it stops and the payload is built again by the builder, which
raises the error it always raised: until then nothing from the payload ran, and the objects made
are dropped. Payloads with classes or calls, and ``typecheck`` loads, always go through the
builder.

Imports only the standard library.
"""

from __future__ import annotations

import builtins
import types

from .. import _sourcelines
from .._fmt.read import known_ints
from .._model import (
    SCALAR_TYPES,
    BytearrayValue,
    CellNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Payload,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    carries_annotations,
)
from . import compiler, functions
from .checks import import_module, import_object
from .compiler import Compiled

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Set, Tuple, TypeAlias, Union

# Template kinds: how one value is made at each load (see _template).
_CONST = 0  # an immutable object made once: (kind, the object)
_REF = 1  # a node's object: (kind, node id)
_LIST = 2  # (kind, item templates)
_SCALARS = 3  # a list of scalars only: (kind, the items as a tuple)
_TUPLE = 4
_FROZENSET = 5
_SET = 6
_DICT = 7  # (kind, ((key template, value template), ...))
_BYTEARRAY = 8  # (kind, bytes)

# Type aliases as text (PEP 613): the loader imports no typing at run time.
Template: TypeAlias = "Tuple[int, Any]"
# An annotation: (name, compiled expression or None, its text).
Annotation: TypeAlias = "Tuple[str, Optional[types.CodeType], str]"


class Plan:
    """What a load of one payload does, decided once (see the module docstring)."""

    __slots__ = (
        "imports",
        "namespaces",
        "cells",
        "containers",
        "functions",
        "sources",
        "tuples",
        "fills",
        "cell_contents",
        "globals",
        "completions",
        "annotations",
        "root",
        "held",
    )

    def __init__(self) -> None:
        # (node id, import or ref node), in document order.
        self.imports: List[Tuple[str, Union[ImportNode, RefNode]]] = []
        # (node id, module name).
        self.namespaces: List[Tuple[str, str]] = []
        self.cells: List[str] = []
        # (node id, the container's type).
        self.containers: List[Tuple[str, type]] = []
        # (node id, named code, namespace id, name, cell ids in co_freevars order).
        self.functions: List[Tuple[str, types.CodeType, str, str, Tuple[str, ...]]] = []
        # (synthetic file name, module text, original file, the code holding the entry).
        self.sources: List[Tuple[str, str, str, types.CodeType]] = []
        # (node id, template), each after the tuples and frozensets it holds.
        self.tuples: List[Tuple[str, Template]] = []
        # (node id, template of the contents): the containers filled.
        self.fills: List[Tuple[str, Template]] = []
        self.cell_contents: List[Tuple[str, Template]] = []
        # (namespace id, ((global name, template), ...)).
        self.globals: List[Tuple[str, Tuple[Tuple[str, Template], ...]]] = []
        # (node id, qualname, module, doc, defaults, kwdefaults, attributes).
        self.completions: List[
            Tuple[
                str,
                str,
                Optional[str],
                Template,
                Optional[Template],
                Optional[Template],
                Tuple[Tuple[str, Template], ...],
            ]
        ] = []
        # (node id, its annotations, its scope of type parameters if any), for every function.
        self.annotations: List[Tuple[str, Tuple[Annotation, ...], Optional[types.CodeType]]] = []
        self.root: Template = (_CONST, None)
        # Whether the code objects hold their linecache entries (see run_plan).
        self.held = False


class _NotPlanned(Exception):
    """The payload needs the builder (it holds something the straight pass does not do)."""


def make_plan(payload: Payload, compiled: Dict[str, Compiled]) -> Optional[Plan]:
    """The plan of ``payload`` (checked and compiled), or None when the builder must build it: it
    holds a class or a call, or anything the builder reports as an error."""
    try:
        return _plan(payload, compiled)
    except _NotPlanned:
        return None


def _plan(payload: Payload, compiled: Dict[str, Compiled]) -> Plan:
    plan = Plan()
    tuple_nodes: Dict[str, Value] = {}
    for node_id, node in payload.nodes.items():
        if isinstance(node, NamespaceNode):
            plan.namespaces.append((node_id, node.module))
            entries = []
            for name, value in node.globals:
                entries.append((name, _template(payload, value)))
            plan.globals.append((node_id, tuple(entries)))
        elif isinstance(node, (ImportNode, RefNode)):
            plan.imports.append((node_id, node))
        elif isinstance(node, CellNode):
            plan.cells.append(node_id)
            if not node.empty:
                plan.cell_contents.append((node_id, _template(payload, node.contents)))
        elif isinstance(node, ValueNode):
            value = node.value
            if isinstance(value, (TupleValue, FrozenSetValue)):
                tuple_nodes[node_id] = value
            elif isinstance(value, (ListValue, DictValue, SetValue, BytearrayValue)):
                plan.containers.append((node_id, _CONTAINER_TYPES[type(value)]))
                plan.fills.append((node_id, _template(payload, value)))
            else:
                raise _NotPlanned
        elif isinstance(node, FunctionNode):
            _plan_function(plan, payload, compiled, node_id, node)
        else:
            raise _NotPlanned  # a class or a call: code runs while building
    if tuple_nodes:
        plan.tuples = _tuple_order(payload, tuple_nodes)
    plan.root = _template(payload, payload.root)
    return plan


_CONTAINER_TYPES = {ListValue: list, DictValue: dict, SetValue: set, BytearrayValue: bytearray}


def _plan_function(
    plan: Plan, payload: Payload, compiled: Dict[str, Compiled], node_id: str, node: FunctionNode
) -> None:
    nodes = payload.nodes
    entry = compiled.get(node_id)
    namespace = nodes.get(node.namespace)
    if entry is None or node.in_class or type(namespace) is not NamespaceNode:
        raise _NotPlanned
    if node.overloads or node.scope_names:
        # (format 3, rare: the builder registers the stubs once all is built, and gives a
        # generic def the class body's names its type parameters read)
        raise _NotPlanned
    text = entry[2]
    # compile_node compiled the text under its synthetic file name (a batch's code was placed
    # under it): the name synthetic_filename gives, without asking its cache again.
    filename = entry[1].co_filename
    # Through the module: the same function (and the same shared named code) as the builder's.
    code = functions.named_code(entry[1], filename, node.qualname)
    cells = {}
    for name, value in node.closure:
        if type(value) is not Ref or type(nodes.get(value.id)) is not CellNode:
            raise _NotPlanned
        cells[name] = value.id
    if set(cells) != set(code.co_freevars):
        raise _NotPlanned
    cell_ids = tuple(map(cells.__getitem__, code.co_freevars))  # (every one there: checked above)
    plan.functions.append((node_id, code, node.namespace, node.name, cell_ids))
    plan.sources.append((filename, text, node.file, code))
    defaults = None if node.defaults is None else _template(payload, node.defaults)
    kwdefaults = None if node.kwdefaults is None else _template(payload, node.kwdefaults)
    attributes: Tuple[Tuple[str, Template], ...] = ()
    if node.attributes:  # (most functions have none: no comprehension)
        attributes = tuple([(name, _template(payload, value)) for name, value in node.attributes])
    module: Optional[str] = node.module or None
    doc = (_CONST, node.doc) if type(node.doc) in SCALAR_TYPES else _template(payload, node.doc)
    plan.completions.append((node_id, node.qualname, module, doc, defaults, kwdefaults, attributes))
    if attributes and carries_annotations(node):
        return  # format 3: the live annotations, set with the attributes (as the builder does)
    notes: Tuple[Annotation, ...] = ()
    if node.annotations:
        text_only = "annotations" in node.future
        notes = tuple(
            [(name, None if text_only else _expression(note), note) for name, note in node.annotations]
        )
    generic = functions.generic_scope(entry)
    if notes or generic is not None:
        # (None and none: the function's __annotations__ is the empty dict it makes when read)
        plan.annotations.append((node_id, notes, generic))


def _expression(text: str) -> Optional[types.CodeType]:
    # An annotation compiled as eval(text) compiles it; one that does not compile stays text.
    try:
        return compile(text, "<string>", "eval")
    except Exception:  # noqa: BLE001 - any failure leaves the text, as evaluate_annotation does
        return None


def _template(payload: Payload, value: Value) -> Template:
    # How ``value`` is made at each load: immutable data (scalars, and tuples and frozensets of
    # it) once, now; containers anew.
    if type(value) in SCALAR_TYPES:
        return (_CONST, value)
    if isinstance(value, Ref):
        if value.id not in payload.nodes:
            raise _NotPlanned
        return (_REF, value.id)
    if isinstance(value, ListValue):
        if known_ints(value.items) or SCALAR_TYPES.issuperset(map(type, value.items)):
            return (_SCALARS, value.items)
        return (_LIST, tuple(_template(payload, item) for item in value.items))
    if isinstance(value, (TupleValue, FrozenSetValue)):
        # (C loops: long tuples of numbers; none for a run of ints the parser made)
        if known_ints(value.items) or SCALAR_TYPES.issuperset(map(type, value.items)):
            made: Any = value.items
        else:
            parts = tuple(_template(payload, item) for item in value.items)
            if any(part[0] != _CONST for part in parts):
                return (_TUPLE if isinstance(value, TupleValue) else _FROZENSET, parts)
            made = tuple(part[1] for part in parts)
        try:
            return (_CONST, made if isinstance(value, TupleValue) else frozenset(made))
        except TypeError:  # an unhashable item: the builder reports it
            raise _NotPlanned from None
    if isinstance(value, SetValue):
        return (_SET, tuple(_template(payload, item) for item in value.items))
    if isinstance(value, DictValue):
        return (_DICT, tuple((_template(payload, k), _template(payload, v)) for k, v in value.items))
    if isinstance(value, BytearrayValue):
        return (_BYTEARRAY, value.data)
    raise _NotPlanned


def _tuple_order(payload: Payload, tuple_nodes: Dict[str, Value]) -> List[Tuple[str, Template]]:
    # Each tuple or frozenset section after those it holds (directly or inside inline values);
    # a cycle among them cannot be built (the builder says so).
    order: List[Tuple[str, Template]] = []
    done: Set[str] = set()
    for start in tuple_nodes:
        if start in done:
            continue
        stack: List[Tuple[str, List[str]]] = [(start, _tuple_refs(tuple_nodes[start], tuple_nodes))]
        on_path = {start}
        while stack:
            node_id, pending = stack[-1]
            while pending and pending[-1] in done:
                pending.pop()
            if pending:
                child = pending.pop()
                if child in on_path:
                    raise _NotPlanned
                on_path.add(child)
                stack.append((child, _tuple_refs(tuple_nodes[child], tuple_nodes)))
                continue
            stack.pop()
            on_path.discard(node_id)
            done.add(node_id)
            order.append((node_id, _template(payload, tuple_nodes[node_id])))
    return order


def _tuple_refs(value: Value, tuple_nodes: Dict[str, Value]) -> List[str]:
    from .._model import iter_refs

    return [ref.id for ref in iter_refs(value) if ref.id in tuple_nodes]


def _make(template: Template, objects: Dict[str, Any]) -> Any:
    kind, data = template
    if kind == _CONST:
        return data
    if kind == _REF:
        return objects[data]
    if kind == _SCALARS:
        return list(data)
    if kind == _LIST:
        return [_make(item, objects) for item in data]
    if kind == _TUPLE:
        return tuple([_make(item, objects) for item in data])
    if kind == _DICT:
        return {_make(k, objects): _make(v, objects) for k, v in data}
    if kind == _SET:
        return {_make(item, objects) for item in data}
    if kind == _FROZENSET:
        return frozenset([_make(item, objects) for item in data])
    return bytearray(data)


def _fill(container: Any, template: Template, objects: Dict[str, Any]) -> None:
    kind, data = template
    if kind == _SCALARS:
        container.extend(data)
    elif kind == _LIST:
        container.extend([_make(item, objects) for item in data])
    elif kind == _DICT:
        for key, item in data:
            container[_make(key, objects)] = _make(item, objects)
    elif kind == _SET:
        container.update([_make(item, objects) for item in data])
    else:
        container.extend(data)


def run_imports(plan: Plan, objects: Dict[str, Any]) -> None:
    """Import what the payload imports, in document order, into ``objects``; raise as the
    builder's first phase does (the caller wraps other exceptions)."""
    for node_id, node in plan.imports:
        if isinstance(node, ImportNode):
            objects[node_id] = import_module(node.module, node.submodules, node.distribution)
        else:
            objects[node_id] = import_object(node.module, node.qualname, node.distribution)


# run_plan's entries for a plan never held: its first run holds every source whatever they hold.
_NOTHING_HELD: Dict[str, Any] = {}


def run_plan(plan: Plan, objects: Dict[str, Any]) -> Any:
    """Make the payload's objects into ``objects`` (which holds what ``run_imports`` imported) and
    return the root object. An exception means: build it with the builder (nothing of the
    payload ran)."""
    held = plan.held
    # (linecache's cache, or the entries waiting for its import; read only for a plan held before)
    cache = _sourcelines.current() if held else _NOTHING_HELD
    for filename, text, file, code in plan.sources:
        # Once the plan's code holds its entry, the entry stays while the plan lives (it holds the
        # code); something may still have cleared linecache meanwhile.
        if not held or filename not in cache or filename not in compiler.LOADED_FILES:
            compiler.hold_source(filename, text, file, code)
    plan.held = True
    for node_id, module in plan.namespaces:
        made_module = types.ModuleType(module)
        made_module.__dict__["__builtins__"] = builtins
        objects[node_id] = made_module
    for node_id in plan.cells:
        objects[node_id] = types.CellType()
    for node_id, kind in plan.containers:
        objects[node_id] = kind()
    for node_id, code, namespace_id, name, cell_ids in plan.functions:
        closure = tuple(map(objects.__getitem__, cell_ids)) if cell_ids else None
        objects[node_id] = types.FunctionType(code, objects[namespace_id].__dict__, name, None, closure)
    for node_id, template in plan.tuples:
        objects[node_id] = _make(template, objects)
    for node_id, template in plan.fills:
        _fill(objects[node_id], template, objects)
    for node_id, template in plan.cell_contents:
        objects[node_id].cell_contents = _make(template, objects)
    for namespace_id, entries in plan.globals:
        namespace = objects[namespace_id].__dict__
        for name, template in entries:
            namespace[name] = _make(template, objects)
    for node_id, qualname, fn_module, doc, defaults, kwdefaults, attributes in plan.completions:
        fn = objects[node_id]
        fn.__qualname__ = qualname
        fn.__module__ = fn_module
        fn.__doc__ = doc[1] if doc[0] == _CONST else _make(doc, objects)  # (most: text or None)
        if defaults is not None:
            fn.__defaults__ = _make(defaults, objects)
        if kwdefaults is not None:
            fn.__kwdefaults__ = _make(kwdefaults, objects)
        if attributes:
            functions.set_attributes(fn, [(name, _make(template, objects)) for name, template in attributes])
    root = _make(plan.root, objects)
    # Last, as the builder does: evaluating an annotation is the first payload code to run.
    for node_id, notes, generic in plan.annotations:
        fn = objects[node_id]
        if generic is not None:
            from .generics import set_type_parameters  # (the first generic def: see generics)

            if set_type_parameters(generic, fn):
                continue
        made: Dict[str, Any] = {}
        for name, expression, text in notes:
            made[name] = text if expression is None else _evaluate(expression, text, fn.__globals__)
        functions.put_annotations(fn, made)
    return root


def _evaluate(expression: types.CodeType, text: str, namespace: Dict[str, Any]) -> Any:
    try:
        return eval(expression, namespace)  # noqa: S307 - the payload's own code, after all checks
    except Exception:  # noqa: BLE001 - any failure leaves the text (see evaluate_annotation)
        return text

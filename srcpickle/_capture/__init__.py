"""Walk an object graph into a ``Payload``.

Functions and classes of the user's own go by source, with what their code reads captured by
value; modules, functions and classes of the standard library and of installed distributions go by
reference; other objects go as the call that makes them. One handler per kind of object, chosen by
``dispatch`` the way pickle dispatches ``save_*`` per type: plain data (``values``), modules and
the globals code reads from them (``modules``), functions and cells (``functions``), classes
(``classes``), other objects (``objects``). They run in one walker (``core``) that follows the
graph with an explicit stack, so deep data costs memory, never a ``RecursionError``.

The traversal order is fixed (globals sorted by name, cells in ``co_freevars`` order, set items
in an order independent of hashes and addresses), so the same object always gives the same
payload.
"""

from __future__ import annotations

import operator
import sys
import types

from .. import __version__
from .._deps import Overrides
from .._fmt import MAX_NESTING, format_value, set_order_key
from .._model import (
    SCALAR_TYPES,
    ClassNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Node,
    Payload,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    iter_refs,
    map_values,
    node_values,
    nodes_format,
    replace,
)
from .._records import check_record_maker, one_field_maker, positional_maker
from .core import (
    BUILTIN_CALLABLES,
    DESCRIPTORS,
    LRU_CACHE_WRAPPER,
    NEWTYPE_FUNCTION,
    PRIVATE,
    SCALARS,
    SINGLETON_TYPES,
    Capturer,
    Handler,
    Need,
    Step,
    is_function,
    new_ref,
    sanitize,
)
from .functions import save_function

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Set, Tuple

__all__ = ["capture", "probe_text"]

# A tuple or frozenset referred to from several places is written once, as a section, when its
# inline text would hold more values than this; smaller ones are repeated inline (a section
# costs more than a short tuple).
SHARED_INLINE_LIMIT = 64


def _bind(name: str, handler: Handler) -> None:
    # The handler imported by its wrapper below takes the wrapper's place, so dispatch returns
    # it from then on: a warm dumps runs no import statement per object (a container each).
    globals()[name] = handler


def save_class(cap: Capturer, cls: type, need: Need) -> Step:
    """``classes.save_class``, importing the class machinery on the first class met (issue 9):
    it is a third of the capture side's import, which a first dumps of functions and data does
    not need."""
    from .classes import save_class as save

    _bind("save_class", save)
    return save(cap, cls, need)


# The handlers of objects other than functions, modules and containers (.references, .objects:
# references, reductions, calls) are imported by the first such object met (issue 9): a first
# dumps of a function that reads only data and functions of the user's own does not need them.
def save_by_reference(cap: Capturer, obj: Any, need: Need) -> Step:
    """``references.save_by_reference``, imported when first needed."""
    from .references import save_by_reference as save

    _bind("save_by_reference", save)
    return save(cap, obj, need)


def save_reduce(cap: Capturer, obj: Any, need: Need) -> Step:
    """``objects.save_reduce``, imported when first needed."""
    from .objects import save_reduce as save

    _bind("save_reduce", save)
    return save(cap, obj, need)


def save_lru_cache(cap: Capturer, obj: Any, need: Need) -> Step:
    """``objects.save_lru_cache``, imported when first needed."""
    from .objects import save_lru_cache as save

    _bind("save_lru_cache", save)
    return save(cap, obj, need)


def save_module(cap: Capturer, obj: Any, need: Need) -> Step:
    """``modules.save_module``, imported when first needed (with the handling of globals: see
    ``functions.global_value``)."""
    from .modules import save_module as save

    _bind("save_module", save)
    return save(cap, obj, need)


# Likewise the containers' (.values), which a function reading only scalars and functions (a
# closure over numbers, a lambda with a default) does not need.
def save_tuple(cap: Capturer, obj: Any, need: Need) -> Step:
    """``values.save_tuple``, imported when first needed."""
    from .values import save_tuple as save

    _bind("save_tuple", save)
    return save(cap, obj, need)


def save_frozenset(cap: Capturer, obj: Any, need: Need) -> Step:
    """``values.save_frozenset``, imported when first needed."""
    from .values import save_frozenset as save

    _bind("save_frozenset", save)
    return save(cap, obj, need)


def save_container(cap: Capturer, obj: Any, need: Need) -> Step:
    """``values.save_container``, imported when first needed."""
    from .values import save_container as save

    _bind("save_container", save)
    return save(cap, obj, need)


def dispatch(cap: Capturer, obj: Any) -> Handler:
    """The handler for ``obj``: pickle's save_* dispatch, by kind of object."""
    kind = type(obj)
    if kind is types.FunctionType and kind is not LRU_CACHE_WRAPPER and _own_function(cap, obj):
        # The most common object of a dumps first: a function of the user's own (what the
        # checks below give it, without them). PyPy's lru_cache wrapper is a Python function.
        if not isinstance(obj.__code__, types.CodeType):
            return save_by_reference
        if obj.__qualname__ != NEWTYPE_FUNCTION:
            return save_function
    if kind is tuple:
        return save_tuple
    if kind is frozenset:
        return save_frozenset
    if kind is list or kind is dict or kind is set or kind is bytearray:  # (by identity: see core.SCALARS)
        return save_container
    if isinstance(obj, types.ModuleType):
        return save_module
    # An importable object of a library is itself on the loading side, whatever wraps it
    # (lru_cache, cached_property, wraps): decided before any handler could take it by value.
    # Only what can carry a name is asked: callables and descriptors.
    if kind is type and obj in SINGLETON_TYPES:
        return save_class
    if kind is types.FunctionType and _own_function(cap, obj):
        pass  # library_name's answer for a function of the user's own, without asking it
    elif callable(obj) or hasattr(kind, "__get__"):
        from .references import library_name

        if library_name(cap, obj) is not None:
            return save_by_reference
    if kind is LRU_CACHE_WRAPPER and callable(getattr(obj, "cache_parameters", None)):
        # Checked before plain functions: PyPy's lru_cache wrapper is a Python function.
        return save_lru_cache
    if is_function(obj):
        # typing.NewType's function before 3.10 goes as the NewType call, as on later Pythons.
        if obj.__qualname__ == NEWTYPE_FUNCTION:
            from .objects import is_newtype

            if is_newtype(obj):
                return save_reduce
        return save_function
    if kind is types.FunctionType:  # PyPy's built-in functions are functions of builtin code
        return save_by_reference
    # Not isinstance(obj, type): before 3.11 a generic alias (list[int]) answers __class__
    # with its origin's, and is no class to find by source.
    if issubclass(kind, type):
        return save_class
    # PyPy's bound methods are BuiltinMethodType too: they go by reduce, as on CPython; so does
    # a built-in method bound to an instance ([].append: getattr(instance, name)).
    if isinstance(obj, BUILTIN_CALLABLES) and kind is not types.MethodType:
        if isinstance(getattr(obj, "__self__", None), (types.ModuleType, type, type(None))):
            return save_by_reference
    if isinstance(obj, DESCRIPTORS):
        return save_by_reference
    return save_reduce


def _own_function(cap: Capturer, fn: types.FunctionType) -> bool:
    # A function that names itself by a module of the user's own (a text, and no __self__ in
    # its __dict__ to name it otherwise: see reference_name) has no library name.
    module = fn.__module__
    return type(module) is str and "__self__" not in fn.__dict__ and cap.is_user_module(module)


def capture(obj: Any, overrides: Overrides) -> Payload:
    """The ``Payload`` of ``obj``."""
    cap = Capturer(overrides, dispatch)
    root = cap.value(obj, "root", "root")
    if not cap.classes:
        return finish(cap, root)  # (no class by value: no registration to look up)
    _registrations(cap)
    payload = finish(cap, root)
    from .._rebuild.classes import SENDING, track_original

    if SENDING.get():
        # Sent by the pickler: what comes back from the other side loads as these classes.
        for node_id, cls in cap.classes:
            node = payload.nodes.get(node_id)
            if isinstance(node, ClassNode):
                track_original(node, cls)
    return payload


def probe_text(parent: Capturer, obj: Any) -> str:
    """The payload text ``obj`` captures to, in a capture that treats what ``parent`` reached as
    done and leaves nothing behind (an order for set items, a test of whether ``obj`` can be
    captured at all).

    Raises:
        DumpError: ``obj`` cannot be captured.
    """
    from .._fmt import write_captured

    cap = Capturer(parent.overrides, dispatch, parent=parent)
    root = cap.value(obj, "probe", hint="probe")
    return write_captured(finish(cap, root))


def _registrations(cap: Capturer) -> None:
    # The ABCs each class captured by value was registered with (ABC.register): the ABCs of the
    # payload and of the standard library's abstract-type modules. Capturing them may bring in
    # more classes, whose registrations are looked up in turn.
    if not cap.classes:
        return  # no class by value: nothing to look up (the library's ABCs cost a scan)
    from .classes import library_registrations, registered_with, registry_by_reference

    done: Set[str] = set()
    library = library_registrations()
    while True:
        pending = [(node_id, cls) for node_id, cls in cap.classes if node_id not in done]
        if not pending:
            return
        # Each class once (a class by value is in both cap.classes and cap.keep), by identity.
        found = [cls for _, cls in cap.classes] + [c for c in cap.keep if isinstance(c, type)]
        candidates = list({id(c): c for c in found}.values())
        for node_id, cls in pending:
            done.add(node_id)
            abcs = registered_with(cls, candidates, library)
            # A class by reference (tuple, a library's) has no section to say it was registered
            # with an ABC of the user's: the ABC's own section lists it (format 3).
            members = registry_by_reference(cap, cls)
            if not abcs and not members:
                continue
            node = cap.nodes[node_id]
            assert isinstance(node, ClassNode)
            values = tuple(cap.value(owner, f"{cls.__qualname__}.<registered with>") for owner in abcs)
            registry = tuple(cap.value(member, f"{cls.__qualname__}.<registry>") for member in members)
            cap.nodes[node_id] = replace(node, registered_with=values, registry=registry)


# The written-by header: this srcpickle on this interpreter.
WRITTEN_BY = f"srcpickle {__version__}, {sys.implementation.name} {sys.version.split()[0]}"


def finish(cap: Capturer, root: Value) -> Payload:
    """The ``Payload`` of what ``cap`` captured, ``root`` its root value: namespaces written,
    containers referred to once (and small shared tuples) written inline, deep nesting split
    into sections, and the sections left of tuples and frozensets named."""
    for namespace in cap.namespaces.values():
        cap.nodes[namespace.node_id] = _namespace_node(
            namespace.module, tuple(sorted(namespace.values.items()))
        )
    for node_id, names in cap.submodules.items():
        node = cap.nodes[node_id]
        assert isinstance(node, ImportNode)
        if not names:
            continue  # no submodule reached: the node as made
        # Importing the deepest also imports its parents (one name is its own deepest: the
        # common ``os.path``, without the walk over pairs).
        if len(names) == 1:
            deepest: Iterable[str] = names
        else:
            deepest = {n for n in names if not any(o.startswith(n + ".") for o in names)}
        cap.nodes[node_id] = _import_node(node.module, node.distribution, tuple(sorted(deepest)))
    # One plain loop (no comprehension's function per dumps): the nodes made, and whether any is
    # a value section (only those are inlined or named; without one _inline keeps everything).
    nodes: Dict[str, Node] = {}
    has_values = False
    for node_id, made in cap.nodes.items():
        if made is not None:
            nodes[node_id] = made
            if type(made) is ValueNode:
                has_values = True
    if has_values:
        root, nodes = _inline(root, nodes, cap.ref_counts, cap.hints, cap.plain, cap.plain_nodes)
    # Only a value section, a class by value (its section, its methods written in it) or a
    # function carrying its live annotations can need a later format than 1: nodes_format is
    # asked only then (most dumps of functions: a call and a pass over the nodes less).
    version = nodes_format(nodes) if has_values or cap.classes or cap.later_format else 1
    # Every field by position: the records' quick way in (a small dump makes few objects).
    return _payload(root, nodes, cap.requires[0], cap.requires[1], WRITTEN_BY, version, {})


# NamespaceNode(...) and Payload(...) with every field by position, each stored by name: a
# third of the cost of the records' own __init__ (every dumps makes one of each). The
# parameters are the records' fields in order (checked at import).
def _namespace_node(module: str, globals: Tuple[Tuple[str, Value], ...]) -> NamespaceNode:
    node: NamespaceNode = _new(NamespaceNode)
    held = node.__dict__
    held["module"] = module
    held["globals"] = globals
    return node


def _payload(
    root: Value,
    nodes: Dict[str, Node],
    requires_python: Tuple[int, int],
    requires_python_for: str,
    written_by: str,
    format_version: int,
    positions: Dict[str, int],
) -> Payload:
    payload: Payload = _new(Payload)
    held = payload.__dict__
    held["root"] = root
    held["nodes"] = nodes
    held["requires_python"] = requires_python
    held["requires_python_for"] = requires_python_for
    held["written_by"] = written_by
    held["format_version"] = format_version
    held["positions"] = positions
    return payload


_new = object.__new__
check_record_maker(NamespaceNode, _namespace_node)
check_record_maker(Payload, _payload)
# The records finish makes again, without the call through their type's __init__ slot (a
# dumps of a function reading data makes a few: ~4k instructions each that way).
_import_node = positional_maker(ImportNode)
_dict_value = one_field_maker(DictValue)
_MAKERS = {kind: one_field_maker(kind) for kind in (TupleValue, ListValue, SetValue, FrozenSetValue)}


def _inline(
    root: Value,
    nodes: Dict[str, Node],
    counts: Dict[str, int],
    hints: Dict[str, str],
    plain: Dict[int, Value],
    plain_nodes: Set[str],
) -> Tuple[Value, Dict[str, Node]]:
    # Only value sections have private ids (tuples and frozensets: see Capturer.private_id).
    # One plain loop sorts them (no comprehension's function each): the values, those referred
    # to once (inline), the shared tuples and frozensets, and whether a private id is shared.
    values: Dict[str, Value] = {}
    inline: Set[str] = set()
    shared: List[str] = []
    private_shared = False
    for node_id, node in nodes.items():
        if type(node) is ValueNode:
            container = values[node_id] = node.value
            if counts.get(node_id, 0) == 1:
                inline.add(node_id)
                continue
            if node_id[0] == PRIVATE:
                private_shared = True
            if isinstance(container, (TupleValue, FrozenSetValue)):
                shared.append(node_id)
    if not values:
        # No container section (the only place a set, which gets sorted, or a section to inline
        # or name can be): every value stays as it is, as in most dumps of a function.
        return root, nodes
    # A shared tuple or frozenset small enough is repeated inline (sizes bottom-up, iteratively).
    sizes: Dict[str, int] = {}
    for start in shared:
        _size(start, values, inline, sizes)
    repeated = False
    for node_id in shared:
        if sizes.get(node_id, SHARED_INLINE_LIMIT + 1) <= SHARED_INLINE_LIMIT:
            inline.add(node_id)
            repeated = True
    # Past half the nesting a reader accepts, a container stays a section of its own, so that deep
    # data (a list nested 10,000 levels) is written as a chain of sections the reader takes.
    # Measured only when it can matter: when every inline container is referred to once, a chain
    # of them holds each at most once (a cycle would refer to where it is entered twice), so no
    # depth reaches the limit with fewer of them than that; a repeated shared tuple can be met
    # again below itself (a cycle through a list), which only the walk breaks.
    pending: List[Tuple[Value, int]] = []
    if inline and (repeated or len(inline) >= MAX_NESTING // 2 - 1):
        pending = [(root, 0)]
        pending += [
            (v, 0) for node_id, node in nodes.items() if node_id not in inline for v in node_values(node)
        ]
    depths: Dict[str, int] = {}
    walked = bool(pending)
    while pending:
        value, depth = pending.pop()
        if plain.get(id(value)) is value:
            continue  # no reference inside
        for ref in iter_refs(value):
            if ref.id not in inline:
                continue
            if depth + 1 >= MAX_NESTING // 2:
                inline.discard(ref.id)
                pending.append((values[ref.id], 0))
            elif depths.get(ref.id, -1) < depth + 1:
                depths[ref.id] = depth + 1
                pending.append((values[ref.id], depth + 1))
    # Only tuples and frozensets have private ids (value sections): names are made when one of
    # them stays a section.
    # (a private id referred to once stays inline unless the depth walk above took it out)
    private_left = (
        private_shared
        or walked
        and not inline.issuperset([node_id for node_id in values if node_id[0] == PRIVATE])
    )
    names = _names(nodes, inline, hints) if private_left else {}

    # ``sub`` gives back the very value it was given when nothing in it changes, so that a node
    # with nothing to inline, rename or sort is kept as it is (copying a node is most of the cost
    # of a small dump).
    def sub(value: Any) -> Any:
        # By exact type (no subclass of a value class exists), the most common first (the value
        # is Any: mypy narrows by isinstance, which the exact types are checked without).
        kind = type(value)
        while kind is Ref:  # (the value an inline reference stands for, without a call)
            node_id = value.id
            if node_id not in inline:
                new = names.get(node_id)
                return value if new is None else new_ref(new)
            value = values[node_id]
            kind = type(value)
        if kind is TupleValue or kind is ListValue:
            held = value.items
            if plain.get(id(value)) is value or SCALAR_TYPES.issuperset(map(type, held)):
                return value  # nothing to inline or rename in plain data (C loops)
            # (a scalar is its own value: not asked)
            items = tuple([v if type(v) in SCALAR_TYPES else sub(v) for v in held])
            return value if _same(items, held) else _MAKERS[kind](items)
        if kind is SetValue or kind is FrozenSetValue:
            if plain.get(id(value)) is value:
                return value  # a frozenset of scalars, sorted when it was made
            held = value.items
            if SCALAR_TYPES.issuperset(map(type, held)):
                items = tuple(sorted(held, key=set_order_key(held)))
            else:
                items = tuple(sorted([sub(v) for v in held], key=format_value))
            return value if _same(items, held) else _MAKERS[kind](items)
        if kind is DictValue:
            held = value.items
            if plain.get(id(value)) is value:
                return value
            # Keys and values apart, each compared with the old in C loops (no generator).
            keys = [k if type(k) in SCALAR_TYPES else sub(k) for k, _ in held]
            found = [v if type(v) in SCALAR_TYPES else sub(v) for _, v in held]
            if all(map(operator.is_, keys, map(_FIRST, held))) and _same_values(found, held):
                return value
            return _dict_value(tuple(zip(keys, found)))
        return value  # a scalar or a bytearray

    # What ``sub`` gave for each value of a node that changes, so that making its copy does not
    # do the work again (the value is kept beside its answer: an id is only unique while alive).
    done: Dict[int, Tuple[Value, Value]] = {}

    def sub_once(value: Value) -> Value:
        known = done.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        new_value: Value = sub(value)
        return new_value

    result: Dict[str, Node] = {}
    for node_id, node in nodes.items():
        if node_id in plain_nodes:
            result[names.get(node_id, node_id)] = node  # (a function section of scalars only)
            continue
        if node_id in inline:
            continue
        kind = type(node)
        if kind is ImportNode or kind is RefNode:
            result[names.get(node_id, node_id)] = node  # (no value: nothing to inline, rename or sort)
            continue
        if kind is NamespaceNode:
            # Most of a dump's values are a namespace's globals: each looked at once.
            pairs = node.globals  # type: ignore[union-attr]
            held = [v if type(v) in SCALARS else sub(v) for _, v in pairs]
            if not _same_values(held, pairs):
                node = _namespace_node(node.module, tuple(zip(map(_FIRST, pairs), held)))  # type: ignore[union-attr]
            result[names.get(node_id, node_id)] = node
            continue
        if kind is FunctionNode and _holds_no_container(node):  # type: ignore[arg-type]
            result[names.get(node_id, node_id)] = node  # (nothing to inline, rename or sort)
            continue
        changed = False
        for value in _held_values(node):
            if type(value) in SCALARS:
                continue
            new_value = sub(value)
            if new_value is not value:
                done[id(value)] = (value, new_value)
                changed = True
        result[names.get(node_id, node_id)] = map_values(node, sub_once) if changed else node
    return sub(root), result


def _holds_no_container(node: FunctionNode) -> bool:
    # What _held_values gives of most functions, none a container or a reference: no closure,
    # attributes or body imports, and scalar defaults, keyword defaults and doc (None, a text).
    return (
        not node.closure
        and not node.attributes
        and not node.body_imports
        and type(node.defaults) in SCALARS
        and type(node.kwdefaults) in SCALARS
        and type(node.doc) in SCALARS
    )


def _held_values(node: Node) -> Iterable[Value]:
    # node_values, without a function's references to its namespace and class (never a value
    # section, so never inlined or renamed): most nodes of a dump are functions.
    if type(node) is FunctionNode:
        held: List[Value] = [v for _, v in node.closure]
        held += (node.defaults, node.kwdefaults, node.doc)
        if node.attributes:
            held += [v for _, v in node.attributes]
        held += node.body_imports
        return held
    return node_values(node)


def _same(new: Tuple[Value, ...], old: Tuple[Value, ...]) -> bool:
    return all(map(operator.is_, new, old))  # (C loops: no generator)


def _same_values(new: List[Value], old: Tuple[Tuple[str, Value], ...]) -> bool:
    return all(map(operator.is_, new, map(_SECOND, old)))


_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


def _size(start: str, values: Dict[str, Any], inline: Set[str], sizes: Dict[str, int]) -> int:
    # The number of values ``start`` holds when written inline, its inline children included,
    # computed children first with an explicit stack (a shared child counts as its size when it
    # is small enough to be repeated, else as one reference).
    stack: List[Tuple[str, bool]] = [(start, False)]
    active: Set[str] = set()
    while stack:
        node_id, ready = stack.pop()
        if node_id in sizes:
            continue
        children = [ref.id for ref in iter_refs(values[node_id]) if ref.id in values]
        if not ready:
            active.add(node_id)
            stack.append((node_id, True))
            stack.extend((child, False) for child in children if child not in sizes and child not in active)
            continue
        active.discard(node_id)
        total = len(getattr(values[node_id], "items", ())) or 1
        for child in children:
            child_size = sizes.get(child, 1)
            repeated = (
                isinstance(values[child], (TupleValue, FrozenSetValue)) and child_size <= SHARED_INLINE_LIMIT
            )
            total += child_size if child in inline or repeated else 1
        sizes[node_id] = total
    return sizes[start]


def _names(nodes: Dict[str, Node], inline: Set[str], hints: Dict[str, str]) -> Dict[str, str]:
    # Tuple and frozenset sections that stay sections get a name from where they were found.
    taken = {node_id for node_id in nodes if not node_id.startswith(PRIVATE)}
    names: Dict[str, str] = {}
    numbers: Dict[str, int] = {}
    for node_id in nodes:
        if node_id.startswith(PRIVATE) and node_id not in inline:
            base = sanitize(hints.get(node_id, "tuple"))
            name, number = base, numbers.get(base, 2)
            while name in taken:
                name = f"{base}-{number}"
                number += 1
            numbers[base] = number
            taken.add(name)
            names[node_id] = name
    return names

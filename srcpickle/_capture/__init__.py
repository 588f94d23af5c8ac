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

import sys
import types

from .. import __version__
from .._deps import SHARED_PACKAGES, Overrides, distribution_of
from .._model import (
    ClassNode,
    Distribution,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Node,
    Payload,
    TupleValue,
    Value,
    ValueNode,
    nodes_format,
    packs_ints,
    shares_namespace,
)
from .._records import check_record_maker, positional_maker
from .core import (
    BUILTIN_CALLABLES,
    DESCRIPTORS,
    LRU_CACHE_WRAPPER,
    NEWTYPE_FUNCTION,
    SINGLETON_TYPES,
    Capturer,
    Handler,
    Need,
    Step,
    is_function,
    sending,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

__all__ = ["capture", "probe_text"]


def _bind(name: str, handler: Handler) -> None:
    # The handler imported by its wrapper below takes the wrapper's place, so dispatch returns
    # it from then on: a warm dumps runs no import statement per object (a container each).
    globals()[name] = handler


def save_function(cap: Capturer, fn: types.FunctionType, need: Need) -> Step:
    """``functions.save_function``, imported with the first function met (issue 9): with the
    source recovery and scope resolution it imports (``_source``, ``_scope``), half of the
    capture side's import, which a first dumps of data alone does not need."""
    from .functions import save_function as save

    _bind("save_function", save)
    return save(cap, fn, need)


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
    if kind is types.FunctionType and obj.__module__ == "functools":
        from .objects import LRU_CACHE_METHODS, save_lru_cache_method

        if obj.__qualname__ in LRU_CACHE_METHODS:
            # PyPy's fib.cache_info: a closure over the cache's lock, made as CPython's is.
            return save_lru_cache_method
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


def capture(obj: Any, overrides: Overrides, int_runs: Optional[Dict[int, Any]] = None) -> Payload:
    """The ``Payload`` of ``obj``.

    ``int_runs``, when given, receives what the capture proved about the items of its long list
    and tuple values: the item tuples that hold exact ints only, by id() (each kept beside its
    id, so an entry holds for that very tuple only: a tuple and its ints never change), each
    with its packed bytes (``_fmt.pack_ints``), for ``_fmt.write_bytes``, which then does not
    look at each item's type again nor pack the run again.
    """
    cap = Capturer(overrides, dispatch)
    if int_runs is not None:
        cap.int_runs = int_runs
    root = cap.value(obj, "root", "root")
    if cap.namespaces:  # (plain data reads no module's globals: its guards module is never imported)
        add_guards(cap)
    if not cap.classes:
        return finish(cap, root)  # (no class by value: no registration to look up)
    from .classes import add_registrations

    add_registrations(cap)
    payload = finish(cap, root)
    if sending():
        # Sent by the pickler: what comes back from the other side loads as these classes. (The
        # loader's class tracking, a fifth of the capture side's import with the builder it
        # imports, only then: issue 9.)
        from .._rebuild.classes import track_original

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


def add_guards(cap: Capturer) -> None:
    """``guards.add_guards``, its module imported by the first dumps that calls it (which then
    puts the real function in this one's place: warm dumps call it directly)."""
    from .guards import add_guards as real

    globals()["add_guards"] = real
    real(cap)


# The written-by header: this srcpickle on this interpreter.
WRITTEN_BY = f"srcpickle {__version__}, {sys.implementation.name} {sys.version.split()[0]}"


def _submodules_distribution(node: ImportNode, deepest: Iterable[str]) -> Distribution:
    """The distribution an import node with submodules ``deepest`` names: the one the submodules
    come from when that is one distribution other than the package's. A namespace package
    (``import nsco.beta``, nsco spread over nsco-alpha and nsco-beta) has no distribution of its
    own, and a plugin may add a module to another distribution's package: what the code uses is
    the submodule, which loading then asks for by the right name and version."""
    if node.distribution.is_stdlib:
        return node.distribution
    owners = {distribution_of(name) for name in deepest}
    if len(owners) == 1:
        (owner,) = owners
        if owner is not None and owner.version is not None:
            return owner
    return node.distribution


def _split_by_distribution(
    cap: Capturer, node: ImportNode, deepest: Iterable[str]
) -> Tuple[Distribution, Iterable[str]]:
    """The distribution and submodules of an import node whose submodules come from several
    distributions (``import nsco.alpha, nsco.beta``: one global, nsco, over nsco-alpha and
    nsco-beta): the node keeps those of one distribution (the package's own, else the first
    submodule's), and each other distribution's submodules get an import section of their own,
    which a loader checks and imports with the others (one distribution per import section)."""
    groups: Dict[Optional[Distribution], List[str]] = {}
    for name in sorted(deepest):
        groups.setdefault(distribution_of(name), []).append(name)
    if len(groups) < 2 or None in groups or any(d.version is None for d in groups if d is not None):
        return _submodules_distribution(node, deepest), deepest
    kept = node.distribution if node.distribution in groups else next(iter(groups))
    for dist, names in groups.items():
        if dist != kept and dist is not None:
            first, *rest = names
            extra_id = cap.new_id(first, object())
            cap.nodes[extra_id] = _import_node(first, dist, tuple(rest))
    assert kept is not None
    return kept, groups[kept]


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
        dist = node.distribution
        # (SHARED_PACKAGES is empty in most processes: one test per node then)
        if SHARED_PACKAGES and node.module.partition(".")[0] in SHARED_PACKAGES:
            dist, deepest = _split_by_distribution(cap, node, deepest)
        cap.nodes[node_id] = _import_node(node.module, dist, tuple(sorted(deepest)))
    # One plain loop (no comprehension's function per dumps): the nodes made, and whether any is
    # a value section (only those are inlined or named; without one _inline keeps everything).
    nodes: Dict[str, Node] = {}
    has_values = False
    packs = cap.packs_ints
    # The namespaces of the function sections with a source of their own met so far, and
    # whether two name one (_model.shares_namespace, asked here rather than in a pass of its
    # own: a class section, rarer, is left to it).
    sourced: Set[str] = set()
    shares = False
    for node_id, made in cap.nodes.items():
        if made is not None:
            nodes[node_id] = made
            if type(made) is FunctionNode:
                if not made.in_class and not shares:
                    owner = made.namespace
                    if owner in sourced:
                        shares = True
                    sourced.add(owner)
            elif type(made) is ValueNode:
                has_values = True
                # Every list and tuple is a value section until inlined: a long run of ints
                # the walk made item by item (not through values.scalar_items) is seen here.
                if not packs and type(made.value) in _RUNS and packs_ints(made.value.items):  # type: ignore[union-attr, arg-type]
                    packs = True
    if has_values:
        # (only the handlers of containers make a value section: imported with them, the
        # sections' layout costs a dumps without containers nothing, issue 9)
        from .values import inline

        root, nodes = inline(root, nodes, cap.ref_counts, cap.hints, cap.plain, cap.plain_nodes)
    # Only a value section, a class by value (its section, its methods written in it) or a
    # function carrying its live annotations can need a later format than 1: nodes_format is
    # asked only then (most dumps of functions: a call and a pass over the nodes less).
    version = nodes_format(nodes) if has_values or cap.classes or cap.later_format else 1
    if packs or (version < 3 and (shares or (cap.classes and shares_namespace(nodes)))):
        # Format 3 writes these smaller: a long run of ints packed (_model.packs_ints), the
        # module and file of two sections of one namespace once (_model.shares_namespace).
        version = 3
    # Every field by position: the records' quick way in (a small dump makes few objects).
    return _payload(root, nodes, cap.requires[0], cap.requires[1], WRITTEN_BY, version, {})


# The value types a packed run of ints may be.
_RUNS = (ListValue, TupleValue)


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

"""Capture handlers for modules, and for the globals code reads from a namespace.

A module of the standard library or of an installed distribution is an import, with the
submodules the code reaches through it (``os.path.join`` imports ``os.path``). A module of the
user's own (``__main__``, a script's folder, a package registered by value) is a namespace of its
own, holding what the code reads from it: the attribute chains the code follows through it
(``proj.sub.neg``: ``sub``, then ``neg`` in ``proj.sub``), attributes its ``__getattr__`` computes
on demand, or everything in it when the module itself is passed around (its attributes are then
not known in advance).
"""

from __future__ import annotations

import sys
import types

from .._deps import distribution_of, found
from .._model import Distribution, ImportNode, Ref, Value
from .._records import positional_maker
from . import LEAF_KINDS, SCALARS, UNKNOWN, Capturer, Namespace, Need, Step

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Set, Tuple, TypeAlias

Chains: TypeAlias = "Optional[List[Tuple[str, ...]]]"
# What a global being walked holds until its value is known (a record: immutable, so one serves).
_CLAIMED = Ref("")
# ImportNode(...) without the call through its type's __init__ slot.
_import_node = positional_maker(ImportNode)
# Module attributes that the interpreter or the import system set, never captured.
_MODULE_MACHINERY = frozenset(
    {
        "__name__",
        "__doc__",
        "__package__",
        "__loader__",
        "__spec__",
        "__path__",
        "__file__",
        "__cached__",
        "__builtins__",
        "__annotations__",
    }
)


def save_module(cap: Capturer, module: types.ModuleType, need: Need) -> Step:
    """A module reached as a value: an import, or the namespace of a module of the user's own."""
    return (yield from module_value(cap, module, need.path, need.chains))


def module_value(
    cap: Capturer, module: types.ModuleType, path: str, chains: Chains, name: Optional[str] = None
) -> Step:
    """The value of ``module``; ``chains`` are the attribute chains the code follows through it
    (``None``: unknown, so everything it holds), ``name`` the name it was imported as."""
    node_id = cap.memo.get(id(module))
    if node_id is None:
        name = name or module.__name__
        if cap.is_user_module(name) and name not in sys.builtin_module_names:
            node_id = cap.namespace(module.__dict__, name).node_id
            cap.memo[id(module)] = node_id
            cap.keep.append(module)
        else:
            dist = distribution_of(name) or Distribution(name.split(".")[0])
            node_id = cap.new_id(name, module)
            cap.nodes[node_id] = _import_node(name, dist, ())  # (every field by position)
            cap.submodules[node_id] = set()
    own = cap.namespaces.get(id(module.__dict__))
    if own is not None:
        if chains is None or any(not chain for chain in chains):
            if not own.whole:
                own.whole = True
                for attribute in sorted(_public(module)):
                    yield from global_value(cap, own, attribute, f"{path}.{attribute}", None, attribute=True)
        else:
            for first, rest in _by_first(chains).items():
                yield from global_value(cap, own, first, f"{path}.{first}", rest, attribute=True)
    elif node_id in cap.submodules and chains:
        cap.submodules[node_id] |= submodules_reached(module, chains)
    return cap.ref(node_id)


def _by_first(chains: List[Tuple[str, ...]]) -> Dict[str, List[Tuple[str, ...]]]:
    # The chains that go on after their first attribute, grouped by it: proj.sub.neg and
    # proj.sub.pos are sub -> [(neg,), (pos,)]. A chain that ends at the attribute reads it
    # whole, which an empty chain stands for.
    grouped: Dict[str, List[Tuple[str, ...]]] = {}
    for chain in chains:
        grouped.setdefault(chain[0], []).append(chain[1:])
    return grouped


def _public(module: types.ModuleType) -> List[str]:
    return [name for name in vars(module) if name not in _MODULE_MACHINERY]


def global_value(
    cap: Capturer,
    namespace: Namespace,
    name: str,
    path: str,
    chains: Chains = (),  # type: ignore[assignment]
    bindings: Any = None,
    attribute: bool = False,
) -> Step:
    """Capture the global ``name`` of ``namespace`` (what the code reads): its value, by
    reference when an import statement of the module bound it to an importable object.

    ``chains`` are the attribute chains the code follows through the global (for a module:
    ``None`` means everything in it). A name the namespace lacks is a builtin or not assigned
    yet, and is looked up when the code runs. ``attribute``: the name is read as an attribute
    of the module object (``module.name``, from outside it), which the module's ``__getattr__``
    may compute on demand (PEP 562): it is asked then, and only then, since the code of the
    module itself reads its globals from its dict and then the builtins, never through it.
    """
    if namespace.kept is not None:
        from .guards import kept_global

        if kept_global(cap, namespace, name):
            return  # (what the guard's try bound, its fallback taken when this was loaded)
    if name in namespace.dict:
        obj = namespace.dict[name]
    elif attribute and "__getattr__" in namespace.dict:
        try:
            obj = namespace.dict["__getattr__"](name)  # as attribute access on the module would
        except AttributeError:
            return
    else:
        return
    kind = type(obj)
    plain = type(kind) is type  # (see _capture.SCALARS)
    if plain and kind in SCALARS:  # its own value (what the walk would give back), however imported
        namespace.values.setdefault(name, obj)
        return
    value: Value
    if plain and kind in LEAF_KINDS:
        # Data (NAMES = [...], TABLE = {...}) goes by value however it was imported (as_imported
        # gives None), and a leaf of scalars is made without a step of the walk.
        if name in namespace.values or leaf_global(cap, namespace, name, obj):
            return
        yield from walked_global(cap, namespace, name, obj, path, chains)
        return
    written = as_imported(cap, obj, (bindings or {}).get(name))
    if isinstance(obj, types.ModuleType):
        value = yield from module_value(cap, obj, path, _chains(chains), written[0] if written else None)
        if name not in namespace.values:
            namespace.values[name] = value
        return
    if name in namespace.values:
        return
    namespace.values[name] = _CLAIMED  # claims the name before the walk goes on (recursion, cycles)
    if isinstance(obj, type):
        cap.found_in.setdefault(id(obj), namespace.dict)
    if written is not None and not cap.knows(obj):
        namespace.values[name] = _by_reference(cap, obj, path, written)
    else:
        namespace.values[name] = yield Need(obj, path, name, _chains(chains))


def leaf_global(cap: Capturer, namespace: Namespace, name: str, obj: Any) -> bool:
    """Capture the global ``name`` of ``namespace``, ``obj`` (a list, tuple, dict or frozenset,
    exactly), without a step of the walk when the capture reached it already, an earlier dumps
    captured a value of the same marshal bytes (``values.data_global``: a leaf, or a list or dict
    of scalars and leaves) or it is a leaf of scalars (``values.leaf_value``); False, nothing
    done, when the walk must go through it.
    (``functions._function`` asks it first for such a global: no ``global_value`` generator and
    path text per data global.)"""
    value = cap.known(obj)
    if value is UNKNOWN:
        if _data_global(cap, namespace, name, obj):
            return True  # (made as an earlier dumps made a value of the same marshal bytes)
        value = _leaf_value(cap, obj, name)
        if value is None:
            return False
        if cap.direct is None:
            cap.direct = []
        cap.direct.append((namespace, name, value, None))  # (a leaf made now)
    namespace.values[name] = value
    return True


def walked_global(
    cap: Capturer, namespace: Namespace, name: str, obj: Any, path: str, chains: Chains
) -> Step:
    """Capture the data global ``name`` of ``namespace``, ``obj``, that ``leaf_global`` left to
    the walk (a container holding containers: ``TABLE = {"a": [1, 2]}``)."""
    namespace.values[name] = _CLAIMED  # (an item may lead back here: see below)
    value = yield Need(obj, path, name, _chains(chains))
    if cap.direct_values and isinstance(value, Ref):
        direct = cap.direct_values.get(value.id)
        if direct is not None:
            if cap.direct is None:
                cap.direct = []
            cap.direct.append((namespace, name, value, direct))
    namespace.values[name] = value


# The containers values.leaf_value makes without a step of the walk (tests empty it to compare
# with the general walk).
# The containers whose contents go by value however they were imported (see as_imported).
_DATA_KINDS = frozenset({tuple, list, dict, set, frozenset, bytearray})


def _leaf_value(cap: Capturer, obj: Any, hint: str) -> Optional[Ref]:
    # values.leaf_value, imported by the first container a global holds (a dumps of a function
    # reading no data imports no handler of containers) and then bound in this one's place, so
    # that a warm dumps runs no import statement per global.
    global _leaf_value
    from .values import leaf_value

    _leaf_value = leaf_value
    return leaf_value(cap, obj, hint)


def _data_global(cap: Capturer, namespace: Namespace, name: str, obj: Any) -> bool:
    # values.data_global, imported and bound as _leaf_value is.
    global _data_global
    from .values import data_global

    _data_global = data_global
    return data_global(cap, namespace, name, obj)


def _by_reference(cap: Capturer, obj: Any, path: str, name: Optional[Tuple[str, str]] = None) -> Ref:
    # references.by_reference, imported by the first global bound by an import statement (not
    # on the way of a function reading only data) and then bound in this one's place, so that a
    # warm dumps runs no relative import statement (importlib resolves its package each time).
    global _by_reference
    from .references import by_reference

    _by_reference = by_reference
    return by_reference(cap, obj, path, name)


def _chains(chains: Any) -> Chains:
    if not chains:
        return None if chains is None else []
    return list(map(tuple, chains))  # (a C loop: no comprehension's function per global)


def as_imported(
    cap: Capturer, obj: Any, binding: Optional[Tuple[str, Optional[str]]]
) -> Optional[Tuple[str, str]]:
    """``(module, attribute)`` as the user's import statement wrote them, when that still gives
    ``obj`` and goes by reference: ``os.path`` rather than ``posixpath``, ``libcst.parse_module``
    rather than the private module that defines it."""
    if binding is None or cap.is_user_module(binding[0]):
        return None
    kind = type(obj)
    if type(kind) is type and (kind in SCALARS or kind in _DATA_KINDS):  # (see _capture.SCALARS)
        return None  # data goes by value, however it was imported (``from math import pi``)
    module_name, attribute = binding
    if attribute is None:
        return (module_name, "") if sys.modules.get(module_name) is obj else None
    if isinstance(obj, types.ModuleType):
        full = f"{module_name}.{attribute}"
        return (full, "") if sys.modules.get(full) is obj else None
    if not found(module_name, attribute, obj):
        return None
    if isinstance(obj, (types.FunctionType, type)) and cap.is_user_module(getattr(obj, "__module__", None)):
        return None  # defined in the user's own code: by value, whatever imported it
    return (module_name, attribute)


def submodules_reached(module: types.ModuleType, chains: List[Tuple[str, ...]]) -> Set[str]:
    """The submodules of ``module`` that the attribute ``chains`` pass through."""
    found: Set[str] = set()
    for chain in chains:
        obj: Any = module
        prefix = module.__name__
        for attr in chain:
            child = getattr(obj, attr, None)
            name = f"{prefix}.{attr}"
            if not isinstance(child, types.ModuleType) or sys.modules.get(name) is not child:
                break
            found.add(name)
            obj, prefix = child, name
    # Importing the deepest also imports its parents (one name is its own deepest: the common
    # os.path, without the walk over pairs).
    if len(found) < 2:
        return found
    return {n for n in found if not any(o.startswith(n + ".") for o in found)}


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


def split_by_distribution(
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


def body_import(cap: Capturer, name: str, path: str) -> Step:
    """The import node of a module a function's body imports, so that loading checks it is there
    before anything runs: a module of the standard library, of an installed distribution, or of
    the user's own (loading then says it is missing, where the loaded function would fail inside
    a call); None for a module that cannot be imported here either."""
    if name in sys.modules and not cap.is_user_module(name):
        return (yield from module_value(cap, sys.modules[name], path, []))
    dist = distribution_of(name)
    if dist is None:
        if name not in sys.modules and not _importable(name):
            return None  # not here either (an optional import the body guards): as before
        dist = Distribution(name.split(".")[0])
    node_id = cap.imports_by_name.get(name)
    if node_id is None:
        node_id = cap.new_id(name, object())
        cap.imports_by_name[name] = node_id
        cap.nodes[node_id] = ImportNode(name, dist, ())
    return cap.ref(node_id)


def _importable(name: str) -> bool:
    import importlib.util  # only for body imports (on 3.9 it imports typing: issue 9)

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False

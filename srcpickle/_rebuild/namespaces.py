"""Rebuild handlers for namespaces, imports and by-reference objects, and the globals payload code
reads while the payload is being built.

A namespace is a fresh module object whose ``__builtins__`` is the ``builtins`` module. Its
globals are set in three steps: those whose values run no code before any payload code runs; those
that code about to run reads (``provide``), as far as they can be built by then; all of them when
the namespace is completed.
"""

from __future__ import annotations

import _thread
import builtins
import sys
import types
import weakref
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Set, Tuple

from .._annotated import class_annotations, parse_statement
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
    node_values,
)
from .builder import DONE, Builder, Soft, Step, empty_container
from .checks import import_module, import_object
from .compiler import creation_names, own_module_code

# Sections whose object exists from the first phase and runs nothing to be used.
_IDENTITY_FIRST = (FunctionNode, NamespaceNode, ImportNode, RefNode, CellNode)


def create_namespace(builder: Builder, node_id: str, node: NamespaceNode) -> None:
    """Phase 1: a fresh module."""
    module = types.ModuleType(node.module)
    module.__dict__["__builtins__"] = builtins
    builder.objects[node_id] = module


def create_import(builder: Builder, node_id: str, node: ImportNode) -> None:
    """Phase 1: import the module (and the submodules the sources reach through it)."""
    builder.objects[node_id] = import_module(node.module, node.submodules, node.distribution)


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


def working_copy(builder: Builder, value: Value) -> Any:
    """The object ``value`` stands for, but a mutable container (list, dict, set, bytearray) made
    anew with the captured items: what payload code about to run gets, so that what it does to
    the container leaves the captured one as it is (see ``prefill``)."""
    return _copy(builder, value) if _mutable(builder, value) else builder.materialize(value)


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
            if (yield from _all_ready(builder, node.value)):
                return False, _copy(builder, value)
            return False, (yield from _partial(builder, node.value))
        ready = yield Soft(value.id)
        return (True, builder.objects[value.id]) if ready and value.id in builder.objects else None
    # A container holding classes or objects built by calls: a copy only when all of them can be
    # built without running a class statement or payload code (which would run in the middle of
    # setting up other code's globals), else a stand-in of its kind.
    if (yield from _all_ready(builder, value)):
        return not _mutable(builder, value), builder.materialize(value)
    try:
        return False, (yield from _partial(builder, value))
    except Exception:  # noqa: BLE001 - a tuple holding what cannot be built yet: nothing stands in
        return None


def _all_ready(builder: Builder, value: Value) -> Step:
    # Whether every section ``value`` refers to has its object, after building now those that
    # only call library code.
    ready = True
    for ref in iter_refs(value):
        if not (yield from _ready(builder, ref.id)):
            ready = False
    return ready


def _ready(builder: Builder, node_id: str) -> Step:
    if builder.state.get(node_id) == DONE:
        return True
    if isinstance(builder.nodes[node_id], _IDENTITY_FIRST):
        return node_id in builder.objects
    if not _library_only(builder, node_id):
        return False
    return (yield Soft(node_id)) and node_id in builder.objects


def _library_only(builder: Builder, start: str) -> bool:
    # Whether building ``start`` calls library code only: no class statement runs and no payload
    # function is called (an object built by Fraction(1, 3), not an instance of a payload class).
    seen = {start}
    stack = [start]
    while stack:
        node = builder.nodes[stack.pop()]
        if isinstance(node, ClassNode):
            return False
        if isinstance(node, ReduceNode):
            call = node.callable
            if not (isinstance(call, Ref) and isinstance(builder.nodes[call.id], (RefNode, ImportNode))):
                return False
        if isinstance(node, (ValueNode, ReduceNode)):
            for held in node_values(node):
                for ref in iter_refs(held):
                    if ref.id not in seen:
                        seen.add(ref.id)
                        stack.append(ref.id)
    return True


def _partial(builder: Builder, value: Value) -> Step:
    # The stand-in of a container not all of whose items can be built yet: a dict with the
    # entries that can (attrs' exec'd __init__ beside a validator made by a call), else an empty
    # container of its kind (a list or set without some items would answer wrongly, not fail).
    stand_in = empty_container(value)
    if isinstance(value, DictValue):
        for key, item in value.items:
            if (yield from _all_ready(builder, key)) and (yield from _all_ready(builder, item)):
                stand_in[builder.materialize(key)] = builder.materialize(item)
    return stand_in


def provide(builder: Builder, node_ids: Iterable[str]) -> Step:
    """Set the globals that the code of the function and class sections ``node_ids`` reads (all
    of it: any of it may run now), and those of the functions and classes among them, as far as
    they can be built now. When some could not be set yet (the class being made, which its own
    hook reads), all of them are provided again when code of them may run next."""
    pending: List[str] = list(node_ids)
    visited: List[str] = []
    incomplete = False
    while pending:
        node_id = pending.pop()
        if node_id in builder.provided:
            continue
        builder.provided.add(node_id)
        visited.append(node_id)
        node = builder.nodes.get(node_id)
        if not isinstance(node, (FunctionNode, ClassNode)):
            continue
        names = _code_names(builder, node_id)
        values = yield from set_globals(builder, node.namespace, names)
        assigned = builder.assigned[node.namespace]
        incomplete = incomplete or any(name in values and name not in assigned for name in names)
        for name in names:
            value = values.get(name)
            if isinstance(value, Ref) and builder.is_kind(value, (FunctionNode, ClassNode)):
                pending.append(value.id)
        if isinstance(node, ClassNode):
            # Its methods: those of a class made by a call are in the call's namespace, and any
            # class's may be wrapped (a classmethod).
            held = [value for _, value in node.attributes]
            if node.made_by is not None:
                held.append(node.made_by)
            pending.extend(_held_functions(builder, held))
    if incomplete:
        builder.provided.difference_update(visited)


def _held_functions(builder: Builder, values: List[Value]) -> List[str]:
    # The function sections ``values`` hold through containers and calls (classmethod(f), an
    # instance's state), not through other functions and classes (provided on their own).
    return [
        node_id
        for node_id, node in _held_sections(builder, values, lambda _: True)
        if isinstance(node, FunctionNode)
    ]


def _held_sections(
    builder: Builder, values: Iterable[Value], opened: Callable[[str], bool]
) -> Iterator[Tuple[str, Any]]:
    """Each section ``values`` refer to, once, as (id, node), and those the value and call
    sections among them refer to, for each such section whose id ``opened`` accepts."""
    seen: Set[str] = set()
    pending = list(values)
    while pending:
        for ref in iter_refs(pending.pop()):
            if ref.id in seen:
                continue
            seen.add(ref.id)
            node = builder.nodes.get(ref.id)
            yield ref.id, node
            if isinstance(node, (ValueNode, ReduceNode)) and opened(ref.id):
                pending.extend(value for value in node_values(node) if value is not None)


def _code_names(builder: Builder, node_id: str) -> List[str]:
    compiled = builder.compiled.get(node_id)
    if compiled is None:
        return []
    return creation_names(own_module_code(builder.payload, node_id, compiled), everything=True)


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


def provide_class_call(builder: Builder, node: ReduceNode, func: Any) -> Step:
    """Provide the globals of the payload code that ``node``, a call of ``func`` that makes a
    class (a class section's made-by), may run. Such a call runs the hooks of what its arguments
    hold however deep: ``type(name, (Base,), namespace)`` runs ``Base.__init_subclass__`` and
    ``__set_name__`` of each descriptor in ``namespace``. So the functions and classes are found
    through containers and through what objects made by calls were made of (a ``classmethod`` of
    a function, a descriptor's state), with each such object's class."""
    functions: List[str] = []
    classes: List[Any] = [func]
    arguments = [value for value in (node.callable, node.args, node.kwargs) if value is not None]
    # (a section not made yet is not opened: nothing of it has run, or can run now)
    for node_id, held in _held_sections(builder, arguments, builder.objects.__contains__):
        if isinstance(held, FunctionNode):
            functions.append(node_id)
        elif node_id in builder.objects and isinstance(held, (ClassNode, ReduceNode)):
            obj = builder.objects[node_id]
            classes.append(obj if isinstance(obj, type) else type(obj))
    yield from provide(builder, functions)
    yield from provide_classes(builder, classes)


def class_objects(builder: Builder, values: Iterable[Optional[Value]]) -> List[Any]:
    """The built objects of the class sections among ``values``."""
    objects = []
    for value in values:
        if isinstance(value, Ref) and isinstance(builder.nodes.get(value.id), ClassNode):
            obj = builder.objects.get(value.id)
            if obj is not None:
                objects.append(obj)
    return objects


# ------------------------------------------------------------- string annotations of classes
#
# dataclasses (ClassVar, InitVar, KW_ONLY), typing.get_type_hints and pydantic evaluate a class's
# string annotations in sys.modules[cls.__module__]. A payload's namespace is a module of its own,
# in no sys.modules, and cls.__module__ names the original module ('__main__' for a script), which
# in the loading process is absent or another module (its own __main__). So while a class
# statement with string annotations runs (its body, decorators, metaclass and hooks), the
# namespace stands in sys.modules under a name no other module has, and is the module its
# __name__ names; afterwards the class and what its statement made get their recorded __module__
# back and the name leaves sys.modules. Never the real name: that would shadow a module of the
# loading process (its __main__ above all) for every thread while the statement runs.


def annotation_module(
    builder: Builder, node: ClassNode, module_code: types.CodeType, creation: Iterable[str]
) -> Step:
    """What the class statement of ``node`` runs in (a ``StandIn``, a context manager).

    When its annotations are strings to evaluate later, the globals they name are set first, as
    far as they can be built now (a pydantic model's field of a class of the payload), and the
    payload's namespace stands in ``sys.modules`` while it runs. The classes of the payload among
    the globals it reads (its bases) and their bases, when their own annotations are strings,
    have their namespace stand in too, under their ``__module__``, since a hook that evaluates the
    new class's annotations (``typing.get_type_hints``) walks its bases. Otherwise nothing
    changes."""
    stand_in = StandIn()
    future = "annotations" in node.future
    if future or "'" in node.source or '"' in node.source:  # else no annotation is a string
        names, strings = _annotation_facts(module_code, node.source)
        if strings or (names and future):
            yield from set_globals(builder, node.namespace, names)
            stand_in.add(builder.objects[node.namespace], node.module)
    namespace = builder.objects[node.namespace].__dict__
    for name in creation:
        value = namespace.get(name)
        if not isinstance(value, type) or id(value) not in builder.class_nodes:
            continue
        for klass in value.__mro__:
            klass_id = builder.class_nodes.get(id(klass))
            klass_node = builder.nodes.get(klass_id) if klass_id is not None else None
            annotations = vars(klass).get("__annotations__")
            if (
                isinstance(klass_node, ClassNode)
                and klass.__module__ == klass_node.module
                and isinstance(annotations, dict)
                and any(isinstance(v, str) for v in annotations.values())
            ):
                stand_in.add(builder.objects[klass_node.namespace], klass_node.module, klass)
    return stand_in


def _annotation_facts(module_code: types.CodeType, source: str) -> Tuple[List[str], bool]:
    # (the globals the statement's annotations name, whether it holds quoted ones); None of the
    # statement's annotations: ([], False). Parsed once per compiled statement.
    try:
        known = _FACTS.get(module_code)
    except TypeError:  # PyPy's code objects may not be weakly referenceable
        known = None
    if known is not None:
        return known
    facts: Tuple[List[str], bool] = ([], False)
    # A class body with annotations stores into __annotations__ (3.9 to 3.13): a statement whose
    # code never names it has none, and its source is not parsed (a few hundred microseconds).
    if _names_annotations(module_code):
        try:
            found = class_annotations(parse_statement(source))
        except (SyntaxError, ValueError):  # compiled already: cannot happen; then nothing to do
            found = None
        if found is not None and found.annotated:
            facts = (found.names, found.strings)
    try:
        _FACTS[module_code] = facts
    except TypeError:
        pass
    return facts


def _names_annotations(code: types.CodeType) -> bool:
    pending = [code]
    while pending:
        current = pending.pop()
        if "__annotations__" in current.co_names:
            return True
        pending.extend(const for const in current.co_consts if isinstance(const, types.CodeType))
    return False


_FACTS: weakref.WeakKeyDictionary[types.CodeType, Tuple[List[str], bool]] = weakref.WeakKeyDictionary()
_COUNTER_LOCK = _thread.allocate_lock()
_COUNTER = [0]
# How far the walk that gives back __module__ goes from the class into what its statement made
# (a dataclass field's default_factory sits at depth 3: the class, __dataclass_fields__, the
# Field), and how many objects it visits at most.
_DEPTH = 4
_VISITS = 10_000


class StandIn:
    """While entered, each payload namespace added stands in ``sys.modules`` under a name of its
    own (never a real module's: that would shadow a module of the loading process, its
    ``__main__`` above all, for every thread), which its ``__name__`` gives the classes and
    functions made meanwhile; the classes added take that name as ``__module__`` meanwhile.
    ``made`` gives a class and what its statement made their recorded module names back."""

    def __init__(self) -> None:
        # id(namespace) -> (namespace, its recorded name, its stand-in name)
        self.modules: Dict[int, Tuple[types.ModuleType, str, str]] = {}
        # (class, its stand-in name, its recorded name)
        self.classes: List[Tuple[type, str, str]] = []

    def add(self, module: types.ModuleType, name: str, cls: Optional[type] = None) -> None:
        """Stand ``module`` (recorded as ``name``) in ``sys.modules``, with ``cls``, a class made
        in it, while entered."""
        if id(module) not in self.modules:
            with _COUNTER_LOCK:
                _COUNTER[0] += 1
                number = _COUNTER[0]
            # Unique in the process: two threads loading classes of one module each have theirs.
            self.modules[id(module)] = (module, name, f"{name}<srcpickle load {number}>")
        if cls is not None and all(cls is not known for known, _, _ in self.classes):
            self.classes.append((cls, self.modules[id(module)][2], name))

    def __enter__(self) -> StandIn:
        for module, _, alias in self.modules.values():
            module.__dict__["__name__"] = alias
            sys.modules[alias] = module
        for cls, alias, _ in self.classes:
            cls.__module__ = alias
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for cls, alias, name in self.classes:
            if cls.__module__ == alias:
                cls.__module__ = name
        for module, name, alias in self.modules.values():
            if module.__dict__.get("__name__") == alias:
                module.__dict__["__name__"] = name
            if sys.modules.get(alias) is module:
                del sys.modules[alias]

    def made(self, obj: Any) -> None:
        """Give ``obj`` and the functions and classes its statement made (found through its
        dict, its descriptors and their fields, a few levels deep) their recorded module names
        back: what was made while a namespace stood in took its stand-in name."""
        if not self.modules:
            return
        names = {alias: name for _, name, alias in self.modules.values()}
        seen: Set[int] = set()
        pending: List[Tuple[Any, int]] = [(obj, 0)]
        while pending and len(seen) < _VISITS:
            value, depth = pending.pop()
            kind = type(value)
            # (a type looked up by its hash only under type itself: a metaclass's __hash__ is code)
            if id(value) in seen or value is None or (type(kind) is type and kind in SCALAR_TYPES):
                continue
            seen.add(id(value))
            if isinstance(value, (types.FunctionType, type)):
                module = getattr(value, "__module__", None)
                if isinstance(module, str) and module in names:
                    try:
                        value.__module__ = names[module]
                    except (AttributeError, TypeError):
                        pass
                elif isinstance(value, type) and value is not obj:
                    continue  # a class its statement did not make
                if isinstance(value, types.FunctionType):
                    continue
            if depth < _DEPTH:
                pending.extend((inner, depth + 1) for inner in _inside(value))


_TYPE_DICT = type.__dict__["__dict__"].__get__  # a class's own dict, whatever its metaclass


def _inside(value: Any) -> List[Any]:
    # What an object holds, read without running any of its code: its dict (a class's too), its
    # slots (through their member descriptors), a container's items, what a descriptor wraps.
    # Exactly, by identity: a subclass's __iter__ is code, and so is a metaclass's __eq__.
    kind = type(value)
    if kind is list or kind is tuple or kind is set or kind is frozenset:
        return list(value)
    if kind is dict or kind is types.MappingProxyType:
        return list(value.values())
    found: List[Any] = []
    try:
        # Not vars(): it falls back on the object's __getattr__ (pydantic's placeholder
        # validator rebuilds its model when asked anything).
        held = _TYPE_DICT(value) if isinstance(value, type) else object.__getattribute__(value, "__dict__")
    except (AttributeError, TypeError):
        held = None
    if isinstance(held, (dict, types.MappingProxyType)):
        found.extend(held.values())
    if isinstance(value, (staticmethod, classmethod)):
        found.append(value.__func__)
    elif isinstance(value, property):
        found.extend((value.fget, value.fset, value.fdel))
    if not isinstance(value, type):
        for klass in type(value).__mro__:
            for member in vars(klass).values():
                if isinstance(member, types.MemberDescriptorType):
                    try:
                        found.append(member.__get__(value, klass))
                    except AttributeError:  # an empty slot
                        pass
    return found

"""Rebuild handlers for classes.

A class is made again the way it was first made: its class statement runs again in its namespace
(so decorators, metaclasses, ``__init_subclass__`` and ``__set_name__`` act as they did), a class
nested in another class's statement is the one that statement binds, a class made by a call is
that call's result. Then, once every section is built, the state captured from the live class is
set on it (``attribute``, and the namespace of a ``type(name, bases, namespace)`` call, which is the
live class's dict), names deleted from it are deleted again, and it is registered with the ABCs it
was registered with: the live class was the truth when it was dumped, whatever the hooks that ran
again while the payload was built did to it.
"""

from __future__ import annotations

import _thread
import sys
import types
import weakref
from typing import Any, Dict, List, Optional, Tuple

from .._model import CellNode, ClassNode, DictValue, NamespaceNode, ReduceNode, Ref, TupleValue, ValueNode
from ..errors import LoadError
from .builder import Blocked, Builder, Step
from .compiler import LOADED_CLASSES, creation_names, held_objects, sha256, show_class_sources, skeleton
from .functions import hold, named_code, source_filename
from .namespaces import annotation_module, provide, provide_classes, set_globals


def complete_class(builder: Builder, node_id: str, node: ClassNode) -> Step:
    """Make the class (its statement, the statement it is nested in, or its call)."""
    if node.in_class:
        yield node.in_class  # the outer statement makes it (see _members)
        if node_id not in builder.objects:
            raise LoadError(f"class section @{node.in_class} did not make the nested class {node.qualname}")
        return
    if node.made_by is not None:
        yield from builder.require(node.made_by)
        cls = builder.materialize(node.made_by)
        if not isinstance(cls, type):
            raise LoadError(
                f"the call that makes class {node.qualname} gave {type(cls).__name__}, not a class"
            )
        refuse_existing(cls, f"the call that makes class {node.qualname}")
        maker = builder.nodes.get(node.made_by.id) if isinstance(node.made_by, Ref) else None
        if isinstance(maker, ReduceNode) and maker.kwargs is not None:
            # type(name, bases, namespace, name="first") passed keywords to __init_subclass__
            # that the class does not keep: dumping it again passes them again.
            keywords = builder.materialize(maker.kwargs)
            if isinstance(keywords, dict):
                CLASS_KEYWORDS[cls] = dict(keywords)
        if cls.__module__ != node.module:
            cls.__module__ = node.module
        if cls.__qualname__ != node.qualname:
            requalify(cls, cls.__qualname__, node.qualname)
        _made(builder, node_id, cls, "", builder.objects[node.namespace].__dict__)
        return
    yield from _run_statement(builder, node_id, node)


def _run_statement(builder: Builder, node_id: str, node: ClassNode) -> Step:
    module_code, _, _ = builder.compiled[node_id]
    filename = source_filename(builder, node_id)
    # The same named copy at every load of this statement (see functions.named_code), which
    # holds the entry while the loader's caches keep the compiled code; a class made from it holds
    # it too, as long as it lives.
    module_code = named_code(module_code, filename)
    hold(builder, node_id, module_code)
    namespace = builder.objects[node.namespace].__dict__
    # This class statement loaded before in this process (the same payload, or another dumped
    # from the same class) gives the same class, whose captured state this payload then sets:
    # the last payload loaded wins, as with cloudpickle's class tracker. Under an allow-list a
    # load writes only into what it made: a class of its own, not tracked either (the next load
    # without a list gets the class the others share).
    key = class_key(node) if builder.reuse_classes else None
    known = tracked_class(key)
    if known is not None and known in ORIGINAL_CLASSES:
        _original(builder, node_id, known)
        return
    if known is not None:
        _made(builder, node_id, known, filename, namespace)
        return
    cells = dict(node.closure)
    chain, params, holder = skeleton(node.scope, list(cells))
    # What the class statement reads while it runs (bases, decorators, its body) must exist
    # before it runs; so must what payload code running inside it reads (a decorator of the
    # payload's own, a base's __init_subclass__, a metaclass, a descriptor's __set_name__).
    creation = creation_names(module_code, scopes=[name for name, _ in chain])
    values = yield from set_globals(builder, node.namespace, creation)
    for name in creation:
        value = values.get(name)
        if isinstance(value, Ref) and isinstance(builder.nodes.get(value.id), NamespaceNode):
            # A module of the user's own the statement reads through (class D(usermod.Base)):
            # a namespace of the payload, whose globals (what was captured of it: what code
            # reads) are set before the statement runs, as the statement's own are.
            inner = builder.nodes[value.id]
            yield from set_globals(builder, value.id, [key for key, _ in inner.globals])  # type: ignore[union-attr]
    if builder.soft:
        # Started because other payload code might read this class: if what the statement needs
        # is being built further up, wait until it is needed for real.
        for name in creation:
            value = values.get(name)
            if value is not None and name not in namespace:
                raise Blocked(name)
    functions = [value.id for value in (values.get(name) for name in creation) if isinstance(value, Ref)]
    yield from provide(builder, functions)
    yield from provide_classes(builder, [namespace.get(name) for name in creation])
    arguments: List[Any] = []
    for name in params:
        ref = cells[name]
        cell = builder.nodes.get(ref.id) if isinstance(ref, Ref) else None
        if name == node.name and (not isinstance(cell, CellNode) or cell.contents == Ref(node_id)):
            # The class's own name (a method of a local class refers to it): the class
            # statement assigns it in the scope before any method can run. (Another class
            # there is the one ``class Local(Local):`` derives from.)
            arguments.append(None)
            continue
        yield from builder.require(ref)
        try:
            arguments.append(builder.materialize(ref).cell_contents)
        except ValueError:
            raise LoadError(
                f"class {node.qualname} closes over {name!r}, which was unassigned when it was dumped"
            ) from None
    for _, value in node.scope_names:
        yield from builder.require(value)
    scratch: Dict[str, Any] = {}
    stand_in = yield from annotation_module(builder, node, module_code, creation)
    with stand_in:  # string annotations resolve in the payload's namespace (see namespaces)
        exec(module_code, namespace, scratch)  # noqa: S102 - the payload's class statement, after all checks
        # Run the chain of enclosing scopes down to the class: each def returns what it defines, a
        # class holds it as an attribute.
        obj: Any = scratch[chain[0][0]] if chain else scratch[node.name]
        for depth, (_, scope_kind) in enumerate(chain):
            child = chain[depth + 1][0] if depth + 1 < len(chain) else node.name
            obj = (
                (obj(*arguments) if depth == holder else obj())
                if scope_kind == "def"
                else getattr(obj, child)
            )
        stand_in.made(obj)
    if node.scope_names:
        # (format 3, 3.12+: imported with the first such class, see generics)
        from .generics import put_scope_names

        put_scope_names(obj, {name: builder.materialize(value) for name, value in node.scope_names})
    if not isinstance(obj, type):
        raise LoadError(f"the class statement of {node.qualname} made {type(obj).__name__}, not a class")
    refuse_existing(obj, f"the class statement of {node.qualname}")
    if obj.__qualname__ != node.qualname:
        requalify(obj, obj.__qualname__, node.qualname)
    track_class(key, obj)
    _made(builder, node_id, obj, filename, namespace)


def _made(builder: Builder, node_id: str, cls: type, filename: str, namespace: Dict[str, Any]) -> None:
    builder.objects[node_id] = cls
    builder.class_nodes[id(cls)] = node_id
    LOADED_CLASSES[cls] = (filename, namespace)
    if filename:
        hold(builder, node_id, cls)
        show_class_sources()
    for member_id, name, nested in _nested(builder, node_id, cls):
        refuse_existing(nested, f"the class statement of {cls.__qualname__}, as {name},")
        _made(builder, member_id, nested, filename, namespace)


def _original(builder: Builder, node_id: str, cls: type) -> None:
    # The class this payload was dumped from, alive in this process: it is the class, as it is
    # (the live class is the truth: the payload's state is not set on it, see finish_class).
    builder.objects[node_id] = cls
    builder.class_nodes[id(cls)] = node_id
    builder.originals.add(node_id)
    for member_id, _, nested in _nested(builder, node_id, cls):
        _original(builder, member_id, nested)


def _nested(builder: Builder, node_id: str, cls: type) -> List[Tuple[str, str, type]]:
    """The classes nested in the statement of ``node_id``: the ones ``cls`` bound, as (section,
    name, class)."""
    found = []
    for member_id in builder.members.get(node_id, []):
        member = builder.nodes[member_id]
        assert isinstance(member, ClassNode)
        nested = vars(cls).get(member.name)
        if not isinstance(nested, type):
            raise LoadError(f"the class statement of {cls.__qualname__} bound no class {member.name}")
        found.append((member_id, member.name, nested))
    return found


def refuse_existing(cls: type, what: str) -> None:
    """Raise ``LoadError`` when ``cls`` is a class that existed before this load, importable by its
    own name (a library's, a built-in): the loader sets a payload's captured state on each class
    it makes, and must never set it on someone else's (``json.JSONDecoder`` patched for the whole
    process by a decorator or a call that returns it)."""
    obj: Any = sys.modules.get(cls.__module__) if isinstance(cls.__module__, str) else None
    for part in cls.__qualname__.split("."):
        if obj is None or part == "<locals>":
            return
        try:
            obj = vars(obj).get(part)
        except TypeError:
            return
    if obj is cls:
        raise LoadError(
            f"{what} gave {cls.__module__}.{cls.__qualname__}, a class that existed before the load: "
            "the loader sets a payload's state only on the classes it makes"
        )


# Classes loaded in this process, by the identity of their class statement (see class_key), so
# that loading a class again gives the same class: isinstance, == and typecheck=True work between
# objects of different payloads. Weak: a class nothing uses any more is forgotten.
# The keywords each class made by a call of a class section's made-by passed to its class
# (read by capture when the loaded class is dumped again).
CLASS_KEYWORDS: weakref.WeakKeyDictionary[type, Dict[str, Any]] = weakref.WeakKeyDictionary()
_TRACKED: Dict[str, weakref.ReferenceType[type]] = {}
# Reentrant: a class can die (and forget take the lock) at any allocation, also inside a section
# of the same thread that holds it (a load on 3.12.1 hung in tracked_class).
_TRACKED_LOCK = _thread.RLock()


def class_key(node: ClassNode) -> Optional[str]:
    """What identifies the class statement of ``node`` in every payload that holds it: its
    module, qualname, file, place and exact source (a changed source is another class). None
    for a class of a function's scope, which each call made anew, and for a class made by a
    call: those are not tracked."""
    if node.in_class or node.made_by is not None or "<locals>" in node.qualname or "<locals>" in node.scope:
        return None
    if node.closure:
        return None
    parts = [node.module, node.qualname, node.file, str(node.line), node.indent, node.scope]
    text = "\x00".join([*parts, *node.future, node.source])
    digest: str = sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digest


# The classes srcpickle.Pickler sent by value from this process (in a payload of their own or of
# a function that uses them), tracked by their class statement's key: what comes back from the
# other side (a task's result, the exception it raised) loads as the class it was sent from, as
# cloudpickle's class tracker does (any load of such a payload in this process, but under an
# allow-list). Plain dumps tracks nothing. Weak, like _TRACKED.
ORIGINAL_CLASSES: weakref.WeakSet[type] = weakref.WeakSet()


def track_original(node: ClassNode, cls: type) -> None:
    """Remember ``cls``, a live class of this process that a payload holds as ``node``, as the
    class that payload's class statement gives when loaded here (not a class made by a load:
    those are tracked when made)."""
    if cls in LOADED_CLASSES:
        return
    key = class_key(node)
    if key is None:
        return
    with _TRACKED_LOCK:
        ref = _TRACKED.get(key)
    if ref is not None and ref() is cls:
        return
    ORIGINAL_CLASSES.add(cls)
    track_class(key, cls)


def tracked_class(key: Optional[str]) -> Optional[type]:
    """The class loaded before for ``key``, if it is still alive."""
    if key is None:
        return None
    with _TRACKED_LOCK:
        ref = _TRACKED.get(key)
    return ref() if ref is not None else None


def track_class(key: Optional[str], cls: type) -> None:
    """Remember ``cls`` as the class of ``key`` (forgotten when the class is)."""
    if key is None:
        return
    tracked: str = key

    def forget(_: Any) -> None:
        with _TRACKED_LOCK:
            if _TRACKED.get(tracked) is ref:
                del _TRACKED[tracked]

    ref = weakref.ref(cls, forget)
    with _TRACKED_LOCK:
        _TRACKED[tracked] = ref


def made_namespace(builder: Builder, maker_id: str) -> Optional[DictValue]:
    """The namespace of the call section ``maker_id`` when it makes a class as
    ``type(name, bases, namespace)`` does (its metaclass called so): the live class's dict, as
    capture writes a class no statement makes. None for any other call."""
    if maker_id not in builder.makers:
        return None
    maker = builder.nodes[maker_id]
    args = maker.args if isinstance(maker, ReduceNode) else None
    if not isinstance(args, TupleValue) or len(args.items) != 3 or not isinstance(args.items[0], str):
        return None
    namespace = args.items[2]
    if isinstance(namespace, Ref):
        held = builder.nodes.get(namespace.id)
        namespace = held.value if isinstance(held, ValueNode) else None
    return namespace if isinstance(namespace, DictValue) else None


# What complete_class sets on a class made by a call itself.
_SET_WHEN_MADE = frozenset({"__module__", "__qualname__"})
_ABSENT = object()


def finish_class(builder: Builder, node_id: str, node: ClassNode) -> Step:
    """Phase 4: set the captured state on the class (a class made as ``type()`` makes one: its
    namespace, which is the live class's dict), delete what was deleted from it, register it with
    the ABCs it was registered with and, an ABC, register the classes of its registry with it. A
    class of this process (see ``_original``) is left as it lives."""
    if node_id in builder.originals:
        return
    cls = builder.objects[node_id]
    namespace = made_namespace(builder, node.made_by.id) if isinstance(node.made_by, Ref) else None
    if namespace is not None:
        # The call ran the creation hooks again, and later calls ran their subclasses' hooks,
        # in a load's order of work: what they set on the class gives way to the live state,
        # as a class statement's does to its attribute lines.
        for key, value in namespace.items:
            if not isinstance(key, str) or key in _SET_WHEN_MADE:
                continue
            yield from builder.require(value)
            captured = builder.materialize(value)
            if vars(cls).get(key, _ABSENT) is not captured:
                setattr(cls, key, captured)
    for name, value in node.attributes:
        yield from builder.require(value)
        setattr(cls, name, builder.materialize(value))
    for name in node.deleted:
        if name in vars(cls):
            delattr(cls, name)
    for value in node.registered_with:
        yield from builder.require(value)
        owner = builder.materialize(value)
        register = getattr(owner, "register", None)
        if not isinstance(owner, type) or not callable(register):
            raise LoadError(f"class {node.qualname} is registered with {owner!r}, which is not an ABC")
        register(cls)
    if node.registry:
        register = getattr(cls, "register", None)
        if not callable(register):
            raise LoadError(f"class {node.qualname} has a registry but is not an ABC")
        for value in node.registry:
            yield from builder.require(value)
            member = builder.materialize(value)
            if not isinstance(member, type):
                raise LoadError(f"class {node.qualname} has {member!r} in its registry, which is not a class")
            register(member)


def requalify(cls: type, old: str, new: str) -> None:
    """Give ``cls`` (and everything its body defined) the recorded qualname ``new``: its
    qualname was changed after its definition, or it was compiled in a stand-in scope."""
    cls.__qualname__ = new
    for value in vars(cls).values():
        for inner in held_objects(value):
            qualname = getattr(inner, "__qualname__", None)
            if isinstance(qualname, str) and qualname.startswith(old + "."):
                if isinstance(inner, type):
                    requalify(inner, qualname, new + qualname[len(old) :])
                elif isinstance(inner, types.FunctionType):
                    inner.__qualname__ = new + qualname[len(old) :]

"""Rebuild handler for objects made by a call (``reduce`` sections): the pickle reduce protocol,
written out.

The object is ``callable(*args, **kwargs)``, with the callable and the arguments completed first;
then its state (``__setstate__``, or ``__dict__`` and slots), then ``listitems`` appended and
``dictitems`` set, each completed first. Before the call, the globals of the payload code that may
run inside it are set: the callable's, and those of every class of the payload among the
arguments (``copyreg.__newobj__(Class)`` runs its ``__new__``, ``__init__``, ``__setstate__``, and
those of its bases); for a call that makes a class, those of every function and class its
arguments hold, however deep (``type(name, (Base,), namespace)`` runs ``Base.__init_subclass__``
and ``__set_name__`` of the descriptors in ``namespace``).
"""

from __future__ import annotations

import types
from typing import Any

from .._model import ClassNode, ReduceNode, TupleValue
from ..errors import LoadError
from .builder import Builder, Step
from .classes import made_namespace
from .compiler import held_objects
from .namespaces import class_objects, provide, provide_class_call, provide_classes, working_copy


def complete_reduce(builder: Builder, node_id: str, node: ReduceNode) -> Step:
    """Make the object, then apply its state, list items and dict items."""
    yield from builder.require(node.callable)
    yield from builder.require(node.args)
    yield from builder.require(node.kwargs)
    func = builder.materialize(node.callable)
    kwargs = builder.materialize(node.kwargs) if node.kwargs is not None else {}
    if node_id in builder.makers:
        args = _class_call_arguments(builder, node_id, node)
        yield from provide_class_call(builder, node, func)
    else:
        args = builder.materialize(node.args)
        if builder.is_function(node.callable):
            yield from provide(builder, [node.callable.id])  # type: ignore[union-attr]
        arguments = node.args.items if isinstance(node.args, TupleValue) else ()
        yield from provide_classes(builder, [*class_objects(builder, arguments), func])
    if not callable(func):
        raise LoadError(f"the callable of reduce section @{node_id} is not callable: {type(func).__name__}")
    if not isinstance(args, tuple) or not isinstance(kwargs, dict):
        raise LoadError(f"the arguments of reduce section @{node_id} are not a tuple and a dict")
    obj = func(*args, **kwargs)
    if func is getattr and type(obj) is types.MethodType and len(args) == 2:
        obj = yield from final_method(builder, obj, args[0], args[1])
    builder.objects[node_id] = obj
    if isinstance(obj, types.ModuleType) and any(
        value is not None for value in (node.state, node.listitems, node.dictitems, node.state_setter)
    ):
        # A payload never writes into a module: that would change it for the whole process
        # (builtins.len replaced, a library's function swapped).
        raise LoadError(
            f"reduce section @{node_id} made module {obj.__name__}, which takes no state, list items "
            "or dict items: a payload does not write into modules"
        )
    if node.state is not None:
        yield from builder.require_now(node.state)
        state = builder.materialize(node.state)
        if node.state_setter is not None:
            yield from builder.require_now(node.state_setter)
            setter = builder.materialize(node.state_setter)
            if not callable(setter):
                raise LoadError(f"the state setter of reduce section @{node_id} is not callable")
            setter(obj, state)
        else:
            set_state(obj, state, node_id)
    if node.listitems is not None:
        yield from builder.require_now(node.listitems)
        append = getattr(obj, "append", None)
        if append is None:
            raise LoadError(f"reduce section @{node_id} has list items but its object has no append()")
        for item in builder.materialize(node.listitems):
            append(item)
    if node.dictitems is not None:
        yield from builder.require_now(node.dictitems)
        for pair in builder.materialize(node.dictitems):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise LoadError(f"the dict items of reduce section @{node_id} are not (key, value) pairs")
            obj[pair[0]] = pair[1]


def _class_call_arguments(builder: Builder, node_id: str, node: ReduceNode) -> Any:
    # The arguments of a call that makes a class. A type(name, bases, namespace) call gets copies
    # of the namespace's containers: the hooks it runs (a base's __init_subclass__ appending to a
    # list of the class's namespace) work on those, and the captured ones are set on the class
    # when it is finished (see classes.finish_class).
    namespace = made_namespace(builder, node_id)
    if namespace is None or not isinstance(node.args, TupleValue):
        return builder.materialize(node.args)
    name, bases, _ = node.args.items
    held = {builder.materialize(key): working_copy(builder, item) for key, item in namespace.items}
    return builder.materialize(name), builder.materialize(bases), held


def final_method(builder: Builder, method: types.MethodType, owner: Any, name: Any) -> Step:
    """``getattr(owner, name)`` as it is once the payload is built: the class statement made the
    method's function, and the class gets the payload's function of that def only in phase 4
    (with the defaults and attributes set on it after the statement), wrapped as the class held
    it (``classmethod(...)``): a method bound now would keep the statement's function for good,
    ``Cls.make.__func__ is not Cls.__dict__['make'].__func__``. The attribute phase 4 sets is
    made now (if it can be: not while it waits for this section) and bound as getattr binds it:
    to an instance, or to a class (its classmethod, its metaclass's method)."""
    if not isinstance(name, str):
        return method
    if not isinstance(owner, type) and name in getattr(owner, "__dict__", {}):
        return method  # (the instance's own attribute)
    # Where getattr looks: a class's own classes, then its metaclass's; an instance's class's.
    places = [(cls, None) for cls in owner.__mro__] if isinstance(owner, type) else []
    places.extend((cls, owner) for cls in type(owner).__mro__)
    for cls, instance in places:
        if name not in vars(cls):
            continue
        class_id = builder.class_nodes.get(id(cls))
        node = builder.nodes.get(class_id) if class_id is not None else None
        if not isinstance(node, ClassNode) or class_id in builder.originals:
            return method  # (a class of a library or of this process: as it is)
        value = dict(node.attributes).get(name)
        if value is None or not any(held is method.__func__ for held in held_objects(vars(cls)[name])):
            return method  # (phase 4 leaves it, or it is not what getattr bound)
        if not (yield from builder.available(value)):
            return method
        final = builder.materialize(value)
        bind = getattr(type(final), "__get__", None)
        bound = bind(final, instance, type(owner) if instance is not None else owner) if bind else final
        return bound if type(bound) is types.MethodType else method
    return method


def set_state(obj: Any, state: Any, node_id: str) -> None:
    """Apply ``state`` to ``obj`` as pickle does: ``__setstate__`` if the object has one, else a
    ``(dict, slots)`` pair or a dict applied to the instance."""
    if isinstance(obj, type):
        raise LoadError(f"reduce section @{node_id} made a class, which takes no state")
    setstate = getattr(obj, "__setstate__", None)
    if setstate is not None:
        setstate(state)
        return
    slots = None
    if isinstance(state, tuple) and len(state) == 2:
        state, slots = state
    if state:
        if not isinstance(state, dict):
            raise LoadError(f"the state of reduce section @{node_id} is not a dict")
        try:
            instance_dict = obj.__dict__
        except AttributeError:
            raise LoadError(
                f"the state of reduce section @{node_id} cannot be applied: its object has no __dict__"
            ) from None
        instance_dict.update(state)
    if slots:
        if not isinstance(slots, dict):
            raise LoadError(f"the slot state of reduce section @{node_id} is not a dict")
        for key, item in slots.items():
            setattr(obj, key, item)

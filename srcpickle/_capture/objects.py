"""Capture handlers for objects: as the call that makes them, or through the pickle reduce
protocol (an importable object of a library goes by reference: ``references``).

An importable object of a library (a function, a class, a built-in) is recorded by reference, with
its distribution. Other objects are written as a call (``reduce`` sections): the constructor call
where it reads better than the reduce protocol and is the same on every Python (Enum members,
``partial``, dates, paths...), else exactly what ``copyreg`` or ``__reduce_ex__(4)`` returns.
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import _thread
import builtins
import copyreg
import enum
import functools
import sys
import types

from .. import _astparse
from .._deps import found
from .._exceptions import new_object_reduction
from .._model import DictValue, ListValue, ReduceNode, Ref, TupleValue, Value
from . import NEWTYPE_FUNCTION, SCALARS, Capturer, Need, Step, all_scalars, is_lru_cache_wrapper
from .references import by_reference, public_name, reference_name
from .weak import is_weak, save_weak

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import (
        Any,
        Callable,
        Dict,
        FrozenSet,
        Iterator,
        List,
        Optional,
        Sequence,
        Tuple,
        TypeAlias,
        Union,
    )


def save_reduce(cap: Capturer, obj: Any, need: Need) -> Step:
    """Any other object: a weak reference or collection as ``weak`` makes it, else the call that
    makes it where one is known, else the library global it is (``os.environ``), else its reduce
    protocol."""
    if is_weak(type(obj)):
        return (yield from save_weak(cap, obj, need))
    made = yield from made_by_call(cap, obj, need)
    if made is not None:
        return made
    name = library_global(cap, obj)
    if name is not None:
        return by_reference(cap, obj, need.path, name)
    return (yield from reduce_protocol(cap, obj, need))


# The standard streams are globals of sys (their class's module is io's), which a process may
# replace (pytest, notebooks, contextlib.redirect_stdout): a function printing to sys.stderr,
# as a default or a global, prints to the loading process's, as the code reads it. In order of
# preference, for a stream that is both sys.stderr and sys.__stderr__.
STANDARD_STREAMS = ("stdout", "stderr", "stdin", "__stdout__", "__stderr__", "__stdin__")


def stream_name(obj: Any) -> Optional[str]:
    """The name in sys of the standard stream ``obj`` is (``stdout``, ``__stderr__``), or of its
    binary buffer (``stdout.buffer``), else None.

    The interpreter's own streams (``sys.__stdout__``) and what a process installed in their
    place (a notebook's, a test runner's) are the stream wherever the code runs. An object of the
    user's own that is ``sys.stdout`` only while a ``redirect_stdout`` block runs is not: an
    in-memory stream (``io.StringIO``, ``io.BytesIO``) or a file opened on a path is itself, and
    goes as any such object does (by value, or refused with a remedy), never as the stream.
    """
    for stream in STANDARD_STREAMS:
        if getattr(sys, stream, None) is obj:
            if stream.startswith("__") or _installed_stream(obj):
                return stream
    if getattr(type(obj), "__module__", None) != "_io":
        return None  # (every object a dumps meets is asked: the buffers' class is io's)
    for stream in STANDARD_STREAMS:
        live = getattr(sys, stream, None)
        if live is not None and getattr(live, "buffer", None) is obj:
            original = getattr(sys, "__" + stream.strip("_") + "__", None)
            if stream.startswith("__") or live is original or _installed_stream(live):
                return stream + ".buffer"
    return None


def _installed_stream(obj: Any) -> bool:
    # Whether a replacement of a standard stream stands for the stream (a notebook's, pytest's,
    # an encoding wrapper over the interpreter's own buffer): not when it is a buffer in memory
    # or a file opened on a path (its raw file object has the path as its name; the
    # interpreter's has "<stdout>", a descriptor's its number).
    io = sys.modules.get("io")
    if io is None:
        return True
    if isinstance(obj, (io.StringIO, io.BytesIO)):
        return False
    raw = getattr(getattr(obj, "buffer", obj), "raw", obj)
    name = getattr(raw, "name", None) if isinstance(raw, io.FileIO) else None
    return not (isinstance(name, (str, bytes)) and not str(name).startswith("<"))


def library_global(cap: Capturer, obj: Any) -> Optional[Tuple[str, str]]:
    """The (module, name) of the global of a library module that ``obj`` is, else None.

    ``os.environ``, ``random.random`` (a method of random's hidden instance), a library's logger
    or default context are state of the process, read where the code runs, as the code reads
    them: a copy would carry the dumping process's state (its environment variables, secrets
    included) and drift from the module's. Looked up in the modules of the object's class and of
    the instance a method is bound to. Objects ``made_by_call`` writes as a call (dates, Enum
    members, paths) are not asked: their call is the same on every Python, where a module may
    export them under names of some versions only (``datetime.UTC``, from 3.11).
    """
    stream = stream_name(obj)
    if stream is not None:
        return "sys", stream
    owner = getattr(obj, "__self__", None)
    kinds = (type(obj),) if owner is None or isinstance(owner, types.ModuleType) else (type(obj), type(owner))
    own = getattr(obj, "__name__", None)
    for kind in kinds:
        module_name = getattr(kind, "__module__", None)
        if module_name == "__builtin__":
            # PyPy's module of sys's own records (sys.float_info, int_info, thread_info), which
            # CPython's classes name "sys"; no module has the name in Python 3.
            module_name = "sys"
        if not isinstance(module_name, str) or cap.is_user_module(module_name):
            continue
        module = sys.modules.get(module_name)
        names = [own] if isinstance(own, str) and getattr(module, own, None) is obj else None
        names = names or library_globals(cap, module_name).get(id(obj))
        if names:
            found_module, found_name = public_name(obj, (module_name, names[0]))
            return found_module or module_name, found_name or names[0]
    return None


def library_globals(cap: Capturer, module_name: str) -> Dict[int, List[str]]:
    """The globals of module ``module_name`` by the id() of their value, each with its names
    (public names first, then sorted), made once per capture; {} when it is not imported."""
    index = cap.library_globals.get(module_name)
    if index is None:
        index = {}
        module = sys.modules.get(module_name)
        for name, value in sorted(getattr(module, "__dict__", {}).items()):
            if not (name.startswith("__") and name.endswith("__")):
                index.setdefault(id(value), []).append(name)
        for names in index.values():
            names.sort(key=lambda name: name.startswith("_"))
        cap.library_globals[module_name] = index
    return index


def instance_hint(obj: Any, hint: str) -> str:
    """The id an object's section gets: the name it was found under, else ``Class.instance``."""
    return hint if hint not in ("value", "root") else f"{type(obj).__name__}.instance"


def call(
    cap: Capturer,
    obj: Any,
    path: str,
    name: str,
    func: Any,
    args: Tuple[Any, ...],
    kwargs: Any = None,
    keys: Sequence[str] = (),
) -> Step:
    """``obj`` as the reduce node ``func(*args, **kwargs)``, named after ``name``, then its
    attributes ``keys`` set (``attribute_state``)."""
    node_id = cap.new_id(name, obj)
    state = (yield from attribute_state(cap, obj, list(keys), path)) if keys else None
    return (yield from call_into(cap, node_id, path, func, args, kwargs, state))


def _anonymous_call(
    cap: Capturer, obj: Any, path: str, hint: str, func: Any, args: Tuple[Any, ...], kwargs: Any = None
) -> Step:
    """``call`` for an object with no name of its own (a partial, a bound method): named when the
    capture ends, from where it was found and what it holds (values._names), as an instance."""
    node_id = cap.private_id(hint, obj)
    cap.private_sections = True
    return (yield from call_into(cap, node_id, path, func, args, kwargs))


def call_into(
    cap: Capturer,
    node_id: str,
    path: str,
    func: Any,
    args: Tuple[Any, ...],
    kwargs: Any = None,
    state: Value = None,
) -> Step:
    """Fill the reserved ``node_id`` with the reduce node ``func(*args, **kwargs)`` (and
    ``state``, a captured reduce state)."""
    ref = cap.ref(node_id)
    keywords = None
    if kwargs:
        pairs = []
        for key, item in kwargs.items():
            pairs.append((key, (yield Need(item, f"{path}[{key!r}]"))))
        keywords = DictValue(tuple(pairs))
    callable_value = yield Need(func, path)
    args_value = yield from inline_tuple(args, f"{path}.<args>")
    cap.nodes[node_id] = ReduceNode(callable=callable_value, args=args_value, kwargs=keywords, state=state)
    return ref


def inline_tuple(items: Any, path: str, hint: str = "value") -> Step:
    """A tuple value written in place (the arguments of a call), never a section of its own."""
    values: List[Value] = []
    for index, item in enumerate(items):
        values.append((yield Need(item, f"{path}[{index}]", hint)))
    return TupleValue(tuple(values))


def _unordered_slots(cls: type) -> bool:
    """Whether a class of ``cls``'s MRO declares its ``__slots__`` as a set or a frozenset."""
    return any(isinstance(vars(klass).get("__slots__"), (set, frozenset)) for klass in cls.__mro__)


def _in_name_order(state: Any) -> Any:
    """A ``(state, slots)`` pair of the reduce protocol with its slots sorted by name."""
    return (state[0], dict(sorted(state[1].items(), key=lambda item: str(item[0]))))


def made_by_call(cap: Capturer, obj: Any, need: Need) -> Step:
    """Objects written as the call that makes them, where that reads better than their reduce
    protocol and is the same on every Python (whose reduce results differ); None otherwise."""
    kind = type(obj)
    path = need.path
    name = need.hint if need.hint not in ("value", "root") else kind.__name__
    if isinstance(obj, enum.Enum) and _called_by_value(kind, obj):
        # A Flag combination's _name_ is 'R|X' from 3.11 and None before: the section is named
        # after what every Python agrees on, the member's own name or else its value.
        named = kind.__members__.get(obj._name_) is obj
        label = obj._name_ if named else repr(obj._value_)
        if named and not _found_by_copy(kind, obj):
            # Its value finds it only as that very object (a functools.partial, an instance
            # without __eq__), and the class statement makes the value again at load: found by
            # name, Op['MUL'] (an error, not another object, where no member has that name).
            import operator

            return (
                yield from call(
                    cap, obj, path, f"{kind.__qualname__}.{label}", operator.getitem, (kind, obj._name_)
                )
            )
        return (yield from call(cap, obj, path, f"{kind.__qualname__}.{label}", kind, (obj._value_,)))
    if kind is functools.cached_property:
        # The call again, then what __set_name__ set (attrname) and what else its __dict__
        # holds: before 3.12 (and on PyPy) a lock, which its reduce would carry (refused), and
        # from 3.12 no lock, which a reduce would leave out on the Pythons that need one.
        node_id = cap.new_id(name, obj)
        ref = cap.ref(node_id)
        by_call = {"func": obj.func, "lock": None, "attrname": None, "__doc__": obj.func.__doc__}
        by_call["__module__"] = getattr(obj.func, "__module__", None)  # (set from 3.12)
        keys = sorted(
            key
            for key, value in vars(obj).items()
            if key != "lock" and value is not by_call.get(key, _MISSING)
        )
        state = yield from attribute_state(cap, obj, keys, path)
        callable_value = yield Need(kind, path)
        function = yield Need(obj.func, f"{path}.func")
        cap.nodes[node_id] = ReduceNode(callable=callable_value, args=TupleValue((function,)), state=state)
        return ref
    if kind.__name__ == "_GeneratorContextManager" and kind.__module__ == "contextlib" and _unstarted(obj):
        # What a @contextmanager function returns, not entered yet (one used as a decorator:
        # each call makes a fresh one from it): contextmanager(func)(*args, **kwds) again, not
        # its generator.
        import contextlib

        node_id = cap.new_id(name, obj)
        ref = cap.ref(node_id)
        maker_id = cap.new_id(f"{node_id}.maker", object())
        cap.ref(maker_id)
        maker = yield Need(contextlib.contextmanager, path)
        function = yield Need(obj.func, f"{path}.func")
        cap.nodes[maker_id] = ReduceNode(callable=maker, args=TupleValue((function,)))
        args = yield from inline_tuple(obj.args, f"{path}.args")
        keywords = []
        for key, item in obj.kwds.items():
            keywords.append((key, (yield Need(item, f"{path}.kwds[{key!r}]"))))
        cap.nodes[node_id] = ReduceNode(
            callable=Ref(maker_id), args=args, kwargs=DictValue(tuple(keywords)) if keywords else None
        )
        return ref
    if kind is functools.partial and not vars(obj):
        return (yield from _anonymous_call(cap, obj, path, name, kind, (obj.func, *obj.args), obj.keywords))
    owner = getattr(obj, "__self__", None)
    if isinstance(obj, (types.MethodType, types.BuiltinMethodType)) and owner is not None:
        # A method a library module holds as a global (random.random, bound to random's hidden
        # instance: getattr would make another object each time) is that global.
        global_name = library_global(cap, obj)
        if global_name is not None:
            return by_reference(cap, obj, path, global_name)
        # A method bound to an instance (model.predict, [].append): getattr(instance, name).
        label = need.hint if need.hint not in ("value", "root") else obj.__name__
        if isinstance(obj, types.MethodType) and not _found_as_attribute(obj, owner):
            # types.MethodType(function, instance) binds a function its instance's class does
            # not have under that name (or has another one): getattr would fail at load, or
            # give back a different method. The binding call itself makes it again.
            return (yield from call(cap, obj, path, label, types.MethodType, (obj.__func__, owner)))
        # (named when met, as before: an lru_cache wrapper's cache_clear is a bound method on
        # CPython and a function on PyPy, which objects.lru_cache names so; both the same id)
        return (yield from call(cap, obj, path, label, getattr, (owner, obj.__name__)))
    typing = sys.modules.get("typing")
    if kind.__name__ == "TypeAliasType" and kind.__module__ == "typing":
        # type Pair = tuple[int, int] (3.12+): the alias made again from its value; a generic one
        # (type Pair[K] = tuple[K, K]) with its type parameters, the very ones its value reads.
        # Its call names typing.TypeAliasType, which a type statement makes in a process that
        # never imported typing (and references find only imported modules).
        import typing  # noqa: F401

        params = obj.__type_params__
        options = {"type_params": params} if params else {}
        cap.needs_python((3, 12), f"the type alias {obj.__name__} (typing.TypeAliasType)")
        return (yield from call(cap, obj, path, obj.__name__, kind, (obj.__name__, obj.__value__), options))
    if type(kind) is type and kind.__module__ == "typing" and kind.__name__ in _TYPE_VARIABLE_KINDS:
        # By name: a type parameter of a 3.12 def or type statement exists in a process that
        # never imported typing, which its call names (and references find only imported).
        import typing  # noqa: F401

        # TypeVar("T", bound=int), ParamSpec("P") (3.10), TypeVarTuple("Ts") (3.11): the call,
        # with only the options set (a newer Python's, infer_variance or default, only then).
        bound = getattr(obj, "__bound__", None)
        if bound is type(None) and kind.__name__ == "ParamSpec":
            # CPython 3.12+ answers NoneType for a ParamSpec made without a bound (its C type
            # checks None into type(None)): ParamSpec("P") makes that one again there, and the
            # one of no bound, as written, on older Pythons.
            bound = None
        variable: Dict[str, Any] = {"bound": bound} if bound is not None else {}
        for key in ("covariant", "contravariant", "infer_variance"):
            if getattr(obj, f"__{key}__", False):
                variable[key] = True
        if getattr(obj, "has_default", lambda: False)():
            variable["default"] = obj.__default__
        positional = (obj.__name__, *getattr(obj, "__constraints__", ()))
        # What an older Python's typing cannot make: refused there before anything runs.
        newer = [key for key in variable if key in _OPTION_SINCE]
        needed = max([_TYPE_VARIABLE_SINCE[kind.__name__]] + [_OPTION_SINCE[key] for key in newer])
        if needed > (3, 9):
            call_text = f"typing.{kind.__name__}" + (f" with {', '.join(newer)}" if newer else "")
            cap.needs_python(needed, f"the type variable {obj.__name__} ({call_text})")
        return (yield from call(cap, obj, path, obj.__name__, kind, positional, variable))
    if typing is not None and kind is getattr(typing, "ForwardRef", None):
        # List["Pet"], Optional["Pet"], TypeVar("T", bound="Pet") hold one. Its reduce state
        # holds the compiled string (__forward_code__, bytecode, which no payload carries) and
        # the value an evaluation cached: the call again from the text, which typing compiles
        # again, with only the options set (every supported Python takes all three).
        reference: Dict[str, Any] = {}
        if not obj.__forward_is_argument__:
            reference["is_argument"] = False
        if getattr(obj, "__forward_module__", None) is not None:
            reference["module"] = obj.__forward_module__
        if getattr(obj, "__forward_is_class__", False):
            reference["is_class"] = True
        return (yield from call(cap, obj, path, name, kind, (obj.__forward_arg__,), reference))
    if typing is not None and is_newtype(obj):
        # UserId = NewType("UserId", int): the call again, the same on every Python (a class's
        # instance from 3.10, pickled by name as a global of the user's code; a function of
        # typing's before), and the module it was made in, which NewType takes from its
        # caller's frame (the loader's, otherwise).
        node_id = cap.new_id(obj.__name__, obj)
        ref = cap.ref(node_id)
        made = yield Need(typing.NewType, path)
        name = obj.__name__ if type(obj) is types.FunctionType else obj.__qualname__
        args = yield from inline_tuple((name, obj.__supertype__), f"{path}.<args>")
        state = DictValue((("__module__", _newtype_module(obj)),))
        cap.nodes[node_id] = ReduceNode(callable=made, args=args, state=state)
        return ref
    if isinstance(obj, ast.AST) and kind.__module__ in ("ast", "_ast"):
        # A syntax tree (kept to compile at each call): the node's class called with its fields
        # and positions, then anything else it holds as its __dict__ state (PyPy's nodes take
        # no slot state; 3.13 warns for keywords that are no field). Its reduction, the class
        # called with no arguments and its fields set after, warns from 3.13 ("missing 1
        # required positional argument"), which 3.15 makes an error; 3.13's own passes every
        # field by position, which an older Python's class refuses (type_params is new in 3.12).
        node_dict = vars(obj)
        given = {key: node_dict[key] for key in (*kind._fields, *kind._attributes) if key in node_dict}
        node_id = cap.new_id(name, obj)
        pairs = []
        for key in sorted(set(node_dict) - set(given)):
            pairs.append((key, (yield Need(node_dict[key], f"{path}.{key}"))))
        state = DictValue(tuple(pairs)) if pairs else None
        return (yield from call_into(cap, node_id, path, kind, (), given, state))
    if kind is types.MappingProxyType:
        owner = _namespace_owner(obj)
        if owner is not None:
            return (yield from call(cap, obj, path, name, vars, (owner,)))
        # A read-only view of a dict the code holds (a constant table): by value, a view of a
        # copy of the dict, as the dict itself would go.
        return (yield from call(cap, obj, path, name, kind, (dict(obj),)))
    view = _DICT_VIEWS.get(id(kind))
    if view is not None and view[0] is kind:
        # A live window on its dict, which the code may also hold and change: a view of that
        # very dict again (the one dict it refers to), made by the method that makes its kind,
        # never of a copy. Anything else goes on to be refused.
        import gc

        method = view[1]
        mapping = [held for held in gc.get_referents(obj) if isinstance(held, dict)]
        if len(mapping) == 1 and type(method(mapping[0])) is kind:
            return (yield from call(cap, obj, path, name, method, (mapping[0],)))
    if kind is staticmethod or kind is classmethod:  # (by identity: see _capture.SCALARS)
        return (yield from call(cap, obj, path, name, kind, (obj.__func__,)))
    if kind is property:
        return (yield from call(cap, obj, path, name, kind, (obj.fget, obj.fset, obj.fdel, obj.__doc__)))
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None and kind is dataclasses.Field:
        from .classes import field_options

        return (yield from call(cap, obj, path, obj.name or name, dataclasses.field, (), field_options(obj)))
    if kind.__name__ == "KeyWrapper" and kind.__module__ == "functools":
        # functools.cmp_to_key(compare) (CPython's, which refuses pickle; PyPy's is a class made
        # by a function, dumped by value): the comparison it holds is its only referent but its
        # class. A key it made for one object (which holds the object too) goes on to be refused.
        import gc

        held = [ref for ref in gc.get_referents(obj) if ref is not kind]
        if len(held) == 1 and callable(held[0]):
            return (yield from call(cap, obj, path, name, functools.cmp_to_key, (held[0],)))
    if type(kind) is type and kind in _RANGE_ITERATORS:  # (another metaclass's hash is user code)
        remaining = _remaining_range(obj)
        if remaining is not None:
            return (yield from call(cap, obj, path, name, iter, (remaining,)))
    try:
        arguments = constructor_arguments(obj)
    except InUse as exc:
        raise cap.unsupported(obj, path, str(exc)) from None
    if arguments is not None and not (
        (kind.__module__, kind.__qualname__) in _SHARED_KINDS and library_global(cap, obj) is not None
    ):
        return (yield from call(cap, obj, path, name, kind, *arguments))
    numpy = sys.modules.get("numpy")
    if numpy is not None and kind is numpy.ndarray and not obj.dtype.hasobject and obj.dtype.names is None:
        return (yield from _ndarray(cap, obj, path, name, numpy))
    if numpy is not None and kind is numpy.finfo:
        # Its reduction is __newobj__(finfo) alone, which finfo.__new__ refuses (pickle cannot
        # load one either): the call, numpy.finfo(dtype).
        return (yield from call(cap, obj, path, name, kind, (obj.dtype,)))
    return None


# The iterators of a range (CPython's for a range beyond a C long is another class; PyPy's are
# one class). Their reductions differ between implementations: CPython's iter(range) with the
# index reached as state, which PyPy's range_iterator.__setstate__ takes for the count left when
# the range has an explicit step (a payload of CPython loaded on PyPy as an empty iterator);
# PyPy's names functions of its own. Written as iter() of the range still to come instead.
_RANGE_ITERATORS = frozenset({type(iter(range(0))), type(iter(range(1 << 64)))})


def _remaining_range(obj: Any) -> Optional[range]:
    func, args, *rest = obj.__reduce__()
    if func is iter:  # (CPython: the range, and the index reached)
        whole: range = args[0]
        return whole[rest[0] if rest and rest[0] else 0 :]
    name = getattr(func, "__name__", "")
    if name == "intrangeiter_new":  # (PyPy: where it is, how many are left, the step)
        current, left, step = args
        return range(current, current + left * step, step)
    if name == "longrangeiter_new":  # (PyPy: start, step, length, index reached)
        start, step, length, index = args
        return range(start + index * step, start + length * step, step)
    return None


def _dict_views() -> Dict[int, Tuple[type, Any]]:
    # The view types of dict and of OrderedDict (its own types in C, Python classes on PyPy),
    # each with the method that makes it, by the id of the type: an object's class may be
    # unhashable (its metaclass's __hash__), and these types live as long as the process.
    import collections

    views: Dict[int, Tuple[type, Any]] = {}
    for owner in (dict, collections.OrderedDict):
        for method in (owner.keys, owner.values, owner.items):
            kind: type = type(method(owner()))
            views[id(kind)] = (kind, method)
    return views


_DICT_VIEWS = _dict_views()


def is_newtype(obj: Any) -> bool:
    """Whether ``obj`` is what ``typing.NewType`` made: an instance of it from 3.10, a function
    of typing's before (and on PyPy 3.9)."""
    typing = sys.modules.get("typing")
    maker = getattr(typing, "NewType", None)
    if isinstance(maker, type):
        return type(obj) is maker
    return (
        type(obj) is types.FunctionType
        and getattr(obj, "__qualname__", "") == NEWTYPE_FUNCTION
        and getattr(obj, "__module__", "") == "typing"
        and hasattr(obj, "__supertype__")
    )


def _newtype_module(obj: Any) -> str:
    # A class's instance knows its module; typing's function of 3.9 does not (its __module__ is
    # typing's): the module that holds it as a global (__main__ first), else one a load put in
    # its __dict__.
    held = vars(obj).get("__module__") if type(obj) is types.FunctionType else obj.__module__
    if isinstance(held, str):
        return held
    modules = sorted(sys.modules.items(), key=lambda item: (item[0] != "__main__", item[0]))
    for name, module in modules:
        if getattr(module, "__dict__", {}).get(obj.__name__) is obj:
            return name
    return "__main__"


# The classes of type variables, by name in typing, with the Python that added each, and the
# options of their calls a later Python added.
_TYPE_VARIABLE_SINCE = {"TypeVar": (3, 9), "ParamSpec": (3, 10), "TypeVarTuple": (3, 11)}
_TYPE_VARIABLE_KINDS = frozenset(_TYPE_VARIABLE_SINCE)
_OPTION_SINCE = {"infer_variance": (3, 12), "default": (3, 13)}


def _unstarted(manager: Any) -> bool:
    """Whether the generator of a ``@contextmanager`` object has not run yet (never entered)."""
    import inspect  # (only these objects need it)

    gen = getattr(manager, "gen", None)
    return (
        type(gen) is types.GeneratorType
        and inspect.getgeneratorstate(gen) == inspect.GEN_CREATED
        and isinstance(getattr(manager, "args", None), tuple)
        and type(getattr(manager, "kwds", None)) is dict
    )


def _found_as_attribute(method: types.MethodType, owner: Any) -> bool:
    """Whether ``getattr(owner, method.__name__)`` gives ``method`` again (the same function
    bound to the same object), as it must at load for the getattr call to stand for it."""
    name = getattr(method, "__name__", None)
    if not isinstance(name, str):
        return False
    try:
        again = getattr(owner, name)
    except Exception:  # noqa: BLE001 - any failure (a __getattr__ of the user's) means: not found
        return False
    return getattr(again, "__func__", None) is method.__func__ and getattr(again, "__self__", None) is owner


def _called_by_value(kind: Any, member: enum.Enum) -> bool:
    # Whether the call written for an Enum member, its class called with its value, gives it
    # back: asked of the class as the loader will ask it, since a value may be unhashable (the
    # class then compares it with each member's) and Flag combinations are made on demand.
    try:
        return kind(member._value_) is member
    except Exception:  # noqa: BLE001 - not made again by that call: the reduce protocol decides
        return False


def _found_by_copy(kind: Any, member: enum.Enum) -> bool:
    # Whether the class called with the member's value as the loader has it (made again from
    # the payload, beside a value the class statement made again) gives the member. Scalars
    # and tuples of them compare equal; a function or other callable compares by identity
    # (and one class can serve several payloads of a process, each with functions of its own);
    # anything else is asked with a deep copy.
    value = member._value_
    if type(value) in SCALARS:
        return True
    if _holds_callable(value, 3):
        return False
    if type(value) is tuple and all_scalars(value):
        return True
    import copy

    try:
        return kind(copy.deepcopy(value)) is member
    except Exception:  # noqa: BLE001 - a value that cannot be copied or looked up: by name
        return False


def _holds_callable(value: Any, depth: int) -> bool:
    if callable(value):
        return True
    kind = type(value)
    if depth == 0 or kind not in (tuple, list, set, frozenset, dict):
        return False
    items = [*value.keys(), *value.values()] if kind is dict else value
    return any(_holds_callable(item, depth - 1) for item in items)


def _ndarray(cap: Capturer, array: Any, path: str, name: str, numpy: Any) -> Step:
    # numpy.array(numpy.ndarray(shape=..., dtype=..., buffer=...)): the data as bytes (base64 in
    # the text, a third over its size) and the public constructors only, where the reduce result
    # names numpy's private modules, which moved between numpy 1 and 2.
    node_id = cap.new_id(name, array)
    ref = cap.ref(node_id)
    view_id = cap.new_id(f"{node_id}.data", object())
    cap.ref(view_id)
    fields: Tuple[Tuple[str, Any], ...] = (
        ("shape", TupleValue(tuple(int(n) for n in array.shape))),
        ("dtype", array.dtype.str),
    )
    if array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous:
        # A Fortran-ordered array stays one, as pickle keeps it (numpy.array keeps the order of
        # the view it copies): code handing it to Fortran, ctypes or a buffer relies on it.
        fields += (("buffer", array.tobytes(order="F")), ("order", "F"))
    else:
        fields += (("buffer", numpy.ascontiguousarray(array).tobytes()),)
    cap.nodes[view_id] = ReduceNode(callable=(yield Need(numpy.ndarray, path)), kwargs=DictValue(fields))
    cap.nodes[node_id] = ReduceNode(
        callable=(yield Need(numpy.array, path)), args=TupleValue((Ref(view_id),))
    )
    return ref


# The class of int | str (3.10 and later), the unions written with |.
_UNION_TYPE = getattr(types, "UnionType", None)


# Objects of the interpreter's running state, refused on every Python as CPython's pickle refuses
# them: PyPy's reduce protocol takes them, and a generator or a frame went as a payload no Python
# could load (object.__new__(generator) is not safe), a code object or a cell as a call of
# PyPy's _pickle_support (bytecode, and a module no CPython has), a lock as a new unlocked one.
_INTERPRETER_STATE: Dict[type, str] = {
    types.GeneratorType: "a generator (a paused frame)",
    types.CoroutineType: "a coroutine (a paused frame)",
    types.AsyncGeneratorType: "an asynchronous generator (a paused frame)",
    types.FrameType: "a frame",
    types.TracebackType: "a traceback (frames)",
    types.CodeType: "a code object (bytecode, which differs between Python versions)",
    type(_thread.allocate_lock()): "a lock",
    _thread.RLock: "a lock",
    types.CellType: "a closure cell on its own",
}
# The module of PyPy's reducers of interpreter objects: a reduction naming it is PyPy's alone.
_PYPY_INTERNALS = "_pickle_support"


def reduce_protocol(cap: Capturer, obj: Any, need: Need) -> Step:
    """``obj`` as pickle would reduce it: a copyreg reducer first, then ``__reduce_ex__(4)``."""
    path = need.path
    cls = type(obj)
    # (looked up only for a class whose metaclass is type: another's hash is user code)
    state = _INTERPRETER_STATE.get(cls) if type(cls) is type else None
    if state is not None and copyreg.dispatch_table.get(cls) is None:
        raise cap.unsupported(
            obj, path, f"it is {state}, part of a running interpreter, which srcpickle never carries"
        )
    if cls is _UNION_TYPE:
        # int | str: its reduction (functools.reduce of operator.or_) runs on any Python, and
        # fails on 3.9, where | makes no union of classes; refused before anything runs there.
        cap.needs_python((3, 10), f"the union {obj!r} (types.UnionType)")
    reduced: Any
    try:
        reducer = copyreg.dispatch_table.get(cls)
        if reducer is not None:
            reduced = reducer(obj)
        elif isinstance(obj, BaseException):
            reduced = new_object_reduction(obj) or obj.__reduce_ex__(4)
        else:
            reduced = obj.__reduce_ex__(4)
    except Exception as exc:  # any failure of the object's own protocol means "cannot"
        raise cap.unsupported(obj, path, f"it refuses the pickle protocol ({exc})") from exc
    named_as = ""  # (the global name pickle gives a sentinel of the user's own, below)
    if isinstance(reduced, str):
        # pickle's rule: a string names the object as a global of its module.
        module_name = getattr(obj, "__module__", None)
        if module_name is None and getattr(builtins, reduced, None) is obj:
            module_name = "builtins"  # Ellipsis, NotImplemented
        if type(module_name) is str and module_name != "builtins" and cap.is_user_module(module_name):
            # A sentinel of the user's own (MISSING = _Missing(), its __reduce__ returning
            # "MISSING"): its module travels by value, not by name, so the object does too, made
            # as copyreg makes an object whose class has no reduction of its own. One object
            # still: every reference of the payload is to that one.
            named_as = f"{module_name}.{reduced}"
            reduced = _plain_reduction(cap, obj, path)
        elif module_name and found(module_name, reduced, obj):
            return by_reference(cap, obj, path, (module_name, reduced))
        else:
            return by_reference_or_fail(cap, obj, path, f"it reduces to the global name {reduced!r}")
    if not isinstance(reduced, tuple):
        raise cap.unsupported(obj, path, f"its __reduce_ex__ returned {type(reduced).__name__}, not a tuple")
    func, args, state, listitems, dictitems, setter = (tuple(reduced) + (None,) * 6)[:6]
    if getattr(func, "__module__", None) == _PYPY_INTERNALS:
        raise cap.unsupported(
            obj,
            path,
            f"it reduces to {_PYPY_INTERNALS}.{getattr(func, '__name__', '?')}, PyPy's own "
            "reducer of interpreter state, which no other Python has",
        )
    fault = _reduction_fault(reduced)
    if fault:
        # pickle refuses these too; taken as they are, a string of arguments became one argument
        # per character, and the payload failed only when loaded.
        raise cap.unsupported(obj, path, f"its __reduce_ex__ lies about it: {fault}")
    if func is _NEWOBJ and type(args) is tuple and len(args) == 1:
        needed = _new_needs(args[0])
        if needed and named_as:
            raise cap.unsupported(
                obj,
                path,
                f"pickle names it {named_as}, a global of the user's own code, which travels by "
                f"value, so it is made again by {args[0].__qualname__}.__new__, which needs "
                f"{', '.join(needed)}; give the class a __getnewargs__ that returns them",
            )
        if needed:
            raise cap.unsupported(
                obj,
                path,
                f"its reduce protocol makes it with {args[0].__qualname__}.__new__ alone, which needs "
                f"{', '.join(needed)} (pickle cannot load it either); give the class a "
                "__getnewargs__ or __reduce__ that passes them",
            )
    if type(state) is tuple and len(state) == 2 and type(state[1]) is dict and _unordered_slots(cls):
        # Slots declared as a set are listed in its hash order (copyreg._slotnames), another in
        # every process: in name order, the same bytes everywhere (slots set in any order make
        # one object).
        state = _in_name_order(state)
    # Named when the capture ends, from where it was found and what it holds (values._names):
    # a name given now would count the instances met before it.
    node_id = cap.private_id(instance_hint(obj, need.hint), obj)
    cap.private_sections = True
    ref = cap.ref(node_id)
    callable_value = yield Need(func, f"{path}.__reduce__()[0]")
    args_value = yield from inline_tuple(args or (), f"{path}.__reduce__()[1]")
    if type(state) is dict and type(cls) is type and cls.__module__ in IDENTITY_CONSTANTS:
        state_value = yield Need(
            _constants_by_name(cap, state, cls.__module__, path), f"{path}.__reduce__()[2]", need.hint
        )
    else:
        state_value = None if state is None else (yield Need(state, f"{path}.__reduce__()[2]", need.hint))
    list_value = None
    if listitems is not None:
        items: List[Value] = []
        for item in listitems:
            items.append((yield Need(item, f"{path}[...]", need.hint)))
        list_value = ListValue(tuple(items))
    setter_value = None if setter is None else (yield Need(setter, f"{path}.__reduce__()[5]"))
    dict_value = None
    if dictitems is not None:
        pairs: List[Value] = []
        for key, item in dictitems:
            key_value = yield Need(key, f"{path}<key>", need.hint)
            item_value = yield Need(item, f"{path}[{key!r}]", need.hint)
            pairs.append(TupleValue((key_value, item_value)))
        dict_value = ListValue(tuple(pairs))
    cap.nodes[node_id] = ReduceNode(
        callable=callable_value,
        args=args_value,
        state=state_value,
        listitems=list_value,
        state_setter=setter_value,
        dictitems=dict_value,
    )
    return ref


# Strings a library module compares by identity (``if action.help is not SUPPRESS``), by the
# module whose classes hold them: a copy of the same text is another object, which the library
# takes for an ordinary value (a loaded argparse parser listed its suppressed options in its help,
# and put ``help='==SUPPRESS=='`` on every namespace it made). Written as references, the
# module's very object at load.
IDENTITY_CONSTANTS: Dict[str, Tuple[str, ...]] = {"argparse": ("SUPPRESS",)}


def _constants_by_name(cap: Capturer, state: Dict[Any, Any], module_name: str, path: str) -> Dict[Any, Any]:
    # ``state`` with each value that is one of the module's IDENTITY_CONSTANTS replaced by a
    # stand-in the walk finds in the memo: the reference to the constant (a string is written
    # as its text wherever the walk meets it).
    module = sys.modules.get(module_name)
    constants = {
        id(getattr(module, name)): name for name in IDENTITY_CONSTANTS[module_name] if hasattr(module, name)
    }
    if not any(id(value) in constants for value in state.values()):
        return state
    replaced = dict(state)
    for key, value in state.items():
        name = constants.get(id(value))
        if name is None:
            continue
        node_id = cap.memo.get(id(value))
        if node_id is None:
            by_reference(cap, value, f"{path}.{key}", (module_name, name))
            node_id = cap.memo[id(value)]
        stand_in = object()
        cap.memo[id(stand_in)] = node_id
        cap.keep.append(stand_in)
        replaced[key] = stand_in
    return replaced


_NEWOBJ = copyreg.__newobj__  # type: ignore[attr-defined]


def _plain_reduction(cap: Capturer, obj: Any, path: str) -> Tuple[Any, ...]:
    """``obj``'s reduction as ``object.__reduce_ex__(4)`` makes it for a class that defines no
    ``__reduce__``: ``copyreg.__newobj__(cls, *obj.__getnewargs__())``, then the state
    ``object.__getstate__`` gives (its ``__dict__``, and its slots as a second item)."""
    cls = type(obj)
    default_state = getattr(object, "__getstate__", None)  # (3.11+)
    try:
        new_args = tuple(obj.__getnewargs__()) if hasattr(obj, "__getnewargs__") else ()
        if default_state is not None:
            state = default_state(obj)
        else:
            state = getattr(obj, "__dict__", None) or None
            slots = {name: getattr(obj, name) for name in copyreg._slotnames(cls) if hasattr(obj, name)}  # type: ignore[attr-defined]
            if slots:
                state = (state, slots)
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot"
        raise cap.unsupported(obj, path, f"its state cannot be read ({exc})") from exc
    return (_NEWOBJ, (cls, *new_args), state)


def _new_needs(cls: Any) -> List[str]:
    """The arguments ``cls.__new__`` cannot do without, when it is a Python function (what
    ``copyreg.__newobj__(cls)`` alone would fail to give it at load)."""
    new: Any = getattr(cls, "__new__", None)
    code = getattr(new, "__code__", None)
    if not isinstance(code, types.CodeType):
        return []  # object.__new__, a built-in type's: made with the class alone
    positional = code.co_varnames[1 : code.co_argcount]
    required = list(positional[: len(positional) - len(new.__defaults__ or ())])
    kwdefaults = new.__kwdefaults__ or {}
    keywords = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    return required + [name for name in keywords if name not in kwdefaults]


def _reduction_fault(reduced: Tuple[Any, ...]) -> str:
    """What is wrong with a reduction tuple, as pickle's save_reduce judges it ("" when nothing
    is). A missing ``args`` (None) is taken as no arguments."""
    if not 2 <= len(reduced) <= 6:
        count = f"{len(reduced)} item" + ("" if len(reduced) == 1 else "s")
        return f"it returned a tuple of {count}, where the pickle protocol takes 2 to 6"
    func, args = reduced[0], reduced[1]
    if not callable(func):
        return f"the first item (the callable) is {type(func).__name__}, which cannot be called"
    if args is not None and not isinstance(args, tuple):
        return f"the second item (the arguments) is {type(args).__name__}, not a tuple"
    for index, name in ((3, "list items"), (4, "dict items")):
        items = reduced[index] if len(reduced) > index else None
        if items is not None and not hasattr(items, "__next__"):
            return f"item {index + 1} (the {name}) is {type(items).__name__}, not an iterator"
    setter = reduced[5] if len(reduced) > 5 else None
    if setter is not None and not callable(setter):
        return f"the sixth item (the state setter) is {type(setter).__name__}, which cannot be called"
    return ""


def by_reference_or_fail(cap: Capturer, obj: Any, path: str, reason: str) -> Ref:
    """``obj`` by reference if its own name finds it, else the error with ``reason``."""
    module_name, qualname = reference_name(obj)
    if module_name and qualname and found(module_name, qualname, obj):
        return by_reference(cap, obj, path)
    raise cap.unsupported(obj, path, reason)


def save_lru_cache(cap: Capturer, wrapper: Any, need: Need) -> Step:
    """A ``functools.lru_cache`` wrapper, as ``lru_cache(maxsize=..., typed=...)(function)``: the
    cache's configuration and the wrapped function are kept, its contents are not."""
    node_id = cap.new_id(getattr(wrapper, "__qualname__", "lru_cache"), wrapper)
    ref = cap.ref(node_id)
    decorator_id = cap.new_id(f"{node_id}.decorator", object())
    cap.ref(decorator_id)
    cap.nodes[decorator_id] = ReduceNode(
        callable=(yield Need(functools.lru_cache, need.path)),
        kwargs=DictValue(tuple(sorted(wrapper.cache_parameters().items()))),
    )
    function = yield Need(wrapper.__wrapped__, f"{need.path}.__wrapped__")
    # Attributes set on the wrapper after decoration (fn.label = ...): update_wrapper at load
    # gives back only what it copies from the function.
    state = yield from attribute_state(cap, wrapper, _added_attributes(wrapper, _LRU_CACHE_OWN), need.path)
    cap.nodes[node_id] = ReduceNode(callable=Ref(decorator_id), args=TupleValue((function,)), state=state)
    return ref


def lru_cache_method_owner(fn: Any) -> Any:
    """The ``lru_cache`` wrapper whose ``cache_info`` or ``cache_clear`` ``fn`` is, where those
    are functions of functools set as the wrapper's attributes (PyPy's pure-Python lru_cache:
    closures over the cache and its lock), or None. CPython's are methods
    of the wrapper, reduced as ``getattr(wrapper, name)``: the same is made here, found through
    the wrapper's ``__dict__`` that holds ``fn``.

    Looked for first among the globals of the modules and the attributes of their classes
    (whatever the metaclass, nested classes too, the functions of static and class methods),
    where a decorated function lives, and the functions those wrap (``functools.wraps`` over the
    cache copies its ``cache_info`` into the outer function): a few thousand lookups. Only where it
    is none of those (a wrapper held by a closure, a container, a loaded payload's namespace)
    are the referrers of ``fn`` walked, which visits every object of the process: seconds on
    PyPy, at each such dumps, in a process that holds many objects."""
    import gc

    name = getattr(fn, "__name__", "")
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None) if type(module) is types.ModuleType else None
        if type(namespace) is not dict:
            continue
        for value in list(namespace.values()):
            for candidate in (value, *_class_attributes(value)):
                for inner in _wrapped_chain(candidate):
                    if _holds_lru_cache_method(inner, name, fn):
                        return inner
    for holder in gc.get_referrers(fn):
        if type(holder) is dict and holder.get(name) is fn:
            for wrapper in gc.get_referrers(holder):
                if _holds_lru_cache_method(wrapper, name, fn):
                    return wrapper
    return None


# A class's own namespace, read as type reads it: a metaclass's __getattribute__ or a __dict__
# it defines never runs.
_CLASS_NAMESPACE = type.__dict__["__dict__"].__get__
# How deep classes nested in a class are looked into (class Outer: class Inner: ...).
_NESTED_CLASSES = 4


def _class_attributes(value: Any) -> List[Any]:
    # The attributes of ``value``'s own namespace if it is a class (whatever its metaclass), of the
    # classes nested in it, and the functions of its static and class methods (where a
    # ``@staticmethod @lru_cache`` wrapper sits); [] for anything else. Type checks and
    # namespaces only: no code of the class or its metaclass runs.
    found: List[Any] = []
    if not issubclass(type(value), type):
        return found
    pending = [(value, 0)]
    seen = set()
    while pending:
        cls, depth = pending.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        for attribute in list(_CLASS_NAMESPACE(cls).values()):
            found.append(attribute)
            kind = type(attribute)
            if kind is staticmethod or kind is classmethod:
                found.append(attribute.__func__)
            elif depth < _NESTED_CLASSES and issubclass(kind, type):
                pending.append((attribute, depth + 1))
    return found


def _wrapped_chain(obj: Any) -> Iterator[Any]:
    # obj, and the functions it wraps (functools.wraps over an lru_cache copies the cache's
    # cache_info into the outer function's __dict__): plain functions' __dict__ only, no code runs.
    for _ in range(8):
        yield obj
        if type(obj) is not types.FunctionType:
            return
        obj = obj.__dict__.get("__wrapped__")


def _holds_lru_cache_method(obj: Any, name: str, fn: Any) -> bool:
    # is_lru_cache_wrapper first: it looks at the type only, so no code of an arbitrary global runs.
    return is_lru_cache_wrapper(obj) and obj.__dict__.get(name) is fn and getattr(obj, name, None) is fn


def save_lru_cache_method(cap: Capturer, fn: Any, need: Need) -> Step:
    """PyPy's ``fib.cache_info`` (see ``lru_cache_method_owner``), as ``getattr(fib, name)``."""
    wrapper = lru_cache_method_owner(fn)
    if wrapper is None:
        raise cap.unsupported(
            fn, need.path, "it is an lru_cache's method, and no lru_cache wrapper of this process holds it"
        )
    return (yield from call(cap, fn, need.path, fn.__name__, getattr, (wrapper, fn.__name__)))


# The qualnames of PyPy's lru_cache methods (functions of functools; CPython's are methods).
# cache_parameters is none of them: on every Python it is a lambda of lru_cache
# (``lru_cache.<locals>...<lambda>``), captured by its source as any function of a library is.
LRU_CACHE_METHODS = frozenset(f"_lru_cache_wrapper.<locals>.{name}" for name in ("cache_info", "cache_clear"))


# What an attribute lookup that found nothing gives (None is a value an attribute may hold).
_MISSING = object()
# What lru_cache itself sets on its wrapper, and sets again at load (cache_info and cache_clear
# are attributes of PyPy's wrapper, a Python function, and methods of CPython's).
_LRU_CACHE_OWN = frozenset({"__wrapped__", "cache_parameters", "cache_info", "cache_clear"})


def save_singledispatch(cap: Capturer, dispatcher: Any, need: Need) -> Step:
    """A ``functools.singledispatch`` function, as the calls that made it: ``singledispatch(func)``,
    then ``register(cls, implementation)`` for each registration, in their order. The object the
    payload refers to is the first item of the tuple ``(dispatcher, *registrations)``, so that no
    one gets the dispatcher before every implementation is registered; its cache is not kept."""
    import operator

    path = need.path
    name = dispatcher.__qualname__
    node_id = cap.new_id(name, dispatcher)
    ref = cap.ref(node_id)
    made_id = cap.new_id(f"{node_id}.dispatcher", object())
    made = cap.ref(made_id)
    function = dispatcher.__wrapped__
    state = yield from attribute_state(
        cap, dispatcher, _added_attributes(dispatcher, _SINGLEDISPATCH_OWN), path
    )
    cap.nodes[made_id] = ReduceNode(
        callable=(yield Need(functools.singledispatch, path)),
        args=TupleValue(((yield Need(function, f"{path}.__wrapped__")),)),
        state=state,
    )
    register_id = cap.new_id(f"{node_id}.register", object())
    cap.ref(register_id)
    cap.nodes[register_id] = ReduceNode(
        callable=(yield Need(getattr, path)), args=TupleValue((made, "register"))
    )
    items: List[Value] = [made]
    for kind, implementation in dispatcher.registry.items():
        if kind is object and implementation is function:
            continue  # (what singledispatch(func) registers)
        label = getattr(kind, "__qualname__", "type")
        step_id = cap.new_id(f"{node_id}.register-{label}", object())
        items.append(cap.ref(step_id))
        where = f"{path}.registry[{label}]"
        cap.nodes[step_id] = ReduceNode(
            callable=Ref(register_id),
            args=TupleValue(((yield Need(kind, where)), (yield Need(implementation, where)))),
        )
    cap.nodes[node_id] = ReduceNode(
        callable=(yield Need(operator.itemgetter(0), path)), args=TupleValue((TupleValue(tuple(items)),))
    )
    return ref


def attribute_state(cap: Capturer, obj: Any, keys: List[str], path: str) -> Step:
    """The reduce state that sets the attributes ``keys`` of ``obj`` at load, None for none.

    Written as slot state, ``(None, {name: value})``, which a loader sets with ``setattr``: a
    function's ``__doc__`` or ``__name__`` is no entry of its ``__dict__`` (PyPy's lru_cache and
    singledispatch wrappers are functions), so a ``__dict__`` update would not change them."""
    if not keys:
        return None
    pairs = []
    for key in keys:
        pairs.append((key, (yield Need(getattr(obj, key), f"{path}.{key}"))))
    return TupleValue((None, DictValue(tuple(pairs))))


# What functools.singledispatch itself sets on the function it makes, and sets again at load.
_SINGLEDISPATCH_OWN = frozenset({"__wrapped__", "register", "dispatch", "registry", "_clear_cache"})


def _added_attributes(wrapper: Any, own_names: FrozenSet[str] = frozenset()) -> List[str]:
    """The names of ``wrapper.__dict__`` (a ``functools.update_wrapper`` wrapper) that the call
    to ``update_wrapper`` at load would not set to the same object (nor the decorator itself,
    ``own_names``), sorted."""
    function = wrapper.__wrapped__
    own = getattr(function, "__dict__", {})
    names = list(wrapper.__dict__)
    if isinstance(wrapper, types.FunctionType):
        # (PyPy's wrappers: a function's __doc__, __name__, ... are no entries of its __dict__)
        names.extend(key for key in functools.WRAPPER_ASSIGNMENTS if key not in wrapper.__dict__)
    added = []
    for key in names:
        if key in own_names:
            continue
        value = getattr(wrapper, key, _MISSING)
        copied = (
            getattr(function, key, _MISSING)
            if key in functools.WRAPPER_ASSIGNMENTS
            else own.get(key, _MISSING)
        )
        if value is not copied:
            added.append(key)
    return sorted(added)


# ------------------------------------------------------------------------- constructor calls

_OPERATOR_CLASSES = ("itemgetter", "attrgetter", "methodcaller")
# A constructor call's positional and keyword arguments, and the names of the attributes to set
# after it (attribute_state): those the call does not set.
Arguments: TypeAlias = "Tuple[Tuple[Any, ...], Dict[str, Any], Sequence[str]]"


def _date_arguments(obj: Any) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
    fields = ("year", "month", "day", "hour", "minute", "second", "microsecond")
    args = tuple(getattr(obj, f) for f in fields if hasattr(obj, f))
    extra = {}
    if getattr(obj, "tzinfo", None) is not None:
        extra["tzinfo"] = obj.tzinfo
    if getattr(obj, "fold", 0):
        extra["fold"] = obj.fold
    return args, extra


def _repr_arguments(obj: Any) -> Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
    # Both implementations print these as the call that makes them (operator.itemgetter(1, 0),
    # itertools.count(5, 2)), while their reduce results differ between implementations and
    # versions (PyPy's do not load on CPython; itertools' are deprecated from 3.12).
    from ast import literal_eval  # (only these objects need it: issue 9)

    try:
        made = _astparse.parse_expression(repr(obj)).body
        assert isinstance(made, ast.Call)
        args = tuple(literal_eval(a) for a in made.args)
        kwargs = {k.arg: literal_eval(k.value) for k in made.keywords if k.arg}
    except (SyntaxError, ValueError, AssertionError, TypeError, MemoryError, RecursionError):
        return None
    return args, kwargs


def _context_var_arguments(obj: Any) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
    import contextvars

    def default() -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
        # (get's own argument would take the place of the variable's default)
        try:
            return (obj.name,), {"default": obj.get()}
        except LookupError:
            return (obj.name,), {}

    return contextvars.Context().run(default)


# The attributes each constructor below sets from its arguments; any other one the object holds
# (set by its user) is set after the call (``attribute_state``).
_JSON_ENCODER_STATE = frozenset(
    {"skipkeys", "ensure_ascii", "check_circular", "allow_nan", "sort_keys", "indent"}
    | {"item_separator", "key_separator", "default"}
    | {"indent_str", "_JSONEncoder__encoder"}  # (PyPy's, derived from the options)
)
_CODEC_INFO_STATE = frozenset(
    {"name", "encode", "decode", "streamreader", "streamwriter", "incrementalencoder", "incrementaldecoder"}
    | {"_is_text_encoding"}
)
_PRETTY_PRINTER_STATE = frozenset(
    {"_depth", "_indent_per_level", "_width", "_stream", "_compact", "_sort_dicts", "_underscore_numbers"}
)


def _others(obj: Any, known: FrozenSet[str]) -> List[str]:
    return sorted(key for key in vars(obj) if key not in known)


def _codec_info_arguments(obj: Any) -> Arguments:
    makers = (obj.encode, obj.decode, obj.streamreader, obj.streamwriter)
    args = (*makers, obj.incrementalencoder, obj.incrementaldecoder, obj.name)
    return (
        args,
        ({} if obj._is_text_encoding else {"_is_text_encoding": False}),
        _others(obj, _CODEC_INFO_STATE),
    )


def _formatter_arguments(obj: Any) -> Optional[Arguments]:
    logging = sys.modules["logging"]
    style = obj._style
    marks = [mark for mark, (kind, _) in logging._STYLES.items() if type(style) is kind]
    if len(marks) != 1 or obj._fmt != style._fmt or not set(vars(style)) <= {"_fmt", "_defaults"}:
        return None  # (a style of its user's: the reduction carries it)
    options: Dict[str, Any] = {"fmt": style._fmt}
    if obj.datefmt is not None:
        options["datefmt"] = obj.datefmt
    if marks[0] != "%":
        options["style"] = marks[0]
    try:
        style.validate()
    except ValueError:
        options["validate"] = False  # (made with validate=False: loading must not validate it)
    if getattr(style, "_defaults", None) is not None:
        options["defaults"] = style._defaults
    return (), options, _others(obj, frozenset({"_style", "_fmt", "datefmt"}))


def _pretty_printer_arguments(obj: Any) -> Arguments:
    options = {"indent": obj._indent_per_level, "width": obj._width, "depth": obj._depth}
    if obj._stream is not sys.stdout:
        options["stream"] = obj._stream
    options.update(compact=obj._compact, sort_dicts=obj._sort_dicts)
    if getattr(obj, "_underscore_numbers", False):
        options["underscore_numbers"] = True
    return (), options, _others(obj, _PRETTY_PRINTER_STATE)


def _json_encoder_arguments(obj: Any) -> Arguments:
    # The options that differ from the constructor's defaults; the separators when they are not
    # what the constructor derives from indent.
    options: Dict[str, Any] = {}
    defaults: Tuple[Tuple[str, Any], ...] = (
        ("skipkeys", False),
        ("ensure_ascii", True),
        ("check_circular", True),
        ("allow_nan", True),
        ("sort_keys", False),
        ("indent", None),
    )
    for option, default in defaults:
        value = getattr(obj, option)
        if value != default or type(value) is not type(default):
            options[option] = value
    separators = (obj.item_separator, obj.key_separator)
    if separators != ("," if obj.indent is not None else ", ", ": "):
        options["separators"] = separators
    if "default" in vars(obj):
        options["default"] = obj.default
    return (), options, _others(obj, _JSON_ENCODER_STATE)


# What JSONDecoder's constructor sets: its options, and what it derives from them.
_JSON_DECODER_STATE = frozenset(
    {"object_hook", "object_pairs_hook", "parse_float", "parse_int", "parse_constant", "strict"}
    | {"parse_object", "parse_array", "parse_string", "memo", "scan_once"}
)


def _json_decoder_arguments(obj: Any) -> Arguments:
    # The options that differ from the constructor's defaults (CPython's scanner is C code
    # pickle refuses; PyPy's is a closure of json.scanner, which went by its source).
    import json.decoder

    options: Dict[str, Any] = {}
    for option in ("object_hook", "object_pairs_hook"):
        if getattr(obj, option) is not None:
            options[option] = getattr(obj, option)
    if obj.parse_float is not float:
        options["parse_float"] = obj.parse_float
    if obj.parse_int is not int:
        options["parse_int"] = obj.parse_int
    if obj.parse_constant != json.decoder._CONSTANTS.__getitem__:  # type: ignore[attr-defined]
        options["parse_constant"] = obj.parse_constant
    if obj.strict is not True:
        options["strict"] = obj.strict
    return (), options, _others(obj, _JSON_DECODER_STATE)


def _operator_arguments(obj: Any) -> Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
    # Their repr is the call when every argument is a literal. Otherwise CPython's reduction is
    # the call, and PyPy's classes hold the arguments in their state (their reduction loads on
    # PyPy only): the same call from both (itemgetter(slice(1, None))).
    found = _repr_arguments(obj)
    if found is not None:
        return found
    if sys.implementation.name != "pypy":
        reduced = obj.__reduce__()
        # itemgetter and attrgetter reduce to their call; a methodcaller with keywords does not.
        if reduced[0] is type(obj) and type(reduced[1]) is tuple:
            return reduced[1], {}
        return None
    state = getattr(obj, "__dict__", None) or {}
    kind = type(obj).__name__
    if kind == "itemgetter" and "_idx" in state:
        items = state["_idx"]
        return ((items,) if state.get("_single") else tuple(items)), {}
    if kind == "methodcaller" and "_method_name" in state:
        return (state["_method_name"], *state.get("_args", ())), dict(state.get("_kwargs", {}))
    return None


class InUse(Exception):
    """An object a constructor entry below would write as a new one, caught in use (an asyncio
    lock held, a queue with tasks waiting on it, an itertools iterator partway through what no
    call makes again): the reason, which the capture refuses with."""


# What each asyncio primitive's constructor sets, beside the loop it binds (3.9 and PyPy: at the
# call; 3.10+: at first use): any other attribute (its user's) is set after the call.
_ASYNCIO_OWN = frozenset({"_loop", "_waiters", "_wakeup_scheduled", "_locked", "_value", "_bound_value"})
_ASYNCIO_QUEUE_OWN = frozenset(
    {"_loop", "_maxsize", "_getters", "_putters", "_unfinished_tasks", "_finished", "_queue", "_is_shutdown"}
)


def _idle(obj: Any, what: str, *waiting: str) -> None:
    # Tasks waiting on it belong to the running event loop, which no payload carries.
    if any(getattr(obj, name, None) for name in waiting):
        raise InUse(f"it is {what} with tasks waiting on it, part of a running event loop's state")


def _asyncio_lock_arguments(obj: Any) -> Arguments:
    _idle(obj, "an asyncio lock", "_waiters")
    if obj._locked:
        # Loaded locked, it would wait forever for a release nothing loaded can make.
        raise InUse("it is an asyncio lock held by a running task; dump it released")
    return (), {}, _others(obj, _ASYNCIO_OWN)


def _asyncio_event_arguments(obj: Any) -> Arguments:
    _idle(obj, "an asyncio event", "_waiters")
    keys = _others(obj, _ASYNCIO_OWN)
    return (), {}, sorted(["_value", *keys]) if obj._value else keys


def _asyncio_semaphore_arguments(obj: Any) -> Arguments:
    _idle(obj, "an asyncio semaphore", "_waiters")
    bound = getattr(obj, "_bound_value", None)
    if bound is not None and obj._value != bound:
        raise InUse(f"it is an asyncio semaphore with {bound - obj._value} of {bound} acquisitions held")
    # (a plain Semaphore keeps no bound: the count it has now is the one it is made with)
    return (obj._value if bound is None else bound,), {}, _others(obj, _ASYNCIO_OWN)


def _asyncio_condition_arguments(obj: Any) -> Arguments:
    _idle(obj, "an asyncio condition", "_waiters")
    # Its own lock, or the one it was given and shares: an argument, as its user wrote it.
    return (obj._lock,), {}, _others(obj, _ASYNCIO_OWN | {"_lock", "locked", "acquire", "release"})


def _asyncio_queue_arguments(obj: Any) -> Arguments:
    _idle(obj, "an asyncio queue", "_getters", "_putters")
    if getattr(obj, "_is_shutdown", False):
        raise InUse("it is an asyncio queue shut down (Queue.shutdown)")
    # Its items and its count of tasks not done, as the private attributes every Python's
    # asyncio.queues keeps them in (3.9 to 3.13, PyPy).
    keys = ["_queue"] if obj._queue else []
    if obj._unfinished_tasks:
        keys += ["_unfinished_tasks", "_finished"]
    return (obj._maxsize,), {}, sorted(keys + _others(obj, _ASYNCIO_QUEUE_OWN))


def _itertools_reduced(obj: Any) -> Any:
    # Read only, never written: the reduction is where CPython and PyPy keep an itertools
    # iterator's state (CPython deprecated it in 3.12, hence no warning to the user's -W error).
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return obj.__reduce__()


# Why no call makes an itertools iterator again once it is partway through its work.
_ITERTOOLS_PICKLE = (
    "only its pickle support could, which differs on PyPy, was deprecated in CPython 3.12 and is "
    "gone from 3.14"
)
_ITERTOOLS_PARTWAY = (
    f"no call of itertools makes one again at that point ({_ITERTOOLS_PICKLE}); dump it before "
    "it starts, or keep what it iterates over instead"
)


def _items_left(iterator: Any) -> Optional[Sequence[Any]]:
    """The items still to come from an iterator over a list, tuple, string, bytes or range
    (CPython's and PyPy's reduce to iter(sequence) and the index reached), else None."""
    if type(iterator) in _RANGE_ITERATORS:
        return _remaining_range(iterator)
    try:
        func, args, *state = iterator.__reduce__()
    except Exception:  # noqa: BLE001 - any failure means: not a sequence's iterator
        return None
    if func is not iter or type(args) is not tuple or len(args) != 1:
        return None
    if type(args[0]) not in (list, tuple, str, bytes, range):
        return None
    left: Sequence[Any] = args[0][state[0] if state and state[0] else 0 :]
    return left


# The most items of a range a cycle partway through its first pass is written with (the rest of
# its first pass, as a list): more is a range too long to write out as its items.
_CYCLE_ITEMS_WRITTEN = 1 << 16


def _cycle_arguments(obj: Any) -> Arguments:
    # The items it gives from now on, as one turn: CPython keeps (saved, firstpass) with its
    # iterator (over saved once the source ran out), PyPy (saved, index, source done).
    _, (iterator,), state = _itertools_reduced(obj)
    saved, done = state[0], state[-1]
    index = state[1] if len(state) == 3 else 0
    if len(state) == 3 and done:
        turn = index % len(saved) if saved else 0
        return (saved[turn:] + saved[:turn],), {}, ()
    left = _items_left(iterator)
    if not saved and not done:  # (not started: what it reads, else the iterator it reads)
        return (iterator if left is None else left,), {}, ()
    if left is None or (index and not done) or len(left) > _CYCLE_ITEMS_WRITTEN:
        raise InUse(
            "it is an itertools.cycle partway through its first pass over an iterator whose items "
            f"left cannot be read (or are too many to write out); {_ITERTOOLS_PARTWAY}"
        )
    left = list(left)
    if not done:  # (the rest of the source, then the source whole, again and again)
        return (left + saved,), {}, ()
    # CPython after its first pass: the rest of saved, then saved again and again.
    turn = len(saved) - len(left)
    if turn < 0 or any(a is not b for a, b in zip(left, saved[turn:])):
        raise InUse(f"it is an itertools.cycle in a state no other Python reads; {_ITERTOOLS_PARTWAY}")
    return (saved[turn:] + saved[:turn],), {}, ()


def _count_arguments(obj: Any) -> Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
    # Its repr where it is the call (count(5, 2)); else the values it holds (count(Fraction(1, 2))).
    return _repr_arguments(obj) or (_itertools_reduced(obj)[1], {})


def _islice_arguments(obj: Any) -> Arguments:
    # (iterator, index of the next item, stop, step), and how many it has read: the slice left
    # (CPython's, once it ran out: (an empty iterator, 0)).
    _, args, read = _itertools_reduced(obj)
    iterator, start, stop, step = args if len(args) == 4 else (args[0], 0, args[1], 1)
    read = read or 0
    return (iterator, max(start - read, 0), None if stop is None else max(stop - read, 0), step), {}, ()


def _chain_arguments(obj: Any) -> Arguments:
    # The iterable it is reading, then those still to come (each as it was given).
    reduced = _itertools_reduced(obj)
    source, *active = reduced[2] if len(reduced) > 2 and reduced[2] else ((), None)
    left = _items_left(source) if not isinstance(source, tuple) else source
    if left is None:
        raise InUse(
            "it is an itertools.chain that reads its iterables from an iterator whose items left "
            f"cannot be read (chain.from_iterable); {_ITERTOOLS_PARTWAY}"
        )
    return (*(a for a in active if a is not None), *left), {}, ()


def _spent(iterator: Any) -> Any:
    # An iterator over a sequence with no items left as (), as a loaded one is written again.
    left = _items_left(iterator)
    return () if left is not None and not len(left) else iterator


def _flagged_arguments(obj: Any) -> Arguments:
    # takewhile and dropwhile: (predicate, iterator), and whether the predicate failed once.
    _, (predicate, iterator), flag = _itertools_reduced(obj)
    if not flag:
        return (predicate, _spent(iterator)), {}, ()
    if type(obj).__name__ == "takewhile":
        return (predicate, ()), {}, ()  # (stopped: it gives nothing more, whatever its iterator holds)
    raise InUse(
        "it is an itertools.dropwhile that has stopped dropping: dropwhile(predicate, iterator) "
        f"would drop again; {_ITERTOOLS_PARTWAY}"
    )


def _zip_longest_arguments(obj: Any) -> Arguments:
    # Its iterators (one that ran out is ()), and the fill value where it is not None.
    _, iterators, fill = _itertools_reduced(obj)
    return (
        tuple(_spent(iterator) for iterator in iterators),
        ({} if fill is None else {"fillvalue": fill}),
        (),
    )


def _accumulate_arguments(obj: Any) -> Arguments:
    reduced = _itertools_reduced(obj)
    # Started, its total is state (or, a total of None, an islice over another accumulate): the
    # call that starts from that total (initial=) would give the total again.
    if reduced[0] is not type(obj) or (len(reduced) > 2 and reduced[2] is not None):
        raise InUse(f"it is an itertools.accumulate partway through; {_ITERTOOLS_PARTWAY}")
    iterator, func = reduced[1]  # (an initial value: chain((initial,), iterator))
    return ((iterator,) if func is None else (iterator, func)), {}, ()


def _unstarted_arguments(obj: Any) -> Arguments:
    # product, permutations, combinations, groupby: the pools (or iterator and key) it was made
    # with, before it starts; partway through, the indices (or current group) it holds.
    reduced = _itertools_reduced(obj)
    args = reduced[1]
    state = reduced[2] if len(reduced) > 2 else None
    if state is not None and type(obj).__name__ == "permutations":
        # PyPy's holds its next indices from the start: the first ones are those of no step yet.
        n, r = len(args[0]), args[1]
        if state == (tuple(range(n)), tuple(range(n, n - r, -1)), False):
            state = None
    if state is not None:
        raise InUse(f"it is an itertools.{type(obj).__name__} partway through; {_ITERTOOLS_PARTWAY}")
    if type(obj).__name__ == "groupby" and args[1] is None:
        return args[:1], {}, ()
    if len(args) == 1 and type(obj).__name__ != "product":
        return ((), 1), {}, ()  # (CPython's, run out: (pool,) alone, which its call refuses)
    return args, {}, ()


def _read_itertools(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # A state of another shape than these Pythons give (a later one's) is refused, not guessed.
    def arguments(obj: Any) -> Any:
        try:
            return read(obj)
        except (TypeError, ValueError, IndexError, AttributeError) as exc:
            raise InUse(f"its state is not one srcpickle reads ({exc}); {_ITERTOOLS_PARTWAY}") from None

    return arguments


def _shared_iterator(what: str) -> Callable[[Any], Arguments]:
    def refuse(obj: Any) -> Arguments:
        raise InUse(
            f"it is {what}: no call makes one again apart from them ({_ITERTOOLS_PICKLE}); keep "
            "what it iterates over instead"
        )

    return refuse


_ITERTOOLS: Dict[str, Callable[[Any], Any]] = {
    "count": _count_arguments,
    "repeat": lambda r: (_itertools_reduced(r)[1], {}),
    "cycle": _cycle_arguments,
    "islice": _islice_arguments,
    "chain": _chain_arguments,
    # (their reductions are their calls: the function or selectors, and the iterators)
    **dict.fromkeys(("starmap", "filterfalse", "compress"), lambda i: (_itertools_reduced(i)[1], {})),
    "takewhile": _flagged_arguments,
    "dropwhile": _flagged_arguments,
    "zip_longest": _zip_longest_arguments,
    "accumulate": _accumulate_arguments,
    **dict.fromkeys(
        ("product", "permutations", "combinations", "combinations_with_replacement", "groupby"),
        _unstarted_arguments,
    ),
    "_tee": _shared_iterator(
        "an iterator itertools.tee made, which shares what it read ahead with the others"
    ),
    # (a group of a groupby: CPython's _grouper, PyPy's _groupby)
    **dict.fromkeys(
        ("_grouper", "_groupby"),
        _shared_iterator(
            "a group of an itertools.groupby, which reads its items through the groupby and its other groups"
        ),
    ),
}


# The fields of an os.stat_result past its ten items, as CPython names them, in its order (then
# those of another platform). PyPy keeps the nanoseconds as nsec_atime (the part past the
# second), a name CPython 3.13 refuses ("unexpected field name") and earlier ones drop
# (st_atime_ns None).
_STAT_NANOSECONDS = ("st_atime_ns", "st_mtime_ns", "st_ctime_ns")
_STAT_FIELDS = ("st_atime", "st_mtime", "st_ctime", *_STAT_NANOSECONDS, "st_blksize", "st_blocks", "st_rdev")


def _stat_result_arguments(obj: Any) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
    _, (items, fields) = obj.__reduce__()
    if not any(key.startswith("nsec_") for key in fields):
        return (tuple(items), dict(fields)), {}  # (CPython's own names)
    named = {key: value for key, value in fields.items() if not key.startswith("nsec_")}
    for name in _STAT_NANOSECONDS:
        try:
            named[name] = getattr(obj, name)
        except TypeError:  # (PyPy's made without its nsec fields: what it was given, if anything)
            named[name] = vars(obj).get(name)
    order = [key for key in _STAT_FIELDS if key in named] + sorted(set(named) - set(_STAT_FIELDS))
    return (tuple(items), {key: named[key] for key in order if named[key] is not None}), {}


# The fields of a zipfile.ZipInfo every Python can set (``_compresslevel``: a slot before 3.13,
# a property over ``compress_level`` from 3.13); ``_end_offset`` (3.12+, PyPy) only when set.
_ZIP_INFO_FIELDS = (
    ("filename", "compress_type", "_compresslevel", "comment", "extra", "create_system")
    + ("create_version", "extract_version", "reserved", "flag_bits", "volume", "internal_attr")
    + ("external_attr", "header_offset", "CRC", "compress_size", "file_size", "_raw_time", "_end_offset")
)


def _zip_info_arguments(obj: Any) -> Optional[Arguments]:
    # Its name and time as given, then every field that differs from what the call sets (its
    # slots differ between versions: 3.13 renamed _compresslevel, 3.12 added _end_offset), and
    # the system that made it, which the call takes from the running platform.
    try:
        fresh = type(obj)(obj.orig_filename, obj.date_time)
    except (AttributeError, TypeError, ValueError):
        return None
    keys = [
        key
        for key in _ZIP_INFO_FIELDS
        if hasattr(obj, key)
        and (key == "create_system" or getattr(obj, key) != getattr(fresh, key, _MISSING))
    ]
    return (obj.orig_filename, obj.date_time), {}, keys


# What logging.StreamHandler's constructor sets (its lock is the running process's, which
# srcpickle never carries), and what a handler's configuration sets after it, with the value the
# constructor gives each.
_HANDLER_OWN = frozenset({"lock", "stream", "_closed", "_name", "level", "formatter", "filters"})
_HANDLER_SET: Tuple[Tuple[str, Any], ...] = (
    ("name", None),
    ("level", 0),
    ("formatter", None),
    ("filters", []),
)


def _stream_handler_arguments(obj: Any) -> Optional[Arguments]:
    # The call with its stream (sys.stderr by default, which goes by reference: the loading
    # process's), then the name, level, formatter and filters it was configured with, and any
    # attribute of its user's. A closed one is refused with its lock.
    if vars(obj).get("_closed") or "stream" not in vars(obj):
        return None
    return (obj.stream,), {}, _handler_configuration(obj)


def _null_handler_arguments(obj: Any) -> Optional[Arguments]:
    # The call, then its configuration: its reduced state held _closed on 3.10+ CPython only,
    # so that payloads differed between the Pythons that wrote them.
    if vars(obj).get("_closed"):
        return None
    return (), {}, _handler_configuration(obj)


def _handler_configuration(obj: Any) -> List[str]:
    # The name, level, formatter and filters a handler was configured with, then any attribute
    # of its user's.
    kept = [key for key, default in _HANDLER_SET if getattr(obj, key) != default]
    return kept + sorted(set(vars(obj)) - _HANDLER_OWN)


def _namespace_owner(proxy: Any) -> Optional[type]:
    """The class whose namespace ``proxy`` is (``vars(cls)``, ``cls.__dict__``), found through
    the descriptors it holds (its ``__dict__``, ``__weakref__``, slots) or a method's
    ``__class__`` cell; None for any other view. A copy of it would be a dict of those
    descriptors, which no payload carries, and no longer the class's live namespace."""
    if not isinstance(proxy.get("__module__"), str):
        return None
    candidates = []
    for value in proxy.values():
        if type(value) in (types.GetSetDescriptorType, types.MemberDescriptorType):
            candidates.append(value.__objclass__)
        function = value.__func__ if type(value) in (staticmethod, classmethod) else value
        closure = getattr(function, "__closure__", None)
        if type(function) is types.FunctionType and closure and "__class__" in function.__code__.co_freevars:
            cell = closure[function.__code__.co_freevars.index("__class__")]
            try:
                candidates.append(cell.cell_contents)
            except ValueError:
                pass
    for owner in candidates:
        if isinstance(owner, type):
            namespace = vars(owner)
            if namespace.keys() == proxy.keys() and all(namespace[k] is proxy[k] for k in proxy):
                return owner
    return None


def _scanner_arguments(obj: Any) -> Arguments:
    # Its compiled pattern was made from a parsed tree, not a text: its reduction,
    # re._compile(None, flags), fails at load. The lexicon and flags make it again.
    flags = obj.scanner.flags
    kept = sorted(set(vars(obj)) - {"lexicon", "scanner"})
    return ((obj.lexicon, flags) if flags else (obj.lexicon,)), {}, kept


def _pattern_arguments(obj: Any) -> None:
    # A pattern compiled from a text goes by its reduction, re._compile(text, flags); one made
    # from a parsed tree (sre_compile.compile of a SubPattern, as re.Scanner does) has no text to
    # give, and its reduction would load nowhere.
    if not isinstance(obj.pattern, (str, bytes)):
        raise InUse(
            "it is a compiled pattern made from a parsed tree (sre_compile), not from a text, "
            "and no call makes it again; hold the pattern's text, or the re.Scanner that made it"
        )
    return None


# Standard-library values written as the constructor call that makes them, readable and the same
# on every Python version (their __reduce__ results differ between versions): the class's
# (module, qualname) -> its arguments. Pathlib's classes live in pathlib._local on 3.13.
_CONSTRUCTORS: Dict[
    Tuple[str, str],
    Callable[[Any], Optional[Union[Tuple[Tuple[Any, ...], Dict[str, Any]], Arguments]]],
] = {
    ("fractions", "Fraction"): lambda f: ((f.numerator, f.denominator), {}),
    ("decimal", "Decimal"): lambda d: ((str(d),), {}),
    ("_pydecimal", "Decimal"): lambda d: ((str(d),), {}),
    ("uuid", "UUID"): lambda u: ((str(u),), {}),
    ("datetime", "date"): _date_arguments,
    ("datetime", "datetime"): _date_arguments,
    ("datetime", "time"): lambda t: (
        (t.hour, t.minute, t.second, t.microsecond),
        {k: v for k, v in (("tzinfo", t.tzinfo), ("fold", t.fold)) if v},
    ),
    ("datetime", "timedelta"): lambda d: ((d.days, d.seconds, d.microseconds), {}),
    ("datetime", "timezone"): lambda z: (z.__getinitargs__(), {}),
    ("types", "SimpleNamespace"): lambda n: ((), dict(vars(n))),
    ("logging", "StreamHandler"): _stream_handler_arguments,
    ("logging", "NullHandler"): _null_handler_arguments,
    # Its compiled pattern has no text (see _scanner_arguments).
    ("re", "Scanner"): _scanner_arguments,
    ("re", "Pattern"): _pattern_arguments,
    # Their reductions differ on PyPy (cycle, permutations, tee), are deprecated from 3.12 and
    # gone from 3.14: an iterator is the call that makes what it gives from now on, or refused
    # where no call does (one partway through its pools, a tee).
    **{("itertools", name): _read_itertools(make) for name, make in _ITERTOOLS.items()},
    # Its format is its whole state: CPython's refuses pickle, and PyPy's (whose class says it
    # is of builtins) reduced to copyreg.__newobj__(Struct), a Struct of no format.
    ("_struct", "Struct"): lambda s: ((s.format,), {}),
    ("builtins", "Struct"): lambda s: ((s.format,), {}),
    # Its name and default are its whole state (what a context set is the running program's):
    # CPython's refuses pickle, and PyPy's reduced to its private attributes, which CPython's
    # cannot take. The default is what the variable gives in a context that never set it.
    **{(m, "ContextVar"): _context_var_arguments for m in ("_contextvars", "builtins")},
    # Its state was a __dict__ on 3.9 and is __slots__ from 3.10: neither loads on the other.
    ("statistics", "NormalDist"): lambda d: ((d.mean, d.stdev), {}),
    # PyPy's keeps its own attributes beside the options (indent_str, its C encoder), which
    # CPython's lacks, and the other way round: the options alone.
    ("json.encoder", "JSONEncoder"): _json_encoder_arguments,
    ("json.decoder", "JSONDecoder"): _json_decoder_arguments,
    # A tuple subclass whose reduction makes it of no fields (every loader refused it).
    ("codecs", "CodecInfo"): _codec_info_arguments,
    # PyPy names its nanosecond fields otherwise (see _STAT_NANOSECONDS).
    ("os", "stat_result"): _stat_result_arguments,
    # Its slots differ between versions (see _ZIP_INFO_FIELDS).
    ("zipfile", "ZipInfo"): _zip_info_arguments,
    # Their styles and printers gained attributes in 3.10 (_defaults, _underscore_numbers),
    # which a state written on 3.9 lacks.
    ("logging", "Formatter"): _formatter_arguments,
    ("pprint", "PrettyPrinter"): _pretty_printer_arguments,
    # The zone of that key, as ZoneInfo(key) gives it (its reduction's flag is 1 on CPython, True
    # on PyPy); one made by no_cache keeps its reduction, which makes a new one.
    ("zoneinfo", "ZoneInfo"): lambda z: (
        ((z.key,), {}) if z.key is not None and z.__reduce__()[1][1] else None
    ),
    # No state but gauss's cached value (which it refuses pickle for): set when it holds one.
    ("random", "SystemRandom"): lambda r: (
        (),
        {},
        sorted(k for k, v in vars(r).items() if k != "gauss_next" or v),
    ),
    # Their state is private attributes that differ between versions (3.9 binds a loop at the
    # call, 3.13 added _is_shutdown): a state written on one failed on another at first use, and
    # 3.9 refused the loop it held. An idle one is the call that makes it; one in use is refused.
    ("asyncio.locks", "Lock"): _asyncio_lock_arguments,
    ("asyncio.locks", "Event"): _asyncio_event_arguments,
    ("asyncio.locks", "Semaphore"): _asyncio_semaphore_arguments,
    ("asyncio.locks", "BoundedSemaphore"): _asyncio_semaphore_arguments,
    ("asyncio.locks", "Condition"): _asyncio_condition_arguments,
    **{("asyncio.queues", n): _asyncio_queue_arguments for n in ("Queue", "PriorityQueue", "LifoQueue")},
    **{(m, n): _operator_arguments for m in ("operator", "_operator") for n in _OPERATOR_CLASSES},
    **{
        (module, name): (lambda p: ((str(p),), {}))
        for module in ("pathlib", "pathlib._local")
        for name in ("PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath")
    },
}


# Constructor kinds whose instances are state a process shares, not values: one that is a
# library's global (json._default_encoder, logging._defaultFormatter, random's hidden instance)
# is that global, by reference (library_global), as before these kinds were written as calls.
_SHARED_KINDS = frozenset(
    {
        ("_contextvars", "ContextVar"),
        ("builtins", "ContextVar"),
        ("json.encoder", "JSONEncoder"),
        ("json.decoder", "JSONDecoder"),
        ("logging", "Formatter"),
        ("pprint", "PrettyPrinter"),
        ("random", "SystemRandom"),
        ("codecs", "CodecInfo"),
        # (a library's module-level lock or queue is the one its code shares)
        *(("asyncio.locks", n) for n in ("Lock", "Event", "Semaphore", "BoundedSemaphore", "Condition")),
        *(("asyncio.queues", n) for n in ("Queue", "PriorityQueue", "LifoQueue")),
    }
)


def constructor_arguments(obj: Any) -> Optional[Arguments]:
    """The (args, kwargs, attributes to set after) of the constructor call that makes ``obj``,
    for the types above."""
    kind = type(obj)
    make = _CONSTRUCTORS.get((kind.__module__, kind.__qualname__))
    found = None if make is None else make(obj)
    if found is None or len(found) == 3:
        return found
    return found[0], found[1], ()

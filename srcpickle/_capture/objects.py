"""Capture handlers for objects: by reference, as the call that makes them, or through the pickle
reduce protocol.

An importable object of a library (a function, a class, a built-in) is recorded by reference, with
its distribution. Other objects are written as a call (``reduce`` sections): the constructor call
where it reads better than the reduce protocol and is the same on every Python (Enum members,
``partial``, dates, paths...), else exactly what ``copyreg`` or ``__reduce_ex__(4)`` returns.
"""

from __future__ import annotations

import ast
import builtins
import copyreg
import enum
import functools
import sys
import types

from .. import _astparse
from .._deps import distribution_of, found
from .._exceptions import new_object_reduction
from .._model import DictValue, Distribution, ListValue, ReduceNode, Ref, RefNode, TupleValue, Value
from ..errors import UnsupportedObjectError
from .core import BUILTIN_CALLABLES, DESCRIPTORS, NEWTYPE_FUNCTION, Capturer, Need, Step, short_repr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple


# ------------------------------------------------------------------------------- by reference


def save_by_reference(cap: Capturer, obj: Any, need: Need) -> Step:
    """An importable object, as ``module`` + ``qualname`` (the public module that exports it)."""
    return by_reference(cap, obj, need.path, library_name(cap, obj))
    yield  # a generator like every handler


def library_name(cap: Capturer, obj: Any) -> Optional[Tuple[str, str]]:
    """The (module, qualname) under which ``obj``, an object of a library (not of the user's
    own code), is importable here, whatever wraps it; None when it is not.

    Its own name first; an object that has none, of a type of a library, is tried under the
    name of the function it wraps (``functools.cached_property`` keeps it as ``func``). A name
    counts only when importing the module and following the name gives back ``obj`` itself.
    """
    try:
        names = [reference_name(obj)]
        if names[0][1] is None and not cap.is_user_module(type(obj).__module__):
            # Looked up in the object's own __dict__: a wrapper keeps what it wraps there, and
            # an object that computes attributes on demand (a mock) is not asked to make one.
            held = getattr(obj, "__dict__", None)
            if isinstance(held, dict):
                names += [reference_name(held[key]) for key in _WRAPPED if key in held]
        for module_name, qualname in names:
            if (
                module_name
                and qualname
                and not cap.is_user_module(module_name)
                and found(module_name, qualname, obj)
            ):
                found_name = public_name(obj, (module_name, qualname))
                return found_name[0] or module_name, found_name[1] or qualname
    except Exception:  # noqa: BLE001 - an object that fails to say its name has none
        return None
    return None


# Where a wrapper made by a library keeps the function it wraps: functools.update_wrapper's
# __wrapped__, the func of cached_property (and of partialmethod, singledispatchmethod).
_WRAPPED = ("__wrapped__", "func")


def by_reference(cap: Capturer, obj: Any, path: str, name: Optional[Tuple[str, str]] = None) -> Ref:
    """The ``ref`` node of ``obj`` (found at ``path``); ``name``: its (module, qualname) when known.

    Raises:
        UnsupportedObjectError: importing the module and following the name does not give ``obj``.
    """
    module_name, qualname = name or public_name(obj)
    if module_name is None or qualname is None or not found(module_name, qualname, obj):
        raise UnsupportedObjectError(
            f"cannot capture {short_repr(obj)} found at {path}: it has no source and is not "
            f"importable by name (module {module_name!r}, name {qualname!r}). Define it at "
            "module level of an installed or importable module."
        )
    dist = distribution_of(module_name) or Distribution(module_name.split(".")[0])
    node_id = cap.new_id(f"{module_name}.{qualname}", obj)
    cap.nodes[node_id] = RefNode(module_name, qualname, dist)
    return cap.ref(node_id)


def save_reduce(cap: Capturer, obj: Any, need: Need) -> Step:
    """Any other object: the call that makes it where one is known, else the library global it
    is (``os.environ``), else its reduce protocol."""
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
    for stream in STANDARD_STREAMS:
        if getattr(sys, stream, None) is obj:
            return "sys", stream
    owner = getattr(obj, "__self__", None)
    kinds = (type(obj),) if owner is None or isinstance(owner, types.ModuleType) else (type(obj), type(owner))
    own = getattr(obj, "__name__", None)
    for kind in kinds:
        module_name = getattr(kind, "__module__", None)
        if not isinstance(module_name, str) or cap.is_user_module(module_name):
            continue
        module = sys.modules.get(module_name)
        names = [own] if isinstance(own, str) and getattr(module, own, None) is obj else None
        names = names or cap.library_globals(module_name).get(id(obj))
        if names:
            found_module, found_name = public_name(obj, (module_name, names[0]))
            return found_module or module_name, found_name or names[0]
    return None


def instance_hint(obj: Any, hint: str) -> str:
    """The id an object's section gets: the name it was found under, else ``Class.instance``."""
    return hint if hint not in ("value", "root") else f"{type(obj).__name__}.instance"


def call(
    cap: Capturer, obj: Any, path: str, name: str, func: Any, args: Tuple[Any, ...], kwargs: Any = None
) -> Step:
    """``obj`` as the reduce node ``func(*args, **kwargs)``, named after ``name``."""
    return (yield from call_into(cap, cap.new_id(name, obj), path, func, args, kwargs))


def call_into(
    cap: Capturer, node_id: str, path: str, func: Any, args: Tuple[Any, ...], kwargs: Any = None
) -> Step:
    """Fill the reserved ``node_id`` with the reduce node ``func(*args, **kwargs)``."""
    ref = cap.ref(node_id)
    keywords = None
    if kwargs:
        pairs = []
        for key, item in kwargs.items():
            pairs.append((key, (yield Need(item, f"{path}[{key!r}]"))))
        keywords = DictValue(tuple(pairs))
    callable_value = yield Need(func, path)
    args_value = yield from inline_tuple(args, f"{path}.<args>")
    cap.nodes[node_id] = ReduceNode(callable=callable_value, args=args_value, kwargs=keywords)
    return ref


def inline_tuple(items: Any, path: str, hint: str = "value") -> Step:
    """A tuple value written in place (the arguments of a call), never a section of its own."""
    values: List[Value] = []
    for index, item in enumerate(items):
        values.append((yield Need(item, f"{path}[{index}]", hint)))
    return TupleValue(tuple(values))


def made_by_call(cap: Capturer, obj: Any, need: Need) -> Step:
    """Objects written as the call that makes them, where that reads better than their reduce
    protocol and is the same on every Python (whose reduce results differ); None otherwise."""
    kind = type(obj)
    path = need.path
    name = need.hint if need.hint not in ("value", "root") else kind.__name__
    if isinstance(obj, enum.Enum) and _called_by_value(kind, obj):
        # A Flag combination's _name_ is 'R|X' from 3.11 and None before: the section is named
        # after what every Python agrees on, the member's own name or else its value.
        label = obj._name_ if kind.__members__.get(obj._name_) is obj else repr(obj._value_)
        return (yield from call(cap, obj, path, f"{kind.__qualname__}.{label}", kind, (obj._value_,)))
    if kind is functools.partial and not vars(obj):
        return (yield from call(cap, obj, path, name, kind, (obj.func, *obj.args), obj.keywords))
    owner = getattr(obj, "__self__", None)
    if isinstance(obj, (types.MethodType, types.BuiltinMethodType)) and owner is not None:
        # A method a library module holds as a global (random.random, bound to random's hidden
        # instance: getattr would make another object each time) is that global.
        global_name = library_global(cap, obj)
        if global_name is not None:
            return by_reference(cap, obj, path, global_name)
        # A method bound to an instance (model.predict, [].append): getattr(instance, name).
        label = need.hint if need.hint not in ("value", "root") else obj.__name__
        return (yield from call(cap, obj, path, label, getattr, (owner, obj.__name__)))
    if kind.__name__ == "TypeAliasType" and kind.__module__ == "typing" and not obj.__type_params__:
        # type Pair = tuple[int, int] (3.12+): the alias made again from its value.
        return (yield from call(cap, obj, path, obj.__name__, kind, (obj.__name__, obj.__value__)))
    typing = sys.modules.get("typing")
    if typing is not None and kind in _type_variable_kinds(typing):
        # TypeVar("T", bound=int), ParamSpec("P") (3.10), TypeVarTuple("Ts") (3.11): the call,
        # with only the options set (a newer Python's, infer_variance or default, only then).
        variable: Dict[str, Any] = (
            {"bound": obj.__bound__} if getattr(obj, "__bound__", None) is not None else {}
        )
        for key in ("covariant", "contravariant", "infer_variance"):
            if getattr(obj, f"__{key}__", False):
                variable[key] = True
        if getattr(obj, "has_default", lambda: False)():
            variable["default"] = obj.__default__
        positional = (obj.__name__, *getattr(obj, "__constraints__", ()))
        return (yield from call(cap, obj, path, obj.__name__, kind, positional, variable))
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
    if kind is types.MappingProxyType:
        # A read-only view of a dict the code holds (a constant table): by value, a view of a
        # copy of the dict, as the dict itself would go.
        return (yield from call(cap, obj, path, name, kind, (dict(obj),)))
    if kind in (staticmethod, classmethod):
        return (yield from call(cap, obj, path, name, kind, (obj.__func__,)))
    if kind is property:
        return (yield from call(cap, obj, path, name, kind, (obj.fget, obj.fset, obj.fdel, obj.__doc__)))
    dataclasses = sys.modules.get("dataclasses")
    if dataclasses is not None and kind is dataclasses.Field:
        from .classes import field_options

        return (yield from call(cap, obj, path, obj.name or name, dataclasses.field, (), field_options(obj)))
    arguments = constructor_arguments(obj)
    if arguments is not None:
        return (yield from call(cap, obj, path, name, kind, *arguments))
    numpy = sys.modules.get("numpy")
    if numpy is not None and kind is numpy.ndarray and not obj.dtype.hasobject and obj.dtype.names is None:
        return (yield from _ndarray(cap, obj, path, name, numpy))
    return None


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


def _type_variable_kinds(typing: Any) -> Tuple[Any, ...]:
    return tuple(
        getattr(typing, name) for name in ("TypeVar", "ParamSpec", "TypeVarTuple") if hasattr(typing, name)
    )


def _called_by_value(kind: Any, member: enum.Enum) -> bool:
    # Whether the call written for an Enum member, its class called with its value, gives it
    # back: asked of the class as the loader will ask it, since a value may be unhashable (the
    # class then compares it with each member's) and Flag combinations are made on demand.
    try:
        return kind(member._value_) is member
    except Exception:  # noqa: BLE001 - not made again by that call: the reduce protocol decides
        return False


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


def reduce_protocol(cap: Capturer, obj: Any, need: Need) -> Step:
    """``obj`` as pickle would reduce it: a copyreg reducer first, then ``__reduce_ex__(4)``."""
    path = need.path
    cls = type(obj)
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
    if isinstance(reduced, str):
        # pickle's rule: a string names the object as a global of its module.
        module_name = getattr(obj, "__module__", None)
        if module_name is None and getattr(builtins, reduced, None) is obj:
            module_name = "builtins"  # Ellipsis, NotImplemented
        if module_name and found(module_name, reduced, obj):
            if cap.is_user_module(module_name):
                raise cap.unsupported(
                    obj, path, f"pickle names it {module_name}.{reduced}, a global of the user's own code"
                )
            return by_reference(cap, obj, path, (module_name, reduced))
        return by_reference_or_fail(cap, obj, path, f"it reduces to the global name {reduced!r}")
    if not isinstance(reduced, tuple) or not 2 <= len(reduced) <= 6:
        raise cap.unsupported(obj, path, f"its __reduce_ex__ returned {type(reduced).__name__}, not a tuple")
    func, args, state, listitems, dictitems, setter = (tuple(reduced) + (None,) * 6)[:6]
    hint = instance_hint(obj, need.hint)
    node_id = cap.new_id(hint, obj)
    ref = cap.ref(node_id)
    callable_value = yield Need(func, f"{path}.__reduce__()[0]")
    args_value = yield from inline_tuple(args or (), f"{path}.__reduce__()[1]")
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
    cap.nodes[node_id] = ReduceNode(callable=Ref(decorator_id), args=TupleValue((function,)))
    return ref


# ------------------------------------------------------------------------- constructor calls

_OPERATOR_CLASSES = ("itemgetter", "attrgetter", "methodcaller")


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
    try:
        made = _astparse.parse_expression(repr(obj)).body
        assert isinstance(made, ast.Call)
        args = tuple(ast.literal_eval(a) for a in made.args)
        kwargs = {k.arg: ast.literal_eval(k.value) for k in made.keywords if k.arg}
    except (SyntaxError, ValueError, AssertionError, TypeError, MemoryError, RecursionError):
        return None
    return args, kwargs


# Standard-library values written as the constructor call that makes them, readable and the same
# on every Python version (their __reduce__ results differ between versions): the class's
# (module, qualname) -> its arguments. Pathlib's classes live in pathlib._local on 3.13.
_CONSTRUCTORS: Dict[Tuple[str, str], Callable[[Any], Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]]] = {
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
    ("itertools", "count"): _repr_arguments,
    **{(m, n): _repr_arguments for m in ("operator", "_operator") for n in _OPERATOR_CLASSES},
    **{
        (module, name): (lambda p: ((str(p),), {}))
        for module in ("pathlib", "pathlib._local")
        for name in ("PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath")
    },
}


def constructor_arguments(obj: Any) -> Optional[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
    """The (args, kwargs) of the constructor call that makes ``obj``, for the types above."""
    kind = type(obj)
    make = _CONSTRUCTORS.get((kind.__module__, kind.__qualname__))
    return None if make is None else make(obj)


# ------------------------------------------------------------------------------------ names


def public_name(obj: Any, name: Optional[Tuple[str, str]] = None) -> Tuple[Optional[str], Optional[str]]:
    """Where ``obj`` can be imported from (``name``: where it was found, else the name it gives
    itself), preferring the public module that exports it: a class of ``pathlib._local`` (3.13)
    is recorded as ``pathlib``'s, which every version has, one of ``_operator`` (PyPy) as
    ``operator``'s, and PyPy's ``_pypy_generic_alias.GenericAlias`` as ``types``'. Only a
    module that exports the name counts (``collections.abc.Sequence`` stays so on 3.9)."""
    module_name, qualname = name or reference_name(obj)
    if module_name and qualname:
        parts = module_name.split(".")
        candidates = [".".join(parts[:end]) for end in range(1, len(parts))]
        if module_name.startswith("_"):
            candidates.append(module_name.lstrip("_"))
            # The interpreter's own types live in private modules of their own on PyPy
            # (_pypy_generic_alias.GenericAlias): types names them everywhere.
            candidates.append("types")
        for candidate in candidates:
            if found(candidate, qualname, obj) and _exports(candidate, qualname):
                return candidate, qualname
    return module_name, qualname


def _exports(module_name: str, qualname: str) -> bool:
    # A module exports what its __all__ lists (or, without one, what it binds), not a name its
    # __getattr__ makes up: collections.Sequence on 3.9 is a deprecated alias of
    # collections.abc.Sequence, which 3.10 removed (and 3.9 caches it in the module's dict once
    # asked, so the dict alone cannot tell).
    held = vars(sys.modules[module_name])
    exported = held.get("__all__")
    name = qualname.partition(".")[0]
    return name in exported if isinstance(exported, (list, tuple)) else name in held


# Built-in classes that name themselves after a module that lacks them (builtins.mappingproxy),
# by the name the standard library exports them under on every Python.
_EXPORTED_AS: Dict[Any, Tuple[str, str]] = {types.MappingProxyType: ("types", "MappingProxyType")}


def reference_name(obj: Any) -> Tuple[Optional[str], Optional[str]]:
    """The (module, qualname) ``obj`` names itself by."""
    if type(obj) is type and obj in _EXPORTED_AS:
        return _EXPORTED_AS[obj]
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, types.ModuleType):
        return owner.__name__, obj.__name__
    if isinstance(obj, types.MethodType) and isinstance(owner, type):
        return owner.__module__, f"{owner.__qualname__}.{obj.__name__}"
    if isinstance(obj, DESCRIPTORS):
        return obj.__objclass__.__module__, f"{obj.__objclass__.__qualname__}.{obj.__name__}"
    if getattr(obj, "__module__", None) is None and found("builtins", getattr(obj, "__qualname__", ""), obj):
        return "builtins", obj.__qualname__  # PyPy's str.upper: a function with no module
    if isinstance(obj, BUILTIN_CALLABLES) and owner is not None:
        if isinstance(owner, type):  # a class method of a built-in class
            return owner.__module__, f"{owner.__qualname__}.{obj.__name__}"
        return None, None  # a method bound to an instance
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    return (module if isinstance(module, str) else None), (qualname if isinstance(qualname, str) else None)

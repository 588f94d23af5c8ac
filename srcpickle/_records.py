"""Frozen record classes, as ``@dataclass(frozen=True)`` makes them, at a fraction of the cost.

The payload model defines seventeen frozen dataclasses (``Payload`` among them, which
``srcpickle.inspect`` returns); making them with ``dataclasses`` costs a fresh process tens of
milliseconds (``dataclasses`` imports ``inspect``, and every class compiles six generated methods
one by one) before its first ``loads``. This module gives each class the same methods
(``__init__`` taking the fields by position or keyword with their defaults, ``__eq__`` and
``__hash__`` over the compared fields, ``__repr__`` over the shown ones, the frozen
``__setattr__``/``__delattr__``, ``__match_args__`` and ``__replace__``) as closures over its
fields, compiling nothing: ``record``, given as a class statement's metaclass, puts them in the
namespace of the class it makes (the decorator then leaves it as it is); the decorator alone sets
them on the class its statement made. What only the ``dataclasses`` module (or ``inspect``) reads,
``__dataclass_fields__``, ``__dataclass_params__`` and ``__signature__``, is made on first use
from a real dataclass of the same fields: code that calls ``dataclasses.fields``, ``replace``,
``asdict`` or ``is_dataclass`` on a record gets the answers of a real dataclass, and a process
that never asks never imports ``dataclasses``. ``replace`` and ``fields`` stand in for the
``dataclasses`` functions of the same names inside srcpickle. Type checkers see ``dataclasses``
itself (``_model`` imports it under ``TYPE_CHECKING``), so they check the types of real
dataclasses.

Imports only the standard library (``dataclasses`` and ``inspect`` only when asked as above).
"""

from __future__ import annotations

import operator

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

    T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """One field of a record: its name, default (or factory), and whether it is compared and
    shown."""

    __slots__ = ("name", "type", "default", "default_factory", "compare", "repr")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        compare: bool = True,
        repr: bool = True,
    ) -> None:
        self.name = ""
        # The annotation as written (text: the model uses postponed annotations).
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr


def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """A field with options, as ``dataclasses.field`` (the options the model uses)."""
    return Field(default, default_factory, compare, repr)


def dataclass(cls: Optional[type] = None, *, frozen: bool = False) -> Any:
    """Make ``cls`` a record class (``@dataclass(frozen=True)``: only frozen records exist)."""
    if not frozen:
        raise TypeError("srcpickle records are frozen: use dataclass(frozen=True)")

    def wrap(cls: type) -> type:
        # (a class made by ``record`` is one already)
        return cls if "__record_fields__" in cls.__dict__ else _make(cls)

    return wrap if cls is None else wrap(cls)


def record(name: str, bases: Tuple[type, ...], namespace: Dict[str, Any]) -> type:
    """The metaclass of a record class (``class Ref(metaclass=record)``, under
    ``@dataclass(frozen=True)`` for type checkers): the class made by one ``type()`` call, with
    its methods already in its namespace, so that ``type`` is still its type. Setting them on the
    class after it is made (as the decorator does) makes CPython update the class's slots once
    more for each: about a third of what making the nineteen model classes costs an import
    (issue 9)."""
    _fill(namespace, namespace["__qualname__"], bases)
    return type(name, bases, namespace)


def _make(cls: type) -> type:
    # A class made by its statement (the decorator alone): its record entries set on it.
    own = dict(cls.__dict__)
    _fill(own, cls.__qualname__, cls.__bases__)
    for name in cls.__dict__.keys() - own.keys():
        delattr(cls, name)
    for name, value in own.items():
        if name not in cls.__dict__ or cls.__dict__[name] is not value:
            setattr(cls, name, value)
    return cls


def _fill(namespace: Dict[str, Any], qualname: str, bases: Tuple[type, ...]) -> None:
    """Put into the namespace ``namespace`` of the record class ``qualname`` its fields' defaults
    (a field with none left out), ``__record_fields__`` and its methods."""
    # Inherited fields first; one the class declares again keeps its place, as in a dataclass.
    all_fields: Dict[str, Field] = {}
    for base in reversed(bases):
        for ancestor in reversed(base.__mro__):
            all_fields.update(getattr(ancestor, "__record_fields__", ()))
    for name, annotation in namespace.get("__annotations__", {}).items():
        if "ClassVar" in str(annotation):
            continue
        value = namespace.get(name, MISSING)
        item = value if isinstance(value, Field) else Field(value)
        item.name = name
        item.type = annotation
        all_fields[name] = item
        if item.default is MISSING:
            namespace.pop(name, None)
        else:
            namespace[name] = item.default
    namespace["__record_fields__"] = all_fields
    items = list(all_fields.values())
    names = tuple(all_fields)
    shown = tuple([f.name for f in items if f.repr])
    key = _getter(tuple([f.name for f in items if f.compare]))
    methods: Dict[str, Callable[..., Any]] = {
        "__init__": _init(qualname, names, items),
        "__eq__": lambda self, other: (
            key(self) == key(other) if other.__class__ is self.__class__ else NotImplemented
        ),
        "__hash__": lambda self: hash(key(self)),
        "__repr__": lambda self: "{}({})".format(
            self.__class__.__qualname__, ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        ),
        # copy.replace (3.13+) calls it, as on a dataclass.
        "__replace__": lambda self, **changes: replace(self, **changes),
    }
    for name, method in methods.items():
        method.__qualname__ = qualname + "." + name
    namespace.update(methods)
    namespace.update(_SHARED)
    namespace["__match_args__"] = names


# What the dataclasses module (and inspect) read of a dataclass and nothing else does.
_FROM_DATACLASSES = ("__dataclass_fields__", "__dataclass_params__", "__signature__")


class _FromDataclass:
    """A class attribute of a record that only ``dataclasses`` or ``inspect`` read, taken on first
    use from the record's twin: a real dataclass with the same fields and options."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type) -> Any:
        twin = _twin(owner)
        if self.name == "__signature__":
            import inspect

            value: Any = inspect.signature(twin)
        else:
            value = getattr(twin, self.name)
        # Kept on the class itself from now on (it replaces this descriptor there).
        type.__setattr__(owner, self.name, value)
        return value


def _twin(cls: type) -> type:
    """A real frozen dataclass of the fields of the record class ``cls`` (made on each call:
    callers keep what they take from it)."""
    import dataclasses

    specs = []
    for item in cls.__record_fields__.values():  # type: ignore[attr-defined]
        options: Dict[str, Any] = {"compare": item.compare, "repr": item.repr}
        if item.default is not MISSING:
            options["default"] = item.default
        if item.default_factory is not MISSING:
            options["default_factory"] = item.default_factory
        specs.append((item.name, item.type, dataclasses.field(**options)))
    twin = dataclasses.make_dataclass(cls.__name__, specs, frozen=True)
    twin.__module__, twin.__qualname__ = cls.__module__, cls.__qualname__
    return twin


def _getter(names: Tuple[str, ...]) -> Callable[[Any], Tuple[Any, ...]]:
    # A tuple of the compared fields' values, for __eq__ and __hash__ (attrgetter is C code).
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        get_one = operator.attrgetter(names[0])
        return lambda obj: (get_one(obj),)
    return operator.attrgetter(*names)


def _init(qualname: str, names: Tuple[str, ...], items: List[Field]) -> Callable[..., None]:
    """An ``__init__`` taking the fields ``names`` (of ``items``) positionally or by name, with
    their defaults."""
    defaults = {f.name: f.default for f in items if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in items if f.default_factory is not MISSING}
    count = len(names)

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        values = self.__dict__
        if not kwargs and len(args) == count:
            # Every field by position (Ref(id), the container values, the parser's nodes): the
            # most common call, kept cheap.
            values.update(zip(names, args))
            return
        if len(args) > count:
            raise TypeError(f"{qualname}() takes {count} arguments but {len(args)} were given")
        for name, value in zip(names, args):
            if name in kwargs:
                raise TypeError(f"{qualname}() got multiple values for argument {name!r}")
            values[name] = value
        for name in names[len(args) :]:
            if name in kwargs:
                values[name] = kwargs.pop(name)
            elif name in defaults:
                values[name] = defaults[name]
            elif name in factories:
                values[name] = factories[name]()
            else:
                raise TypeError(f"{qualname}() missing required argument {name!r}")
        if kwargs:
            raise TypeError(f"{qualname}() got an unexpected keyword argument {sorted(kwargs)[0]!r}")

    return init


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    # The error a dataclass raises, so that code catching it catches this one (a failure: the
    # import it may cost is no concern).
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


# What every record class has alike: one instance of each, shared (the descriptors set what they
# take on the class they are read from).
_SHARED = {
    "__setattr__": _frozen_setattr,
    "__delattr__": _frozen_delattr,
    **{name: _FromDataclass(name) for name in _FROM_DATACLASSES},
}


def fields(obj: Any) -> Tuple[Field, ...]:
    """The fields of a record (or record class), in order."""
    cls = obj if isinstance(obj, type) else type(obj)
    return tuple(cls.__record_fields__.values())  # type: ignore[attr-defined]


def replace(obj: T, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes``, as ``dataclasses.replace``."""
    values = {name: getattr(obj, name) for name in type(obj).__record_fields__}  # type: ignore[attr-defined]
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__qualname__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    make: Callable[..., T] = type(obj)
    return make(**values)


def with_field(obj: T, name: str, value: Any) -> T:
    """``replace(obj, **{name: value})`` for a field ``name`` the record ``obj`` has, checking
    nothing: its fields copied at once (replace() passes each by keyword through ``__init__``,
    ~80k instructions for a function node; a load fills the doc of each node its parse left
    to the compiled code, issue 9)."""
    made: T = object.__new__(type(obj))
    fields = made.__dict__
    fields.update(obj.__dict__)
    fields[name] = value
    return made


def one_field_maker(cls: Callable[[Any], T]) -> Callable[[Any], T]:
    """A constructor of the one-field record class ``cls``: ``make(value)`` is ``cls(value)``,
    for about a third of its cost (no argument packing, no zip: the capture makes one ``Ref``
    per node and one record per container)."""
    (name,) = cls.__record_fields__  # type: ignore[attr-defined]
    new = object.__new__

    def make(value: Any) -> T:
        obj: T = new(cls)  # type: ignore[arg-type]
        obj.__dict__[name] = value
        return obj

    make.__qualname__ = f"{getattr(cls, '__qualname__', 'record')}.<one field>"
    return make


def positional_maker(cls: Callable[..., T]) -> Callable[..., T]:
    """A constructor of the record class ``cls`` taking every field by position, in order:
    ``make(a, b)`` is ``cls(a, b)`` without the call through the type's ``__init__`` slot and its
    argument packing (the parser makes a record of every node it reads). Checks nothing: the
    caller passes each field, as the parser does."""
    names = tuple(cls.__record_fields__)  # type: ignore[attr-defined]
    new = object.__new__

    def make(*args: Any) -> T:
        obj: T = new(cls)  # type: ignore[arg-type]
        obj.__dict__.update(zip(names, args))
        return obj

    make.__qualname__ = f"{getattr(cls, '__qualname__', 'record')}.<by position>"
    return make


def fields_reader(cls: type, *names: str) -> Callable[[Any], Tuple[Any, ...]]:
    """A reader of the fields ``names`` of a record of class ``cls``: ``read(obj)`` is the tuple
    of ``obj``'s values of them, as attribute reads give them, in one C call on the record's
    ``__dict__``. A record's dict is made when it is built, which leaves every attribute read of
    it unspecialised on CPython 3.11 (~300 instructions a read, ~60 a field this way: the writer
    and the capture read a function section's fields at every dumps, issue 9). A record made with
    a field left to its class's default has no entry for it: read by attribute then.

    Raises:
        TypeError: a name is not a field of ``cls`` (at the making of the reader).
    """
    unknown = [name for name in names if name not in cls.__record_fields__]  # type: ignore[attr-defined]
    if unknown or not names:
        raise TypeError(f"{cls.__qualname__} has no field {unknown[0] if unknown else None!r}")
    held = operator.itemgetter(*names)
    read = operator.attrgetter(*names)
    one = len(names) == 1

    def fields(obj: Any) -> Tuple[Any, ...]:
        try:
            found = held(obj.__dict__)
        except KeyError:
            found = read(obj)
        return (found,) if one else found

    fields.__qualname__ = f"{cls.__qualname__}.<fields {', '.join(names)}>"
    return fields


def check_record_maker(cls: type, maker: Callable[..., Any]) -> None:
    """Fail (at import) unless the parameters of ``maker``, a hand-written constructor of the
    record class ``cls`` that stores each field by name, are exactly its fields in order: a
    field added to ``cls`` must be added to its maker too.

    Raises:
        TypeError: they differ.
    """
    code = maker.__code__
    parameters = code.co_varnames[: code.co_argcount]
    expected = tuple(cls.__record_fields__)  # type: ignore[attr-defined]
    if parameters != expected:
        raise TypeError(
            f"{maker.__qualname__} takes {parameters}, not the fields of {cls.__qualname__}: {expected}"
        )

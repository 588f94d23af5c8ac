"""Frozen record classes, as ``@dataclass(frozen=True)`` makes them, at a fraction of the cost.

The payload model defines fifteen frozen dataclasses; making them with ``dataclasses`` costs a
fresh process tens of milliseconds (``dataclasses`` imports ``inspect``, and every class compiles
six generated methods one by one) before its first ``loads``. This module gives each class the
same methods (``__init__`` with the fields' defaults, ``__eq__`` and ``__hash__`` over the compared
fields, ``__repr__`` over the shown ones, and the frozen ``__setattr__``/``__delattr__``) as
closures over its fields, compiling nothing. ``replace`` and ``fields`` stand in for the
``dataclasses`` functions of the same names. Type checkers see ``dataclasses`` itself
(``_model`` imports it under ``TYPE_CHECKING``), so they check the types of real dataclasses.

Imports only the standard library.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """One field of a record: its name, default (or factory), and whether it is compared and
    shown."""

    __slots__ = ("name", "default", "default_factory", "compare", "repr")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        compare: bool = True,
        repr: bool = True,
    ) -> None:
        self.name = ""
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


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


def dataclass(cls: Optional[type] = None, *, frozen: bool = False) -> Any:
    """Make ``cls`` a record class (``@dataclass(frozen=True)``: only frozen records exist)."""
    if not frozen:
        raise TypeError("srcpickle records are frozen: use dataclass(frozen=True)")

    def wrap(cls: type) -> type:
        return _make(cls)

    return wrap if cls is None else wrap(cls)


def _make(cls: type) -> type:
    own: List[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if "ClassVar" in str(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        item = value if isinstance(value, Field) else Field(default=value)
        item.name = name
        own.append(item)
        if item.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        else:
            setattr(cls, name, item.default)
    inherited: Dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        inherited.update(getattr(base, "__record_fields__", {}))
    all_fields = {**inherited, **{f.name: f for f in own}}
    cls.__record_fields__ = all_fields  # type: ignore[attr-defined]
    items = list(all_fields.values())
    compared = tuple(f.name for f in items if f.compare)
    shown = tuple(f.name for f in items if f.repr)
    key = _getter(compared)
    methods: Dict[str, Callable[..., Any]] = {
        "__init__": _init(cls.__qualname__, items),
        "__eq__": lambda self, other: (
            key(self) == key(other) if other.__class__ is self.__class__ else NotImplemented
        ),
        "__hash__": lambda self: hash(key(self)),
        "__repr__": lambda self: "{}({})".format(
            self.__class__.__qualname__, ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        ),
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
    }
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


def _getter(names: Tuple[str, ...]) -> Callable[[Any], Tuple[Any, ...]]:
    # A tuple of the compared fields' values, for __eq__ and __hash__ (attrgetter is C code).
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        get_one = operator.attrgetter(names[0])
        return lambda obj: (get_one(obj),)
    return operator.attrgetter(*names)


def _init(qualname: str, items: List[Field]) -> Callable[..., None]:
    """An ``__init__`` taking the fields positionally or by name, with their defaults."""
    names = tuple(f.name for f in items)
    if len(items) == 1 and items[0].default is MISSING and items[0].default_factory is MISSING:
        # One required field (Ref, the container values): the most common records, kept cheap.
        only = names[0]

        def init_one(self: Any, value: Any) -> None:
            self.__dict__[only] = value

        return init_one
    defaults = {f.name: f.default for f in items if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in items if f.default_factory is not MISSING}
    count = len(names)

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > count:
            raise TypeError(f"{qualname}() takes {count} arguments but {len(args)} were given")
        values = self.__dict__
        for name, value in zip(names, args):
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
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


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

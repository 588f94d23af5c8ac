"""Class kinds of the standard library in user scenarios no case file held before (h133): an
``IntFlag`` with methods, Enum's ``_ignore_`` and ``_order_``, ``@unique`` with ``__str__`` and
``__format__``, a ``str`` Enum with a parsing classmethod, ``Protocol`` classes (one
``runtime_checkable`` with a data member), a ``TypedDict`` with ``total=False``, a ``NamedTuple``
with a mutable default and methods, a subclass of a parametrized ``Generic``, a dataclass with
``eq=False`` and a ``default_factory``. All loaded and worked on every interpreter when written
(an Enum with a nested class was left out: a member before 3.13, with a DeprecationWarning on
3.11 and 3.12, not on 3.13)."""

import dataclasses
import enum
import typing


class Perm(enum.IntFlag):
    R = 4
    W = 2
    X = 1

    def describe(self):
        return "".join(c if self & m else "-" for c, m in (("r", Perm.R), ("w", Perm.W), ("x", Perm.X)))


class Period(enum.Enum):
    _ignore_ = ["Period", "i"]
    Period = vars()
    for i in range(3):
        Period[f"day_{i}"] = i


class Ordered(enum.Enum):
    _order_ = "A B"
    A = 1
    B = 2


@enum.unique
class Mood(enum.Enum):
    HAPPY = "h"
    SAD = "s"

    def __str__(self):
        return self.name.title()

    def __format__(self, spec):
        return format(str(self), spec)


class Fruit(str, enum.Enum):
    APPLE = "apple"
    PEAR = "pear"

    @classmethod
    def parse(cls, text):
        return cls(text.strip().lower())


class Proto(typing.Protocol):
    def area(self) -> float: ...


@typing.runtime_checkable
class Sized2(typing.Protocol):
    size: int

    def grow(self, n: int) -> "Sized2": ...


class Movie(typing.TypedDict, total=False):
    title: str
    year: int


class Pair(typing.NamedTuple):
    a: int
    b: typing.List[int] = []

    def total(self):
        return self.a + sum(self.b)


T = typing.TypeVar("T")


class Wrapper(typing.Generic[T]):
    def __init__(self, value: T):
        self.value = value


class IntWrapper(Wrapper[int]):
    def double(self):
        return self.value * 2


@dataclasses.dataclass(eq=False)
class Account:
    owner: str
    balance: float = 0.0
    history: typing.List[float] = dataclasses.field(default_factory=list, repr=False)

    def deposit(self, x):
        self.history.append(x)
        self.balance += x
        return self


CASES = {
    "intflag_methods": (Perm, ["(f.R | f.X).describe()", "f(6).describe()", "int(f.R | f.W)"]),
    "enum_ignore": (Period, ["[(m.name, m.value) for m in f]"]),
    "enum_order": (Ordered, ["[m.name for m in f]"]),
    "enum_unique_str_format": (Mood, ["str(f.HAPPY)", "f'{f.SAD:>5}'", "f('h')"]),
    "str_enum_classmethod": (Fruit, ["f.parse(' Apple ')", "f.PEAR == 'pear'", "sorted(f.__members__)"]),
    "protocol": (
        Sized2,
        ["isinstance(__import__('types').SimpleNamespace(size=1, grow=len), f)", "isinstance(1, f)"],
    ),
    "protocol_plain": (Proto, ["f.__name__", "raises(f)"]),
    "typed_dict": (Movie, ["f(title='x')", "sorted(f.__optional_keys__)", "f.__total__"]),
    "namedtuple_methods": (Pair, ["f(1, [2, 3]).total()", "f(1).b", "f._field_defaults"]),
    "generic_subclass": (IntWrapper, ["f(4).double()", "f.__orig_bases__[0].__args__"]),
    "dataclass_eq_false": (
        Account,
        ["f('a').deposit(2).deposit(3).balance", "f('a') == f('a')", "repr(f('b', 1.5))"],
    ),
}

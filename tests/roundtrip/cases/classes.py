"""Classes by source (issue 4): the class statement runs again on loading, so dataclasses, Enum,
NamedTuple, TypedDict, Protocol, ABCs, ``__init_subclass__``, ``__set_name__`` and metaclasses
behave as when first defined; methods of every kind; changes made after the definition win."""

import abc
import enum
import typing
from dataclasses import dataclass, field
from enum import Enum, IntFlag, auto
from typing import NamedTuple, Protocol, TypedDict, runtime_checkable

GREETING = "hello"


class Greeter:
    """Greets people."""

    punctuation = "!"

    def __init__(self, name):
        self.name = name

    def greet(self):
        return f"{GREETING}, {self.name}{self.punctuation}"

    def __repr__(self):
        return f"Greeter({self.name!r})"


@dataclass(order=True)
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list, compare=False)

    def norm1(self):
        return abs(self.x) + abs(self.y)


def make_point(x, y):
    """A function that returns a dataclass: the class comes along by source."""
    return Point(x, y, ["made"])


@dataclass(frozen=True)
class Frozen:
    key: str
    size: int = 1


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

    def mix(self, other):
        return sorted([self.name, other.name])


class Perm(IntFlag):
    R = 4
    W = 2
    X = 1


class Step(enum.Enum):
    FIRST = auto()
    SECOND = auto()


class Pair(NamedTuple):
    a: int
    b: str = "x"

    def swap(self):
        return (self.b, self.a)


class Movie(TypedDict, total=False):
    title: str
    year: int


@runtime_checkable
class Closable(Protocol):
    def close(self) -> None: ...


class SupportsLen(Protocol):
    """A protocol for static typing only (not runtime checkable)."""

    def __len__(self) -> int: ...


class Sized3(SupportsLen):
    def __len__(self):
        return 3


class Door:
    def close(self):
        return "closed"


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        """The area."""

    def describe(self):
        return f"{type(self).__name__} of area {self.area()}"


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side**2


class Plugin:
    registry = []

    def __init_subclass__(cls, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry.append(cls.plugin_name)


class CsvPlugin(Plugin, name="csv"):
    pass


class JsonPlugin(Plugin):
    pass


class Field:
    def __set_name__(self, owner, name):
        self.public = name
        self.private = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, None)

    def __set__(self, obj, value):
        setattr(obj, self.private, str(value).strip())


class Record:
    title = Field()
    author = Field()

    def __init__(self, title, author):
        self.title = title
        self.author = author


class Registered(type):
    """A metaclass of the user's: adds a ``kind`` to every class it makes."""

    def __new__(mcs, name, bases, namespace, **kwargs):
        cls = super().__new__(mcs, name, bases, namespace)
        cls.kind = name.lower()
        return cls


class Widget(metaclass=Registered):
    def size(self):
        return len(self.kind)


class Base:
    def __init__(self, value):
        self.value = value

    def describe(self):
        return f"base({self.value})"

    @classmethod
    def make(cls, value):
        return cls(value)


class Child(Base):
    def __init__(self, value, extra):
        super().__init__(value)
        self.extra = extra

    def describe(self):
        return "child+" + super().describe()

    @classmethod
    def make(cls, value):
        return super().make(value) if False else cls(value, "made")


class GrandChild(Child):
    def describe(self):
        return "grand+" + super().describe()


class Temperature:
    def __init__(self, celsius=0.0):
        self._celsius = celsius

    @property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._celsius = value

    @property
    def fahrenheit(self):
        return self.to_fahrenheit(self._celsius)

    @staticmethod
    def to_fahrenheit(c):
        return c * 9 / 5 + 32

    @classmethod
    def from_fahrenheit(cls, f):
        return cls((f - 32) * 5 / 9)


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Outer:
    class Inner:
        class Deepest:
            level = 3

        def level(self):
            return 2

    def make_inner(self):
        return self.Inner()


def make_class(base_value):
    offset = 1000

    class Local:
        value = base_value

        def get(self):
            return self.value + offset

    return Local


Local = make_class(7)


class Counter:
    count = 0

    def hello(self):
        return "original hello"

    def keep(self):
        return "kept"


Counter.count = 5


def replacement_hello(self):
    return "replaced hello " + str(self.count)


Counter.hello = replacement_hello
Counter.extra = lambda self: "extra " + self.keep()


class Pruned:
    removed = "goes away"

    def gone(self):
        return "gone"

    def stays(self):
        return "stays"


del Pruned.removed
del Pruned.gone


class Extended:
    base = 1


Extended.added = staticmethod(lambda: "added later")
Extended.built = classmethod(lambda cls: cls.base + 1)


class Typed(typing.Generic[typing.TypeVar("T")]):
    def __init__(self, item):
        self.item = item


CASES = {
    "class_in_main": (
        Greeter,
        ["f('ann').greet()", "f.__name__", "f.__qualname__", "f.__doc__", "f.punctuation", "repr(f('x'))"],
    ),
    "dataclass": (
        Point,
        [
            "f(1, 2)",
            "f(1) < f(2)",
            "f(3, -4).norm1()",
            "list(f.__dataclass_fields__)",
            "f(1, 2, ['t']) == f(1, 2)",
            "f(1).tags is not f(1).tags",
        ],
    ),
    "function_returning_dataclass": (
        make_point,
        ["f(1, 2)", "type(f(1, 2)).__name__", "f(0, 5).norm1()", "type(f(1, 2)) is type(f(3, 4))"],
    ),
    "frozen_dataclass": (
        Frozen,
        ["f('k')", "raises(setattr, f('k'), 'size', 3).split(':')[0]", "hash(f('k', 2)) == hash(f('k', 2))"],
    ),
    "enum_class": (
        Color,
        [
            "f(1) is f.RED",
            "f['GREEN'] is f.GREEN",
            "[m.name for m in f]",
            "len(f)",
            "f.RED.mix(f.BLUE)",
            "isinstance(f.RED, f)",
            "raises(f, 9).split(':')[0]",
        ],
    ),
    "enum_class_and_members": (
        (Color, Color.RED, Color.BLUE),
        ["f[0](1) is f[1]", "f[0].BLUE is f[2]", "type(f[1]) is f[0]", "f[1] == f[0].RED"],
    ),
    "int_flag": (Perm, ["(f.R | f.W).value", "int(f.R | f.X)", "f(6) == f.R | f.W", "bool(f.R & f(5))"]),
    "enum_auto": (Step, ["[(m.name, m.value) for m in f]"]),
    "named_tuple": (
        Pair,
        ["f(1)", "f(2, 'y').swap()", "f._fields", "f._field_defaults", "f(1, 'z')._asdict()", "tuple(f(5))"],
    ),
    "typed_dict": (
        Movie,
        ["f(title='x')", "sorted(f.__annotations__)", "f.__total__", "sorted(f.__optional_keys__)"],
    ),
    "protocol": (
        (Closable, Door),
        ["isinstance(f[1](), f[0])", "isinstance(1, f[0])", "f[1]().close()"],
    ),
    "protocol_static_only": (
        (SupportsLen, Sized3),
        ["len(f[1]())", "f[0]._is_protocol", "raises(isinstance, 1, f[0]).split(':')[0]"],
    ),
    "abc_and_subclass": (
        (Shape, Square),
        [
            "raises(f[0]).split(':')[0]",
            "f[1](3).area()",
            "f[1](2).describe()",
            "issubclass(f[1], f[0])",
            "sorted(f[0].__abstractmethods__)",
            "type(f[0]).__name__",
            "isinstance(f[1](1), f[0])",
        ],
    ),
    "concrete_subclass_alone": (Square, ["f(4).describe()", "[c.__name__ for c in f.__mro__]"]),
    "init_subclass": (
        (Plugin, CsvPlugin, JsonPlugin),
        [
            "f[0].registry",
            "f[1].plugin_name",
            "f[2].plugin_name",
            "type('Xml', (f[0],), {}, name='xml').plugin_name",
            "f[0].registry",
        ],
    ),
    "set_name_descriptor": (
        Record,
        [
            "f('  Dune ', 'Herbert').title",
            "sorted(vars(f(' a ', 'b')).items())",
            "f.__dict__['title'].private",
            "f.__dict__['author'].public",
        ],
    ),
    "stdlib_metaclass": (Shape, ["type(f).__name__", "type(f).__module__", "raises(f).split(':')[0]"]),
    "user_metaclass": (
        Widget,
        ["f.kind", "f().size()", "type(f).__name__", "type('Gadget', (f,), {}).kind"],
    ),
    "zero_argument_super": (
        GrandChild,
        [
            "f(1, 2).describe()",
            "f.make(4).describe()",
            "[c.__name__ for c in f.__mro__]",
            "vars(f(1, 2))",
        ],
    ),
    "subclass_of_user_base": (
        Child,
        ["f(1, 'e').describe()", "f.__bases__[0].__name__", "f.__bases__[0](3).describe()"],
    ),
    "property_classmethod_staticmethod": (
        Temperature,
        [
            "f(100).fahrenheit",
            "f.from_fahrenheit(212).celsius",
            "f.to_fahrenheit(-40)",
            "(lambda t: (setattr(t, 'celsius', 37), t.fahrenheit)[1])(f())",
            "raises(setattr, f(), 'celsius', -300)",
            "raises(setattr, f(), 'fahrenheit', 1).split(':')[0]",
            "type(f.__dict__['celsius']).__name__",
        ],
    ),
    "slots_class": (
        Vec,
        [
            "f(1, 2).dot(f(3, 4))",
            "hasattr(f(1, 2), '__dict__')",
            "f.__slots__",
            "raises(setattr, f(1, 2), 'z', 3).split(':')[0]",
        ],
    ),
    "nested_classes": (
        Outer,
        [
            "f().make_inner().level()",
            "f.Inner.__qualname__",
            "f.Inner.Deepest.__qualname__",
            "f.Inner.Deepest.level",
        ],
    ),
    "nested_class_alone": (Outer.Inner, ["f.__qualname__", "f().level()", "f.Deepest.level", "f.__name__"]),
    "class_in_a_function": (
        Local,
        ["f().get()", "f.__qualname__", "f.__name__", "f.value", "f.get.__qualname__"],
    ),
    "changed_after_definition": (
        Counter,
        ["f.count", "f().hello()", "f.hello.__name__", "f().keep()", "f().extra()"],
    ),
    "attributes_deleted_after_definition": (
        Pruned,
        ["hasattr(f, 'removed')", "hasattr(f, 'gone')", "f().stays()"],
    ),
    "staticmethod_added_after_definition": (
        Extended,
        ["f.added()", "f.built()", "type(f.__dict__['added']).__name__"],
    ),
    "generic_class": (Typed, ["f(3).item", "len(f.__parameters__)", "f[int].__origin__ is f"]),
}

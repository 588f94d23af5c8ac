# ruff: noqa
import abc
import typing
from typing import Generic, NamedTuple, Protocol, TypeVar

T = TypeVar("T")
REGISTRY = []


class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["made_by_meta"] = name.lower()
        cls = super().__new__(mcls, name, bases, ns)
        cls.kw = kw
        return cls

    def __call__(cls, *a, **k):
        obj = super().__call__(*a, **k)
        obj.via_meta = True
        return obj


class WithMeta(metaclass=Meta, flavour="x"):
    def hello(self):
        return self.made_by_meta, self.kw, self.via_meta


class Plugin:
    plugins = []

    def __init_subclass__(cls, name=None, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name or cls.__name__
        Plugin.plugins.append(cls.plugin_name)


class APlugin(Plugin, name="alpha"):
    def run(self):
        return self.plugin_name, list(Plugin.plugins)


class Field:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")

    def __set__(self, obj, value):
        setattr(obj, self.name, value * 2)


class Model:
    size = Field()
    COMPUTED = [i * i for i in range(4)]

    def __init__(self, size):
        self.size = size


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b

    def total(self):
        return self.a + self.b


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def get(self) -> T:
        return self.item

    def __class_getitem__(cls, item):
        alias = super().__class_getitem__(item)
        return alias


class Point(NamedTuple):
    x: int
    y: int = 0

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Movie(typing.TypedDict):
    title: str
    year: int


class Greeter(Protocol):
    def greet(self) -> str: ...


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...

    def describe(self):
        return "%s %.1f" % (type(self).__name__, self.area())


class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s**2


class Outer:
    class Inner:
        class Deep:
            def where(self):
                return type(self).__qualname__

    def make(self):
        return self.Inner.Deep().where()


class Base:
    def who(self):
        return ["Base"]


class Child(Base):
    def who(self):
        return ["Child"] + super().who()


def late_who(self):
    return ["late"] + super(Child, self).who()


Child.late = late_who


class Counter:
    instances = 0

    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances


FIRST = Counter()
SECOND = Counter()


def use_instances():
    return FIRST.id, SECOND.id, Counter.instances, type(FIRST) is type(SECOND)


CASES = {
    "metaclass": (WithMeta, ["f().hello()", "type(f).__name__", "f.made_by_meta"]),
    "init_subclass": (APlugin, ["f().run()", "f.plugin_name"]),
    "set_name_descriptor": (Model, ["f(3).size", "f.COMPUTED", "f.size.name", "vars(f(2))"]),
    "slots": (Slotted, ["f(1, 2).total()", "f.__slots__", "raises(lambda: f(1, 2).__dict__)"]),
    "generic_box": (Box, ["f(3).get()", "repr(f[int])", "f.__parameters__", "str(inspect.signature(f.get))"]),
    "namedtuple": (
        Point,
        ["f(3, -4).norm1()", "f(1)", "f._fields", "f._field_defaults", "f.__annotations__"],
    ),
    "typeddict": (Movie, ["f(title='a', year=1)", "sorted(f.__required_keys__)", "f.__annotations__"]),
    "protocol": (Greeter, ["f._is_protocol", "raises(f)"]),
    "abstract": (
        Square,
        [
            "f(3).describe()",
            "sorted(Shape.__abstractmethods__) if False else sorted(f.__mro__[1].__abstractmethods__)",
            "raises(f.__mro__[1])",
        ],
    ),
    "nested_classes": (Outer, ["f().make()", "f.Inner.Deep.__qualname__"]),
    "zero_arg_super_late": (Child, ["f().who()", "f().late()"]),
    "instances_as_globals": (use_instances, ["f()"]),
}

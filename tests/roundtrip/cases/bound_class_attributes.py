"""Bound methods, staticmethods and functions of classes of the same payload, kept where the
loader builds them before the classes are complete: class attributes, globals, containers,
defaults, closures, an instance carried beside its method. Each must load bound to the loaded
class (or instance) and to the function that class ends up holding: ``m.__self__ is Cls`` and
``m.__func__ is Cls.__dict__[name].__func__``. A bound classmethod was made by ``getattr(Cls,
name)`` right after the class statement ran, before the class got the payload's function of the
def in place of the statement's (with the defaults and attributes set on it later): it kept the
statement's function for good: its ``__func__`` was not the class's, lacked the defaults and
attributes set on it after the statement, and dumps of the loaded object wrote
``types.MethodType`` and a second copy of the function. (``__self__`` was right in every case.)"""

import dataclasses
import enum


class Maker:
    def __init__(self, tag="m"):
        self.tag = tag

    @classmethod
    def make(cls, x):
        return (cls.__name__, x)

    @staticmethod
    def helper(x):
        return x * 2

    def show(self, x):
        return (self.tag, x)


class Other:
    maker = Maker.make
    helper = Maker.helper
    table = {"make": Maker.make, "helper": Maker.helper}

    @classmethod
    def create(cls):
        return cls.__name__


class SelfRef:
    @classmethod
    def build(cls):
        return cls.__name__


SelfRef.default_builder = SelfRef.build

registry = {"other": Other.create, "maker": Maker.make}


def use_registry(key):
    return registry[key]() if key == "other" else registry[key](1)


def with_default(fn=Maker.make):
    return fn(3)


def closure_over_method():
    make = Maker.make

    def inner():
        return make(4)

    return inner


carried = Maker("carried")


class Meta(type):
    def describe(cls):
        return "meta " + cls.__name__


class WithMeta(metaclass=Meta):
    pass


class Base:
    @classmethod
    def make(cls):
        return cls.__name__


class Sub(Base):
    pass


class Color(enum.Enum):
    RED = 1

    @classmethod
    def first(cls):
        return next(iter(cls))


@dataclasses.dataclass
class Point:
    x: int = 0

    @classmethod
    def origin(cls):
        return cls(0)


class A:
    @classmethod
    def make(cls):
        return "A"


class B:
    partner = A.make

    @classmethod
    def make(cls):
        return "B"


A.partner = B.make


class Tree:
    class Leaf:
        @classmethod
        def grow(cls):
            return cls.__qualname__

    grower = Leaf.grow


class Runner:
    @classmethod
    def build(cls, n=1):
        return (cls.__name__, n)

    def run(self, fn=None):
        return fn()


Runner.run.__defaults__ = (Runner.build,)


class Later:
    @classmethod
    def make(cls, n=1):
        return (cls.__name__, n)


Later.make.__func__.__defaults__ = (5,)
Later.make.__func__.note = "set after the class statement"
LATER_MAKE = Later.make


def in_a_function():
    class Local:
        @classmethod
        def make(cls):
            return cls.__name__

        @staticmethod
        def fixed():
            return "fixed"

        def plain(self):
            return "plain"

    class User:
        # (a method reading Local keeps its cell: the class body reads it too)
        bound = Local.make
        static = Local.fixed
        function = Local.plain
        method = Local().plain
        listed = [Local.make]

        def again(self):
            return Local.make()

    Local.alias = Local.make
    User.later = Local.make
    return User, Local


CASES = {
    "other_class_attributes": (
        (Other, Maker),
        [
            "f[0].maker.__self__ is f[1]",
            "f[0].maker.__func__ is f[1].__dict__['make'].__func__",
            "f[0].maker(1)",
            "f[0].helper is f[1].__dict__['helper'].__func__",
            "f[0].table['make'].__self__ is f[1]",
            "f[0].table['make'].__func__ is f[1].__dict__['make'].__func__",
            "f[0].table['helper'] is f[1].helper",
        ],
    ),
    "own_class_attribute": (
        SelfRef,
        [
            "f.default_builder.__self__ is f",
            "f.default_builder.__func__ is f.__dict__['build'].__func__",
            "f.default_builder()",
        ],
    ),
    "registry_global": (
        (use_registry, Other, Maker),
        [
            "f[0].__globals__['registry']['other'].__self__ is f[1]",
            "f[0].__globals__['registry']['other'].__func__ is f[1].__dict__['create'].__func__",
            "f[0].__globals__['registry']['maker'].__func__ is f[2].__dict__['make'].__func__",
            "f[0]('other')",
            "f[0]('maker')",
        ],
    ),
    "default_and_closure": (
        (with_default, closure_over_method(), Maker),
        [
            "f[0].__defaults__[0].__self__ is f[2]",
            "f[0].__defaults__[0].__func__ is f[2].__dict__['make'].__func__",
            "f[1].__closure__[0].cell_contents.__func__ is f[2].__dict__['make'].__func__",
            "f[0]()",
            "f[1]()",
        ],
    ),
    "instance_method_and_instance": (
        (carried.show, carried, Maker),
        ["f[0].__self__ is f[1]", "f[0].__func__ is f[2].__dict__['show']", "f[0](5)"],
    ),
    "metaclass_method": (
        (WithMeta.describe, WithMeta, Meta),
        ["f[0].__self__ is f[1]", "f[0].__func__ is f[2].__dict__['describe']", "f[0]()"],
    ),
    "inherited_classmethod": (
        (Sub.make, Sub, Base),
        ["f[0].__self__ is f[1]", "f[0].__func__ is f[2].__dict__['make'].__func__", "f[0]()"],
    ),
    "enum_and_dataclass": (
        (Color.first, Color, Point.origin, Point),
        [
            "f[0].__self__ is f[1]",
            "f[0].__func__ is f[1].__dict__['first'].__func__",
            "f[0]().name",
            "f[2].__self__ is f[3]",
            "f[2].__func__ is f[3].__dict__['origin'].__func__",
            "f[2]()",
        ],
    ),
    "classes_holding_each_other": (
        (A, B),
        [
            "f[0].partner.__self__ is f[1]",
            "f[1].partner.__self__ is f[0]",
            "f[0].partner.__func__ is f[1].__dict__['make'].__func__",
            "f[1].partner.__func__ is f[0].__dict__['make'].__func__",
            "(f[0].partner(), f[1].partner())",
        ],
    ),
    "nested_class_method": (
        Tree,
        [
            "f.grower.__self__ is f.Leaf",
            "f.grower.__func__ is f.Leaf.__dict__['grow'].__func__",
            "f.grower()",
        ],
    ),
    "default_of_own_method": (
        Runner,
        [
            "f.run.__defaults__[0].__self__ is f",
            "f.run.__defaults__[0].__func__ is f.__dict__['build'].__func__",
            "f().run()",
        ],
    ),
    "defaults_set_after_the_statement": (
        (LATER_MAKE, Later),
        ["f[0]()", "f[0].note", "f[0].__func__ is f[1].__dict__['make'].__func__"],
    ),
    "classes_in_a_function": (
        in_a_function(),
        [
            "f[0].bound.__self__ is f[1]",
            "f[0].bound.__func__ is f[1].__dict__['make'].__func__",
            "f[0].listed[0].__func__ is f[1].__dict__['make'].__func__",
            "f[0].later.__func__ is f[1].__dict__['make'].__func__",
            "f[1].alias.__self__ is f[1]",
            "f[1].alias.__func__ is f[1].__dict__['make'].__func__",
            "f[0].static is f[1].__dict__['fixed'].__func__",
            "f[0].function is f[1].__dict__['plain']",
            "f[0].method.__func__ is f[1].__dict__['plain']",
            "type(f[0].method.__self__) is f[1]",
            "(f[0].bound(), f[0].static(), f[0].method(), f[0]().again())",
        ],
    ),
}

"""Names a module binds more than once: a class statement that subclasses the class its name
bound before (``class Tool(Tool):``), a function or class defined twice. Each object, and a
function reading each, loads as the live one, whichever was reached first (a case file dumps its
cases in order, in one process: the second of each pair is dumped after the first was).
"""

import dataclasses


def tagged(cls):
    cls.tag = "tagged"
    return cls


class Tool:
    kind = "base"

    def run(self):
        return "base"


First = Tool


@tagged
class Tool(Tool):  # noqa: F811 - the name is rebound by a subclass on purpose
    def run(self):
        return "sub+" + super().run()

    def again(self):
        return Tool is type(self)


class Tool(Tool):  # noqa: F811 - and once more: a chain of three
    kind = "third"

    def run(self):
        return "third+" + super().run()


Middle = Tool.__mro__[1]


def use_tool():
    return Tool().run(), Tool.kind, [c.__name__ for c in Tool.__mro__]


def use_first():
    return First().run(), First.kind


def use_middle():
    return Middle().run(), Middle.tag, Middle().again()


class Meta(type):
    def __new__(mcls, name, bases, namespace):
        cls = super().__new__(mcls, name, bases, namespace)
        cls.made_by = mcls.__name__
        return cls


class Metered(metaclass=Meta):
    def read(self):
        return 1


class Metered(Metered):  # noqa: F811
    def read(self):
        return super().read() + 1


@dataclasses.dataclass
class Point:
    x: int


@dataclasses.dataclass
class Point(Point):  # noqa: F811
    y: int = 0

    def total(self):
        return self.x + self.y


def make_local():
    class Local:
        def value(self):
            return 1

    class Local(Local):  # noqa: F811 - in a function: the name is a variable of the function
        def value(self):
            return super().value() + 1

        def same(self):
            return type(self) is Local

    return Local


Local = make_local()


def twice():
    return 1


twice_first = twice


def twice():  # noqa: F811
    return 2


def use_twice():
    return twice(), twice_first()


class Again:
    def value(self):
        return 1


AgainFirst = Again


class Again:  # noqa: F811
    def value(self):
        return 2


def use_again():
    return Again().value(), AgainFirst().value(), Again is AgainFirst


class Plugin:
    registry = {}

    def __init_subclass__(cls, name, **options):
        super().__init_subclass__(**options)
        cls.plugin_name = name
        cls.registry[name] = cls.__name__


PluginBase = Plugin
KIND = "kind"


class Plugin(Plugin, name="first"):  # noqa: F811
    def run(self):
        return self.plugin_name


class Plugin(Plugin, name=KIND):  # noqa: F811
    def run(self):
        return ("again", self.plugin_name)


def use_plugin():
    return Plugin().run(), Plugin.__mro__[1]().run(), sorted(PluginBase.registry)


MRO = "[c.__name__ for c in f.__mro__]"

CASES = {
    "subclass_then_base": (Tool, ["f().run()", "f.kind", MRO, "f.__mro__[1].tag"]),
    "base_through_mro": (Tool.__mro__[2], ["f().run()", "f.kind", MRO]),
    "middle_through_mro": (Middle, ["f().run()", "f.tag", "f().again()", MRO]),
    "function_of_subclass": (use_tool, ["f()"]),
    "function_of_base": (use_first, ["f()"]),
    "function_of_middle": (use_middle, ["f()"]),
    "base_again": (First, ["f().run()", MRO]),
    "subclass_again": (Tool, ["f().run()", MRO]),
    "metaclass_subclass": (Metered, ["f().read()", "type(f).__name__", "f.made_by", MRO]),
    "dataclass_subclass": (Point, ["f(1, 2)", "f(1, 2).total()", "f(3)", MRO]),
    "local_subclass": (Local, ["f().value()", "f().same()", MRO]),
    "self_named_with_class_keywords": (
        Plugin,
        ["f().run()", "f.plugin_name", "f.__mro__[1].plugin_name", MRO],
    ),
    "function_of_self_named_with_class_keywords": (use_plugin, ["f()"]),
    "def_twice_later": (twice, ["f()"]),
    "def_twice_first": (twice_first, ["f()"]),
    "def_twice_later_again": (twice, ["f()"]),
    "function_of_both_defs": (use_twice, ["f()"]),
    "class_twice_later": (Again, ["f().value()"]),
    "class_twice_first": (AgainFirst, ["f().value()"]),
    "class_twice_later_again": (Again, ["f().value()"]),
    "function_of_both_classes": (use_again, ["f()"]),
}

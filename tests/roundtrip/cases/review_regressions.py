"""Cases found by reviewing the loader: local classes whose statement reads variables of the
function that made them, registering decorators, classes without methods under the future
import, __reduce__'s state setter, class attributes made by expressions, and sets of objects
with identity (their payload bytes must not depend on hashes: the hash-seed sweep runs this file
too)."""

from __future__ import annotations

import collections
import dataclasses
import enum
import pickle
import typing


def make_defaults(n, scale):
    class WithDefaults:
        def get(self, k=n):
            return k

        @staticmethod
        def times(x, s=scale):
            return x * s

    return WithDefaults


class Greeter:
    def hello(self):
        return "hi global Greeter"


class Other:
    def hello(self):
        return "hi Other"


def make_sub(Greeter, tag):  # noqa: N803 - the parameter shadows the global on purpose
    class Sub(Greeter):
        label = tag

    return Sub


REGISTRY: typing.Dict[str, type] = {}


def register(cls):
    REGISTRY[cls.__name__] = cls
    return cls


@register
class Alpha:
    def run(self):
        return "alpha"


@register
class Beta(Alpha):
    def run(self):
        return "beta"


def run_registered(name):
    return REGISTRY[name]().run(), sorted(REGISTRY), REGISTRY["Beta"] is Beta


@dataclasses.dataclass
class Plain:
    x: int
    y: typing.List[int] = dataclasses.field(default_factory=list)


class Thing:
    def __init__(self):
        self.data = None

    def __reduce__(self):
        return (Thing, (), {"x": 1}, None, None, set_thing_state)


def set_thing_state(obj, state):
    obj.data = state
    obj.via = "setter"


class Settings:
    handlers = collections.OrderedDict()
    scale = float("2")


Settings.handlers["a"] = 1
Settings.scale = 3.0


class Colour(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Token:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"Token({self.text!r})"


COLOURS = frozenset({Colour.RED, Colour.GREEN, Colour.BLUE})
TOKENS = {Token("a"), Token("b"), Token("c")}


def colour_names():
    return sorted(c.name for c in COLOURS), sorted(t.text for t in TOKENS)


CASES = {
    "method_defaults_over_enclosing_variables": (
        make_defaults(42, 3),
        ["f().get()", "f.times(2)", "f.__qualname__"],
    ),
    "base_from_the_enclosing_function": (
        make_sub(Other, 1),
        ["f().hello()", "[c.__name__ for c in f.__mro__]", "f.label"],
    ),
    "registering_decorator": (run_registered, ["f('Beta')", "f('Alpha')[0]"]),
    "dataclass_without_methods_under_future_annotations": (
        Plain,
        [
            "sorted(f.__annotations__.items())",
            "repr(f(1))",
            "[x.type for x in f.__dataclass_fields__.values()]",
        ],
    ),
    # The original as pickle itself rebuilds it (through the setter), to compare with.
    "reduce_state_setter": (pickle.loads(pickle.dumps(Thing())), ["(f.data, f.via)"]),
    "class_attributes_made_by_expressions": (
        Settings,
        ["list(f.handlers.items())", "f.scale"],
    ),
    "sets_of_members_and_instances": (colour_names, ["f()"]),
}

"""Enum members whose value finds them only as that very object: a callable object (the idiom
for callable members; ``functools.partial``, its usual form, is no member from 3.13 on, where it
is a descriptor), an instance without ``__eq__``, a tuple holding a function. The class statement
makes those values again at load, so a member written as its class called with its value failed
to load (``ValueError: <...> is not a valid Op``), or loaded only as long as no other payload of
the process had made its class first; they go by name. Members whose value compares equal to a
copy keep going by value."""

import dataclasses
import enum
import functools


class Binary:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, a, b):
        return self.fn(a, b)


class Op(enum.Enum):
    ADD = Binary(lambda a, b: a + b)
    MUL = Binary(lambda a, b: a * b)

    def __call__(self, *args):
        return self.value(*args)


class Spec:
    def __init__(self, sides, label):
        self.sides = sides
        self.label = label


class Shape(enum.Enum):
    TRIANGLE = Spec(3, "tri")
    SQUARE = Spec(4, "sq")
    BOX = SQUARE  # an alias: the same member

    @property
    def sides(self):
        return self.value.sides


def _clip(x):
    return max(0, min(1, x))


class Activation(enum.Enum):
    RELU = ("relu", functools.partial(max, 0))
    CLIP = ("clip", _clip)

    def __init__(self, key, fn):
        self.key = key
        self.fn = fn


@dataclasses.dataclass(frozen=True)
class Unit:
    symbol: str
    factor: float


class Length(enum.Enum):
    METRE = Unit("m", 1.0)
    INCH = Unit("in", 0.0254)


def convert(x, op=Op.MUL, shape=Shape.SQUARE, act=Activation.CLIP, unit=Length.INCH):
    return op(x, shape.sides), act.fn(x), act.key, round(x * unit.value.factor, 4), shape.name


DISPATCH = {Op.ADD: "plus", Op.MUL: "times", Shape.TRIANGLE: "three"}


def describe(member):
    return DISPATCH[member]


CASES = {
    "partial_members": (
        Op,
        ["f.ADD(2, 3)", "f.MUL(2, 3)", "list(f.__members__)", "f['MUL'] is f.MUL"],
    ),
    "partial_member_alone": (Op.MUL, ["f(6, 7)", "f.name", "type(f).ADD(1, 1)", "f is type(f).MUL"]),
    "instance_values_and_alias": (
        (Shape.BOX, Shape.TRIANGLE, Shape),
        ["f[0].name", "f[0].sides", "f[1].value.label", "f[0] is f[2].SQUARE", "f[2].BOX is f[2].SQUARE"],
    ),
    "tuple_with_function_values": (
        [Activation.RELU, Activation.CLIP],
        [
            "f[0].fn(-3)",
            "f[1].fn(7)",
            "[a.key for a in f]",
            "f[1] is type(f[1]).CLIP",
            "f[1].value[1] is f[1].fn",
        ],
    ),
    "dataclass_values": (Length.INCH, ["f.value", "f is type(f)(f.value)", "f.name"]),
    "members_as_defaults": (convert, ["f(0.5)", "f(2, f.__defaults__[0].__class__.ADD)"]),
    "members_as_dict_keys": (
        describe,
        ["[f(m) for m in f.__globals__['DISPATCH']]", "sorted(f.__globals__['DISPATCH'].values())"],
    ),
}

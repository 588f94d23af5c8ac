"""Class statements of one name without methods of their own, whose bodies compile alike but
bind other values: 0.0 and -0.0, (1, 2) and (1, 2.0) compare equal. Each class is made again by
its own statement (the literal values its body binds are the live class's), whichever of a pair
is dumped (issue 8's class_statements has those told apart by bases, metaclass and methods)."""

import dataclasses
import math  # noqa: F401 - read by the probes' namespace on the loading side only


class Zero:
    value = 0.0


ZeroFirst = Zero


class Zero:  # noqa: F811 - redefined on purpose: equal (==) values, other signs
    value = -0.0


class Pair:
    items: tuple = (1, 2)
    label = "pair"


PairFirst = Pair


class Pair:  # noqa: F811
    items: tuple = (1, 2.0)
    label = "pair"


@dataclasses.dataclass
class Point:
    x: float = 0.0


PointFirst = Point


@dataclasses.dataclass
class Point:  # noqa: F811 - a dataclass: its methods are made by exec, none is in this file
    x: float = -0.0


SIGN = "math.copysign(1.0, f.value)"
CASES = {
    "zero_first": (ZeroFirst, [SIGN]),
    "zero_second": (Zero, [SIGN]),
    "tuple_first": (PairFirst, ["repr(f.items)", "f.label"]),
    "tuple_second": (Pair, ["repr(f.items)", "f.label"]),
    "dataclass_first": (PointFirst, ["math.copysign(1.0, f().x)", "repr(f(2))"]),
    "dataclass_second": (Point, ["math.copysign(1.0, f().x)", "repr(f(2))"]),
}

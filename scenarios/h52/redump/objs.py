"""Objects for the determinism and re-dump scenarios (runs on 3.9+ and PyPy)."""
import collections
import dataclasses
import enum
import functools
import math
import re
from decimal import Decimal
from fractions import Fraction

MIXED = {1: "a", "b": 2, (1, 2): frozenset({3, "x", (4, 5)}), None: b"z", 2.5: {1, "1", 1.5}}
SET_OF_OBJS = frozenset({Decimal("1.5"), Fraction(1, 3), "s", 7, (1, "t"), b"b", None, True, 3.25})
PATTERN = re.compile(r"a+b", re.I)
CONST = 1e300 * 10


class Color(enum.Enum):
    RED = 1
    BLUE = "b"


@dataclasses.dataclass(frozen=True)
class Pt:
    x: int
    y: float = 0.0
    tags: frozenset = frozenset({"q", "p", 1})


class Plain:
    cls_attr = {"k": [1, 2]}

    def __init__(self, v):
        self.v = v
        self.s = {v, str(v), (v,)}

    def __repr__(self):
        return f"Plain({self.v!r})"

    def __eq__(self, other):
        return type(other).__name__ == "Plain" and other.v == self.v

    def __hash__(self):
        return hash(self.v)


def uses_mixed(k):
    return MIXED.get(k), sorted(map(repr, SET_OF_OBJS))


def uses_pattern(s):
    return bool(PATTERN.match(s)), CONST


def uses_enum(c=Color.RED):
    return c.value, [m.name for m in Color]


def make_counter():
    count = 0

    def inc(step=1):
        nonlocal count
        count += step
        return count

    return inc


def uses_dc(x):
    return Pt(x), dataclasses.asdict(Pt(x))["tags"] == Pt(x).tags


def deque_user():
    return collections.deque([1, 2], maxlen=3), collections.OrderedDict(a=1), collections.Counter("abca")


PARTIAL = functools.partial(math.pow, 2)
INSTANCES = [Plain(1), Plain("x"), {Plain(2), Plain(3)}, frozenset({Plain(4), Color.BLUE, Pt(1)})]


def set_of_instances():
    return sorted(map(repr, INSTANCES[2])), len(INSTANCES[3])


ITEMS = {
    "uses_mixed": (uses_mixed, "f((1, 2))"),
    "uses_pattern": (uses_pattern, "f('AAB')"),
    "uses_enum": (uses_enum, "f()"),
    "counter": (make_counter(), "(f(), f(2))"),
    "uses_dc": (uses_dc, "repr(f(3))"),
    "deque_user": (deque_user, "repr(f())"),
    "partial": (PARTIAL, "f(5)"),
    "instances": (INSTANCES, "repr(f[:2])"),
    "set_of_instances": (set_of_instances, "f()"),
    "Plain": (Plain, "repr(f(3).s == {3, '3', (3,)})"),
    "Pt": (Pt, "repr(f(2))"),
    "Color": (Color, "repr(list(f))"),
    "tuple_of_fns": ((uses_mixed, uses_enum, Color), "repr(f[1]())"),
    "lambda_sets": (lambda: {frozenset({1, "a"}), frozenset({2.0, b"c"})}, "sorted(map(sorted, map(lambda s: map(repr, s), f())))"),
}

"""Enum members whose values are unhashable, Flag combinations, IntEnum aliases (the call that
makes a member is its class called with its value, whatever the value), and sets of objects
that tie on their names (closures of one factory, classes of one qualname), ordered by what they
hold so that their payload is the same bytes in every process."""

import enum


class Shape(enum.Enum):
    LINE = [1, 2]
    TABLE = {"legs": 4}
    NESTED = ([1], "x")
    PLAIN = 3


class Perm(enum.Flag):
    R = 4
    W = 2
    X = 1
    RW = 6


class Level(enum.IntEnum):
    LOW = 1
    MINIMUM = 1  # an alias of LOW
    HIGH = 2


class Mood(enum.Enum):
    SAD = [0]
    GLUM = [0]  # an alias of SAD: equal unhashable values


MEMBERS = [
    Shape.LINE,
    Shape.TABLE,
    Shape.NESTED,
    Shape.PLAIN,
    Perm.R | Perm.X,
    Perm.RW,
    Level.MINIMUM,
    Mood.GLUM,
]


def make(n):
    def get():
        return n

    return get


def make_class(n):
    class Box:
        value = n

        def double(self):
            return 2 * self.value

    return Box


CLOSURES = frozenset(make(n) for n in (5, 1, 4, 2, 3))
BOXES = {make_class(n) for n in (3, 1, 2)}


def read_sets():
    return sorted(f() for f in CLOSURES), sorted(box().double() for box in BOXES)


CASES = {
    "enum_members": (
        MEMBERS,
        [
            "[(type(m).__name__, m.value) for m in f]",
            "f[0] is type(f[0])([1, 2]) and f[1] is type(f[1])({'legs': 4})",
            "f[2] is type(f[2]).NESTED and sorted(type(f[0]).__members__)",
            "f[4] is (type(f[4]).R | type(f[4]).X) and f[4].value",
            "f[5] is type(f[5]).RW and f[5] == type(f[5]).R | type(f[5]).W",
            "f[6] is type(f[6]).LOW and f[6] is type(f[6])(1) and f[6] + 1",
            "f[7] is type(f[7]).SAD and sorted(type(f[7]).__members__)",
        ],
    ),
    "sets_tied_on_names": (read_sets, ["f()"]),
}

"""Which class statement made a class (issue 8): a name defined in both branches of an ``if``, or
redefined later in the file, is matched against everything the live class has (bases, metaclass,
annotations, methods), not taken from the first statement of that name.
"""

import dataclasses
import sys
import typing

# Never true in a real run: the else branches are the live ones (and the first statements of
# each name in the file).
NEVER = len(sys.argv) > 99


class Base1:
    tag = "base1"


class Base2:
    tag = "base2"


if NEVER:

    class Marker(Base1):
        pass

else:

    class Marker(Base2):
        pass


if NEVER:

    @dataclasses.dataclass
    class Point:
        x: int

else:

    @dataclasses.dataclass
    class Point:
        x: int
        y: int = 5


if NEVER:

    class Pair(typing.NamedTuple):
        a: int

else:

    class Pair(typing.NamedTuple):
        a: int
        b: str = "b"


class Later(Base1):
    pass


class Later(Base2):  # noqa: F811 - redefined on purpose: the second is the live one
    pass


class Twice:
    def value(self):
        return 1


class Twice:  # noqa: F811
    def value(self):
        return 2


class Same:
    pass


class Same:  # noqa: F811 - indistinguishable from the first: either is right
    pass


class Meta1(type):
    kind = "meta1"


class Meta2(type):
    kind = "meta2"


if NEVER:

    class WithMeta(metaclass=Meta1):
        pass

else:

    class WithMeta(metaclass=Meta2):
        pass


CASES = {
    "if_else_bases": (Marker, ["f.tag", "f.__bases__[0].__name__"]),
    "dataclass_defined_twice": (
        Point,
        ["f(1)", "f(1, 2)", "[x.name for x in __import__('dataclasses').fields(f)]"],
    ),
    "namedtuple_defined_twice": (Pair, ["f(1)", "f._fields"]),
    "redefined_later_bases": (Later, ["f.tag"]),
    "redefined_later_methods": (Twice, ["f().value()"]),
    "indistinguishable_statements": (Same, ["f.__name__", "type(f()).__name__"]),
    "metaclass_decides": (WithMeta, ["type(f).kind", "type(f).__name__"]),
}

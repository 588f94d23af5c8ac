"""Classes made by calls rather than class statements (issue 8): ``type(...)``, the functional Enum
API, ``dataclasses.make_dataclass``, ``typing.NamedTuple`` and ``collections.namedtuple`` called
directly, ``types.new_class``. Each is written as the call that makes it, then its later state.
"""

import collections
import dataclasses
import enum
import types
import typing


class AppError(Exception):
    code = 500

    def describe(self):
        return f"{type(self).__name__}({self.code})"


def _not_found_hint(self):
    return "check the path"


NotFound = type("NotFound", (AppError,), {"code": 404, "hint": _not_found_hint, "__doc__": "Missing."})
Color = enum.Enum("Color", "RED GREEN BLUE")
Level = enum.IntEnum("Level", [("LOW", 1), ("HIGH", 10)])
Perm = enum.Flag("Perm", "R W X")
Point = dataclasses.make_dataclass(
    "Point",
    [
        ("x", int),
        ("y", int, dataclasses.field(default=0)),
        ("tags", list, dataclasses.field(default_factory=list)),
    ],
)
Frozen = dataclasses.make_dataclass("Frozen", [("key", str)], frozen=True, order=True)
Row = typing.NamedTuple("Row", [("left", int), ("right", str)])  # noqa: UP014 - the call is the case
Pair = collections.namedtuple("Pair", "a b", defaults=[2])
Pair.total = lambda self: self.a + self.b
Dynamic = types.new_class("Dynamic", (AppError,), {}, lambda ns: ns.update({"code": 418}))


def raise_not_found():
    try:
        raise NotFound("x")
    except AppError as exc:
        return exc.describe(), exc.hint(), isinstance(exc, NotFound), type(exc).__doc__


# make_dataclass names the types module as the class's __module__ before 3.12, the caller's from
# 3.12 on: the live classes differ.
DUMPERS_VARY = {
    "make_dataclass": "__module__ of a make_dataclass class",
    "make_dataclass_options": "__module__ of a make_dataclass class",
    "instances_of_called_classes": "__module__ of a make_dataclass class",
}

CASES = {
    "type_call_with_functions": (raise_not_found, ["f()"]),
    "type_call_class": (NotFound, ["f.code", "f().describe()", "f.__mro__[1].__name__", "f.__qualname__"]),
    "functional_enum": (Color, ["[m.name for m in f]", "f.RED.value", "f(2).name", "f.__module__"]),
    "functional_int_enum": (Level, ["f.HIGH > f.LOW", "int(f.HIGH)", "f['LOW']"]),
    "functional_flag": (Perm, ["(f.R | f.W).value", "bool(f.R & f.X)"]),
    "enum_members_of_a_functional_enum": (
        (Color.GREEN, Level.HIGH),
        ["f[0].name", "f[1] + 1", "type(f[0]).BLUE.value"],
    ),
    "make_dataclass": (Point, ["f(1)", "f(1, 2, ['t'])", "f(3) == f(3)"]),
    "make_dataclass_options": (Frozen, ["f('a') < f('b')", "raises(setattr, f('a'), 'key', 'z')"]),
    "functional_typing_namedtuple": (Row, ["f(1, 'x')", "f.__annotations__", "f._fields"]),
    "collections_namedtuple_with_a_method_added": (Pair, ["f(1)", "f(1).total()", "f(5, 6).total()"]),
    "new_class": (Dynamic, ["f.code", "f().describe()", "f.__name__"]),
    "instances_of_called_classes": (
        (Point(1, 2), Row(3, "z"), NotFound("n")),
        ["f[0].y", "f[1].right", "f[2].code"],
    ),
}

"""Enums whose body or base defines ``__new__`` (a member with a label, the documentation's
``AutoNumber``): Enum's metaclass puts its own ``__new__`` in the class and keeps the one defined
under ``__new_member__`` (3.9, 3.10, PyPy) and ``_new_member_`` too (3.11+), whenever it makes the
class, so the class statement run again at load sets them. They were written as attributes set
after the definition, the names of the dumper's enum: the payloads of 3.9, 3.10 and PyPy differed
from those of 3.11+, one loaded elsewhere held the function twice, the one the statement made and
one more (``_new_member_ is __new_member__`` was False on 3.11+ for a payload of 3.9), and
``dumps(loads(p))`` gave other bytes on another Python."""

import enum

SAME_NEW = "getattr(f, '_new_member_', f.__new_member__) is f.__new_member__"


class Status(str, enum.Enum):
    def __new__(cls, value, label):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    OK = ("ok", "All good")
    FAIL = ("fail", "Broken")


class AutoNumber(enum.Enum):
    def __new__(cls, *args):
        value = len(cls.__members__) + 1
        obj = object.__new__(cls)
        obj._value_ = value
        return obj


class Shade(AutoNumber):
    LIGHT = ()
    DARK = ()


class Weekday(int, enum.Enum):
    def __new__(cls, number, short):
        obj = int.__new__(cls, number)
        obj._value_ = number
        obj.short = short
        return obj

    def __init__(self, number, short):
        self.weekend = number >= 6

    MONDAY = (1, "Mon")
    SUNDAY = (7, "Sun")


class Planet(enum.Enum):
    def __new__(cls, mass):
        obj = object.__new__(cls)
        obj._value_ = len(cls.__members__)
        obj.mass = mass
        return obj

    EARTH = 5.97
    MARS = 0.642

    @classmethod
    def heaviest(cls):
        return max(cls, key=lambda p: p.mass)


def describe(name):
    status = Status(name)
    return status.label, status is Status.OK, Status.FAIL.upper(), sorted(Status.__members__)


CASES = {
    "str_mixin": (Status, ["f('ok').label", "f.FAIL.label", "[m.value for m in f]", SAME_NEW]),
    "str_mixin_through_a_function": (describe, ["f('ok')", "f('fail')"]),
    "member_alone": (Status.FAIL, ["f.label", "f == 'fail'", "type(f)('ok').label"]),
    "inherited_new": (Shade, ["[(m.name, m.value) for m in f]", "f(2).name", SAME_NEW]),
    "base_without_members": (AutoNumber, ["f.__new_member__.__qualname__", SAME_NEW]),
    "int_mixin_with_init": (
        Weekday,
        ["[(m.short, m.weekend, m + 0) for m in f]", "f(7) is f.SUNDAY", SAME_NEW],
    ),
    "classmethod_and_new": (Planet, ["f.heaviest().name", "f(1).mass", SAME_NEW]),
}

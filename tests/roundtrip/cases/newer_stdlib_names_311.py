"""Code that needs names the standard library gained in Python 3.11 (``enum.StrEnum``,
``enum.member``/``nonmember``, ``enum.verify``, ``typing.Self``, ``typing.Never``,
``typing.LiteralString``, ``typing.assert_never``, ``operator.call``, ``datetime.UTC``, the module
``tomllib``, the builtin ``ExceptionGroup``). Dumped on 3.11+ and loaded there, each works; an
older Python (3.9, 3.10, PyPy 3.9) refuses every payload with ``PythonVersionError`` naming
Python 3.11 before anything of it runs, where it gave ``MissingDependencyError`` (the names are
no dependency an install brings: the Python is too old)."""

import datetime
import enum
import operator
import typing

REQUIRES_PYTHON = (3, 11)


class Color(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Holder(enum.Enum):
    A = 1
    helper = enum.nonmember(2)
    wrapped = enum.member(lambda: 3)


@enum.verify(enum.UNIQUE)
class Level(enum.Enum):
    LOW = 1
    HIGH = 2


class Builder:
    def add(self, part) -> "Builder":
        self.parts = getattr(self, "parts", []) + [part]
        return self

    def kinds(self):
        # Read when called: needed.
        return [typing.Self is not None, typing.Never is not None, typing.LiteralString is not None]


def exhaustive(value):
    if value == 1:
        return "one"
    typing.assert_never(value)


def call_it(fn, *args):
    return operator.call(fn, *args)


def utc_name():
    return datetime.UTC.tzname(None)


def read_toml(text):
    import tomllib

    return tomllib.loads(text)


def grouped(*errors):
    return len(ExceptionGroup("several", list(errors)).exceptions)  # noqa: F821 - a builtin of 3.11+


CASES = {
    "str_enum": (Color, ["[m.value for m in f]", "f.RED.upper()", "f('blue').name"]),
    "member_and_nonmember": (Holder, ["[m.name for m in f]", "f.helper", "f.wrapped.value()"]),
    "verify": (Level, ["[m.name for m in f]"]),
    "typing_names_in_a_method": (Builder, ["f().kinds()", "f().add(1).add(2).parts"]),
    "assert_never": (exhaustive, ["f(1)"]),
    "operator_call": (call_it, ["f(len, 'abc')"]),
    "datetime_utc": (utc_name, ["f()"]),
    "tomllib_module": (read_toml, ["f('a = 1')"]),
    "exception_group_builtin": (grouped, ["f(ValueError(1), KeyError(2))"]),
}

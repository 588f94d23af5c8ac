"""Globals and defaults common in user code that dumps refused or wrote as payloads that never
loaded (scenarios tried against the 0.2 release; cloudpickle handles them).

- ``sys.stdout``, ``sys.stderr``, ``sys.stdin`` as a default (``def log(msg, file=sys.stderr)``)
  or a global: refused (an open file). They go by reference: the loading process's own stream;
  so do the streams a class attribute, a dict, a bound method (``sys.stderr.write``) or a partial
  holds. Their binary buffers (``sys.stdout.buffer``) were refused: they go by reference too. A
  ``StringIO`` of the user's goes by value (it went as ``sys.stdout`` when dumped inside a
  ``redirect_stdout`` to it: tests/unit/test_common_globals.py).
- ``typing.NewType`` of the user's code: refused when dumped on 3.10+, where it is a class's
  instance that pickles by name. It goes as the call that makes it.
- ``types.MappingProxyType`` globals: refused. By value, a view of a copy of the dict.
- Functional ``TypedDict("Point", {...})``: dumped, and never loaded (its metaclass called as
  ``type()``). It goes as the functional call. The other functional forms (``NamedTuple``, the
  Enum API) and type variables are here as the rest of the family.
"""

import enum
import functools
import io
import sys
import types
import typing
from typing import NamedTuple, NewType, TypedDict, TypeVar

OUT = sys.stdout
ERR = sys.stderr
RAW_ERR = sys.__stderr__


def log(message, file=sys.stderr, out=sys.stdout, source=sys.stdin):
    return file is sys.stderr, out is sys.stdout, source is sys.stdin, message


def streams():
    return OUT is sys.stdout, ERR is sys.stderr, RAW_ERR is sys.__stderr__


EMIT = sys.stderr.write
SHOUT = functools.partial(print, file=sys.stderr)
TARGETS = {"out": sys.stdout, "err": sys.stderr, "in": sys.stdin}


class Logger:
    stream = sys.stderr

    def is_stderr(self):
        return self.stream is sys.stderr


def stream_holders():
    return (
        EMIT.__self__ is sys.stderr,
        SHOUT.keywords["file"] is sys.stderr,
        [TARGETS[k] is getattr(sys, "std" + k) for k in ("out", "err", "in")],
        Logger().is_stderr(),
    )


OUT_BUFFER = sys.stdout.buffer
RAW_IN_BUFFER = sys.__stdin__.buffer


def stream_buffers(data, out=sys.stderr.buffer):
    return (
        OUT_BUFFER is sys.stdout.buffer,
        out is sys.stderr.buffer,
        RAW_IN_BUFFER is sys.__stdin__.buffer,
        out.write(data),
    )


NOTES = io.StringIO()
NOTES.write("kept\n")


def take_note(text):
    print(text, file=NOTES)
    return NOTES.getvalue(), NOTES is sys.stdout


UserId = NewType("UserId", int)
Celsius = NewType("Celsius", float)


def make_user(n: int) -> UserId:
    return UserId(n), Celsius(1.5), UserId.__name__, UserId.__supertype__, Celsius.__supertype__


TABLE = types.MappingProxyType({"a": 1, "b": [2, 3]})


def read_table(key):
    return TABLE[key], dict(TABLE), isinstance(TABLE, types.MappingProxyType)


Point = TypedDict("Point", {"x": int, "y": int})  # noqa: UP013 - the functional form is the case
Options = TypedDict("Options", {"verbose": bool, "name": str}, total=False)  # noqa: UP013


def typed_dicts():
    return (
        Point(x=1, y=2),
        Options(verbose=True),
        Point.__annotations__,
        Point.__total__,
        Options.__total__,
        sorted(Options.__annotations__),
        Point.__name__,
    )


Pair = NamedTuple("Pair", [("left", int), ("right", str)])  # noqa: UP014 - the functional form is the case
Color = enum.Enum("Color", "RED GREEN BLUE")
Size = enum.IntEnum("Size", [("S", 1), ("M", 2), ("L", 3)])
Perm = enum.Flag("Perm", "R W X")


def functional_classes():
    return (
        Pair(1, "x"),
        Pair._fields,
        Pair.__annotations__,
        [(m.name, m.value) for m in Color],
        Color["GREEN"],
        Size(2) + 1,
        (Perm.R | Perm.W).value,
        Perm.X in Perm.R,
    )


T = TypeVar("T")
Number = TypeVar("Number", int, float)
Bounded = TypeVar("Bounded", bound=str, covariant=True)


def first(items: typing.List[T]) -> T:
    return items[0]


def variables():
    return (
        [v.__name__ for v in (T, Number, Bounded)],
        Number.__constraints__,
        Bounded.__bound__,
        Bounded.__covariant__,
        first.__annotations__["return"] is T,
    )


# io.StringIO's state is (text, newline, position, dict): PyPy's __getstate__ gives {} for the
# dict where CPython's gives None. The buffer is the same; its payload differs by that.
DUMPERS_VARY = {"string_buffer_global": "PyPy's StringIO state holds {} for its dict, CPython's None"}
REDUMP_VARIES = {"string_buffer_global": "PyPy's StringIO state holds {} for its dict, CPython's None"}

CASES = {
    "standard_streams_as_defaults": (
        log,
        ["f('x')", "f.__defaults__[0] is __import__('sys').stderr"],
    ),
    "standard_streams_as_globals": (streams, ["f()"]),
    "standard_streams_held_by_objects": (stream_holders, ["f()"]),
    "standard_stream_as_class_attribute": (
        Logger,
        ["f().is_stderr()", "f.stream is __import__('sys').stderr"],
    ),
    "standard_stream_buffers": (stream_buffers, ["f(b'')"]),
    "string_buffer_global": (take_note, ["f('x')", "f('y')"]),
    "newtype_globals": (make_user, ["f(3)", "f.__globals__['UserId'](7)"]),
    "mappingproxy_global": (
        read_table,
        ["f('a')", "f('b')", "raises(lambda: f.__globals__['TABLE'].__setitem__('a', 5))[:14]"],
    ),
    "functional_typeddicts": (typed_dicts, ["f()"]),
    "functional_namedtuple_and_enums": (functional_classes, ["f()"]),
    "type_variable_globals": (variables, ["f()"]),
}

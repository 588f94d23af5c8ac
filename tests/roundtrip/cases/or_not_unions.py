"""``|`` that is no union of types, or one no code runs where it fails: these load and work on
Python 3.9, where ``type.__or__`` does not exist (see ``unions_in_code.py`` for those that need
3.10). Numbers, sets, flags and dicts; a union under a version guard, or in a ``try`` that
catches the ``TypeError``; in the dumped function's own annotations (kept as text where they
fail); a class whose metaclass has an ``|`` of its own; operands that are local variables, or
closure cells holding numbers where a global of the same name is a class.
"""

import enum
import sys


class Perm(enum.Flag):
    R = 1
    W = 2


class Meta(type):
    def __or__(cls, other):
        return (cls.__name__, getattr(other, "__name__", other))


class Tagged(metaclass=Meta):
    pass


def numbers(a, b):
    return a | b | 4


def sets(a):
    return sorted({1} | a)


def flags():
    return (Perm.R | Perm.W).value


def dicts(a):
    return sorted((a | {"k": 1}).items())


def guarded(x):
    if sys.version_info >= (3, 10):
        return isinstance(x, int | str)
    return isinstance(x, (int, str))


def caught(x):
    try:
        return isinstance(x, int | str)
    except TypeError:
        return isinstance(x, (int, str))


def own_annotations(x: "int | None" = None, y: "str | None" = None) -> "str | None":
    return repr((x, y))


def by_metaclass():
    return Tagged | int


def locals_decide(x):
    kinds = int
    kinds = kinds if x else 0
    return repr(kinds | 8) if not x else "type"


# A class as a global: the closure's number of the same name is what the code reads.
Width = int


def make_number_closure():
    Width = 3

    def closure(x):
        return x | Width

    return closure


def make_class_over_a_number():
    Width = 8

    class Local:
        Mask = Width | 1

        def width(self):  # (a method's cell keeps the variable: the body alone does not)
            return Width

    return Local


CASES = {
    "numbers": (numbers, ["f(1, 2)"]),
    "sets": (sets, ["f({3})"]),
    "flags": (flags, ["f()"]),
    "dicts": (dicts, ["f({'a': 2})"]),
    "guarded": (guarded, ["f(1)", "f(1.5)"]),
    "caught": (caught, ["f('s')", "f(1.5)"]),
    "own_annotations": (own_annotations, ["f(1, 2)"]),
    "by_metaclass": (by_metaclass, ["f()"]),
    "locals_decide": (locals_decide, ["f(0)", "f(1)"]),
    "closure_shadowing_a_global": (make_number_closure(), ["f(4)"]),
    "class_body_over_a_cell": (make_class_over_a_number(), ["f.Mask", "f().width()"]),
}

"""Unions of types written with ``|`` in code that runs after loading: ``type.__or__`` is new in
Python 3.10, so on 3.9 each raised ``TypeError`` when the code ran, after ``loads`` and ``check``
had said yes. The payload's requires-python says 3.10 now, so 3.9 refuses it before anything
runs. The operands' values decide: see ``or_not_unions.py`` for ``|`` that needs nothing.
"""

import collections.abc
import typing
from typing import List, Optional

REQUIRES_PYTHON = (3, 10)

Number = float


def in_body(x):
    return isinstance(x, int | str)


def of_three(x):
    return isinstance(x, int | str | None)


def of_generic_aliases(x):
    return repr(list[int] | dict[str, int] | None)


def through_modules(x):
    return isinstance(x, collections.abc.Mapping | typing.Sequence)


def of_typing_forms():
    return repr(Optional[int] | List[str])


def of_a_global_class(x):
    return isinstance(x, Number | bool)


def in_a_nested_annotation():
    def inner(x: int | None = None) -> str | None:
        return x

    return sorted(map(repr, inner.__annotations__.values()))


def in_a_lambda():
    return (lambda x: isinstance(x, bytes | bytearray))(b"x")


def make_closure():
    kind = str

    def closure(x):
        return isinstance(x, kind | None)

    return closure


# A number as a global: the closure's class of the same name is what the code reads.
Shadowed = 4


def make_shadowing_closure():
    Shadowed = bytes

    def closure(x):
        return isinstance(x, Shadowed | str)

    return closure


def make_class_over_a_cell():
    kind = int

    class Local:
        Alias = kind | None

        def get(self):
            return repr(self.Alias)

        def kind_name(self):  # (a method's cell keeps the variable: the body alone does not)
            return kind.__name__

    return Local


class InClassBody:
    Alias = int | None

    def get(self):
        return repr(self.Alias)


class InMethod:
    def check(self, x):
        return isinstance(x, float | complex)


CASES = {
    "in_body": (in_body, ["f(1)", "f('s')", "f(1.5)"]),
    "of_three": (of_three, ["f(None)", "f(b'')"]),
    "of_generic_aliases": (of_generic_aliases, ["f(0)"]),
    "through_modules": (through_modules, ["f({})", "f([1])", "f(1)"]),
    "of_typing_forms": (of_typing_forms, ["f()"]),
    "of_a_global_class": (of_a_global_class, ["f(1.5)", "f(True)", "f(1)"]),
    "in_a_nested_annotation": (in_a_nested_annotation, ["f()"]),
    "in_a_lambda": (in_a_lambda, ["f()"]),
    "closure_over_a_type": (make_closure(), ["f('s')", "f(None)", "f(1)"]),
    "closure_shadowing_a_global": (make_shadowing_closure(), ["f(b'')", "f(1)"]),
    "class_body_over_a_cell": (make_class_over_a_cell(), ["f().get()", "f().kind_name()"]),
    "class_body": (InClassBody, ["f().get()"]),
    "method_body": (InMethod, ["f().check(1.5)", "f().check(1)"]),
}

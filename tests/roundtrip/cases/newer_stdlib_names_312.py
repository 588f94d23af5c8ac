"""Code that needs names the standard library gained in Python 3.12 (``typing.override``,
``itertools.batched``, ``pathlib.Path.walk``, ``collections.abc.Buffer``, ``calendar.Month``):
loaded on 3.12+ each works; 3.11 and older refuse it with ``PythonVersionError`` naming Python
3.12 before anything of it runs."""

import calendar
import collections.abc
import itertools
import pathlib
import typing

REQUIRES_PYTHON = (3, 12)


class Base:
    def size(self):
        return 1


class Child(Base):
    # Applied when the class statement runs at load: needed.
    @typing.override
    def size(self):
        return 2


def batches(xs, n):
    return [list(b) for b in itertools.batched(xs, n)]


def walker():
    return callable(pathlib.Path.walk)


def is_buffer(value):
    return isinstance(value, collections.abc.Buffer)


def month_name():
    return calendar.Month.MARCH.name


CASES = {
    "override_decorator_of_a_method": (Child, ["f().size()", "f.size.__override__"]),
    "itertools_batched": (batches, ["f(range(5), 2)"]),
    "class_attribute_path_walk": (walker, ["f()"]),
    "abc_buffer": (is_buffer, ["f(b'x')", "f('x')"]),
    "calendar_month": (month_name, ["f()"]),
}

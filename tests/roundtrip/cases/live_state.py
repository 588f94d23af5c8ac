"""What the live objects hold beyond what their source says (scenarios tried against the release).

- Globals of a library's module (``os.environ``, ``random.random``, the method of random's hidden
  instance, ``logging.root``, ``dataclasses.MISSING``, ``decimal.DefaultContext``) are the process's
  own state: they were copied into the payload (the dumping process's whole environment, secrets
  included; a random generator replaying the same numbers whatever the loading process seeded), or
  refused. They go by reference, as the code reads them.
- Annotations the source does not write: ``functools.wraps`` gives the wrapper the wrapped
  function's, code assigns them after the ``def`` or the class statement. They were dropped (a
  loaded wrapper had none, so ``typecheck=True`` checked nothing). The live ones go in the payload
  (format 3 for a function's).
- A ``namedtuple(..., rename=True)`` class (fields ``_1``, ``_2``) dumped, and could never load.
"""

import collections
import dataclasses
import decimal
import functools
import logging
import os
import random
import typing

ENV = os.environ
rand = random.random
pick = random.randint


def setting(name):
    return ENV.get(name, "unset"), ENV is os.environ


def draws():
    return rand(), pick(1, 10**9)


def sentinels(value=dataclasses.MISSING, context=decimal.DefaultContext, log=logging.root):
    return value is dataclasses.MISSING, context is decimal.DefaultContext, log is logging.getLogger()


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@logged
def area(width: float, height: float = 2.0) -> float:
    """Area."""
    return width * height


@logged
def shift(p: Point, by: typing.List[int]) -> Point:
    return Point(p.x + by[0], p.y + by[1])


def later(x, factor=2):
    return x * factor


later.__annotations__["x"] = int
later.__annotations__["return"] = typing.Optional[int]


class Measured:
    width: float

    def area(self):
        return self.width * 2


Measured.__annotations__["label"] = str

Row = collections.namedtuple("Row", ["id", "class", "id", "def"], rename=True)

# The loaded function draws from the loading process's generator, which that process seeds.
SEEDED = (
    "(__import__('random').seed(7), f())[1] == (__import__('random').seed(7), "
    "(__import__('random').random(), __import__('random').randint(1, 10**9)))[1]"
)

CASES = {
    "os_environ_global": (
        setting,
        [
            "__import__('os').environ.__setitem__('SRCPICKLE_CASE_FLAG', 'on')",
            "f('SRCPICKLE_CASE_FLAG')",
            "f.__globals__['ENV'] is __import__('os').environ",
        ],
    ),
    "random_module_methods": (draws, [SEEDED, "f.__globals__['rand'] is __import__('random').random"]),
    "library_sentinels_as_defaults": (sentinels, ["f()"]),
    "wraps_carries_the_annotations": (
        area,
        [
            "f.__annotations__",
            "__import__('typing').get_type_hints(f)",
            "(f(3.0), f.__name__, f.__doc__, str(inspect.signature(f)))",
        ],
    ),
    "wraps_annotations_of_own_classes": (
        shift,
        [
            "sorted(f.__annotations__)",
            "f.__annotations__['p'] is f.__globals__['Point']",
            "f.__annotations__['by']",
            "vars(f(f.__globals__['Point'](1, 2), [10, 20]))",
        ],
    ),
    "annotations_assigned_after_the_def": (later, ["f.__annotations__", "f(4)"]),
    "class_annotations_assigned_after_the_statement": (Measured, ["f.__annotations__"]),
    "namedtuple_renamed_fields": (
        Row(1, "a", 2, "d"),
        ["f", "f._fields", "type(f)._make([5, 6, 7, 8])", "f._asdict()"],
    ),
}

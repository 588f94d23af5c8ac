"""Code that needs names the standard library gained in Python 3.13 (``warnings.deprecated``,
``copy.replace``, the builtin ``PythonFinalizationError``): loaded on 3.13 each works; 3.12 and
older refuse it with ``PythonVersionError`` naming Python 3.13 before anything of it runs."""

import copy
import dataclasses
import warnings

REQUIRES_PYTHON = (3, 13)


class Service:
    # Applied when the class statement runs at load: needed.
    @warnings.deprecated("use run")
    def start(self):
        return "started"

    def run(self):
        return "ran"


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int


def moved(point, x):
    return copy.replace(point, x=x)


def finalizing():
    return PythonFinalizationError.__name__  # noqa: F821 - a builtin of 3.13+


CASES = {
    "deprecated_method": (Service, ["f().run()", "f.start.__deprecated__"]),
    # (moved's code does not name Point: the class travels beside it)
    "copy_replace": ((moved, Point), ["f[0](f[1](1, 2), 5)"]),
    "builtin_of_313": (finalizing, ["f()"]),
}

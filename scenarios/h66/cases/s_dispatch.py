"""Scenarios: singledispatch / singledispatchmethod, with registrations from another module."""

import functools
import os
import sys
import tempfile

_dir = tempfile.mkdtemp()
with open(os.path.join(_dir, "h66_extra_handlers.py"), "w") as _fh:
    _fh.write(
        "import decimal\n"
        "def register_all(fn):\n"
        "    @fn.register\n"
        "    def _(x: decimal.Decimal):\n"
        "        return ('decimal', str(x))\n"
        "    fn.register(bytes, lambda x: ('bytes', len(x)))\n"
        "    return fn\n"
    )
sys.path.insert(0, _dir)
import h66_extra_handlers  # noqa: E402


@functools.singledispatch
def describe(x):
    """Describe a thing."""
    return ("object", repr(x))


@describe.register
def _(x: int):
    return ("int", x)


@describe.register(list)
@describe.register(tuple)
def _seq(x):
    return ("seq", len(x))


describe.register(float, lambda x: ("float", round(x, 1)))
h66_extra_handlers.register_all(describe)


class Shape:
    pass


class Square(Shape):
    def __init__(self, s):
        self.s = s


@describe.register
def _(x: Shape):
    return ("shape", type(x).__name__)


class Formatter:
    def __init__(self, prefix):
        self.prefix = prefix

    @functools.singledispatchmethod
    def fmt(self, x):
        return self.prefix + "?"

    @fmt.register
    def _(self, x: int):
        return self.prefix + "int"

    @fmt.register
    def _(self, x: str):
        return self.prefix + "str:" + x

    @functools.singledispatchmethod
    @classmethod
    def kind(cls, x):
        return "any"

    @kind.register
    @classmethod
    def _(cls, x: bool):
        return "bool"


def use_describe(v):
    return describe(v)


@functools.singledispatch
def plain(x):
    return "base"


CASES = {
    "singledispatch_with_registrations": (
        describe,
        [
            "f(3)",
            "f([1, 2])",
            "f((1,))",
            "f(2.26)",
            "f('s')",
            "f(b'abc')",
            "f(__import__('decimal').Decimal('1.5'))",
            "sorted(t.__name__ for t in f.registry)",
            "f.__name__",
            "f.__doc__",
            "f.dispatch(int).__name__",
        ],
    ),
    "singledispatch_user_class": (
        describe,
        [
            "sorted(t.__name__ for t in f.registry if t.__module__ != 'builtins' and t.__module__ != 'decimal')"
        ],
    ),
    "singledispatch_with_its_class": ((describe, Square), ["f[0](f[1](2))"]),
    "singledispatch_used_by_function": (use_describe, ["f(1)", "f([1])", "f(b'xy')"]),
    "singledispatch_register_after_load": (plain, ["(f.register(int, lambda x: 'int'), f(1), f('a'))[1:]"]),
    "singledispatchmethod_class": (
        Formatter,
        ["f('> ').fmt(1)", "f('> ').fmt('a')", "f('> ').fmt(1.0)", "f.kind(True)", "f.kind(1)"],
    ),
    "singledispatchmethod_instance": (Formatter("# "), ["f.fmt(2)", "f.fmt('z')"]),
    "singledispatchmethod_bound": (Formatter("b ").fmt, ["f(2)", "f('q')"]),
}

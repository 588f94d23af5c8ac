"""``functools.singledispatch`` functions with their registrations (h66), once refused: the payload
holds the calls that made the dispatcher, ``singledispatch(func)`` and ``register(cls, impl)`` for
each registration in order, and hands the dispatcher out only once every implementation is
registered (implementations that call the dispatcher, a dispatcher a class's method reads). Also
``singledispatchmethod``: got through an instance or a class, it is looked up again there."""

import collections.abc
import functools
import os
import sys

# A module of the user's beside the script that registers implementations of its own: it goes
# by value like the script (it is no installed distribution).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "h66_more_handlers.py"), "w") as _out:
    _out.write(
        "import decimal\n\n\n"
        "def register_all(fn):\n"
        "    @fn.register\n"
        "    def _(x: decimal.Decimal):\n"
        "        return ('decimal', str(x))\n\n"
        "    fn.register(bytes, lambda x: ('bytes', len(x)))\n"
        "    return fn\n"
    )
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h66_more_handlers  # noqa: E402


@functools.singledispatch
def describe(x):
    """Describe a thing."""
    return ("object", type(x).__name__)


@describe.register
def _(x: int):
    return ("int", x)


@describe.register(list)
@describe.register(tuple)
def _sequence(x):
    return ("seq", [describe(item) for item in x])  # through the dispatcher again


describe.register(float, lambda x: ("float", round(x, 1)))
h66_more_handlers.register_all(describe)
describe.label = "describer"


class Shape:
    pass


class Square(Shape):
    def __init__(self, side):
        self.side = side


@describe.register
def _(x: Shape):
    return ("shape", type(x).__name__)


def use_describe(value):
    return describe(value)


class Report:
    def line(self, value):
        return "report: " + repr(describe(value))


@functools.singledispatch
def bare(x):
    return "base"


@functools.singledispatch
def by_abc(x):
    return "other"


@by_abc.register
def _(x: collections.abc.Sequence):
    return "sequence"


@by_abc.register(collections.abc.Mapping)
def _(x):
    return "mapping"


@functools.singledispatch
def replaced_default(x):
    return "first"


replaced_default.register(object, lambda x: "second")


def make_local():
    @functools.singledispatch
    def local(x):
        return ("local", x)

    @local.register
    def _(x: str):
        return ("local str", x.upper())

    return local


local_dispatcher = make_local()


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
        return cls.__name__ + ": any"

    @kind.register
    @classmethod
    def _(cls, x: bool):
        return cls.__name__ + ": bool"


class Loud(Formatter):
    pass


CASES = {
    "registrations_of_every_kind": (
        describe,
        [
            "f(3)",
            "f([1, (2.26,)])",
            "f('s')",
            "f(b'abc')",
            "f(__import__('decimal').Decimal('1.5'))",
            "sorted(t.__name__ for t in f.registry)",
            "(f.__name__, f.__qualname__, f.__doc__, f.label)",
            "f.dispatch(bool).__name__",
            "f.__wrapped__(1)",
            "str(inspect.signature(f))",
        ],
    ),
    "registration_of_a_class_of_the_script": (
        (describe, Square),
        ["f[0](f[1](2))", "f[0].dispatch(f[1]).__qualname__", "f[0].registry[f[1].__mro__[1]](1)"],
    ),
    "read_by_a_function": (use_describe, ["f(1)", "f([1])", "f(b'xy')", "f.__globals__['describe'].label"]),
    "read_by_a_method": (Report, ["f().line([2.0])"]),
    "beside_the_implementations": (
        (describe, describe.registry[int], describe.registry[list]),
        ["f[0].registry[int] is f[1]", "f[2]([1])", "f[2].__globals__['describe'] is f[0]"],
    ),
    "no_registration_and_registering_after_load": (
        bare,
        [
            "f(1)",
            "(f.register(int, lambda x: 'int'), f(1), f('a'))[1:]",
            "sorted(t.__name__ for t in f.registry)",
        ],
    ),
    "abstract_classes": (by_abc, ["f([1])", "f({})", "f(1)", "f('ab')"]),
    "default_replaced": (replaced_default, ["f(1)", "f.__wrapped__(1)"]),
    "made_in_a_function": (local_dispatcher, ["f(1)", "f('a')", "f.__qualname__"]),
    "singledispatchmethod_bound_to_an_instance": (
        Formatter("> ").fmt,
        ["f(1)", "f('a')", "f(1.0)", "f.__name__", "f.register.__name__"],
    ),
    "singledispatchmethod_got_through_a_class": (Loud.kind, ["f(True)", "f(1)"]),
    "class_with_singledispatchmethods": (
        Loud,
        ["f('! ').fmt(1)", "f('! ').fmt('z')", "f.kind(False)", "f.__mro__[1].kind(2)"],
    ),
}

"""User scenarios no case file held before (h133): ``typing.NewType``; builtins the script
shadows (``print = partial(print, flush=True)``, its own ``max``); ``range``, ``slice``,
``Ellipsis``, ``NotImplemented``, ``complex``, ``array``, ``bytearray``, ``ChainMap`` and
``MappingProxyType`` values; an Enum whose members run ``__init__`` with a tuple; an explicit
``__signature__``; ``__defaults__``, ``__kwdefaults__`` and ``__annotations__`` set after the
def; ``nonlocal`` three levels deep shared with a sibling; lambdas as positional and keyword-only
defaults. All loaded and worked on every interpreter when written."""

import array
import collections
import enum
import functools
import inspect
import types
import typing

# ------------------------------------------------------------------ NewType, shadowed builtins

UserId = typing.NewType("UserId", int)


def make_user(n):
    return UserId(n), UserId.__name__


print = functools.partial(print, flush=True)  # noqa: A001


def max(*values):  # noqa: A001
    return "mine", sorted(values)[-1]


def use_shadowed(*xs):
    return max(*xs)


def uses_print_partial():
    return print.keywords, print.func.__name__


# ------------------------------------------------------------------ odd values

VALUES = {
    "range": range(2, 10, 3),
    "slice": slice(1, None, 2),
    "ellipsis": ...,
    "not_implemented": NotImplemented,
    "complex": complex(1, -2),
    "array": array.array("i", [1, 2, 3]),
    "bytearray": bytearray(b"ab"),
    "chainmap": collections.ChainMap({"a": 1}, {"a": 2, "b": 3}),
    "frozen_proxy": types.MappingProxyType({"k": "v"}),
}


def odd_values():
    out = []
    for key in sorted(VALUES):
        value = VALUES[key]
        shown = dict(value) if key in ("frozen_proxy", "chainmap") else repr(value)
        out.append((key, type(value).__name__, shown))
    return out


READ_ONLY = types.MappingProxyType({"debug": False, "level": 3})


def config_value(key):
    return READ_ONLY[key], type(READ_ONLY).__name__


# ------------------------------------------------------------------ enum with __init__ / __new__


class Planet(enum.Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def gravity(self):
        return round(6.673e-11 * self.mass / (self.radius * self.radius), 2)


def planets():
    return [(p.name, p.gravity) for p in Planet], Planet((5.976e24, 6.37814e6)) is Planet.EARTH


# ------------------------------------------------------------------ a function with __signature__


def flexible(*args, **kwargs):
    return args, sorted(kwargs.items())


flexible.__signature__ = inspect.Signature(
    [
        inspect.Parameter("a", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("b", inspect.Parameter.KEYWORD_ONLY, default=2),
    ]
)


# ------------------------------------------------------------------ defaults changed after definition


def tunable(x, factor=2, *, offset=0):
    return x * factor + offset


tunable.__defaults__ = (10,)
tunable.__kwdefaults__ = {"offset": 5}


def annotated_later(x):
    return x


annotated_later.__annotations__ = {"x": int, "return": str}


# ------------------------------------------------------------------ three-level nonlocal


def outer_counter():
    total = 0

    def middle():
        def inner(n):
            nonlocal total
            total += n
            return total

        return inner

    def peek():
        return total

    return middle(), peek


ADD3, PEEK3 = outer_counter()
ADD3(4)


# ------------------------------------------------------------------ lambdas as defaults


def pipeline(xs, steps=(lambda v: v + 1, lambda v: v * 2), *, keep=lambda v: v % 3 != 0):
    for step in steps:
        xs = [step(x) for x in xs]
    return [x for x in xs if keep(x)]


CASES = {
    "new_type": (make_user, ["f(3)"]),
    "shadowed_builtin": (use_shadowed, ["f(3, 9, 4)"]),
    "shadowed_print": (uses_print_partial, ["f()"]),
    "odd_values": (odd_values, ["f()"]),
    "mapping_proxy": (config_value, ["f('level')"]),
    "enum_init_tuples": (planets, ["f()"]),
    "explicit_signature": (flexible, ["str(inspect.signature(f))", "f(1, b=3)"]),
    "defaults_changed": (tunable, ["f(1)", "str(inspect.signature(f))"]),
    "annotations_set_later": (
        annotated_later,
        ["sorted((k, v.__name__) for k, v in f.__annotations__.items())"],
    ),
    "three_level_nonlocal": ((ADD3, PEEK3), ["f[0](1)", "f[1]()"]),
    "lambdas_in_defaults": (pipeline, ["f([1, 2, 3, 4])", "f([1], steps=())"]),
}

"""Scenarios: functools.wraps chains, __wrapped__, update_wrapper on objects, signatures."""

import functools
import inspect as _inspect


def tag(label):
    def deco(fn):
        @functools.wraps(fn)
        def inner(*a, **k):
            return (label, fn(*a, **k))

        return inner

    return deco


@tag("outer")
@tag("middle")
@tag("inner")
def base(x: int, y: int = 2) -> int:
    """Base doc."""
    return x + y


def keep_signature(fn):
    def wrapper(*a, **k):
        return fn(*a, **k) * 10

    functools.update_wrapper(wrapper, fn)
    wrapper.__signature__ = _inspect.signature(fn).replace(
        parameters=list(_inspect.signature(fn).parameters.values())[:1]
    )
    return wrapper


@keep_signature
def two(a, b=1):
    return a - b


def only_name(fn):
    @functools.wraps(fn, assigned=("__name__",), updated=())
    def w(*a):
        return fn(*a)

    return w


@only_name
def renamed(a):
    """Doc that the wrapper does not get."""
    return -a


def no_wrapped(fn):
    @functools.wraps(fn)
    def w(*a):
        return fn(*a) + 1

    del w.__wrapped__
    return w


@no_wrapped
def hidden(a):
    return a


class Traced:
    """A callable object that wraps a function with update_wrapper."""

    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.calls = 0

    def __call__(self, *a):
        self.calls += 1
        return self.__wrapped__(*a)


@Traced
def traced_sum(a, b):
    """Sum."""
    return a + b


traced_sum(1, 1)


def wrapped_other(fn):
    """A wrapper that wraps a DIFFERENT function than the one it calls (signature lies)."""

    def real(*a):
        return ("real", a)

    functools.update_wrapper(real, fn)
    return real


@wrapped_other
def facade(a, b, c):
    return None


def wraps_a_builtin():
    @functools.wraps(len)
    def my_len(obj):
        return len(obj) * 2

    return my_len


double_len = wraps_a_builtin()


def method_decorator(fn):
    @functools.wraps(fn)
    def w(self, *a):
        return ("m", fn(self, *a))

    return w


class Box:
    def __init__(self, v):
        self.v = v

    @method_decorator
    def get(self):
        """Get it."""
        return self.v


CASES = {
    "wraps_chain_of_three": (
        base,
        [
            "f(1)",
            "f.__name__",
            "f.__doc__",
            "f.__wrapped__(1)",
            "f.__wrapped__.__wrapped__.__wrapped__(1, 5)",
            "inspect.unwrap(f)(3)",
            "str(inspect.signature(f))",
            "f.__annotations__",
            "inspect.unwrap(f).__qualname__",
        ],
    ),
    "explicit_signature_attribute": (two, ["f(5)", "str(inspect.signature(f))", "f.__name__"]),
    "wraps_with_chosen_assigned": (renamed, ["f(2)", "f.__name__", "f.__doc__", "f.__qualname__"]),
    "wrapped_attribute_deleted": (
        hidden,
        ["f(1)", "hasattr(f, '__wrapped__')", "f.__name__", "str(inspect.signature(f))"],
    ),
    "callable_object_with_update_wrapper": (
        traced_sum,
        [
            "f(2, 3)",
            "f.calls",
            "f.__name__",
            "f.__doc__",
            "f.__wrapped__(1, 2)",
            "str(inspect.signature(f))",
            "type(f).__name__",
        ],
    ),
    "wrapper_of_a_different_function": (
        facade,
        ["f(1, 2, 3)", "f.__name__", "str(inspect.signature(f))", "f.__wrapped__(1, 2, 3)"],
    ),
    "wraps_a_builtin": (double_len, ["f('abc')", "f.__name__", "f.__wrapped__ is len", "f.__doc__[:20]"]),
    "wrapped_method": (Box, ["f(4).get()", "f.get.__name__", "f.get.__doc__", "f.get.__wrapped__(f(1))"]),
    "wrapped_method_bound": (Box(6).get, ["f()", "f.__name__", "f.__self__.v"]),
}

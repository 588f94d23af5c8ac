"""``typing.ParamSpec`` (Python 3.10) in user code: a decorator typed with ``P.args`` and
``P.kwargs``, ``Concatenate``, a generic class over a ParamSpec, a ParamSpec made in a function
(a closure cell), one held with a TypeVar as a value. CPython 3.12+ answers ``NoneType`` for the
``__bound__`` of a ParamSpec made without one (``ParamSpec("P")``; its C type checks None into
``type(None)``), so dumps on 3.12+ wrote ``ParamSpec('P', bound=NoneType)``: payloads differing
from 3.9-3.11's, loading as a ParamSpec bounded by ``NoneType`` on 3.10 and 3.11, and a payload of
3.10 or 3.11 dumped again on 3.12+ gave other bytes. Each is ``ParamSpec("P")`` again, the one of
no bound on every Python. No case file held a ParamSpec before."""

import functools
import sys
import typing

REQUIRES_PYTHON = (3, 10)

P = typing.ParamSpec("P")
R = typing.TypeVar("R")
# The bound a ParamSpec made without one has on this Python (see the docstring).
NO_BOUND = "f.__bound__ is (None if __import__('sys').version_info < (3, 12) else type(None))"


def logged(fn: typing.Callable[P, R]) -> typing.Callable[P, R]:
    @functools.wraps(fn)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        inner.calls += 1
        return fn(*args, **kwargs)

    inner.calls = 0
    return inner


@logged
def area(w: int, h: int = 1) -> int:
    return w * h


def with_request(fn: typing.Callable[typing.Concatenate[str, P], R]) -> typing.Callable[P, R]:
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        return fn("request", *args, **kwargs)

    return inner


@with_request
def handle(request: str, n: int) -> str:
    return f"{request}:{n}"


class Task(typing.Generic[P, R]):
    def __init__(self, fn: typing.Callable[P, R]) -> None:
        self.fn = fn

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(*args, **kwargs)


def make_spec(name):
    spec = typing.ParamSpec(name)

    def describe():
        return spec.__name__, spec.__bound__ in (None, type(None))

    return describe


def params_of():
    hints = typing.get_type_hints(logged)
    return repr(hints["fn"]), repr(hints["return"]), sys.version_info >= (3, 10)


CASES = {
    "param_spec_value": (P, ["f.__name__", NO_BOUND, "repr(f)"]),
    "param_spec_with_type_var": ((P, R), ["[v.__name__ for v in f]", "f[1].__bound__"]),
    "decorated_with_param_spec": (area, ["f(2, h=3)", "f.calls", "str(inspect.signature(f))"]),
    "decorator_reading_it": (params_of, ["f()"]),
    "concatenate": (handle, ["f(3)"]),
    "generic_over_param_spec": (Task, ["f(len)('abc')", "[p.__name__ for p in f.__parameters__]"]),
    "param_spec_in_a_cell": (make_spec("Q"), ["f()"]),
}

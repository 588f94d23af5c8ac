"""Edges: metadata objects in Annotated under future, nested class names, module aliases,
replaced defaults, wrappers of builtins, signatures copied from other functions."""

from __future__ import annotations

import collections.abc as cabc
import dataclasses
import functools
import inspect
import os
import sys
import typing
from typing import Annotated, ClassVar


class Gt:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return f"Gt({self.n})"


class Outer:
    class Inner:
        pass

    def use(self, x: Outer.Inner) -> Outer.Inner:
        return x


def meta(x: Annotated[int, Gt(0)], m: cabc.Mapping[str, int] = None) -> Outer.Inner:
    return x


def replaced(a, b=1, *, c=2):
    return a, b, c


replaced.__defaults__ = (5,)
replaced.__kwdefaults__ = {"c": Gt(3)}


@functools.wraps(len)
def len_wrapper(*args):
    return len(*args)


def copier(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    wrapper.__signature__ = inspect.signature(fn)
    return wrapper


@copier
def copied(a: int, b: Gt = Gt(1), *, c: "Outer.Inner" = None) -> Outer:
    return a


@dataclasses.dataclass
class WithVars:
    count: ClassVar[int] = 0
    init: dataclasses.InitVar[int] = 1
    x: int = 0

    def __post_init__(self, init: int) -> None:
        self.x = init


lam = lambda a, b=Gt(2): (a, b)  # noqa: E731
lam.__annotations__ = {"a": int, "return": tuple}

CASES = {
    "meta": (meta, ["repr(typing.get_type_hints(f, include_extras=True)['x'].__metadata__)"]),
    "Outer": (Outer, ["typing.get_type_hints(f.use)", "str(inspect.signature(f.use))"]),
    "replaced": (replaced, ["f(0)"]),
    "len_wrapper": (len_wrapper, ["f([1])", "f.__wrapped__"]),
    "copied": (copied, ["f(1)", "f.__signature__"]),
    "WithVars": (WithVars, ["str(inspect.signature(f))", "f(init=4).x", "sorted(f.__dataclass_fields__)"]),
    "lam": (lam, ["f(1)"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

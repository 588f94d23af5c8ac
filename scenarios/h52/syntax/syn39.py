"""3.9 syntax: positional-only, walrus, dict union, decorators of any expression? (3.9)."""
import sys
from typing import TypeVar, Generic, Callable

T = TypeVar("T")


def posonly(a, b, /, c, *, d=4):
    return (a, b, c, d)


def walrus(xs):
    return [y for x in xs if (y := x * 2) > 2]


def fstr_eq(x):
    return f"{x=} {x!r:>6}"


def dict_union(a, b):
    return a | b


class Box(Generic[T]):
    def __init__(self, v: T) -> None:
        self.v = v

    def get(self) -> T:
        return self.v


def use_box(v):
    return Box(v).get()


pick = lambda *a, k=frozenset({3, 1, "a"}): sorted(map(str, k))

ITEMS = {"posonly": (posonly, "f(1, 2, 3)"), "walrus": (walrus, "f([1, 2, 3])"),
         "fstr_eq": (fstr_eq, "f(3)"), "dict_union": (dict_union, "f({1: 2}, {3: 4})"),
         "use_box": (use_box, "f(5)"), "pick": (pick, "f()")}

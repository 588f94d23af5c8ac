"""Python 3.13 typing: type parameter defaults (PEP 696), TypeIs, ReadOnly."""

import os
import sys
import typing
from typing import ReadOnly, TypedDict, TypeIs, TypeVar

D = TypeVar("D", default=int)


def with_default[T = str](x: T) -> T:
    return x


def is_int(x: object) -> TypeIs[int]:
    return isinstance(x, int)


class Movie(TypedDict):
    title: ReadOnly[str]


def movie(m: Movie) -> str:
    return m["title"]


def tv_default(x: D) -> D:
    return x


CASES = {
    "with_default": (with_default, ["f(1)", "f.__type_params__[0].__default__"]),
    "is_int": (is_int, ["f(1)"]),
    "movie": (movie, ["f({'title': 't'})"]),
    "tv_default": (tv_default, ["f.__annotations__['x'].__default__"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

"""Python 3.10 syntax in annotations that the def evaluates: X | None, ParamSpec, Concatenate."""

import os
import sys
import typing
from typing import Callable, Concatenate, ParamSpec, TypeAlias, TypeGuard, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
IntOrStr: TypeAlias = "int | str"


def union(x: int | None = None, *, y: list[int | str] = ()) -> dict[str, int] | None:
    return None


def with_request(fn: Callable[Concatenate[int, P], R]) -> Callable[P, R]:
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        return fn(1, *args, **kwargs)

    return inner


def para(*args: P.args, **kwargs: P.kwargs) -> None:
    return None


def guard(x: object) -> TypeGuard[int]:
    return isinstance(x, int)


def alias(x: IntOrStr) -> "IntOrStr":
    return x


CASES = {
    "union": (union, ["f()"]),
    "with_request": (with_request, ["f(lambda a, b: a + b)(2)"]),
    "inner": (with_request(lambda a, b: a + b), ["f(2)"]),
    "para": (para, []),
    "guard": (guard, ["f(1)"]),
    "alias": (alias, []),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

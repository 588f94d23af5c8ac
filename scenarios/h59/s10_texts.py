"""Annotation texts: multi-line with comments, globals rebound after the def, shadowing names,
builtins shadowed by a global, attribute chains, unusual expressions."""

import collections
import os
import sys
import typing
from typing import Dict, List

T = int


def rebound(x: T, y: List[T] = ()) -> T:
    return x


T = str  # rebound after the def: the annotation says int


def multiline(
    x: Dict[
        str,  # the key
        int,  # the value
    ],
    y: "List[  int  ]" = (),
) -> (
    None
):
    return None


def shadowing(int: int, list: List[int] = ()) -> dict:  # noqa: A002
    return {"int": int}


float = complex  # noqa: A001 - a global shadowing a builtin


def shadowed_builtin(x: float) -> float:
    return x


def chains(d: collections.OrderedDict, e: typing.Optional[collections.abc.Mapping] = None) -> os.PathLike:
    return d


def expressions(a: List[int] if True else None, b: (lambda: int)() = 0, c: [int, str] = None) -> 3 + 4:  # noqa: E731
    return a


Alias = List[int]
del Alias  # annotations made from a global since deleted


CASES = {
    "rebound": (rebound, ["f.__annotations__"]),
    "multiline": (multiline, []),
    "shadowing": (shadowing, ["f(1)"]),
    "shadowed_builtin": (shadowed_builtin, ["f.__annotations__"]),
    "chains": (chains, []),
    "expressions": (expressions, ["f.__annotations__"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

import dataclasses
from typing import TypeAlias, Optional

IntList: TypeAlias = "list[int]"


def matcher(v):
    match v:
        case {"k": int(n)} if n > 1:
            return ("dict", n)
        case [a, *rest]:
            return ("seq", a, len(rest))
        case str() | bytes() as s:
            return ("text", s)
        case _:
            return None


def parens_with(path):
    import contextlib
    with (
        contextlib.nullcontext(1) as a,
        contextlib.nullcontext(2) as b,
    ):
        return a + b


def union_ann(x: int | None = None) -> int | str:
    return x if x is not None else "none"


def union_value(x):
    return isinstance(x, int | str)


@dataclasses.dataclass(slots=True, kw_only=True)
class Point:
    x: int
    y: int = 0


def make_point(x):
    return Point(x=x)


def uses_alias(xs: IntList) -> int:
    return len(xs)


def zip_strict(a, b):
    return list(zip(a, b, strict=True))


ITEMS = {"matcher": (matcher, "[f({'k': 3}), f([1,2,3]), f('s'), f(1.5)]"),
         "parens_with": (parens_with, "f(0)"), "union_ann": (union_ann, "(f(), f(2))"),
         "union_value": (union_value, "(f(1), f(1.0))"), "make_point": (make_point, "(f(3).x, f(3).y)"),
         "uses_alias": (uses_alias, "f([1,2])"), "zip_strict": (zip_strict, "f([1],[2])")}

"""Bound methods, partialmethod, NamedTuple, dataclass __init__, async, generators, singledispatch."""

import asyncio
import dataclasses
import functools
import os
import sys
import typing
from typing import AsyncIterator, Iterator, List, NamedTuple, Optional


class Pt(NamedTuple):
    x: int
    y: "Optional[Pt]" = None


@dataclasses.dataclass
class DC:
    a: int
    b: List[str] = dataclasses.field(default_factory=list)
    c: "Optional[DC]" = None


class Svc:
    def __init__(self, k: int = 1) -> None:
        self.k = k

    def run(self, x: int, *, y: "Svc" = None) -> int:
        return x * self.k

    def _base(self, a: int, b: str = "b") -> str:
        return f"{a}{b}"

    part = functools.partialmethod(_base, b="z")

    @functools.cached_property
    def cached(self) -> List[int]:
        return [self.k]


async def co(x: int, *, d: float = 1.0) -> float:
    return x * d


def gen(n: int) -> Iterator[int]:
    yield from range(n)


async def agen(n: int) -> AsyncIterator[int]:
    for i in range(n):
        yield i


@functools.singledispatch
def disp(x: object) -> str:
    return "obj"


@disp.register
def _(x: int) -> str:
    return "int"


@functools.lru_cache(maxsize=None)
def cached_fn(a: int, b: int = 2) -> int:
    return a + b


CASES = {
    "Pt": (Pt, ["str(inspect.signature(f))", "f(1)", "typing.get_type_hints(f)"]),
    "DC": (DC, ["str(inspect.signature(f))", "f(1)", "typing.get_type_hints(f.__init__)"]),
    "bound": (Svc(3).run, ["f(2)", "f.__self__.k"]),
    "Svc": (Svc, ["str(inspect.signature(f.part))", "f().part(1)", "str(inspect.signature(f))", "f(2).cached", "typing.get_type_hints(f.cached.func)"]),
    "co": (co, ["asyncio.run(f(2))", "inspect.iscoroutinefunction(f)"]),
    "gen": (gen, ["list(f(3))"]),
    "agen": (agen, ["inspect.isasyncgenfunction(f)"]),
    "disp": (disp, ["f(1)", "f('a')", "sorted(k.__name__ for k in f.registry)"]),
    "cached_fn": (cached_fn, ["f(1)", "hasattr(f, '__wrapped__')"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

"""Correct calls under typecheck=True: any TypeCheckError or crash here is a false positive."""

import os
import sys
import typing
from typing import (Any, Callable, Concatenate, Generic, LiteralString, NewType, NoReturn, Optional,
                    ParamSpec, Protocol, Self, TypedDict, TypeGuard, TypeVar, NotRequired, Annotated,
                    Literal, Never, runtime_checkable)

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound="Node")
UserId = NewType("UserId", int)


class Node:
    def clone(self) -> Self:
        return self

    def children(self: T) -> list[T]:
        return [self]


class Movie(TypedDict):
    title: str
    year: NotRequired[int]


@runtime_checkable
class Closer(Protocol):
    def close(self) -> None: ...


class File:
    def close(self) -> None:
        pass


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item


def self_ret(n: Node) -> Node:
    return n.clone()


def literal_string(s: LiteralString) -> LiteralString:
    return s


def guard(x: object) -> TypeGuard[int]:
    return isinstance(x, int)


def deco(fn: Callable[Concatenate[int, P], R]) -> Callable[P, R]:
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        return fn(1, *args, **kwargs)
    return inner


def movie(m: Movie) -> str:
    return m["title"]


def closer(c: Closer) -> None:
    c.close()


def bounded(n: T) -> T:
    return n


def newtype(u: UserId) -> UserId:
    return u


def ann(x: Annotated[int, "meta"], mode: Literal["a", "b"] = "a") -> Optional[int]:
    return x


def boxed(b: Box[Node]) -> Box[Node]:
    return b


def any_callable(fn: Callable[..., Any]) -> Callable[[int], int]:
    return lambda x: x


def never_returns() -> NoReturn:
    raise ValueError("x")


CASES = {
    "self_ret": (self_ret, ["type(f(g['Node']())).__name__"]),
    "node_methods": (Node, ["type(f().clone()).__name__", "len(f().children())"]),
    "literal_string": (literal_string, ["f('x')"]),
    "guard": (guard, ["f(1)", "f('a')"]),
    "deco": (deco, ["f(lambda a, b: a + b)(2)"]),
    "movie": (movie, ["f({'title': 't'})", "f({'title': 't', 'year': 1})"]),
    "closer": (closer, ["f(type('F', (), {'close': lambda self: None})())"]),
    "bounded": (bounded, ["type(f(g['Node']())).__name__"]),
    "newtype": (newtype, ["f(3)"]),
    "ann": (ann, ["f(1)", "f(1, 'b')"]),
    "boxed": (boxed, ["type(f(g['Box'](g['Node']()))).__name__"]),
    "any_callable": (any_callable, ["f(len)(2)"]),
    "never_returns": (never_returns, ["type(__import__('srcpickle') if False else None).__name__"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

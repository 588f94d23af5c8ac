"""PEP 695 (3.12): generic functions, classes, type aliases; overloads of generics."""

import os
import sys
import typing
from typing import overload


type Pair[K] = tuple[K, K]
type Forward = list["Later"]


def first[T](xs: list[T]) -> T:
    return xs[0]


def bounded[N: (int, float), S: "Later"](n: N, s: S | None = None) -> Pair[N]:
    return (n, n)


def paramspec[**P, R](fn: typing.Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    return fn(*args, **kwargs)


def variadic[*Ts](*args: *Ts) -> tuple[*Ts]:
    return args


class Stack[V]:
    def push[W](self, item: W, other: V | None = None) -> "Stack[V]":
        return self

    @classmethod
    def make(cls) -> "Stack[V]":
        return cls()


def uses_alias(p: Forward) -> Pair[int]:
    return (1, 1)


class Later:
    pass


class Base:
    def push(self, item):
        return "base"


class Child[V](Base):
    Unit = int

    def push[W: Later](self, item: W, n: Unit = 1, other: V | None = None) -> tuple[W, str]:
        return (item, super().push(item))


def maker[T](x: T):
    def inner(y: T) -> list[T]:
        return [x, y]

    return inner


CASES = {
    "first": (first, ["f([3])", "f.__type_params__"]),
    "bounded": (bounded, ["f(1)", "[t.__bound__ for t in f.__type_params__]", "[t.__constraints__ for t in f.__type_params__]"]),
    "paramspec": (paramspec, ["f(len, [1])"]),
    "variadic": (variadic, ["f(1, 'a')"]),
    "Stack": (Stack, ["typing.get_type_hints(f.push)", "str(inspect.signature(f.push))", "f.__type_params__", "f.push.__type_params__"]),
    "push_alone": (Stack.push, ["str(inspect.signature(f))", "f.__type_params__", "typing.get_type_hints(f)"]),
    "Child": (Child, ["f().push(1)", "str(inspect.signature(f.push))", "f.push.__type_params__", "f.push.__type_params__[0].__bound__", "f.push.__annotations__"]),
    "child_push": (Child.push, ["str(inspect.signature(f))", "f.__type_params__", "f.__annotations__"]),
    "uses_alias": (uses_alias, ["f.__annotations__['p'].__value__"]),
    "inner": (maker(1), ["f(2)"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

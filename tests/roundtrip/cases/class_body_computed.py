"""Class bodies that compute, while the class statement runs, with a variable of the function that
makes the class which no method keeps: the variable is gone once the class exists, and loading
runs the statement again. Before: every one dumped and every load failed (NameError for what a
lambda the body called read, TypeError where a name bound from the variable, ``start = n``, went
as None), or a decorator's argument loaded as None (``lru_cache(maxsize=n)``). The value the live
class holds under a name the body bound the variable to is now the variable's; where nothing holds
it, a body that only passes it along runs with None and the class's attributes captured whole put
back what it made. Module-level classes go as they went. Each case checks the loaded class's
attributes and methods against the live ones; the harness checks dumps(loads(p)) == p."""

import abc
import dataclasses
import functools

BASE = 4


def alias(n):
    class Start:
        start = n
        doubled = [v * 2 for v in [start]]

        def twice(self):
            return self.doubled[0] * 2

    return Start


def alias_of_alias(n):
    class Chain:
        a = n
        b = a
        c = b * 3

        def get(self):
            return self.c + 1

    return Chain


def alias_deleted(n):
    class Dropped:
        tmp = n
        kept = tmp
        plus = tmp + 1
        del tmp

    return Dropped


def annotated_alias(n):
    class Annotated:
        start: int = n
        twice: int = start * 2

    return Annotated


def walrus(n):
    class Walrus:
        shifted = (base := n) + 1
        again = base * 2

    return Walrus


def generator_over_alias(n):
    class Counted:
        first = n
        total = sum(v for v in range(first))
        squares = {v: v * v for v in range(first)}
        any_big = any(v > 2 for v in range(first))

    return Counted


def comprehension_over_alias(xs):
    class Items:
        items = xs
        doubled = [v * 2 for v in items]
        evens = sorted({v for v in items if v % 2 == 0})
        pairs = dict((v, v + 1) for v in items)

    return Items


def lambdas_called(n, xs):
    class Sorted:
        scale = n
        items = xs
        order = sorted(items, key=lambda v: -v * n)
        value = (lambda: n)()
        picked = list(filter(lambda v: v > n, items))

    return Sorted


def lambda_called_reading_only(n):
    class Read:
        value = (lambda: n)()
        label = (lambda: f"<{n}>")()
        both = (lambda: (n, n))()

    return Read


def method_and_body(n):
    class Both:
        scaled = [v * n for v in range(3)]
        total = sum(v + n for v in range(2))

        def get(self):
            return n

    return Both


def method_and_body_shared(n):
    class Counter:
        first = n * 2

        def bump(self):
            nonlocal n
            n += 1
            return n

    return Counter


def helper_dropped(n):
    class Helped:
        base = n

        def _helper(v):
            return v * n

        made = _helper(3)
        del _helper

    return Helped


def decorator_argument(n):
    class Cached:
        size = n

        @functools.lru_cache(maxsize=n)
        def square(self, v):
            return v * v

    return Cached


def mangled_alias(n):
    class Hidden:
        __hidden = n
        shown = __hidden + 1

        def get(self):
            return self.__hidden

    return Hidden


def nested(n):
    class Outer:
        class Inner:
            start = n
            doubled = start * 2

        top = Inner.doubled + 1

    return Outer


def nested_deep(n, m):
    class Outer:
        class Middle:
            class Inner:
                low = m
                both = [low * 2]

            width = n
            area = width * Inner.both[0]

        def get(self):
            return self.Middle.area

    return Outer


def dataclass_alias(n):
    @dataclasses.dataclass
    class Point:
        x: int = n
        y: int = x * 2

    return Point


def abstract_passing(n):
    class Shape(abc.ABC):
        pair = (n, 1)
        label = f"{n}-gon"

        @abc.abstractmethod
        def area(self):
            raise NotImplementedError

    return Shape


def reassigned_after(n):
    class Moved:
        start = n
        doubled = start * 2

    Moved.start = 100
    return Moved


def method_deleted(n):
    class Trimmed:
        pair = (n, 1)

        def get(self):
            return n * 2

    del Trimmed.get  # (it never ran while the body ran: what it reads is no read of the body)
    return Trimmed


def instance(n):
    class Made:
        start = n
        doubled = [start * 2]

    return Made()


class Factory:
    def build(self, n):
        class Built:
            start = n
            doubled = start + start

        return Built


class AtModule:
    start = BASE
    doubled = [v * 2 for v in [start]]
    order = sorted([3, 1, 2], key=lambda v: -v * BASE)
    value = (lambda: BASE)()

    class Inner:
        low = BASE
        both = low * 2


CASES = {
    "alias": (alias(5), ["f.start", "f.doubled", "f().twice()"]),
    "alias_of_alias": (alias_of_alias(2), ["(f.a, f.b, f.c)", "f().get()"]),
    "alias_deleted": (alias_deleted(2), ["(f.kept, f.plus)", "hasattr(f, 'tmp')"]),
    "annotated_alias": (annotated_alias(3), ["(f.start, f.twice)", "f.__annotations__"]),
    "walrus": (walrus(3), ["(f.shifted, f.base, f.again)"]),
    "generator_over_alias": (generator_over_alias(4), ["(f.first, f.total, f.squares, f.any_big)"]),
    "comprehension_over_alias": (
        comprehension_over_alias([1, 2, 3, 4]),
        ["f.doubled", "f.evens", "f.pairs", "f.items is f.items"],
    ),
    "lambdas_called": (lambdas_called(2, [3, 1, 2]), ["(f.order, f.value, f.picked, f.scale)"]),
    "lambda_called_reading_only": (lambda_called_reading_only(6), ["(f.value, f.label, f.both)"]),
    "method_and_body": (method_and_body(2), ["(f.scaled, f.total)", "f().get()"]),
    "method_and_body_shared": (method_and_body_shared(1), ["f.first", "f().bump()", "f().bump()"]),
    "helper_dropped": (helper_dropped(2), ["(f.base, f.made)", "hasattr(f, '_helper')"]),
    "decorator_argument": (
        decorator_argument(7),
        ["f.size", "f().square(3)", "f.square.cache_parameters()"],
    ),
    "mangled_alias": (mangled_alias(1), ["(f._Hidden__hidden, f.shown)", "f().get()"]),
    "nested": (nested(3), ["(f.Inner.start, f.Inner.doubled, f.top)", "f.Inner.__qualname__"]),
    "nested_deep": (
        nested_deep(2, 5),
        ["(f.Middle.Inner.low, f.Middle.Inner.both, f.Middle.width, f.Middle.area)", "f().get()"],
    ),
    "dataclass_alias": (dataclass_alias(2), ["f()", "f(1)", "(f.x, f.y)"]),
    "abstract_passing": (
        abstract_passing(6),
        ["(f.pair, f.label)", "sorted(f.__abstractmethods__)", "type(f).__name__"],
    ),
    "reassigned_after": (reassigned_after(5), ["(f.start, f.doubled)"]),
    "method_deleted": (method_deleted(3), ["f.pair", "hasattr(f, 'get')"]),
    "instance": (instance(4), ["(f.start, f.doubled)", "type(f).__qualname__"]),
    "in_a_method": (Factory().build(8), ["(f.start, f.doubled)", "f.__qualname__"]),
    "at_module": (
        AtModule,
        ["(f.start, f.doubled, f.order, f.value)", "(f.Inner.low, f.Inner.both)"],
    ),
}

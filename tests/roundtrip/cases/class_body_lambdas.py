"""Lambdas and comprehensions in class bodies, closing over an enclosing function's variables (or
a module's globals), each dumped again after loading: ``dumps(loads(p)) == p`` (the harness
checks it for every case). A lambda the class keeps is built at load from a section of its own,
in a file of its own; dumps of the loaded class did not take it as code of the class statement:
the class section lost its ``closure n = @cell.make.n`` line and the cell was named after the
lambda (``cell.make.n-g``), or the class was refused when its body also read the variable. Two
lambdas of one body line (``property(lambda ...: ..., lambda ...: ...)``) were refused by the
first dumps (SourceMismatchError): only the first lambda of a line was compared. A lambda's
default that reads a variable (``g = lambda self, v=n: v``) is evaluated by the class body, but
was not seen as read by it: the payload loaded with NameError."""

import dataclasses

SCALE = 3


def plain(n):
    class Inner:
        g = lambda self, v: n // v  # noqa: E731

    return Inner


def static_lambda(n):
    class Tool:
        times = staticmethod(lambda v: v * n)

    return Tool


def class_lambda(n):
    class Named:
        label = classmethod(lambda cls: cls.__name__ * n)

    return Named


def property_lambda(n):
    class Box:
        size = property(lambda self: n + 1)

    return Box


def property_pair(n):
    class Cell:
        value = property(
            lambda self: self.__dict__.get("v", n), lambda self, v: self.__dict__.update(v=v * n)
        )

    return Cell


def dict_of_lambdas(n):
    class Ops:
        table = {"add": lambda v: v + n, "mul": lambda v: v * n}

    return Ops


def list_of_lambdas(a, b):
    class Steps:
        steps = [lambda v: v + a, lambda v: v * b]

    return Steps


def comprehension_with_method(n):
    class Squares:
        values = [i * n for i in range(4)]
        keys = {str(i): i + n for i in range(2)}
        total = sum(i + n for i in range(3))

        def base(self):
            return n

    return Squares


def comprehension_with_lambda(n):
    class Mixed:
        values = [i * n for i in range(3)]
        g = lambda self: n  # noqa: E731

    return Mixed


def lambdas_made_by_comprehension(n):
    class Made:
        fns = [lambda v, i=i: v * i + n for i in range(3)]

    return Made


def method_default(n):
    class Defaults:
        def get(self, fn=lambda: n * 2):
            return fn()

    return Defaults


def lambda_default(n):
    class Fixed:
        g = lambda self, v=n: v * 2  # noqa: E731
        h = lambda self, f=lambda: n + 1: f()  # noqa: E731

    return Fixed


def lambda_default_alone(n):
    class Alone:
        g = lambda self, v=n: v * 2  # noqa: E731
        k = lambda self, *, scale=n: scale  # noqa: E731

    return Alone


def lambda_default_in_method_default(n):
    class Deep:
        def get(self, f=lambda v=n: v + 1):
            return f()

    return Deep


def lambda_default_in_nested_class(n):
    class Outer:
        class Inner:
            g = staticmethod(lambda v=n: v)

    return Outer


def shared_cell():
    count = 0

    class Counter:
        peek = lambda self: count  # noqa: E731

        def bump(self):
            nonlocal count
            count += 1
            return count

    return Counter


def shared_with_setter():
    state = [0]

    class Holder:
        read = staticmethod(lambda: state[0])

        @staticmethod
        def reset(value):
            nonlocal state
            state = [value]

    return Holder


def nested(n):
    class Outer:
        class Inner:
            g = lambda self, v: v + n  # noqa: E731

    return Outer


def nested_both(n, m):
    class Outer:
        top = lambda self: n  # noqa: E731

        class Inner:
            g = lambda self: n + m  # noqa: E731

            class Deepest:
                h = staticmethod(lambda: m * 10)

    return Outer


def two_levels(a):
    def inner(b):
        class Both:
            g = lambda self: a * 10 + b  # noqa: E731

        return Both

    return inner(2)


def two_on_one_line(a, b):
    class Pair:
        # fmt: off
        first = lambda self: a; second = lambda self: b  # noqa: E702, E731
        # fmt: on
        both = (lambda self: a, lambda self: b)

    return Pair


def multiline(lo, hi):
    class Clamp:
        # fmt: off
        clamp = staticmethod(lambda v: (
            lo
            if v < lo
            else min(v, hi)
        ))
        # fmt: on

    return Clamp


def lambda_in_lambda(n):
    class Curry:
        make = staticmethod(lambda a: lambda b: a + b + n)

    return Curry


def itself():
    class Node:
        make = staticmethod(lambda: Node())
        kind = lambda self: type(self) is Node  # noqa: E731

    return Node


def over_a_helper(n):
    def helper(v):
        return v + n

    class Uses:
        g = staticmethod(lambda v: helper(v) * 2)

    return Uses


def zero_argument_super(n):
    class Base:
        def who(self):
            return "base"

    class Child(Base):
        who = lambda self: super().who() + str(n)  # noqa: E731
        own = lambda self: __class__.__name__  # noqa: E731

    return Child


def subclass(n, m):
    class Base:
        g = lambda self: n  # noqa: E731

    class Sub(Base):
        h = lambda self: self.g() + m  # noqa: E731

    return Sub


def dataclass_with_lambda(n):
    @dataclasses.dataclass
    class Point:
        x: int = 0
        shifted = lambda self: self.x + n  # noqa: E731

    return Point


def used_by_function(n):
    class Scaled:
        g = lambda self, v: v * n  # noqa: E731

    def use(v):
        return Scaled().g(v) + n

    return use


def instance(n):
    class Made:
        g = lambda self: n  # noqa: E731

    return Made()


class Factory:
    def build(self, n):
        class Built:
            g = lambda self: n  # noqa: E731

        return Built


class AtModule:
    g = lambda self, v: v * SCALE  # noqa: E731
    table = {"neg": lambda v: -v * SCALE}
    values = [i * SCALE for i in range(3)]
    twice = staticmethod(lambda v: v * 2)

    class Inner:
        h = property(lambda self: SCALE + 1)


PLAIN = plain(1)

# A lambda's qualname names the comprehension it is in on 3.9-3.11 and PyPy (with <locals> on
# PyPy), not on 3.12+ (PEP 709 inlines comprehensions).
DUMPERS_VARY = {
    "lambdas_made_by_comprehension": "the lambdas' qualnames name the comprehension on 3.9-3.11 and "
    "PyPy (with <locals> on PyPy), not on 3.12+ (PEP 709 inlines comprehensions)",
}

CASES = {
    "plain": (PLAIN, ["f().g(3)", "f().g(1)", "f.g.__closure__[0].cell_contents"]),
    "plain_lambda_alone": (PLAIN.g, ["f(None, 1)", "f.__qualname__"]),
    "plain_class_and_lambda": (
        (PLAIN, PLAIN.g),
        ["f[0].g is f[1]", "f[0]().g(1)", "f[1].__closure__[0].cell_contents"],
    ),
    "static_lambda": (static_lambda(2), ["f.times(3)", "f().times(4)"]),
    "class_lambda": (class_lambda(2), ["f.label()"]),
    "property_lambda": (property_lambda(4), ["f().size", "type(f.__dict__['size']).__name__"]),
    "property_pair": (
        property_pair(4),
        ["f().value", "[setattr(f, 'o', f()), setattr(f.o, 'value', 2), f.o.value][-1]"],
    ),
    "dict_of_lambdas": (dict_of_lambdas(5), ["f.table['add'](1)", "f.table['mul'](2)", "sorted(f.table)"]),
    "list_of_lambdas": (list_of_lambdas(1, 2), ["[s(3) for s in f.steps]"]),
    "comprehension_with_method": (
        comprehension_with_method(2),
        ["f.values", "f.keys", "f.total", "f().base()"],
    ),
    "comprehension_with_lambda": (comprehension_with_lambda(2), ["f.values", "f().g()"]),
    "lambdas_made_by_comprehension": (lambdas_made_by_comprehension(5), ["[g(2) for g in f.fns]"]),
    "method_default": (method_default(6), ["f().get()", "f().get(lambda: 0)"]),
    "lambda_default": (lambda_default(3), ["f().g()", "f().g(1)", "f().h()"]),
    "lambda_default_alone": (lambda_default_alone(4), ["f().g()", "f().k()", "f().k(scale=1)"]),
    "lambda_default_in_method_default": (lambda_default_in_method_default(4), ["f().get()"]),
    "lambda_default_in_nested_class": (lambda_default_in_nested_class(4), ["f.Inner.g()", "f.Inner.g(1)"]),
    "shared_cell": (
        shared_cell(),
        ["f().peek()", "f().bump()", "f().peek()", "f.peek.__closure__[0] is f.bump.__closure__[0]"],
    ),
    "shared_with_setter": (shared_with_setter(), ["f.read()", "f.reset(4)", "f.read()"]),
    "nested": (nested(7), ["f.Inner().g(1)", "f.Inner.__qualname__"]),
    "nested_both": (
        nested_both(1, 2),
        ["f().top()", "f.Inner().g()", "f.Inner.Deepest.h()", "f.Inner.Deepest.__qualname__"],
    ),
    "two_levels": (two_levels(1), ["f().g()"]),
    "two_on_one_line": (two_on_one_line(1, 2), ["f().first()", "f().second()", "[g(None) for g in f.both]"]),
    "multiline": (multiline(0, 9), ["f.clamp(-1)", "f.clamp(20)", "f.clamp(5)"]),
    "lambda_in_lambda": (lambda_in_lambda(1), ["f.make(2)(3)"]),
    "itself": (itself(), ["f.make().kind()", "type(f.make()) is f"]),
    "over_a_helper": (over_a_helper(1), ["f.g(2)"]),
    "zero_argument_super": (zero_argument_super(5), ["f().who()", "f().own()"]),
    "subclass": (subclass(1, 2), ["f().h()", "f.__mro__[1]().g()"]),
    "dataclass_with_lambda": (dataclass_with_lambda(10), ["f(2).shifted()", "f(2)"]),
    "used_by_function": (used_by_function(3), ["f(2)"]),
    "instance": (instance(8), ["f.g()", "type(f).__qualname__"]),
    "in_a_method": (Factory().build(8), ["f().g()", "f.__qualname__"]),
    "at_module": (
        AtModule,
        ["f().g(2)", "f.table['neg'](1)", "f.values", "f.twice(4)", "f.Inner().h"],
    ),
}

"""Classes and functions made in a function, closing over its variables every way a class
statement can, each dumped again after loading: ``dumps(loads(p)) == p`` (the harness checks it
for every case). A lambda of a decorator line that the class keeps (``@keeps(lambda: offset)``)
is built at load from a section of its own, in a file of its own: dumps of the loaded class once
did not see it as code of the statement, found no cell for the variable the decorator read, and
refused the class ("its value was not kept"). Two different lambdas of one decorator line were
refused by the first dumps (SourceMismatchError): the first lambda of that line was the only one
compared."""

import functools


def keeps(fn):
    def apply(cls):
        cls.extra = staticmethod(fn)
        return cls

    return apply


def pair(first, second):
    def apply(cls):
        cls.first = staticmethod(first)
        cls.second = staticmethod(second)
        return cls

    return apply


def keyed(key):
    def apply(fn):
        fn.key = key
        return fn

    return apply


def class_with_user(n):
    @keeps(lambda: n * 10)
    class Scaled:
        def get(self):
            return self.extra()

    def use():
        return Scaled().get() + n

    return use


def decorator_and_setter():
    state = 0

    def setter(value):
        nonlocal state
        state = value

    @keeps(lambda: state)
    class Reader:
        def get(self):
            return self.extra()

    return Reader, setter


def nested_decorated(offset):
    class Outer:
        @keeps(lambda: offset * 2)
        class Inner:
            def get(self):
                return self.extra()

    return Outer


def multiline_decorator(lo, hi):
    @keeps(
        lambda: (
            lo,
            hi,
        )
    )
    @functools.total_ordering
    class Range:
        def __eq__(self, other):
            return True

        def __lt__(self, other):
            return False

        def bounds(self):
            return self.extra()

    return Range


def two_lambdas_one_line(a):
    @pair(lambda: a, lambda: a + 1)
    class Both:
        def get(self):
            return self.first(), self.second()

    return Both


def method_decorator_lambda(offset):
    class Shifter:
        @keyed(lambda v: v + offset)
        def run(self, v):
            return self.run.key(v)

    return Shifter


def body_reads(base):
    class Start:
        start = base

        def doubled(self):
            return self.start * 2

    return Start


def methods_share_with_function():
    count = 0

    class Counter:
        def bump(self):
            nonlocal count
            count += 1
            return count

    def read():
        return count

    return Counter, read


def default_made_in_function(limit):
    def check(value, bound=lambda: limit):
        return value < bound()

    class Checker:
        def ok(self, value, test=check):
            return test(value)

    return Checker


def nested_classes(tag):
    class Outer:
        class Inner:
            def name(self):
                return tag + "-inner"

        def name(self):
            return tag + "-outer"

    return Outer


CASES = {
    "decorated_class_used_by_function": (class_with_user(2), ["f()"]),
    "decorator_lambda_and_setter": (
        decorator_and_setter(),
        ["f[0]().get()", "f[1](5)", "f[0]().get()", "f[0].extra()"],
    ),
    "nested_class_decorated": (nested_decorated(4), ["f.Inner().get()", "f.Inner.__qualname__"]),
    "multiline_decorator_lambda": (multiline_decorator(1, 9), ["f().bounds()", "f() <= f()"]),
    "two_lambdas_one_decorator_line": (two_lambdas_one_line(7), ["f().get()"]),
    "method_decorator_lambda": (method_decorator_lambda(3), ["f().run(1)"]),
    "class_body_reads": (body_reads(7), ["f().doubled()", "f.start"]),
    "methods_share_with_function": (
        methods_share_with_function(),
        ["f[1]()", "f[0]().bump()", "f[0]().bump()", "f[1]()"],
    ),
    "default_made_in_function": (default_made_in_function(10), ["f().ok(3)", "f().ok(30)"]),
    "nested_classes": (nested_classes("t"), ["f().name()", "f.Inner().name()", "f.Inner.__qualname__"]),
}

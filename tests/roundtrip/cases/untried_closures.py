"""Closures and lambdas in scopes no case file held before (h133), beside the comprehension
lambdas of ``comprehension_lambdas``: a class body's lambda with a class-level default and a
comprehension over a class attribute, lambdas over ``__class__`` in a method's comprehension, a
cell that is also an argument changed after the closure was made, lambdas a generator made, a
lambda as a lambda's default, two lambdas on one line of a module comprehension, comprehension
lambdas reading a name a walrus bound (a module global, a function's variable), lambdas of an
async comprehension, nested comprehensions in a function. All loaded and worked on every
interpreter when written."""


class Config:
    k = 2
    scale = lambda self, x, k=k: x * k  # noqa: E731
    items = [1, 2, 3]
    doubled = [x * 2 for x in items]

    def makers(self):
        return [lambda: (i, __class__.__name__) for i in range(2)]


def shifting(x):
    def get():
        return x

    x += 1
    return get


def gen_lambdas():
    for i in range(3):
        yield lambda: i


GEN = list(gen_lambdas())

nested_default = lambda x, g=lambda y: y * 2: g(x)  # noqa: E731

TWO_PER_LINE = [(lambda: i, lambda: -i) for i in range(2)]
WALRUS = [lambda: y for x in range(3) if (y := x * 10)]


def walrus_in_function():
    return [lambda: (x, y) for x in range(3) if (y := x * 10)]


async def agen(n):
    for i in range(n):
        yield i


async def async_lambdas(n):
    return [(lambda: i) async for i in agen(n)]


def outer_with_comprehension(n):
    return {k: [lambda: (k, j, n) for j in range(2)] for k in "ab"}


DUMPERS_VARY = {
    "two_per_line": "the lambdas' qualnames name the comprehension before 3.12 (PEP 709)",
    "walrus_global": "the lambdas' qualnames name the comprehension before 3.12 (PEP 709)",
    "walrus_in_function": "the lambdas' qualnames name the comprehension before 3.12 (PEP 709)",
    "nested_in_function": "the lambdas' qualnames name the comprehension before 3.12 (PEP 709)",
}

CASES = {
    "class_default_lambda": (Config, ["f().scale(3)", "f.doubled", "[g() for g in f().makers()]"]),
    "argument_cell": (shifting(1), ["f()"]),
    "generator_cells": (GEN, ["[g() for g in f]"]),
    "lambda_default_lambda": (nested_default, ["f(4)", "f(4, lambda y: -y)"]),
    "two_per_line": (TWO_PER_LINE, ["[(a(), b()) for a, b in f]"]),
    "walrus_global": (WALRUS, ["[g() for g in f]"]),
    "walrus_in_function": (walrus_in_function(), ["[g() for g in f]"]),
    "async_comprehension_lambdas": (async_lambdas, ["[g() for g in asyncio.run(f(3))]"]),
    "nested_in_function": (
        outer_with_comprehension(7),
        ["sorted((k, [g() for g in v]) for k, v in f.items())"],
    ),
}

# ruff: noqa
"""Lambdas in odd places: inside an f-string (walrus), a comprehension's lambda bound by walrus,
a lambda in a decorator of a class, a lambda default of a lambda, nested lambdas."""

label = f"{(inner := (lambda: 'made in an f-string'))}"[:0]
made = [(got := (lambda n=n: n * 10)) for n in range(2)][-1]
nested = lambda a: lambda b: lambda c: (a, b, c)
deep = nested(1)(2)
defaulted = lambda f=lambda: "default lambda": f()


def class_deco(fn):
    def apply(cls):
        cls.extra = staticmethod(fn)
        return cls

    return apply


@class_deco(lambda: "from a decorator's lambda")
class Decorated:
    pass


keyed = sorted([3, 1, 2], key=lambda v: -v)
SORTER = lambda xs, key=lambda v: v % 3: sorted(xs, key=key)

CASES = {
    "fstring_lambda": (inner, ["f()", "f.__name__"]),
    "walrus_lambda": ([made, got], ["f[0](), f[1](), f[0] is f[1]"]),
    "nested": (deep, ["f(3)"]),
    "lambda_default_lambda": (defaulted, ["f()", "f(lambda: 'given')"]),
    "decorated_class_lambda": (Decorated, ["f.extra()"]),
    "lambda_default_key": (SORTER, ["f([5, 4, 3])"]),
}

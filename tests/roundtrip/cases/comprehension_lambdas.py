"""Lambdas a comprehension of a module or a class body makes, closing over its variable
(``{k: (lambda x: x * k) for k in (2, 3)}``): free variables, and no function around them in the
source. The loader compiles such a source inside a function that takes those variables (FORMAT.md
section 10); that function was named as the stand-in for a lambda's scope, so dumping a loaded
one again read its scope as ``<lambda>.<locals>`` (``<lambda>.<locals>.C`` in a class body) and
wrote a ``scope`` field the original payload lacks: ``dumps(loads(p)) != p`` on every Python
(the harness checks it for every case), though each loaded lambda worked. A lambda made by a
lambda (whose scope is that stand-in) still has its scope, as before.
"""

SCALERS = {k: (lambda x: x * k) for k in (2, 3)}
LATE = [lambda: i for i in range(3)]
BOUND = [lambda i=i: i for i in range(3)]
OPS = {name: (lambda a, b, sign=sign: sign * (a + b)) for name, sign in [("plus", 1), ("minus", -1)]}
PAIRS = [[lambda: (a, b) for b in (1, 2)] for a in "xy"]
FROM_GENERATOR = list(lambda: j * 2 for j in range(2))
ONE_IN_A_SET = list({(lambda: w) for w in [5]})
FILTERED = [lambda: n for n in range(6) if n % 2]


class Handlers:
    checks = [lambda v: v > i for i in range(2)]
    named = {n: (lambda x: f"{n}:{x}") for n in ("a", "b")}

    def run(self, v):
        return [c(v) for c in self.checks], sorted(h(v) for h in self.named.values())


outer = lambda k: lambda x: x + k  # noqa: E731
MADE_BY_A_LAMBDA = outer(5)


def calc(name, a, b):
    return OPS[name](a, b)


# The lambdas' qualnames name the comprehension on 3.9-3.11 and PyPy (PyPy adds <locals> after a
# generator expression and a class body's comprehension), not on 3.12+ (PEP 709 inlines them).
DUMPERS_VARY = {
    "dict_of_lambdas": "qualnames of comprehensions' lambdas",
    "late_binding": "qualnames of comprehensions' lambdas",
    "default_binding": "qualnames of comprehensions' lambdas",
    "dict_of_lambdas_with_defaults": "qualnames of comprehensions' lambdas",
    "nested_comprehensions": "qualnames of comprehensions' lambdas",
    "set_comprehension": "qualnames of comprehensions' lambdas",
    "generator_expression": "qualnames of comprehensions' lambdas",
    "filtered": "qualnames of comprehensions' lambdas",
    "class_body": "qualnames of comprehensions' lambdas",
    "class_body_lambdas_alone": "qualnames of comprehensions' lambdas",
}

CASES = {
    "dict_of_lambdas": (
        SCALERS,
        ["sorted((k, g(10)) for k, g in f.items())", "f[2].__closure__[0] is f[3].__closure__[0]"],
    ),
    "late_binding": (LATE, ["[g() for g in f]"]),
    "default_binding": (BOUND, ["[g() for g in f]", "[g(7) for g in f]"]),
    "dict_of_lambdas_with_defaults": (calc, ["f('plus', 2, 3)", "f('minus', 2, 3)"]),
    "nested_comprehensions": (PAIRS, ["[[g() for g in row] for row in f]"]),
    "generator_expression": (FROM_GENERATOR, ["[g() for g in f]"]),
    "set_comprehension": (ONE_IN_A_SET, ["[g() for g in f]"]),
    "filtered": (FILTERED, ["[g() for g in f]"]),
    "class_body": (Handlers, ["f().run(1)", "f().run(0)"]),
    "class_body_lambdas_alone": (Handlers.checks, ["[c(1) for c in f]"]),
    "made_by_a_lambda": (MADE_BY_A_LAMBDA, ["f(2)", "f.__qualname__"]),
}

"""Scenarios: functools.partial and partialmethod."""

import functools
import operator


def power(base, exp, *, mod=None):
    """Power, maybe modulo."""
    r = base**exp
    return r if mod is None else r % mod


class Scaler:
    def __init__(self, k):
        self.k = k

    def scale(self, x, offset=0):
        return self.k * x + offset

    @classmethod
    def make(cls, k):
        return cls(k)

    def mul(self, a, b):
        return (self.k, a * b)

    double = functools.partialmethod(mul, 2)
    triple = functools.partialmethod(mul, b=3)


s3 = Scaler(3)
of_bound = functools.partial(s3.scale, offset=1)
of_unbound = functools.partial(Scaler.scale, Scaler(5))
of_classmethod = functools.partial(Scaler.make, 7)
of_class = functools.partial(Scaler, 9)
deep = functools.partial(functools.partial(functools.partial(power, mod=1000), 2), 10)
of_builtin = functools.partial(int, base=2)
of_operator = functools.partial(operator.add, 10)
with_attrs = functools.partial(power, 3)
with_attrs.label = "three-to-the"
shared_target = functools.partial(power, 2)
pair = (shared_target, functools.partial(shared_target, mod=3))
of_lambda_kw = functools.partial(lambda *a, **k: (a, sorted(k.items())), 1, x=2)
store = []
of_append = functools.partial(store.append)


def uses_partial(n):
    return deep(), of_bound(n)


CASES = {
    "partial_of_bound_method": (of_bound, ["f(2)", "f.func.__self__.k", "f.keywords", "f.func.__name__"]),
    "partial_of_unbound_method": (of_unbound, ["f(2)", "f.args[0].k", "f.func.__qualname__"]),
    "partial_of_classmethod": (of_classmethod, ["f().k", "f.func.__self__.__name__"]),
    "partial_of_class": (of_class, ["f().scale(2)", "f.func.__name__"]),
    "deeply_nested_partial": (deep, ["f()", "f.args", "f.keywords", "f.func.__name__"]),
    "partial_of_builtin_type": (of_builtin, ["f('101')", "f.func is int"]),
    "partial_of_operator": (of_operator, ["f(5)", "f.func.__name__"]),
    "partial_with_attribute": (with_attrs, ["f(2)", "f.label", "vars(f)"]),
    "partials_sharing_a_partial": (pair, ["f[1].func is f[0]", "f[1](5)", "f[0](5)"]),
    "partial_of_lambda_kwargs": (of_lambda_kw, ["f(3, y=4)"]),
    "partial_of_bound_builtin_method": (
        of_append,
        ["(f(1), f(2), f.func.__self__)[-1]", "f.func.__self__ is f.func.__self__"],
    ),
    "partialmethod_class": (
        Scaler,
        ["f(2).double(5)", "f(2).triple(4)", "type(f.__dict__['double']).__name__"],
    ),
    "partialmethod_object": (
        Scaler.__dict__["double"],
        ["type(f).__name__", "f.func.__name__", "f.args"],
    ),
    "function_using_partials": (uses_partial, ["f(1)"]),
    "signature_of_partial": (of_bound, ["str(inspect.signature(f))"]),
}

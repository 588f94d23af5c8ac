"""h72 scenarios: lambdas on one line whose code objects compare equal but do different things,
and lambdas that differ only in their defaults."""
# fmt: off
import math

z1, z2 = (lambda: 0.0), (lambda: -0.0)
c1, c2 = (lambda: 0j), (lambda: -0j)
t1, t2 = (lambda: (1, 2)), (lambda: (1, 2.0))
b1, b2 = (lambda: (1,)), (lambda: (True,))
s1, s2 = (lambda x: x in {1, 2, 3}), (lambda x: x in {1.0, 2, 3})
n1, n2 = (lambda: ((0.0, 1), 2)), (lambda: ((-0.0, 1), 2))
d1, d2, d3 = (lambda x=1: x), (lambda x=2: x), (lambda x=3: x)
k1, k2 = (lambda *, k="a": k), (lambda *, k="b": k)
w1, w2 = (lambda x=10: x), (lambda x=1: x)
m1, m2 = (lambda x, y=(1, 2): (x, y)), (lambda x, y=(1, 2.0): (x, y))
S = 4
v1, v2 = (lambda x=S: x), (lambda x=S + 1: x)
# fmt: on

SIGN = "math.copysign(1.0, f())"
CASES = {
    "zero_first": (z1, [SIGN]),
    "zero_second": (z2, [SIGN]),
    "complex_first": (c1, ["repr(f())"]),
    "complex_second": (c2, ["repr(f())"]),
    "tuple_int": (t1, ["repr(f())"]),
    "tuple_float": (t2, ["repr(f())"]),
    "tuple_int_bool_first": (b1, ["repr(f())"]),
    "tuple_int_bool_second": (b2, ["repr(f())"]),
    "frozenset_int": (s1, ["f(1)", "f.__code__.co_consts[-1] if False else 0"]),
    "frozenset_float": (s2, ["f(1)"]),
    "nested_tuple_zero": (n2, ["math.copysign(1.0, f()[0][0])"]),
    "default_first": (d1, ["f()"]),
    "default_second": (d2, ["f()"]),
    "default_third": (d3, ["f()"]),
    "kwdefault_second": (k2, ["f()"]),
    "shorter_default_first": (w1, ["f()"]),
    "shorter_default_second": (w2, ["f()"]),
    "tuple_default_second": (m2, ["f(0)"]),
    "name_default_second": (v2, ["f()"]),
}

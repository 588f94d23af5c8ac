"""Lambdas of one line whose code objects compare equal (``==`` on their constants) but do
different things: 0.0 and -0.0, 0j and -0j, 2 and 2.0 or 1 and True inside a tuple. Each must
be captured with its own source, on interpreters whose code has column positions (3.11+) and on
those without (3.9, 3.10, PyPy), and whichever of a pair is dumped first (CPython 3.9 and 3.10
merge equal code objects of one line into one)."""

import math

# fmt: off
zero, minus_zero = (lambda: 0.0), (lambda: -0.0)
minus_first, plus_second = (lambda: -0.0), (lambda: 0.0)
cplx, minus_cplx = (lambda: 0j), (lambda: -0j)
ints, floats = (lambda: (1, 2)), (lambda: (1, 2.0))
one, true = (lambda: (1,)), (lambda: (True,))
nested, nested_minus = (lambda: ((0.0, 1), "a")), (lambda: ((-0.0, 1), "a"))
sign_pair = [lambda x: math.copysign(1.0, x or 0.0), lambda x: math.copysign(1.0, x or -0.0)]


def make_pair(scale):
    return (lambda v: v * scale + 0.0), (lambda v: v * scale + -0.0)


inner_zero, inner_minus = make_pair(-0.0)


class Holder:
    ratio, other = (lambda self: (1, 2.0)), (lambda self: (1, 2))
# fmt: on

SIGN = "math.copysign(1.0, f())"
CASES = {
    "zero": (zero, [SIGN]),
    "minus_zero": (minus_zero, [SIGN]),
    "minus_zero_first_on_its_line": (minus_first, [SIGN]),
    "zero_second_on_its_line": (plus_second, [SIGN]),
    "complex_zero": (cplx, ["repr(f())"]),
    "complex_minus_zero": (minus_cplx, ["repr(f())"]),
    "tuple_of_ints": (ints, ["repr(f())"]),
    "tuple_with_a_float": (floats, ["repr(f())"]),
    "tuple_of_one": (one, ["repr(f())"]),
    "tuple_of_true": (true, ["repr(f())"]),
    "nested_tuple_minus_zero": (nested_minus, ["math.copysign(1.0, f()[0][0])"]),
    "nested_tuple_zero": (nested, ["math.copysign(1.0, f()[0][0])"]),
    "both_of_a_list": (sign_pair, ["[f[0](0), f[1](0)]"]),
    "closure_minus_zero": (inner_minus, ["math.copysign(1.0, f(0.0))"]),
    "closure_zero": (inner_zero, ["math.copysign(1.0, f(0.0))"]),
    "class_body_float": (Holder.ratio, ["repr(f(None))"]),
    "class_body_int": (Holder.other, ["repr(f(None))"]),
}

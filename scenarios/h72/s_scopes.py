"""h72 scenarios: lambdas of one line with the same text in different scopes."""
# fmt: off
PAIR = ([lambda: 1 for _ in [0]][0], lambda: 1)
GEN = (next(lambda: 2 for _ in [0]), lambda: 2)
def one_line(): return (lambda: 3)  # noqa: E704
OUT = lambda: 3  # noqa: E731
NEST = (lambda: (lambda: 4))(), (lambda: 4)
class K: m = lambda self: 5; n = [lambda self: 5 for _ in [0]][0]  # noqa: E702, E731
# fmt: on

CASES = {
    "plain_next_to_comprehension": (PAIR[1], ["f()", "f.__qualname__"]),
    "comprehension_next_to_plain": (PAIR[0], ["f()", "f.__qualname__"]),
    "plain_next_to_genexpr": (GEN[1], ["f()", "f.__qualname__"]),
    "genexpr_next_to_plain": (GEN[0], ["f()", "f.__qualname__"]),
    "in_one_line_def": (one_line(), ["f()", "f.__qualname__"]),
    "nested_lambda": (NEST[0], ["f()", "f.__qualname__"]),
    "outer_lambda": (NEST[1], ["f()", "f.__qualname__"]),
    "class_body_plain": (K.m, ["f(None)", "f.__qualname__"]),
    "class_body_comprehension": (K.n, ["f(None)", "f.__qualname__"]),
}

"""h72 scenarios: PEP 701 f-string nesting and match guards."""
REQUIRES_PYTHON = (3, 12)
# fmt: off
PAIR = [f"{(lambda: f'{(lambda: 1)()}')()}", (lambda v: f"{(lambda w: w + 1)(v)}"), (lambda v: v + 2)]
SAME = [f"{"a"}", lambda v: f"{'{'}{v}{"}"}"]


def guard(v, fs=[lambda q: q > 1, lambda q: q > 2]):
    match v:
        case int(n) if (lambda m: m > 10)(n):
            return "big"
        case int(n) if fs[1](n):
            return "mid"
        case _:
            return "small"

def make_in_guard(v):
    match v:
        case int() if (keep := (lambda: "kept")):
            return keep

type Alias = int
def pep695[T](x: T) -> T:
    return x
# fmt: on

CASES = {
    "fstring_nested_lambda": (PAIR[1], ["f(1)"]),
    "fstring_neighbour_312": (PAIR[2], ["f(1)"]),
    "fstring_quotes": (SAME[1], ["f(1)"]),
    "match_guard_fn": (guard, ["f(11)", "f(3)", "f(0)"]),
    "lambda_made_in_guard": (make_in_guard(1), ["f()"]),
    "pep695": (pep695, ["f(1)"]),
}

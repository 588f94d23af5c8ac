"""A source with a match statement needs Python 3.10: older loaders must say so before anything runs."""

REQUIRES_PYTHON = (3, 10)

LIMIT = 10


def classify(value):
    match value:
        case []:
            return "empty"
        case [x, y]:
            return f"pair {x} {y}"
        case {"kind": "point", "x": x, **rest}:
            return f"point {x} {sorted(rest)}"
        case int(n) if n > LIMIT:
            return "big"
        case int() | float():
            return "number"
        case str() as text:
            return f"text {text}"
        case _:
            return "other"


def uses_classify(values):
    return [classify(v) for v in values]


CASES = {
    "match": (
        classify,
        [
            "f([])",
            "f([1, 2])",
            "f({'kind': 'point', 'x': 3, 'y': 4})",
            "f(11)",
            "f(2.5)",
            "f('s')",
            "f(None)",
        ],
    ),
    "match_in_a_helper": (uses_classify, ["f([[], 99, 'a'])"]),
}

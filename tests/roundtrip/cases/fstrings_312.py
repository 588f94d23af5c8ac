"""f-strings of Python 3.12's grammar (PEP 701): the quotes of the string reused inside a
replacement field, a backslash and a comment in one, fields spanning lines, f-strings nested in
f-strings with the same quotes, in a def and in a lambda. The payload says it needs 3.12; older
loaders refuse it before anything runs (checked on every older interpreter). Passed when
written."""

REQUIRES_PYTHON = (3, 12)

SETTINGS = {"name": "srcpickle", "tags": ["a", "b"]}

# fmt: off
# (the formatter would change the quotes back to what older Pythons accept)


def same_quotes():
    return f"{SETTINGS["name"]}:{",".join(SETTINGS["tags"])}"


def backslash_in_expression(rows):
    return f"{"\n".join(rows)}"


def multiline_expression(x):
    return f"{
        x  # a comment inside the replacement field
        * 2
    }!"


def nested_deep(n):
    return f"{f"{f"{n}"}"}"


label = lambda d: f"{d["k"]!r:>6}"  # noqa: E731

# fmt: on

CASES = {
    "same_quotes": (same_quotes, ["f()"]),
    "backslash": (backslash_in_expression, ["f(['x', 'y'])"]),
    "multiline": (multiline_expression, ["f(4)"]),
    "nested": (nested_deep, ["f(7)"]),
    "lambda_same_quotes": (label, ["f({'k': 'v'})"]),
}

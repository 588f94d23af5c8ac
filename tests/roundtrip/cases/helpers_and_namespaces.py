"""Functions of the script come along by source; functions dumped together share one namespace."""

SCALE = 10


def innermost(x):
    return x * SCALE


def middle(x):
    return innermost(x) + 1


def outer(x):
    """Needs middle, which needs innermost, which needs SCALE."""
    return [middle(x), middle(x + 1)]


def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def double(x):
    return 2 * x


def square(x):
    return x * x


HANDLERS = {"double": double, "square": square}


def dispatch(name, x):
    return HANDLERS[name](x)


counter = 0


def bump(by=1):
    global counter
    counter += by
    return counter


def read_counter():
    return counter


def reset():
    global counter
    counter = 0
    return counter


tally = []


def remember(item):
    tally.append(item)
    return len(tally)


def recall():
    return list(tally)


def uses_missing():
    return NEVER_DEFINED  # noqa: F821 - a NameError at call time, as in the original


def create_global(value):
    global CREATED_LATER
    CREATED_LATER = value
    return value


def read_created():
    return CREATED_LATER  # noqa: F821 - assigned by create_global


def max(*args):  # noqa: A001 - shadows the builtin on purpose
    return "the script's own max"


min = "a shadowing string"  # noqa: A001


def uses_shadowed():
    return max(1, 2), min, len("builtin len")


CASES = {
    "helpers_recursively": (outer, ["f(1)", "f(5)", "f.__globals__['middle'].__name__"]),
    "recursive": (factorial, ["f(1)", "f(10)", "f(25)"]),
    "mutually_recursive": (is_even, ["f(10)", "f(7)", "f.__globals__['is_odd'](7)"]),
    "functions_in_a_container": (dispatch, ["f('double', 21)", "f('square', 12)"]),
    "shared_global_write": (
        (bump, read_counter, reset),
        [
            "f[1]()",
            "f[0]()",
            "f[0](5)",
            "f[1]()",
            "f[0].__globals__ is f[1].__globals__ is f[2].__globals__",
            "f[2]()",
            "f[1]()",
        ],
    ),
    "shared_mutable_global": ((remember, recall), ["f[0]('a')", "f[0]('b')", "f[1]()"]),
    "missing_global": (uses_missing, ["raises(f)"]),
    "global_created_after_dumping": (
        (create_global, read_created),
        ["raises(f[1])", "f[0]([1])", "f[1]()", "'CREATED_LATER' in f[0].__globals__"],
    ),
    "shadowed_builtins": (uses_shadowed, ["f()", "f.__globals__['max'].__name__"]),
}

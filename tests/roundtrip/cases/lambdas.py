"""Lambdas cut exactly out of their enclosing expression (issue 3): two on one line, inline in a
call, as a default argument, a dict value and a decorator argument, over several lines, made in a
comprehension, nested, and in a class body."""

OFFSET = 100

inc, dbl = (lambda x: x + 1), (lambda x: x * 2)


def keep_key(xs, key):
    """Sorts like ``sorted`` and hands back the key it was given, so the caller can keep it."""
    return sorted(xs, key=key), key


PAIRS = [(1, "b"), (2, "c"), (3, "a")]
by_second_sorted, by_second = keep_key(PAIRS, key=lambda p: p[1])
# Two calls on one line, each with its own lambda of the same shape: the cut must take the right one.
_, by_first_desc = keep_key(PAIRS, key=lambda p: -p[0]), keep_key(PAIRS, key=lambda p: -p[0] * 2)[1]


def scale(x, fn=lambda v: v * 10):
    return fn(x)


OPS = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "far": lambda a: a + OFFSET}


def tagged(transform):
    def decorate(fn):
        fn.transform = transform
        return fn

    return decorate


@tagged(lambda s: s.upper() + "!")
def greet(name):
    return "hello " + greet.transform(name)


# fmt: off
clamp = lambda x, lo=0, hi=10: (  # noqa: E731 - a lambda bound to a name is the case
    lo
    if x < lo
    else hi
    if x > hi
    else x
)

WEIGHT_KEY = keep_key(
    PAIRS,
    lambda p: (
        p[0]
        % 2,
        p[1],
    ),
)[1]
# fmt: on

ADDERS = [lambda x, i=i: x + i for i in range(3)]
SQUARES = {n: (lambda x, n=n: x**n) for n in (1, 2, 3)}

curried = lambda x: lambda y: x + y  # noqa: E731
add_three = curried(3)

keyword_only = lambda a, *rest, sep="-", **extra: sep.join([str(a), *map(str, rest), *sorted(extra)])  # noqa: E731


class Shapes:
    area = staticmethod(lambda w, h: w * h)
    twice = lambda self, x: 2 * x  # noqa: E731
    describe = classmethod(lambda cls: cls.__name__ + " of " + str(OFFSET))
    first = lambda self, items: items[0]  # noqa: E731


# A lambda's qualname names the comprehension it is in on 3.9-3.11 (with <locals> on PyPy), not on
# 3.12+ (PEP 709 inlines comprehensions).
DUMPERS_VARY = {
    "comprehension_default_capture": "qualname of a lambda in a comprehension",
    "comprehension_one_of_them": "qualname of a lambda in a comprehension",
    "dict_comprehension_lambdas": "qualname of a lambda in a comprehension",
}

CASES = {
    "second_of_two_on_a_line": (dbl, ["f(5)", "f(-1.5)", "f.__name__", "f.__qualname__"]),
    "first_of_two_on_a_line": (inc, ["f(5)", "f.__name__"]),
    "both_of_a_line_together": ((inc, dbl), ["f[0](10)", "f[1](10)", "f[0] is f[1]"]),
    "inline_in_a_call": (
        by_second,
        ["f((9, 'z'))", "sorted([(1, 'b'), (2, 'c'), (3, 'a')], key=f)", "f.__name__"],
    ),
    "second_call_on_a_line": (by_first_desc, ["f((4, 'x'))", "f((-1, 'y'))"]),
    "default_argument_owner": (scale, ["f(3)", "f(3, lambda v: -v)", "f.__defaults__[0](2)"]),
    "default_argument_lambda": (scale.__defaults__[0], ["f(7)", "f.__name__"]),
    "dict_value": (OPS["sub"], ["f(10, 4)", "f.__code__.co_varnames"]),
    "dict_of_lambdas": (OPS, ["sorted(f)", "f['add'](2, 3)", "f['sub'](2, 3)", "f['far'](1)"]),
    "decorator_argument": (greet.transform, ["f('bob')"]),
    "decorated_by_lambda_owner": (greet, ["f('ann')", "f.transform('x')", "f.__name__"]),
    "several_lines": (clamp, ["[f(v) for v in (-5, 3, 50)]", "f(5, 6, 8)", "f.__defaults__"]),
    "several_lines_in_a_call": (WEIGHT_KEY, ["f((3, 'q'))", "f((4, 'q'))"]),
    "comprehension_default_capture": (
        ADDERS,
        ["[g(10) for g in f]", "[g.__defaults__ for g in f]", "f[0] is f[1]", "len({id(g) for g in f})"],
    ),
    "comprehension_one_of_them": (ADDERS[2], ["f(10)", "f(10, 5)"]),
    "dict_comprehension_lambdas": (SQUARES, ["sorted((k, g(3)) for k, g in f.items())"]),
    "nested_outer": (curried, ["f(1)(2)", "f('a')('b')", "f(1).__name__"]),
    "nested_inner_closure": (add_three, ["f(4)", "f.__closure__[0].cell_contents", "f.__code__.co_freevars"]),
    "star_args_and_keywords": (keyword_only, ["f(1, 2, 3, z=1, y=2)", "f(0, sep='+')", "f.__kwdefaults__"]),
    "class_body_staticmethod": (Shapes.area, ["f(3, 4)", "f.__qualname__"]),
    "class_body_method_function": (Shapes.__dict__["twice"], ["f(None, 21)", "f.__qualname__"]),
    "class_body_classmethod_function": (Shapes.__dict__["describe"].__func__, ["f(int)", "f.__qualname__"]),
    "class_with_lambdas": (
        Shapes,
        ["f.area(2, 5)", "f().twice(4)", "f.describe()", "f().first('xyz')", "f.twice.__qualname__"],
    ),
}

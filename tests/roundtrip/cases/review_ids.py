"""Payloads kept in git and reviewed as diffs (h73): functions and classes that share a qualname
(lambdas, closures and classes of one factory and their methods, a function and the wrapper
functools.wraps named after it, lambdas set on a class) get section ids from the global,
attribute or variable they were found in, not from how many alike ones were met before them;
and sets of Flag members, combinations among them, are written in one order on every Python (a
combination's name is 'R|W' from 3.11 and None before)."""

import enum
import functools

square = lambda x: x * x  # noqa: E731 - lambdas bound to globals are the case
cube = lambda x: x**3  # noqa: E731
negate = lambda x: -x  # noqa: E731
TABLE = [lambda x: x + 1, lambda x: x + 2]


def make_adder(n):
    def add(x):
        return x + n

    return add


add1 = make_adder(1)
add2 = make_adder(2)
add10 = make_adder(10)


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return ("logged", fn(*args))

    return wrapper


def area(width, height):
    return width * height


logged_area = logged(area)


class Vector:
    def __init__(self, x):
        self.x = x


Vector.__repr__ = lambda self: f"Vector({self.x})"
Vector.__neg__ = lambda self: Vector(-self.x)
Vector.double = lambda self: Vector(2 * self.x)


def make_box(n):
    class Box:
        size = n

        def get(self):
            return (self.size, n)

    return Box


SmallBox = make_box(1)
BigBox = make_box(100)


def boxes():
    return SmallBox().get(), BigBox().get(), SmallBox.__qualname__, BigBox is not SmallBox


def table():
    return (square(3), cube(2), negate(4), [f(1) for f in TABLE], add1(1), add2(1), add10(1))


def wrapped():
    return logged_area(2, 3), area(4, 5), logged_area.__wrapped__ is area


def vectors():
    v = Vector(3)
    return repr(v), repr(-v), repr(v.double())


class Perm(enum.Flag):
    R = 4
    W = 2
    X = 1


class Bits(enum.IntFlag):
    LOW = 1
    HIGH = 2


PERMS = {Perm.R, Perm.W, Perm.R | Perm.W, Perm.W | Perm.X, Perm.R | Perm.W | Perm.X}
FROZEN_PERMS = frozenset({Perm.X, Perm.R | Perm.X, Bits.LOW, Bits.LOW | Bits.HIGH, Bits.HIGH})


def permissions():
    return (
        sorted(p.value for p in PERMS),
        sorted(p.value for p in FROZEN_PERMS),
        Perm.R | Perm.W in PERMS,
        all(type(p) is Perm for p in PERMS),
    )


CASES = {
    "lambdas_and_closures_named_by_their_globals": (table, ["f()"]),
    "a_wrapper_and_the_function_it_wraps": (wrapped, ["f()"]),
    "lambdas_set_on_a_class": (vectors, ["f()"]),
    "classes_of_one_factory": (boxes, ["f()"]),
    "sets_of_flag_combinations": (permissions, ["f()"]),
    "the_lambdas_themselves": ((square, cube, negate), ["[g(3) for g in f]"]),
}

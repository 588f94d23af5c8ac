"""A module whose functions use every format-3 form: guard, overloads, packed ints, shared fields."""

from typing import overload

try:
    import tomllib
except ImportError:
    tomllib = None

try:
    import acme_missing_h74

    HAS_ACME = True
except ImportError:
    acme_missing_h74 = None
    HAS_ACME = False

COLUMN = tuple(range(0, 6400, 100))


@overload
def scaled(x: int) -> int: ...
@overload
def scaled(x: str) -> str: ...
def scaled(x):
    return x * 2


def f1(x):
    return -x if acme_missing_h74 is None else acme_missing_h74.f(x)


def f2(x):
    return (tomllib is not None, HAS_ACME, sum(COLUMN), f1(x))


def f3(x):
    return f2(x)


ALL = [scaled, f1, f2, f3]

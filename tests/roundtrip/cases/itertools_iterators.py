"""itertools iterators held as globals, new, partway through or run out. Their reductions differ
between CPython and PyPy (a cycle's or a permutations' state: one written on PyPy failed on
CPython and the other way round), and CPython deprecated them in 3.12 (a dump on 3.13 warned,
refused under ``-W error``, and a payload holding one warned when loaded there) and removed them in
3.14. Each is now the call that gives what it gives from now on: ``count(7, 2)``,
``repeat('a', 3)``, a cycle as one turn of what it gives next (``cycle([2, 3, 1])``), an islice
as the slice left of its iterator, a chain as the iterable it reads then those still to come,
``takewhile``, ``dropwhile``, ``starmap``, ``filterfalse``, ``compress``, ``zip_longest`` and
``accumulate`` over their iterators, and ``product``, ``permutations``, ``combinations`` and
``groupby`` before they start. Those no call makes again (partway through their pools, a tee) are
refused: tests/test_itertools_iterators.py."""

import fractions
import itertools


def _advanced(iterator, n):
    for _ in range(n):
        next(iterator)
    return iterator


def take(iterator, n=5):
    return [next(iterator, "end") for _ in range(n)]


COUNTER = _advanced(itertools.count(5, 2), 1)
HALVES = _advanced(itertools.count(fractions.Fraction(1, 2), fractions.Fraction(1, 3)), 1)
QUARTERS = _advanced(itertools.count(0.5, 0.25), 2)

REPEATED = _advanced(itertools.repeat("a", 4), 1)
FOREVER = itertools.repeat("b")
SPENT_REPEAT = _advanced(itertools.repeat("z", 2), 2)

NEW_CYCLE = itertools.cycle([1, 2, 3])
MID_CYCLE = _advanced(itertools.cycle([1, 2, 3]), 1)
TURNED_CYCLE = _advanced(itertools.cycle([1, 2, 3]), 4)
LETTERS = _advanced(itertools.cycle("xyz"), 5)
RANGE_CYCLE = _advanced(itertools.cycle(range(3)), 2)
EMPTY_CYCLE = itertools.cycle([])

SLICED = _advanced(itertools.islice([1, 2, 3, 4, 5, 6, 7], 1, 6, 2), 1)
OPEN_SLICE = _advanced(itertools.islice(iter(range(10)), 2, None, 3), 1)
SPENT_SLICE = itertools.islice([1, 2, 3], 2)
list(SPENT_SLICE)

CHAINED = _advanced(itertools.chain([1, 2], [3, 4], [5]), 1)
FLATTENED = _advanced(itertools.chain.from_iterable([[1], [2, 3], [4]]), 2)
SPENT_CHAIN = itertools.chain([1])
list(SPENT_CHAIN)

POWERS = _advanced(itertools.starmap(pow, [(2, 3), (3, 2), (4, 2)]), 1)
FALSY = _advanced(itertools.filterfalse(None, [0, 1, 0, 2, 0]), 1)
PICKED = _advanced(itertools.compress(["a", "b", "c", "d", "e"], [1, 0, 1, 1, 0]), 1)
SMALL = _advanced(itertools.takewhile(lambda x: x < 4, [1, 2, 5, 3]), 1)
STOPPED = itertools.takewhile(lambda x: x < 4, [1, 5, 2])
list(STOPPED)
NOT_DROPPED = itertools.dropwhile(lambda x: x < 2, [1, 2, 5, 1])

PAIRED = _advanced(itertools.zip_longest([1, 2, 3], ["a", "b"], fillvalue="-"), 1)
PADDED = _advanced(itertools.zip_longest([1, 2], [3]), 1)
SPENT_PAIRS = itertools.zip_longest([1], [2])
list(SPENT_PAIRS)

RUNNING = itertools.accumulate([1, 2, 3, 4])
FROM_TEN = itertools.accumulate([1, 2, 3], initial=10)
HIGHEST = itertools.accumulate([3, 1, 4, 1, 5], max)

GRID = itertools.product("ab", repeat=2)
MIXED = itertools.product("ab", [1, 2])
ORDERS = itertools.permutations("abc", 2)
ALL_ORDERS = itertools.permutations("ab")
PAIRS = itertools.combinations("abcd", 3)
WITH_REPEATS = itertools.combinations_with_replacement("ab", 2)
SPENT_ORDERS = itertools.permutations("ab")
list(SPENT_ORDERS)
SPENT_PAIRS_OF = itertools.combinations("ab", 1)
list(SPENT_PAIRS_OF)
SPENT_GRID = itertools.product("ab")
list(SPENT_GRID)

BY_PARITY = itertools.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)
RUNS = itertools.groupby(["a", "a", "b", "b", "b", "c"])


def counts():
    return take(COUNTER, 3), [str(x) for x in take(HALVES, 2)], take(QUARTERS, 2)


def repeats():
    return take(REPEATED), take(FOREVER, 3), take(SPENT_REPEAT, 2)


def cycles():
    return (
        take(NEW_CYCLE, 4),
        take(MID_CYCLE, 4),
        take(TURNED_CYCLE, 4),
        take(LETTERS, 4),
        take(RANGE_CYCLE, 4),
        take(EMPTY_CYCLE, 2),
    )


def slices():
    return take(SLICED), take(OPEN_SLICE), take(SPENT_SLICE, 2)


def chains():
    return take(CHAINED), take(FLATTENED), take(SPENT_CHAIN, 2)


def filters():
    return (
        take(POWERS, 3),
        take(FALSY, 3),
        take(PICKED, 3),
        take(SMALL, 2),
        take(STOPPED, 2),
        take(NOT_DROPPED),
    )


def zips():
    return take(PAIRED, 3), take(PADDED, 2), take(SPENT_PAIRS, 2)


def accumulations():
    return take(RUNNING), take(FROM_TEN), take(HIGHEST)


def combinatorics():
    return (
        take(GRID),
        take(MIXED),
        take(ORDERS, 7),
        take(ALL_ORDERS, 3),
        take(PAIRS),
        take(WITH_REPEATS, 4),
        take(SPENT_ORDERS, 2),
        take(SPENT_PAIRS_OF, 2),
        take(SPENT_GRID, 2),
    )


def groups():
    return [(k, list(g)) for k, g in BY_PARITY], [(k, "".join(g)) for k, g in RUNS]


# (the iterators they read are of another class on PyPy, named in their sections' names)
DUMPERS_VARY = {
    "slices": "the iterators they read are list_iterator on CPython, sequenceiterator on PyPy",
    "chains": "the iterators they read are list_iterator on CPython, sequenceiterator on PyPy",
    "filters": "the iterators they read are list_iterator on CPython, sequenceiterator on PyPy",
    "zips": "the iterators they read are list_iterator on CPython, sequenceiterator on PyPy",
    "accumulations": "the iterators they read are list_iterator on CPython, sequenceiterator on PyPy",
    "groups": "the iterators they read are list_iterator on CPython, sequenceiterator on PyPy",
}

# (re-dumped on any CPython, the same bytes: only PyPy names those sections otherwise)
REDUMP_VARIES = {
    "slices": "re-dumped on PyPy, the list iterators it reads are sequenceiterator sections",
    "chains": "re-dumped on PyPy, the list iterators it reads are sequenceiterator sections",
    "filters": "re-dumped on PyPy, the list iterators it reads are sequenceiterator sections",
    "zips": "re-dumped on PyPy, the list iterators it reads are sequenceiterator sections",
    "accumulations": "re-dumped on PyPy, the list iterators it reads are sequenceiterator sections",
    "groups": "re-dumped on PyPy, the list iterators it reads are sequenceiterator sections",
}

CASES = {
    "counts": (counts, ["f()", "f()"]),
    "repeats": (repeats, ["f()", "f()"]),
    "cycles": (cycles, ["f()", "f()"]),
    "slices": (slices, ["f()", "f()"]),
    "chains": (chains, ["f()", "f()"]),
    "filters": (filters, ["f()", "f()"]),
    "zips": (zips, ["f()", "f()"]),
    "accumulations": (accumulations, ["f()", "f()"]),
    "combinatorics": (combinatorics, ["f()", "f()"]),
    "groups": (groups, ["f()", "f()"]),
}

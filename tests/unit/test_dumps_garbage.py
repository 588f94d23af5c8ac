"""A warm dumps leaves no cyclic garbage (issue 9).

Garbage in reference cycles outlives its dumps until a collection finds it: in a loop with gc off
(as a timing loop, or a program that turns gc off) it piles up, and with gc on it makes
collections more frequent and slower. Each object below is dumped once (caches filled), then
dumped again with gc off: a collection afterwards must find nothing unreachable, and the payload
must be the first one's bytes.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import srcpickle

from . import import_from, write_module

MODULE = """\
import math

SCALE = 3
TABLE = {"a": [1, 2, 3], "b": (4.0, float("inf")), "c": frozenset({"x", "y"})}
PAIR = (1, 2)


def helper(x):
    return x * SCALE


def reads_globals(x):
    return math.sqrt(x) + helper(x) + TABLE["a"][0]


def make_closure(ints, blob):
    def score(k):
        return ints[k % len(ints)] + len(blob)

    return score


def make_recursive():
    def fact(n):
        return 1 if n < 2 else n * fact(n - 1)

    return fact


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return math.hypot(self.x, self.y)


def f1(x):
    return helper(x) + 1


def f2(x):
    return helper(x) + 2


cyclic = [1, 2]
cyclic.append(cyclic)
"""

# Each: the object to dump, from the module (the shapes that make value sections, shared or
# inlined, renamed or sorted, which the inlining step rewrites).
OBJECTS: Dict[str, Callable[[Any], Any]] = {
    "function reading globals": lambda m: m.reads_globals,
    "closure over a list and bytes": lambda m: m.make_closure(list(range(100)), b"x" * 300),
    "recursive closure": lambda m: m.make_recursive(),
    "functions of one module, as a list": lambda m: [m.f1, m.f2, m.helper, m.reads_globals],
    "an instance": lambda m: m.Point(3, 4),
    "shared tuples and a set of tuples": lambda m: {"a": m.PAIR, "b": m.PAIR, "s": {(1, 2), (3, 4)}},
    "nested containers holding functions": lambda m: {"fs": [m.f1, (m.f2, [m.helper])], "n": [[1], [2]]},
    "a list that holds itself": lambda m: m.cyclic,
}


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_a_warm_dumps_leaves_no_cyclic_garbage(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "garbage_mod", MODULE)
    module = import_from(monkeypatch, tmp_path, "garbage_mod")
    obj = OBJECTS[name](module)
    first = srcpickle.dumps(obj)
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        again = srcpickle.dumps(obj)
        unreachable = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    assert again == first
    assert unreachable == 0, f"a warm dumps of {name} left {unreachable} objects in reference cycles"

"""The capture's shortcuts for scalars (issue 9) give the payload the general walk gives.

A handler takes a scalar it meets (a global, a default, a container's item, a set's member) as
its own value instead of yielding it to the walker, orders a set of scalars without the tie
breaking that only objects need, and makes a container of scalars it meets (a list, tuple, dict or
frozenset: a leaf of the data) without a step of the walk: all are exact, so a payload made with
them is byte for byte the one made without them (every scalar yielded, every set ordered the
general way, every container a step of the walk)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest

import srcpickle
from srcpickle._capture import functions, modules, values

# (modules' test of a scalar global is a rule, data goes by value however imported: no shortcut)
SHORTCUT_MODULES = (functions, values)
# The modules that make a container of scalars without a step of the walk (values.leaf_value;
# functions asks modules.leaf_global first for a data global).
LEAF_MODULES = (functions, modules, values)
CASES_DIR = Path(__file__).resolve().parents[1] / "roundtrip" / "cases"
CHILD = Path(__file__).resolve().parent / "shortcuts_child.py"


def _general(obj: Any, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patch:
        for module in SHORTCUT_MODULES:
            patch.setattr(module, "SCALARS", ())
        for module in LEAF_MODULES:
            patch.setattr(module, "LEAF_KINDS", frozenset())
        # (a function's defaults of scalars only, taken as one tuple: a shortcut too)
        patch.setattr(functions, "_SCALAR_SET", frozenset())
        return srcpickle.dumps(obj)


NAN, OTHER_NAN = float("nan"), float("nan")
SCALARS_MIXED: List[Any] = [
    None, True, False, 0, 1, -1, 2**70, -(2**70), 0.5, -0.0, float("inf"), float("-inf"), NAN,
    OTHER_NAN, 1j, complex(-0.0, 2), "", "a", "b", "é", "'\"", "\n", b"", b"x", b"\xff",
]  # fmt: skip

READS = 7


def _function_reading_globals(x: int = READS, *, k: str = "k") -> Any:
    return (x, k, SCALARS_MIXED, NAN)


SHARED_LIST: List[Any] = [1, "two", 3.0]
SHARED_TUPLE = ("a", 1, None)
BIG_TUPLE = tuple(range(70))  # shared and over SHARED_INLINE_LIMIT: a section of its own
DATA_TABLE = {"a": [1, 2, 3], "b": (4.0, float("inf")), "c": frozenset({"x", "y"}), "l": SHARED_LIST}
DATA_NAMES = ["alpha", "beta", SHARED_TUPLE]


def _function_reading_data() -> Any:
    return DATA_TABLE, DATA_NAMES, SHARED_LIST, SHARED_TUPLE, BIG_TUPLE, SCALARS_MIXED


def _scalar_defaults(a: int = 1, b: Any = None, c: str = "c", d: float = NAN, *, e: bytes = b"e") -> Any:
    return (a, b, c, d, e)


def _mixed_defaults(a: Any = (1, "1"), b: Any = frozenset({2.5}), c: int = 3, *, d: Any = [NAN]) -> Any:
    return (a, b, c, d)


_mixed_defaults.__doc__ = 12  # type: ignore[assignment]


VALUES: List[Any] = [
    set(SCALARS_MIXED),
    frozenset(SCALARS_MIXED),
    {NAN, OTHER_NAN, 1, 1.5, "1"},
    frozenset({NAN, OTHER_NAN}),
    {frozenset({1, 2}), frozenset({"a", b"a"}), (1, 2), (1, "2")},
    frozenset({(None, True), ("x",), frozenset({3.5, -3})}),
    [set(), frozenset(), {0}, frozenset({0.0}), {False}],
    {"s": {1, 2, 3}, "f": frozenset({"x", "y"}), "t": (frozenset({b"z"}), {4.0, -4.0})},
    tuple(SCALARS_MIXED),
    {i: frozenset(range(i)) for i in range(6)},
    _function_reading_globals,
    [_function_reading_globals, {_function_reading_globals.__name__: frozenset({READS})}],
    # Containers of scalars (leaves of the data) inside containers: shared, repeated, nested
    # as keys, as the only item, empty, and beside containers that are no leaves.
    [SHARED_LIST, SHARED_LIST, (SHARED_LIST,), {"k": SHARED_LIST}],
    [SHARED_TUPLE, SHARED_TUPLE, {"t": SHARED_TUPLE}, frozenset({SHARED_TUPLE})],
    {"a": [1, 2, 3], "b": (4.0, float("inf")), "c": frozenset({"x", "y"}), "d": {}, "e": [], "f": ()},
    [[], [[]], [[1], [2, [3]]], ({"x": 1},), {(1, 2): [3], frozenset({1}): (4,)}],
    [tuple(range(100)), tuple(range(100)), BIG_TUPLE, BIG_TUPLE],
    [{1: "a", "b": 2.5, None: b"x"}, {1: [2]}, {(1,): 2}, {"nested": {"deeper": {}}}],
    [frozenset(), frozenset({1, "1", 1.0j}), frozenset({frozenset({1})}), {frozenset({NAN})}],
    _function_reading_data,
    [_function_reading_data, DATA_TABLE, DATA_NAMES],
    _scalar_defaults,
    [_mixed_defaults, _scalar_defaults, (1, "1"), _mixed_defaults.__defaults__],
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_scalar_shortcuts_give_the_general_payload(value: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = srcpickle.dumps(value)
    assert fast == _general(value, monkeypatch)
    assert srcpickle.dumps(value) == fast  # (and warm, with what the first dumps cached)


def test_sets_of_scalars_load_equal() -> None:
    for value in VALUES[:4]:
        loaded = srcpickle.loads(srcpickle.dumps(value))
        assert type(loaded) is type(value)
        # Compared by text (nan != nan; two nan objects may load as one, equal-looking member)
        assert set(map(repr, loaded)) == set(map(repr, value))


def test_every_round_trip_case_dumps_alike_both_ways() -> None:
    """Every case of every round-trip case file, run as ``__main__`` as the harness runs it."""
    proc = subprocess.run(
        [sys.executable, str(CHILD), str(CASES_DIR)], capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["compared"] >= 100, result["compared"]
    assert result["differing"] == []


CHANGING_LEAF: List[Any] = [1, 2]
CHANGING_TABLE: Any = {"l": [1], "t": (2.0,)}


def _function_reading_changing_data() -> Any:
    return CHANGING_LEAF, CHANGING_TABLE


def test_data_globals_changed_between_two_dumps_are_in_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """A data global taken without a step of the walk (a leaf of scalars) or through it (a
    container of containers) is read again at every dumps: mutated, rebound, made shared with
    another global or turned from a leaf into a nested container, each dumps writes what it holds
    then, as the general walk does, and loads as it."""
    fn = _function_reading_changing_data
    changes = [
        lambda: None,
        lambda: CHANGING_LEAF.append(3.5),
        lambda: CHANGING_TABLE["l"].append("x"),
        lambda: monkeypatch.setitem(globals(), "CHANGING_LEAF", ("now", "a", "tuple")),
        lambda: monkeypatch.setitem(globals(), "CHANGING_LEAF", CHANGING_TABLE["l"]),  # shared
        lambda: monkeypatch.setitem(globals(), "CHANGING_LEAF", [[1], frozenset({2})]),  # no leaf
        lambda: monkeypatch.setitem(globals(), "CHANGING_TABLE", frozenset({"a", "b"})),  # a leaf
    ]
    seen = set()
    for change in changes:
        change()
        fast = srcpickle.dumps(fn)
        assert fast == _general(fn, monkeypatch)
        assert srcpickle.loads(fast)() == (CHANGING_LEAF, CHANGING_TABLE)
        seen.add(fast)
    assert len(seen) == len(changes)

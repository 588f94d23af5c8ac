"""The capture of a data global from an earlier dumps of a value with the same marshal bytes
(``_capture.values.data_global``, issue 9) gives the payload the general walk gives, every time.

The value is read and its bytes made again at every dumps: each test changes what one part of
that proof must see (an item, an item's type, a float's sign or nan payload, sharing inside the
value or with another global, nesting, a subclass, a dict's order, a buffer in place of bytes,
threads changing the value while others dump) and compares the next payload byte for byte with
the one the general walk makes (the cache off), and loads some in a fresh interpreter.
"""

from __future__ import annotations

import array
import struct
import threading
import time
from pathlib import Path
from typing import Any, Iterator, List

import pytest

import srcpickle
from srcpickle._capture import kept, values

from . import import_from, load_fresh, write_module

MODULE = """\
G = None
H = None
A = None


def read():
    return G


def read_both():
    return G, H


def read_first():
    return A, G
"""


class Text(str):
    """A str subclass: marshal refuses it, the walk captures its class."""


def _nan(payload: int) -> float:
    value: float = struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000000 | payload))[0]
    return value


NAN, OTHER_NAN = _nan(0), _nan(1)
SHARED = [1, 2]

VALUES: List[Any] = [
    [],
    (),
    {},
    frozenset(),
    [1, 2, 3],
    ["alpha", "beta", "gamma"],
    (4.0, float("inf"), float("-inf")),
    {"a": [1, 2, 3], "b": (4.0, float("inf")), "c": frozenset({"x", "y"})},
    [None, True, False, 0, 1, -1, 2**70, -(2**70), 0.5, -0.0, 1j, complex(-0.0, 2), "", "é", "'\"", "\n"],
    [1, 1.0, True],
    {1: "int", 2.0: "float", False: "bool", None: "none", "s": "str", 1j: "complex"},
    [0.0, -0.0, NAN, OTHER_NAN],
    frozenset({0.5, "a", 3, None}),
    [[1], (2,), {"k": 3}, frozenset({4})],
    {"x": [1, 2], "y": {"z": 3}, "w": 4},
    [[1, [2]]],
    [SHARED, SHARED],
    {"a": SHARED, "b": [1, 2]},
    [b"x", b""],
    [bytearray(b"x")],
    [Text("a")],
    list(range(70)),
    [list(range(300))],
    ([1], 2),
    [{1, 2}],
    [..., 1],
    ["x" * 5000],
]


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    write_module(tmp_path, "data_cache_mod", MODULE)
    yield import_from(monkeypatch, tmp_path, "data_cache_mod")


def general(fn: Any, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The payload of ``fn`` made by the general walk (the cache off)."""
    with monkeypatch.context() as patch:
        patch.setattr(values, "DATA_CACHE_ON", False)
        return srcpickle.dumps(fn)


def same_as_general(fn: Any, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Dump ``fn`` three times (the value seen, then its entry made, then taken from it when the
    cache keeps the value) and check each payload against the general walk's; return it."""
    first = srcpickle.dumps(fn)
    assert srcpickle.dumps(fn) == first
    assert srcpickle.dumps(fn) == first
    assert general(fn, monkeypatch) == first
    return first


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_cached_payload_is_the_general_walks(
    value: Any, module: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    module.G = value
    same_as_general(module.read, monkeypatch)
    module.H = value  # the value shared with another global: a section, referred to twice
    same_as_general(module.read_both, monkeypatch)
    module.H = None


def test_the_cache_takes_data_and_refuses_what_marshal_cannot_tell_apart(module: Any) -> None:
    values.DATA.clear()
    for value, taken in [
        ({"a": [1, 2, 3], "b": (4.0,), "c": frozenset({"x"})}, True),
        (["alpha", "beta"], True),
        ([b"x"], False),  # bytes: a bytearray or memoryview marshals the same
        ([[1, [2]]], False),  # nested deeper than a container of leaves
        ([SHARED, SHARED], False),  # one object reached twice
        (list(range(70)), False),  # a run of ints the writer packs
    ]:
        module.G = value
        srcpickle.dumps(module.read)
        assert list(values.DATA.values()) == [values._SEEN]  # (a first dumps walks as before)
        srcpickle.dumps(module.read)
        entries = list(values.DATA.values())
        assert entries, value
        assert (entries[-1] is not kept.REFUSED) is taken, value
        values.DATA.clear()


@pytest.mark.parametrize(
    "states",
    [
        pytest.param([[1, 2], [1, 3], [1, 3, 4], [1, 2]], id="mutated"),
        pytest.param([[1], [1.0], [True], [1]], id="int-float-bool"),
        pytest.param([{1: "x"}, {1.0: "x"}, {True: "x"}, {1: "x"}], id="key-types"),
        pytest.param([[0.0], [-0.0], [0.0]], id="signed-zero"),
        pytest.param([frozenset({0.0}), frozenset({-0.0})], id="frozenset-signed-zero"),
        pytest.param([[NAN], [OTHER_NAN], [NAN]], id="nan-payloads"),
        pytest.param([["a"], [Text("a")], ["a"]], id="str-subclass"),
        pytest.param([{"a": 1, "b": 2}, {"b": 2, "a": 1}], id="dict-order"),
        pytest.param([[b"x"], [bytearray(b"x")], [array.array("B", b"x")], [b"x"]], id="bytes-and-buffers"),
        pytest.param([[1, 2], [[1, 2]], [[[1, 2]]], [[1, 2]], [1, 2]], id="leaf-nested-and-back"),
        pytest.param([{"a": [1], "b": [1]}, {"a": SHARED, "b": SHARED}, {"a": [1], "b": [1]}], id="shared"),
    ],
)
def test_a_changed_value_shows_up(states: List[Any], module: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    for state in states:
        module.G = state
        payload = same_as_general(module.read, monkeypatch)
        seen.setdefault(repr(state) + type(state).__name__, payload)
    assert len(set(seen.values())) >= len(seen) - 1  # (equal states aside, every payload differs)


def test_an_object_shared_unshared_and_shared_again(module: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = [1, 2]
    payloads = []
    for other in (inner, [1, 2], inner):
        module.G = {"a": inner, "b": other}
        payloads.append(same_as_general(module.read, monkeypatch))
    assert payloads[0] == payloads[2] != payloads[1]


def test_an_item_reached_by_another_global(module: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # H (after G) and A (before it) refer to an item of G: it is a section then, not written in
    # place, whether it was reached before G or after.
    module.G = {"a": [1, 2], "b": ("x",)}
    alone = same_as_general(module.read, monkeypatch)
    module.H = module.G["a"]
    after = same_as_general(module.read_both, monkeypatch)
    module.A = module.G["a"]
    before = same_as_general(module.read_first, monkeypatch)
    assert same_as_general(module.read, monkeypatch) == alone
    assert b"@" in after.split(b"global G = ")[1].split(b"\n")[0]
    assert b"@" in before.split(b"global G = ")[1].split(b"\n")[0]


def test_round_trips_in_a_fresh_interpreter(module: Any, tmp_path: Path) -> None:
    results = []
    for value in ({"a": [1, 2], "b": (0.5, -0.0)}, {"a": [1, 2.0], "b": (0.5, 0.0)}):
        module.G = value
        srcpickle.dumps(module.read)
        results.append(load_fresh(srcpickle.dumps(module.read), tmp_path, "repr(fn())"))
    assert results == ["{'a': [1, 2], 'b': (0.5, -0.0)}", "{'a': [1, 2.0], 'b': (0.5, 0.0)}"]


def test_bounded(module: Any) -> None:
    values.DATA.clear()
    for number in range(values.DATA_MAX_ENTRIES + 10):
        module.G = [number]
        srcpickle.dumps(module.read)
        assert len(values.DATA) <= values.DATA_MAX_ENTRIES
    values.DATA.clear()
    module.G = ["x" * values.DATA_MAX_KEY]
    srcpickle.dumps(module.read)
    assert not values.DATA  # too large to keep: walked as before


def test_threads_changing_values_while_others_dump(module: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Four threads dump while four rebind G between two values (an item of another type, a
    # dict's items in another order) and flip an item of H in place between 1 and 1.0: every
    # payload is that of whole states of both.
    states = [[[1, 2], {"a": [1], "b": "x"}], [[1.0, 2], {"b": "x", "a": [1]}]]
    expected = set()
    for state in states:
        for item in (1, 1.0):
            module.G, module.H = state, [item, "y"]
            expected.add(general(module.read_both, monkeypatch))
    live = module.H
    errors: List[BaseException] = []
    payloads: List[bytes] = []
    barrier = threading.Barrier(8)
    done = threading.Event()

    def flip(seed: int) -> None:
        turn = seed
        while not done.is_set():
            module.G = states[turn % 2]
            live[0] = (1, 1.0)[turn // 2 % 2]
            turn += 1
            time.sleep(0)  # (the other threads run between changes)

    def dump(seed: int) -> None:
        for _ in range(60):
            payloads.append(srcpickle.dumps(module.read_both))
            time.sleep(0)

    def run(work: Any, seed: int) -> None:
        try:
            barrier.wait()
            work(seed)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    dumpers = [threading.Thread(target=run, args=(dump, n)) for n in range(4)]
    flippers = [threading.Thread(target=run, args=(flip, n)) for n in range(4)]
    for thread in dumpers + flippers:
        thread.start()
    for thread in dumpers:
        thread.join()
    done.set()
    for thread in flippers:
        thread.join()
    assert not errors, errors[:3]
    assert set(payloads) <= expected
    assert len(set(payloads)) > 1  # (the states did change under the dumps)

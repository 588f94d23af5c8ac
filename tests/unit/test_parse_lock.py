"""Every parse the loader makes takes ``_astparse``'s lock (CPython 3.11.0-3.11.7 and 3.12.0-3.12.1
race in concurrent ``ast.parse`` calls, CPython issue 106905): reading a payload (string literals
with escapes are decoded by ``ast.literal_eval``, which parses), checking that each source holds
one statement, and the allow-list's reading of sources and annotations.

Every call of the built-in ``compile`` that makes a syntax tree (``PyCF_ONLY_AST``, what
``ast.parse`` and ``ast.literal_eval`` call) is recorded with whether the lock was held; the lock
is taken on every interpreter for the test. Before, the reader decoded escaped strings with
``ast.literal_eval`` outside the lock.
"""

from __future__ import annotations

import _ast
import builtins
import threading
from typing import Any, List

import pytest

import srcpickle
from srcpickle import _astparse

PAYLOAD = b"""\
srcpickle-payload 1
written-by: 'hand'
requires-python: '3.9'
root: [@f, 'tab\\there', b'\\x00\\xff', "quote \\" and \\u20ac"]

[function f]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
signature: '(x: int) -> str'
annotation x = 'int'
annotation return = 'str'
doc: 'line one\\nline two'
kind: 'def'
line: 3
source: 2
    def f(x: int) -> str:
        return GREETING + '\\t' + str(x)

[namespace m]
module: 'm'
global GREETING = 'hello\\n'

[end]
"""


class RecordingLock:
    """A lock that knows whether it is held."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.held = False
        self.taken = 0

    def __enter__(self) -> None:
        self.lock.acquire()
        self.held = True
        self.taken += 1

    def __exit__(self, *exc: Any) -> None:
        self.held = False
        self.lock.release()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> List[bool]:
    """Whether the lock was held, for each syntax tree made from now on."""
    lock = RecordingLock()
    monkeypatch.setattr(_astparse, "PARSE_RACES", True)
    monkeypatch.setattr(_astparse, "_LOCK", lock)
    real_compile = builtins.compile
    found: List[bool] = []

    def recording_compile(
        source: Any, filename: Any, mode: str, flags: int = 0, *args: Any, **kwargs: Any
    ) -> Any:
        if flags & _ast.PyCF_ONLY_AST:
            found.append(lock.held)
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", recording_compile)
    return found


def test_reading_a_payload_parses_under_the_lock(parses: List[bool]) -> None:
    payload = srcpickle.inspect(PAYLOAD.replace(b"'hand'", b"'hand, inspect'"))  # not a cached parse
    assert dict(payload.nodes["m"].globals)["GREETING"] == "hello\n"  # type: ignore[attr-defined]
    assert payload.nodes["f"].doc == "line one\nline two"  # type: ignore[attr-defined]
    assert parses and all(parses), parses


def test_loading_parses_under_the_lock(parses: List[bool]) -> None:
    root = srcpickle.loads(PAYLOAD.replace(b"'hand'", b"'hand, loads'"))
    assert root[0](1) == "hello\n\t1" and root[1:] == ["tab\there", b"\x00\xff", 'quote " and \u20ac']
    assert parses and all(parses), parses


def test_loading_with_an_allow_list_parses_under_the_lock(parses: List[bool]) -> None:
    root = srcpickle.loads(PAYLOAD.replace(b"'hand'", b"'hand, allowed'"), allowed_imports=[])
    assert root[0].__annotations__ == {"x": int, "return": str}
    assert parses and all(parses), parses

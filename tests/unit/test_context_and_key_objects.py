"""Two standard-library objects functions hold as globals that CPython refused to dump and PyPy
dumped its own way: a ``contextvars.ContextVar`` (PyPy wrote its private attributes, which CPython
could not load) and what ``functools.cmp_to_key`` returns (PyPy's is a class of functools.py,
dumped by value). Each is written as the call that makes it. The round trips on every Python are
the case file tests/roundtrip/cases/context_variables.py; here, what a payload carries of them,
loaded in a fresh process."""

from __future__ import annotations

import contextvars
import functools
import sys
from pathlib import Path
from typing import Any

import pytest

import srcpickle
from srcpickle.errors import UnsupportedObjectError

from . import load_fresh

REQUEST_ID = contextvars.ContextVar("request_id", default="none")
DEADLINE = contextvars.ContextVar("deadline")


def request_and_deadline():
    try:
        deadline = DEADLINE.get()
    except LookupError:
        deadline = "unset"
    return REQUEST_ID.get(), deadline


def test_a_context_variable_is_its_name_and_default_not_what_a_context_set(tmp_path: Path) -> None:
    def dumped_in_a_request() -> bytes:
        # Dumped where the running program set both (a request handler sending a task): the
        # loaded function reads the variables of the process that calls it.
        REQUEST_ID.set("req-42")
        DEADLINE.set(30)
        assert request_and_deadline() == ("req-42", 30)
        return srcpickle.dumps(request_and_deadline)

    data = contextvars.copy_context().run(dumped_in_a_request)
    text = data.decode()
    assert "args: ('request_id',)\nkwargs: {'default': 'none'}" in text
    assert "args: ('deadline',)\n" in text and "req-42" not in text and "30" not in text
    assert "callable: @contextvars.ContextVar" in text
    result = load_fresh(
        data,
        tmp_path,
        "(fn(), fresh, fn.__globals__['REQUEST_ID'].name)",
        before="fresh = fn()\nfn.__globals__['DEADLINE'].set(5)\n",
    )
    assert result == (("none", 5), ("none", "unset"), "request_id")


def by_length(a, b):
    return len(a) - len(b)


KEY = functools.cmp_to_key(by_length)


def sort_by_length(words):
    return sorted(words, key=KEY)


@pytest.mark.skipif(
    sys.implementation.name != "cpython" or sys.version_info < (3, 10),
    reason="CPython 3.9's cmp_to_key does not give its function back (refused); PyPy's is a class",
)
def test_cmp_to_key_is_the_call_with_the_comparison(tmp_path: Path) -> None:
    data = srcpickle.dumps(sort_by_length)
    assert "callable: @functools.cmp_to_key\nargs: (@by_length,)" in data.decode()
    assert load_fresh(data, tmp_path, "fn(['ccc', 'a', 'bb'])") == ["a", "bb", "ccc"]


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="PyPy's cmp_to_key makes classes")
def test_a_key_made_for_one_object_is_still_refused() -> None:
    key = KEY("word")
    with pytest.raises(UnsupportedObjectError, match="KeyWrapper"):
        srcpickle.dumps(lambda: key)


def test_a_library_global_of_a_kind_written_as_a_call_stays_a_reference() -> None:
    # logging's default formatter is state logging shares with every handler of the process: the
    # loaded code reads that very object, where a formatter of the user's goes as its call.
    import logging

    shared = logging._defaultFormatter  # type: ignore[attr-defined]
    own = logging.Formatter("%(message)s")
    text = srcpickle.dumps(lambda: (shared, own)).decode()
    assert "[ref logging._defaultFormatter]" in text
    assert text.count("callable: @logging.Formatter") == 1
    loaded = srcpickle.loads(text)
    assert loaded()[0] is logging._defaultFormatter  # type: ignore[attr-defined]
    assert loaded()[1] is not own and loaded()[1]._fmt == "%(message)s"


def test_a_library_s_asyncio_lock_stays_a_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    # A library's module-level lock serializes that library's own coroutines: a copy would let
    # the loaded code run beside them unguarded. A lock of the user's goes as its call.
    import asyncio
    import asyncio.locks

    async def in_a_loop(make: Any) -> Any:
        # (on 3.9 a primitive takes the running loop when made: made and loaded in one)
        return make()

    shared, own = asyncio.run(in_a_loop(lambda: (asyncio.Lock(), asyncio.Lock())))
    monkeypatch.setattr(asyncio.locks, "_shared_for_test", shared, raising=False)
    text = srcpickle.dumps(lambda: (shared, own)).decode()
    assert "[ref asyncio.locks._shared_for_test]" in text, text
    assert text.count("callable: @asyncio.Lock") == 1, text
    loaded = asyncio.run(in_a_loop(lambda: srcpickle.loads(text)))
    assert loaded()[0] is shared and loaded()[1] is not own and not loaded()[1].locked()


def test_a_json_decoder_is_its_call_with_the_options_that_differ() -> None:
    # CPython refused a decoder (its C scanner); PyPy dumped its scanner closure by source.
    import json

    own = json.JSONDecoder(parse_int=str)
    plain = json.JSONDecoder()
    text = srcpickle.dumps(lambda: (own, plain)).decode()
    assert "callable: @json.JSONDecoder\nargs: ()\nkwargs: {'parse_int': @builtins.str}" in text, text
    assert "scan_once" not in text and "memo" not in text, text
    loaded = srcpickle.loads(text)
    assert loaded()[0].decode('[1, {"a": 2.5}]') == ["1", {"a": 2.5}]
    assert loaded()[1].decode("[1]") == [1] and loaded()[1] is not plain

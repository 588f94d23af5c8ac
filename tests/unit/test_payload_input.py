"""What the public entry points take as a payload: bytes, a bytearray or memoryview, or text, the
same way in each (``srcpickle._files.payload_bytes``).

Text is the payload's UTF-8 encoding; text that has none (a lone surrogate, as decoding with
``surrogateescape`` leaves) is a ``PayloadFormatError`` at its line and column wherever it is
passed, never a raw ``UnicodeEncodeError``. A buffer is copied once, and that copy is the one
whose signature is checked and the one that is loaded.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import srcpickle
from srcpickle import PayloadFormatError, SignatureError
from srcpickle._check import CheckReport
from srcpickle._sign import sign, verify

from . import import_from, write_module

KEY = b"a key for the input tests, 1234"


@pytest.fixture()
def scale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    write_module(
        tmp_path / "code",
        "input_scale",
        """
        import math

        def scale(values, by=2.0):
            '''Scale and round.'''
            return [round(math.sqrt(v) * by, 3) for v in values]
        """,
    )
    return import_from(monkeypatch, tmp_path / "code", "input_scale").scale


def _entry_points() -> Dict[str, Callable[[Any], Any]]:
    """Each public way in for a payload, as a function of the payload alone."""
    points: Dict[str, Callable[[Any], Any]] = {
        "loads": srcpickle.loads,
        "loads-key": lambda data: srcpickle.loads(data, key=KEY),
        "inspect": srcpickle.inspect,
        "inspect-key": lambda data: srcpickle.inspect(data, key=KEY),
        "load-file-object": lambda data: srcpickle.load(
            io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
        ),
        "check": srcpickle.check,
        "sign": lambda data: sign(data, KEY),
        "verify": lambda data: verify(data, KEY),
    }
    try:
        import libcst  # noqa: F401

        points["migrate"] = lambda data: srcpickle.migrate(data, {"math": "cmath"}, check=False)
    except ImportError:  # no libcst wheel (PyPy): migrate refuses before reading the payload
        pass
    return points


ENTRY_POINTS = _entry_points()


def _outcome(result: Any) -> Any:
    """What an entry point gave, comparable across inputs."""
    if callable(result):
        return ("function", result([4, 9]))
    if isinstance(result, CheckReport):
        return ("report", result.loadable, tuple(item.message for item in result.items))
    return result


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_text_bytes_and_buffers_are_the_same_payload(scale: Any, name: str) -> None:
    data = sign(srcpickle.dumps(scale), KEY)
    call = ENTRY_POINTS[name]
    outcomes = [
        _outcome(call(form)) for form in (data, data.decode("utf-8"), bytearray(data), memoryview(data))
    ]
    assert all(outcome == outcomes[0] for outcome in outcomes), outcomes


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_text_that_is_no_utf8_is_a_payload_format_error_at_its_place(scale: Any, name: str) -> None:
    text = sign(srcpickle.dumps(scale), KEY).decode("utf-8")
    line_no = next(i for i, line in enumerate(text.split("\n"), 1) if "Scale and round" in line)
    column = text.split("\n")[line_no - 1].index("and round") + 1
    broken = text.replace("Scale and round", "Scale \udc80nd round", 1)
    with pytest.raises(PayloadFormatError) as raised:
        ENTRY_POINTS[name](broken)
    error = raised.value
    assert (error.line, error.column) == (line_no, column)
    assert str(error).startswith(
        "payload text cannot be encoded as UTF-8: surrogates not allowed ('\\udc80')"
    )


@pytest.mark.parametrize("name", sorted(set(ENTRY_POINTS) - {"load-file-object"}))
def test_other_types_are_a_payload_format_error(name: str) -> None:
    with pytest.raises(PayloadFormatError, match="payload must be bytes or str, not list"):
        ENTRY_POINTS[name]([b"srcpickle-payload 1\n"])


class _Shifting(bytearray):
    """A buffer another thread changes while it is being loaded: its first copy is the signed
    payload, every later copy the tampered one."""

    def __init__(self, first: bytes, later: bytes) -> None:
        super().__init__(first)
        self.copies = [first, later]

    def __bytes__(self) -> bytes:
        return self.copies.pop(0) if len(self.copies) > 1 else self.copies[0]


class _ShiftingBytes(bytes):
    """The same trick on an immutable buffer: its contents are the signed payload, and what
    ``bytes()`` of it answers is the tampered one."""

    later: bytes = b""

    def __bytes__(self) -> bytes:
        return self.later


def _shifting_bytes(first: bytes, later: bytes) -> bytes:
    made = _ShiftingBytes(first)
    made.later = later
    return made


def test_the_copy_whose_signature_is_checked_is_the_one_loaded(scale: Any) -> None:
    signed = srcpickle.dumps(scale, key=KEY)
    tampered = signed.replace(b"* by, 3)", b"* by * 1000, 3)")
    assert tampered != signed
    calls = (lambda d: srcpickle.loads(d, key=KEY), lambda d: srcpickle.inspect(d, key=KEY))
    for call, make in [(call, make) for call in calls for make in (_Shifting, _shifting_bytes)]:
        try:
            result = call(make(signed, tampered))
        except SignatureError:
            continue  # refusing is right too; running the tampered code is not
        if callable(result):
            assert result([4]) == scale([4])
        else:
            assert "1000" not in next(node.source for _, node in result.sources())


# A payload's first line damaged the ways editors, git, shells and people damage it: what the
# error must say about the line, and the column it points at (1: the format name, 19: the version).
FIRST_LINE_DAMAGE = {
    "trailing spaces": (lambda first: first + b"   ", "has 3 spaces after its format version 2", 19),
    "a trailing tab": (lambda first: first + b"\t", "has a tab after its format version 2", 19),
    "a trailing NUL": (lambda first: first + b"\0", "has a NUL byte after its format version 2", 19),
    "a decimal point": (lambda first: first + b".0", "has the text '.0' after its format version 2", 19),
    "CRLF": (lambda first: first + b"\r", "lines end with CRLF", 19),
    "a byte order mark": (lambda first: b"\xef\xbb\xbf" + first, "UTF-8 byte order mark", 1),
    "leading spaces": (lambda first: b"  " + first, "has 2 spaces before 'srcpickle-payload'", 1),
    "a leading blank line": (lambda first: b"\n" + first, "starts with 1 blank line before", 1),
    "leading blank lines": (lambda first: b" \n\n" + first, "starts with 2 blank lines before", 1),
    "a tab for the space": (
        lambda first: first.replace(b" ", b"\t"),
        "has a tab after 'srcpickle-payload' where one space must be",
        1,
    ),
    "two spaces": (
        lambda first: first.replace(b" ", b"  "),
        "has a space where the format version must be",
        19,
    ),
    "no version": (
        lambda first: first.split(b" ")[0],
        "has nothing after 'srcpickle-payload' where one space must be",
        1,
    ),
    "a sign": (lambda first: first.replace(b" ", b" +"), "has the text '+' where the format", 19),
    # 01 loaded as format 1, 002 as format 2; 00 asked for an upgrade.
    "a leading zero": (
        lambda first: first.replace(b" ", b" 0"),
        "has the format version '02', with a leading zero; a format version is written without",
        19,
    ),
    "leading zeros": (lambda first: first.replace(b" ", b" 000"), "format version '0002', with a", 19),
    "version 00": (
        lambda first: first.split(b" ")[0] + b" 00",
        "has the format version '00', with a leading zero",
        19,
    ),
    "non-ASCII digits": (
        lambda first: first.split(b" ")[0] + " ١".encode(),
        "has the text '١' where the format version must be",
        19,
    ),
    "a misspelt format name": (
        lambda first: first.replace(b"payload", b"paylaod"),
        "not a srcpickle payload: its first line must be 'srcpickle-payload N' exactly",
        1,
    ),
}


@pytest.mark.parametrize("damage", sorted(FIRST_LINE_DAMAGE))
def test_a_damaged_first_line_is_described_by_every_entry_point(scale: Any, damage: str) -> None:
    """A first line with trailing spaces said "the format version must be a whole number": the
    error says what is wrong with the line, the same way wherever the payload is passed."""
    change, says, column = FIRST_LINE_DAMAGE[damage]
    first, rest = sign(srcpickle.dumps(scale), KEY).split(b"\n", 1)
    data = change(first) + b"\n" + rest
    for name, call in ENTRY_POINTS.items():
        with pytest.raises(PayloadFormatError) as raised:
            call(data)
        error = raised.value
        assert says in str(error), (name, str(error))
        assert (error.line, error.column) == (1, column), (name, str(error))
        if "CRLF" not in says and "byte order" not in says:
            assert "'srcpickle-payload N' exactly" in str(error), (name, str(error))

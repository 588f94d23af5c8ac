"""The invalid corpus: broken payloads, each with the error it must raise, and nothing may run.

``tests/corpus/invalid/NAME.srcpickle`` is a broken payload and ``NAME.expect`` the error it must
raise (see ``tests/corpus/README.md``). Each is parsed with ``srcpickle.inspect`` and loaded with
``srcpickle.loads``; the exception class must be exactly the expected one (``PayloadFormatError``,
or ``FormatVersionError`` for a newer format), with the expected line and column.

A *crasher* the fuzzers found whose text turned out to be well formed (it made a read-only path
raise something other than a ``SrcpickleError``) is kept here too, with ``error: none``: it must
parse, every read-only path (``tests/fuzz/fuzz_targets.py``) must take it, and ``show``, ``check``
and ``diff`` must answer without a traceback.

Most payloads are ``tests/corpus/side_effect.srcpickle`` with one defect: that payload writes the
file ``SRCPICKLE_RAN`` in the current directory if its function's default expression, its body or
its reduce section ever runs. Every case runs in an empty directory and asserts that the file was
not created; ``test_side_effect_payload_does_run`` proves the marker is written when the payload is
valid, so its absence means something.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import pytest
from fuzz.fuzz_targets import parsed, read_everything

import srcpickle
from srcpickle import DependencyVersionWarning, FormatVersionError, PayloadFormatError
from srcpickle._cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
INVALID = CORPUS / "invalid"
SIDE_EFFECT = CORPUS / "side_effect.srcpickle"
MARKER = "SRCPICKLE_RAN"
ERRORS = {"PayloadFormatError": PayloadFormatError, "FormatVersionError": FormatVersionError}
STAGES = ("parse", "load")

# The faults the format specification promises to catch; each must stay in the corpus.
REQUIRED_CASES = {
    "format_version_higher",
    "truncated_no_end_marker",
    "truncated_in_source_block",
    "random_bytes",
    "invalid_utf8",
    "empty",
    "missing_node_reference",
    "source_does_not_compile",
    "unknown_section_kind",
    "unknown_field",
    "duplicate_node_id",
    "malformed_value",
    "unterminated_string",
    "closure_not_a_cell",
}


@dataclass(frozen=True)
class Expectation:
    error: str
    line: int
    column: Optional[int]
    stage: str


def read_expect(path: Path) -> Expectation:
    """Parse an ``.expect`` file: ``key: value`` lines, ``#`` comments, blank lines ignored."""
    fields: Dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        assert sep, f"{path.name}:{number}: expected 'key: value'"
        assert key not in fields, f"{path.name}:{number}: duplicate {key}"
        fields[key.strip()] = value.strip()
    unknown = set(fields) - {"error", "line", "column", "stage"}
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    assert fields.get("error") in ERRORS or fields.get("error") == "none", (
        f"{path.name}: error must be one of {sorted(ERRORS)} or none"
    )
    if fields["error"] == "none":
        return Expectation(error="none", line=0, column=None, stage="read")
    assert fields.get("stage", "parse") in STAGES, f"{path.name}: stage must be one of {STAGES}"
    return Expectation(
        error=fields["error"],
        line=int(fields["line"]),
        column=int(fields["column"]) if "column" in fields else None,
        stage=fields.get("stage", "parse"),
    )


def _names() -> List[str]:
    return sorted({p.stem for p in INVALID.iterdir() if p.suffix in (".srcpickle", ".expect")})


def test_corpus_files_are_paired() -> None:
    problems = []
    for path in sorted(INVALID.iterdir()):
        if path.suffix not in (".srcpickle", ".expect"):
            problems.append(f"{path.name}: not a .srcpickle or .expect file")
    for name in _names():
        for suffix in (".srcpickle", ".expect"):
            if not (INVALID / (name + suffix)).is_file():
                problems.append(f"{name}{suffix} is missing")
    assert not problems, "\n".join(problems)


def test_corpus_covers_the_required_faults() -> None:
    missing = REQUIRED_CASES - set(_names())
    assert not missing, f"required invalid payloads missing: {sorted(missing)}"


def _check_error(error: PayloadFormatError, expected: Expectation, api: str) -> None:
    assert type(error).__name__ == expected.error, f"{api}: {type(error).__name__}: {error}"
    assert error.line == expected.line, f"{api}: line {error.line}, expected {expected.line}: {error}"
    if expected.column is not None:
        assert error.column == expected.column, (
            f"{api}: column {error.column}, expected {expected.column}: {error}"
        )


@pytest.mark.parametrize("name", _names())
def test_invalid_payload(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload_path = INVALID / (name + ".srcpickle")
    expect_path = INVALID / (name + ".expect")
    assert payload_path.is_file() and expect_path.is_file(), f"{name}: unpaired corpus file"
    expected = read_expect(expect_path)
    data = payload_path.read_bytes()
    monkeypatch.chdir(tmp_path)  # the marker a side effect would write lands here
    if expected.error == "none":
        _check_crasher(payload_path, data, capsys)
        assert not (tmp_path / MARKER).exists(), f"{name}: payload code ran while reading it"
        return

    if expected.stage == "parse":
        with pytest.raises(PayloadFormatError) as parsed:
            srcpickle.inspect(data)
        _check_error(parsed.value, expected, "inspect")
    else:
        srcpickle.inspect(data)  # well-formed text: only loading finds the fault

    with pytest.raises(PayloadFormatError) as loaded:
        srcpickle.loads(data)
    _check_error(loaded.value, expected, "loads")

    assert not (tmp_path / MARKER).exists(), f"{name}: payload code ran before the error was raised"


def _check_crasher(path: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    srcpickle.inspect(data)
    outcomes = read_everything(data)
    assert parsed(outcomes), outcomes
    capsys.readouterr()
    with warnings.catch_warnings():
        # A version that differs from the installed one is a warning, as it should be.
        warnings.simplefilter("ignore", DependencyVersionWarning)
        for args in (["show", str(path)], ["check", str(path)], ["diff", str(path), str(path)]):
            code = main(args)
            out, err = capsys.readouterr()
            assert code in (0, 1), f"{args}: exit {code}\n{err}"
            assert "Traceback" not in err and out, f"{args}: {err}"


def test_side_effect_payload_does_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the valid payload the corpus is made from writes the marker when loaded."""
    monkeypatch.chdir(tmp_path)
    data = SIDE_EFFECT.read_bytes()
    srcpickle.inspect(data)
    assert not (tmp_path / MARKER).exists(), "parsing alone must not run anything"
    assert srcpickle.loads(data) == "ran"
    assert (tmp_path / MARKER).read_text() == "ran"

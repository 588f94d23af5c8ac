"""Hostile payloads for the loader (``tests/corpus/hostile/``, see its README): each well-formed
payload must make ``loads`` raise the srcpickle error its ``.expect`` names. Cases the loader
still fails are strict expected failures, marked ``known:`` in their ``.expect``."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest

import srcpickle
from srcpickle import errors

HOSTILE = Path(__file__).resolve().parent / "corpus" / "hostile"


def _expect(name: str) -> Dict[str, str]:
    fields: Dict[str, str] = {}
    for line in (HOSTILE / f"{name}.expect").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    assert fields.get("error") in errors.__all__, f"{name}: unknown error {fields.get('error')}"
    return fields


def _cases() -> List[object]:
    cases: List[object] = []
    for path in sorted(HOSTILE.glob("*.srcpickle")):
        known = _expect(path.stem).get("known")
        marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
        cases.append(pytest.param(path.stem, marks=marks, id=path.stem))
    return cases


def test_cases_are_paired() -> None:
    payloads = {p.stem for p in HOSTILE.glob("*.srcpickle")}
    expects = {p.stem for p in HOSTILE.glob("*.expect")}
    assert payloads == expects and payloads


@pytest.mark.parametrize("name", _cases())
def test_hostile_payload(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = (HOSTILE / f"{name}.srcpickle").read_bytes()
    srcpickle.inspect(data)  # well formed: only loading finds the fault
    expected = getattr(errors, _expect(name)["error"])
    with pytest.raises(srcpickle.SrcpickleError) as info:
        srcpickle.loads(data)
    assert isinstance(info.value, expected)
    assert list(tmp_path.iterdir()) == []

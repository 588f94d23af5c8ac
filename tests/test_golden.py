"""The golden corpus: every payload a released format version wrote keeps loading.

``tests/corpus/golden/v<N>/`` holds ``NAME.srcpickle`` beside ``NAME.json`` (the probes the loaded
object must answer; see ``tests/corpus/README.md``). Every file is checked: a payload without its
probes, probes without their payload, or any other file in a version directory fails. Each payload
is loaded in this process and, in one process per interpreter, on every other Python found on the
machine (the interpreters are never silently skipped when ``SRCPICKLE_REQUIRE_ALL_PYTHONS`` is set,
as ``.ci/run`` does).
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

from srcpickle._model import FORMAT_VERSION
from srcpickle._pythons import Interpreter, IsolatedPackage

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

CORPUS = Path(__file__).resolve().parent / "corpus"
GOLDEN = CORPUS / "golden"
sys.path.insert(0, str(CORPUS))
import golden_check  # noqa: E402

# The interpreters the cross-version promise covers; in CI each must be present.
REQUIRED_PYTHONS = [("cpython", (3, minor)) for minor in range(9, 14)] + [("pypy", (3, 9))]


def _version_dirs() -> List[Path]:
    return sorted(p for p in GOLDEN.iterdir() if p.is_dir()) if GOLDEN.is_dir() else []


def _cases() -> List[Tuple[str, str]]:
    return [(d.name, name) for d in _version_dirs() for name in golden_check.pair_files(str(d))[0]]


@functools.lru_cache(maxsize=None)  # noqa: UP033 - functools.cache reads less plainly
def _other_interpreters() -> Tuple[Interpreter, ...]:
    return tuple(i for i in unit.interpreters() if not i.is_current)


def test_every_format_version_has_a_golden_directory() -> None:
    names = [d.name for d in _version_dirs()]
    for version in range(1, FORMAT_VERSION + 1):
        assert f"v{version}" in names, f"no golden corpus for format {version}: run make_golden.py"
    assert set(names) <= {f"v{v}" for v in range(1, FORMAT_VERSION + 1)}, names


@pytest.mark.parametrize("version_dir", [d.name for d in _version_dirs()])
def test_golden_files_are_paired(version_dir: str) -> None:
    names, strays = golden_check.pair_files(str(GOLDEN / version_dir))
    assert names, f"{version_dir} holds no golden payloads"
    assert not strays, "\n".join(strays)


@pytest.mark.parametrize("version_dir, name", _cases(), ids=[f"{v}/{n}" for v, n in _cases()])
def test_golden_payload_loads_here(version_dir: str, name: str) -> None:
    directory = GOLDEN / version_dir
    for suffix in (golden_check.PAYLOAD_SUFFIX, golden_check.PROBES_SUFFIX):
        assert (directory / (name + suffix)).is_file(), f"{name}{suffix} is missing"
    problems = golden_check.check_case(str(directory), name)
    assert not problems, "\n".join(problems)


def test_other_interpreters_are_present() -> None:
    """In CI (``SRCPICKLE_REQUIRE_ALL_PYTHONS``), every supported interpreter must be found."""
    found = {(i.implementation, i.version[:2]) for i in unit.interpreters()}
    missing = [f"{impl} {v[0]}.{v[1]}" for impl, v in REQUIRED_PYTHONS if (impl, v) not in found]
    if missing:
        unit.missing(f"interpreters not installed: {', '.join(missing)}")


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", _other_interpreters(), ids=lambda i: i.label)
def test_golden_payloads_load_on(interpreter: Interpreter) -> None:
    """One process per interpreter loads every golden payload and runs its probes."""
    with IsolatedPackage() as package:
        for version_dir in _version_dirs():
            result = package.run(
                interpreter,
                "import golden_check; golden_check.main()",
                args=[str(version_dir)],
                extra_path=[str(CORPUS)],
                timeout=300,
            )
            assert result.returncode == 0, result.stderr
            assert not result.stderr, result.stderr
            report = json.loads(result.stdout)
            expected = golden_check.pair_files(str(version_dir))[0]
            assert sorted(report["cases"]) == expected
            assert not report["strays"], report["strays"]
            failures = {name: problems for name, problems in report["cases"].items() if problems}
            assert not failures, f"{report['python']}, {version_dir.name}: {json.dumps(failures, indent=2)}"

"""Payloads load on every interpreter of the machine, whichever interpreter dumped them.

Three directions, each a test per (loading interpreter, case file):

- dumped on the running Python, loaded on every interpreter found;
- dumped on the oldest CPython found, loaded on every other;
- dumped on the newest CPython found, loaded on every other;
- dumped on PyPy, loaded on every other.

A case file whose syntax (``match``, ``except*``) or standard-library names (``enum.StrEnum``)
need a newer Python must fail to load on an older one with ``PythonVersionError`` naming the
version (see ``harness.problems``). In CI
(``SRCPICKLE_REQUIRE_ALL_PYTHONS=1``, set by ``.ci/run``) a missing CPython 3.9-3.13 or PyPy fails
the run; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import importlib
from typing import Any, List, Optional, Tuple

import pytest

import srcpickle
from srcpickle._fmt.read import parse
from srcpickle._model import GuardNode, ImportNode, Ref, RefNode
from srcpickle._name_uses import needed_names
from srcpickle._names import release_of

from .harness import CaseFile, case_files, current_interpreter, discover_interpreters, problems

# The interpreters issue 2 promises to load on; None: any version of that implementation.
REQUIRED: Tuple[Tuple[str, Optional[Tuple[int, int]]], ...] = (
    ("cpython", (3, 9)),
    ("cpython", (3, 10)),
    ("cpython", (3, 11)),
    ("cpython", (3, 12)),
    ("cpython", (3, 13)),
    ("pypy", None),
)
# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
_parent = (__package__ or "").rpartition(".")[0]
unit = importlib.import_module(f"{_parent}.unit" if _parent else "unit")


def _cpythons() -> List[Any]:
    return sorted(
        (i for i in discover_interpreters() if i.implementation == "cpython"), key=lambda i: i.version
    )


def _dumper(role: str) -> Optional[Any]:
    if role == "current":
        return current_interpreter()
    if role == "pypy":
        return next((i for i in discover_interpreters() if i.implementation == "pypy"), None)
    found = _cpythons()
    if not found:
        return None
    return found[0] if role == "oldest" else found[-1]


_ROLES = {
    "test_payloads_from_running_python": "current",
    "test_payloads_from_oldest_cpython": "oldest",
    "test_payloads_from_newest_cpython": "newest",
    "test_payloads_from_pypy": "pypy",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    role = _ROLES.get(metafunc.function.__name__)
    if role is None:
        return
    dumper = _dumper(role)
    params = []
    if dumper is not None:
        for loader in discover_interpreters():
            if role != "current" and loader == dumper:
                continue  # the same interpreter round trip is test_roundtrip's job
            for case_file in case_files():
                if case_file.runs_on(dumper.version):
                    params.append(
                        pytest.param(dumper, loader, case_file, id=f"{loader.label}-{case_file.name}")
                    )
    metafunc.parametrize("dumper,loader,case_file", params)


# Case files about what differs between Python versions (a module a name lives in, syntax whose
# meaning the values decide), also dumped on the CPythons the rows above do not dump on (3.10
# and 3.12 here: a payload from 3.10 named importlib.resources.files by importlib._common, which
# only 3.10 has).
EVERY_DUMPER_CASES = ("moved_library_objects", "library_objects_as_values", "unions_in_code", "or_not_unions")


def _middle_cpythons() -> List[Any]:
    found = _cpythons()
    return found[1:-1] if len(found) > 2 else []


def _middle_params() -> List[Any]:
    params = []
    cases = [c for c in case_files() if c.name in EVERY_DUMPER_CASES]
    for dumper in _middle_cpythons():
        if dumper == current_interpreter():
            continue  # its pairs are test_payloads_from_running_python's
        for loader in discover_interpreters():
            if loader == dumper:
                continue
            for case_file in cases:
                if case_file.runs_on(dumper.version):
                    params.append(
                        pytest.param(
                            dumper, loader, case_file, id=f"{dumper.label}-{loader.label}-{case_file.name}"
                        )
                    )
    return params


def _check(harness: Any, dumper: Any, loader: Any, case_file: CaseFile) -> None:
    found = problems(harness.load(dumper, case_file, loader))
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found)


def test_payloads_from_running_python(
    roundtrip_harness: Any, dumper: Any, loader: Any, case_file: CaseFile
) -> None:
    _check(roundtrip_harness, dumper, loader, case_file)


# In .ci/run's oldest run the oldest CPython is the one running the suite: these are the pairs
# of test_payloads_from_running_python there, loaded once for both (the harness caches by path).
@pytest.mark.any_python(run="oldest")
def test_payloads_from_oldest_cpython(
    roundtrip_harness: Any, dumper: Any, loader: Any, case_file: CaseFile
) -> None:
    _check(roundtrip_harness, dumper, loader, case_file)


# Likewise in the newest run, which runs on the newest CPython.
@pytest.mark.any_python(run="newest")
def test_payloads_from_newest_cpython(
    roundtrip_harness: Any, dumper: Any, loader: Any, case_file: CaseFile
) -> None:
    _check(roundtrip_harness, dumper, loader, case_file)


@pytest.mark.any_python
def test_payloads_from_pypy(roundtrip_harness: Any, dumper: Any, loader: Any, case_file: CaseFile) -> None:
    _check(roundtrip_harness, dumper, loader, case_file)


@pytest.mark.any_python(run="oldest")  # (the default run holds the PyPy rows)
@pytest.mark.parametrize("dumper,loader,case_file", _middle_params())
def test_version_specific_payloads_from_every_cpython(
    roundtrip_harness: Any, dumper: Any, loader: Any, case_file: CaseFile
) -> None:
    _check(roundtrip_harness, dumper, loader, case_file)


def _required_label(implementation: str, version: Optional[Tuple[int, int]]) -> str:
    name = "PyPy" if implementation == "pypy" else "CPython"
    return f"{name} {version[0]}.{version[1]}" if version else f"{name} 3"


@pytest.mark.parametrize(
    "implementation,version", REQUIRED, ids=[_required_label(*required) for required in REQUIRED]
)
def test_required_interpreter_present(
    interpreters: Tuple[Any, ...], implementation: str, version: Optional[Tuple[int, int]]
) -> None:
    if any(
        i.implementation == implementation and (version is None or tuple(i.version[:2]) == version)
        for i in interpreters
    ):
        return
    message = (
        f"{_required_label(implementation, version)} not found (looked in $(pyenv root)/versions, "
        "python3.X on PATH and pypy3)"
    )
    unit.missing(message)


def _release_of_names(data: bytes) -> Tuple[int, int]:
    # The newest release that added a standard-library name the payload's code needs (enum.StrEnum:
    # 3.11), which no header records: loads finds it from the names and refuses an older Python.
    # A module a guard tries (try: import tomllib / except ImportError) is no need: where it is
    # missing, loads takes the fallback.
    payload = parse(data)
    guarded = set()
    for node in payload.nodes.values():
        if isinstance(node, GuardNode):
            tried = [payload.nodes.get(ref.id) for ref in node.tries if isinstance(ref, Ref)]
            guarded |= {n.module for n in tried if isinstance(n, (ImportNode, RefNode))}
    releases = [
        release_of(name)
        for name, module, dist, _ in needed_names(payload)
        if dist.is_stdlib and module not in guarded
    ]
    return max([release for release in releases if release is not None], default=(3, 9))


# Dumped on the newest CPython whichever Python runs the suite: once in .ci/run, in its newest
# run, whose own dumps these are (the oldest run dumped every case file on 3.13 for it alone).
@pytest.mark.any_python(run="newest")
@pytest.mark.parametrize("case_file", case_files(), ids=lambda c: c.name)
def test_payload_records_the_python_it_needs(roundtrip_harness: Any, case_file: CaseFile) -> None:
    newest = _dumper("newest")
    if newest is None or not case_file.runs_on(newest.version):
        pytest.skip(f"no interpreter here runs {case_file.name} (needs Python {case_file.requires_python})")
    dump = roundtrip_harness.dump(newest, case_file)
    payloads = dump.payloads()
    assert payloads, f"{case_file.name}: nothing was dumped on {newest.label}"
    for name, data in payloads.items():
        needs = max(srcpickle.inspect(data).requires_python, _release_of_names(data))
        assert needs == case_file.requires_python, (
            f"{case_file.name}::{name} dumped on {newest.label} records requires-python {needs}, "
            f"expected {case_file.requires_python}"
        )

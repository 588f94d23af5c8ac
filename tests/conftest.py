"""Shared fixtures: the interpreters of the machine and the round-trip harness.

Also prints, after the run, a table of the cross-version results: for each interpreter that
dumped payloads and each interpreter that loaded them, how many case files passed.
"""

from __future__ import annotations

import compileall
import importlib
import os
import subprocess
from collections import defaultdict
from types import ModuleType
from typing import Any, Dict, Iterator, List, Tuple

import pytest


def _harness_module() -> ModuleType:
    # tests/ is a rootdir-relative folder without __init__.py today; stay right if it gets one.
    if __package__:
        return importlib.import_module(f"{__package__}.roundtrip.harness")
    return importlib.import_module("roundtrip.harness")


def pytest_configure(config: pytest.Config) -> None:
    # Hundreds of child processes of this interpreter import srcpickle from the checkout (the
    # CLI, scripts, integrations); under PYTHONDONTWRITEBYTECODE=1 (set on the CI machine) each
    # would compile the whole package again. Its bytecode, written once here, is what every one
    # of them then reads. The other interpreters' bytecode is written here too: the copies of
    # the package for fresh interpreters (IsolatedPackage: every check(), the harness, tests of
    # their own) take the __pycache__ folders with them, where each child of a new copy compiled
    # what it imported (0.1-0.2 s of CPU, once per copy and interpreter).
    import srcpickle

    package = os.path.dirname(os.path.abspath(srcpickle.__file__))
    if not os.access(package, os.W_OK):
        return
    others = [
        subprocess.Popen(
            [interpreter.path, "-I", "-m", "compileall", "-q", package],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for interpreter in _harness_module().discover_interpreters()
        if not interpreter.is_current
    ]
    compileall.compile_dir(package, quiet=2, workers=1)
    for process in others:
        process.wait()  # (an interpreter that fails to compile it leaves its children to do it)


@pytest.fixture(scope="session")
def interpreters() -> Tuple[Any, ...]:
    """Every supported interpreter found on the machine (``srcpickle._pythons.Interpreter``)."""
    return _harness_module().discover_interpreters()  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def roundtrip_harness(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The session's ``Harness``, with the dump/load jobs of every selected test already queued
    so that they run in parallel while the first tests wait."""
    harness_module = _harness_module()
    harness = harness_module.Harness()
    current = harness_module.current_interpreter()
    jobs = []
    for item in request.session.items:
        if item.stash.get(_SKIPPED_IN_THIS_RUN, False):
            continue  # another run of .ci/run runs it: its dumps and loads would be wasted here
        params = getattr(getattr(item, "callspec", None), "params", {})
        case_file = params.get("case_file")
        if isinstance(case_file, harness_module.CaseFile):
            dumper = params.get("dumper", current)
            loader = params.get("loader", current)
            if case_file.runs_on(dumper.version):
                jobs.append((dumper, case_file, loader))
    harness.prefetch(jobs)
    try:
        yield harness
    finally:
        harness.close()


# ------------------------------------------------------------------------ cross-version table

_TABLE: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))


# Set by .ci/run to the name of each of its runs (default, oldest, newest Python), which run side
# by side: a test marked any_python(run=...) runs only in the run it names (default: "default"),
# so that those tests, whose outcome is the same whichever Python runs them, run once and the
# three runs take about as long. Unset (a plain ``pytest``), every test runs.
ANY_PYTHON_RUN = "SRCPICKLE_ANY_PYTHON_RUN"
# Set on the items this run skips for ANY_PYTHON_RUN, which the harness then does not prefetch.
_SKIPPED_IN_THIS_RUN = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    this_run = os.environ.get(ANY_PYTHON_RUN)
    for item in items:
        marker = item.get_closest_marker("any_python")
        wanted = marker.kwargs.get("run", "default") if marker is not None else this_run
        if this_run and wanted != this_run:
            item.add_marker(pytest.mark.skip(reason=f"{ANY_PYTHON_RUN}: .ci/run runs it in its {wanted} run"))
            item.stash[_SKIPPED_IN_THIS_RUN] = True
            continue  # not a round trip of this run: kept out of its table
        params = getattr(getattr(item, "callspec", None), "params", {})
        if all(hasattr(params.get(name), "label") for name in ("dumper", "loader")):
            item.user_properties.append(("dumped_on", params["dumper"].label))
            item.user_properties.append(("loaded_on", params["loader"].label))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    properties = dict(report.user_properties)
    if "loaded_on" not in properties:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        key = (str(properties["dumped_on"]), str(properties["loaded_on"]))
        _TABLE[key][report.outcome] += 1


def _order(label: str) -> Tuple[bool, Tuple[int, ...]]:
    """Sort key of an interpreter label such as ``CPython 3.9.18``: CPython first, by version."""
    name, _, version = label.partition(" ")
    return name != "CPython", tuple(int(part) for part in version.split(".") if part.isdigit())


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TABLE:
        return
    rows: List[Tuple[str, str, str]] = []
    for (dumped, loaded), counts in sorted(
        _TABLE.items(), key=lambda item: (_order(item[0][0]), _order(item[0][1]))
    ):
        # Skips are the case files a loader's Python cannot parse (match on 3.9, ...): not failures.
        status = "FAILED" if counts.get("failed", 0) or counts.get("error", 0) else "ok"
        detail = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        rows.append((dumped, loaded, f"{status} ({detail})"))
    width = max(len(r[0]) for r in rows + [("dumped on", "", "")])
    width2 = max(len(r[1]) for r in rows + [("", "loaded on", "")])
    terminalreporter.section("srcpickle cross-version round trips (case files per pair)")
    terminalreporter.write_line(f"{'dumped on':<{width}}  {'loaded on':<{width2}}  result")
    for dumped, loaded, result in rows:
        terminalreporter.write_line(f"{dumped:<{width}}  {loaded:<{width2}}  {result}")

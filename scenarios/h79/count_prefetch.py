"""A pytest plugin that prints what the round-trip harness would prefetch in this run, then
stops before running anything. Run from the repository root:

    SRCPICKLE_ANY_PYTHON_RUN=default PYTHONPATH=scenarios/h79 python -m pytest -q -p count_prefetch

It counts, over the items the session collected, the dumps (dumper, case file), the load batches
(dumper, loader: one process each) and the load jobs, for every item and for the items this run
does not skip (what tests/conftest.py's roundtrip_harness queues).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Set, Tuple

import pytest


def _count(session: pytest.Session, only_run: bool) -> Tuple[int, int, int]:
    harness = sys.modules.get("roundtrip.harness") or sys.modules["tests.roundtrip.harness"]
    current = harness.current_interpreter()
    dumps: Set[Tuple[str, str]] = set()
    batches: Set[Tuple[str, str]] = set()
    loads: Set[Tuple[str, str, str]] = set()
    for item in session.items:
        if only_run and any(m.name == "skip" for m in item.iter_markers()):
            continue
        params = getattr(getattr(item, "callspec", None), "params", {})
        case_file = params.get("case_file")
        if isinstance(case_file, harness.CaseFile):
            dumper: Any = params.get("dumper", current)
            loader: Any = params.get("loader", current)
            if case_file.runs_on(dumper.version):
                dumps.add((dumper.label, case_file.name))
                batches.add((dumper.label, loader.label))
                loads.add((dumper.label, case_file.name, loader.label))
    return len(dumps), len(batches), len(loads)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    run = os.environ.get("SRCPICKLE_ANY_PYTHON_RUN", "(unset)")
    for only_run in (False, True):
        dumps, batches, loads = _count(session, only_run)
        which = "items this run runs" if only_run else "every item"
        print(f"\n{run}: {which}: {dumps} dumps, {batches} load processes, {loads} case-file loads")
    session.items.clear()

"""A pytest plugin that writes the node ids of the items this run runs (not skipped for
SRCPICKLE_ANY_PYTHON_RUN) to the file H79_ITEMS names, then stops before running anything. For
checking that the three runs of .ci/run together still run every test:

    SRCPICKLE_ANY_PYTHON_RUN=oldest H79_ITEMS=/tmp/oldest.txt PYTHONPATH=scenarios/h79 \
        python -m pytest -q -p list_run_items
"""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    with open(os.environ["H79_ITEMS"], "w", encoding="utf-8") as handle:
        for item in session.items:
            if not any(marker.name == "skip" for marker in item.iter_markers()):
                handle.write(item.nodeid + "\n")
    session.items.clear()

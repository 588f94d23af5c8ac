"""A pytest plugin that logs every child process the suite's own process starts (subprocess):
the test running, the executable, its first flags and the wall time until it was reaped, one
JSON line each, to the file named by H79_CHILD_LOG. For counting where child processes go:

    H79_CHILD_LOG=/tmp/children.jsonl PYTHONPATH=scenarios/h79 python -m pytest -p log_children
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from typing import Any, Optional

import pytest

_lock = threading.Lock()
_current: Optional[str] = None
_original_init = subprocess.Popen.__init__
_original_wait = subprocess.Popen._wait  # type: ignore[attr-defined]


def _init(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
    self._h79 = (_current, args if isinstance(args, str) else [str(a) for a in args][:6], time.time())
    _original_init(self, args, *rest, **kwargs)


def _wait(self: Any, *args: Any, **kwargs: Any) -> Any:
    result = _original_wait(self, *args, **kwargs)
    info = getattr(self, "_h79", None)
    if info is not None and self.returncode is not None:
        self._h79 = None
        test, argv, started = info
        line = json.dumps({"test": test, "argv": argv, "wall": round(time.time() - started, 3)})
        with _lock, open(os.environ["H79_CHILD_LOG"], "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    return result


subprocess.Popen.__init__ = _init  # type: ignore[method-assign]
subprocess.Popen._wait = _wait  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Any:
    global _current
    _current = item.nodeid
    yield
    _current = None

"""Integration tests: srcpickle inside the tools people already use, each run for real.

Every test runs a user's script as ``__main__`` in a child process (so its functions live in
``__main__``, as a user's would) against the real component: process pools started by spawn and
forkserver, joblib with loky, Dask clusters (one of this Python; one whose scheduler and workers
run another Python version), a Jupyter kernel driven by nbclient, torch's ``DataLoader``, git,
pydantic models.
What is loaded elsewhere is loaded where the script's code cannot be imported.

A component missing on the machine skips its test with the reason; in CI (``CI`` or
``SRCPICKLE_REQUIRE_ALL_PYTHONS=1`` set, as ``.ci/run`` does) it fails instead, since ``.ci/run``
installs them all. The tests carry the ``integration`` marker: ``-m "not integration"`` leaves
them out of a quick run.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, NoReturn, Optional, Sequence

# A script that takes longer has hung: the slowest (a two-version Dask cluster) takes ~10 s.
SCRIPT_TIMEOUT = 300


def _sibling(name: str) -> ModuleType:
    # tests/ is a rootdir-relative folder without __init__.py today; stay right if it gets one.
    if __package__ and "." in __package__:
        return importlib.import_module(f"{__package__.rsplit('.', 1)[0]}.{name}")
    return importlib.import_module(name)


unit = _sibling("unit")
RESULT_MARK: str = unit.RESULT_MARK
IN_CI: bool = unit.IN_CI


def missing(message: str) -> NoReturn:
    """Skip the test for a component this machine lacks; fail it in CI (``unit.missing``)."""
    unit.missing(message)


def require(module: str) -> None:
    """Skip (fail in CI) when ``module``, a component under test, is not installed. Found, not
    imported: the scripts import it, and its import-time warnings stay out of this process."""
    if importlib.util.find_spec(module) is None:
        missing(f"{module} is not installed; pip install -e '.[test]' installs it")


def run_script(
    directory: Path,
    source: str,
    *args: str,
    env: Optional[Dict[str, str]] = None,
    timeout: float = SCRIPT_TIMEOUT,
    name: str = "user_script.py",
) -> Any:
    """Run ``source`` as the script ``directory/name`` with this Python, its functions in
    ``__main__``, and return the literal it printed after ``RESULT=``."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / name
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    environment = dict(os.environ)
    environment.update(env or {})
    proc = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=directory,
        env=environment,
    )
    return unit.result_of(proc)


def load_elsewhere(interpreter: Any, code: str, args: Sequence[str] = ()) -> Any:
    """Run ``code`` on ``interpreter``, isolated (it sees srcpickle and nothing of the tests or
    the scripts), and return the literal it printed after ``RESULT=``."""
    return unit.result_of(
        unit.isolated().run(interpreter, textwrap.dedent(code), args=list(args), timeout=120)
    )

"""The project's own checks run with the test suite, so that the README's test command (and
``.ci/run``, which runs exactly that command) covers them: ruff (lint and format) on everything,
mypy --strict on the package."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import List

import pytest

# ruff and mypy (python_version in pyproject.toml) give the same verdict whichever Python runs
# them: .ci/run runs them once (see conftest.py).
pytestmark = pytest.mark.any_python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(command: List[str]) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check() -> None:
    done = _run([sys.executable, "-m", "ruff", "check", "srcpickle", "tests", "benchmarks"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = _run([sys.executable, "-m", "ruff", "format", "--check", "srcpickle", "tests", "benchmarks"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_the_package() -> None:
    done = _run([sys.executable, "-m", "mypy"])  # files and strictness from pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr

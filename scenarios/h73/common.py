"""Helpers for the h73 scenario scripts: run a script in a fresh process under given conditions
and compare the payload bytes it writes."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PY311 = "/work/venv-h73/bin/python"
PYENV = Path(subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() or "/root/.pyenv")
PYTHONS = {
    "3.9": str(PYENV / "versions/3.9.18/bin/python"),
    "3.10": str(PYENV / "versions/3.10.13/bin/python"),
    "3.11": PY311,
    "3.12": str(PYENV / "versions/3.12.1/bin/python"),
    "3.13": str(PYENV / "versions/3.13.0/bin/python"),
    "pypy": shutil.which("pypy3") or "pypy3",
}
WT = Path(__file__).resolve().parents[2]


def run(script: Path, *args: str, python: str = PY311, env: dict | None = None, cwd: Path | None = None,
        flags: tuple = ()) -> bytes:
    """Run ``script`` (which writes a payload to stdout) and return the payload bytes."""
    full = dict(os.environ)
    full["PYTHONPATH"] = os.pathsep.join([str(WT)] + ([full["PYTHONPATH"]] if "PYTHONPATH" in full and env and "PYTHONPATH" in env else []))
    if env:
        full.update(env)
        if "PYTHONPATH" in env:
            full["PYTHONPATH"] = env["PYTHONPATH"] + os.pathsep + str(WT)
    proc = subprocess.run([python, *flags, str(script), *args], capture_output=True, env=full, cwd=cwd)
    if proc.returncode:
        raise RuntimeError(f"{script} failed:\n{proc.stderr.decode()}")
    return proc.stdout


def without_written_by(data: bytes) -> bytes:
    return b"".join(l for l in data.splitlines(True) if not l.startswith(b"written-by: "))


def diff(a: bytes, b: bytes, na: str = "a", nb: str = "b") -> str:
    return "".join(difflib.unified_diff(a.decode().splitlines(True), b.decode().splitlines(True), na, nb, n=1))


def compare(label: str, runs: dict) -> bool:
    """Print SAME or DIFF (with the diff against the first) for the payloads in ``runs``."""
    (n0, d0), *rest = runs.items()
    bad = [(n, d) for n, d in rest if d != d0]
    print(f"{'SAME' if not bad else 'DIFF'}  {label}  ({', '.join(runs)})")
    for n, d in bad:
        print("   " + diff(d0, d, n0, n).replace("\n", "\n   "))
    return not bad


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="h73-"))

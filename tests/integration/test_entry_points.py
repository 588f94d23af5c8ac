"""A parent whose ``__main__`` is not a script file: ``python -c``, ``python -m``,
``runpy.run_path``, sending its functions, closures and classes to a pool of a srcpickle context.

Under ``python -c`` a spawned or forkserver worker cannot import the parent's ``__main__`` (it has
no file to run again): its functions must travel by source. On 3.10 to 3.12 they went by
reference (no source found), and the worker died unpickling the task (``BrokenProcessPool``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import pytest

from . import RESULT_MARK, SCRIPT_TIMEOUT, unit

pytestmark = pytest.mark.integration

BODY = f"""
import concurrent.futures, sys
import srcpickle

SCALE = 3


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


class Box:
    def __init__(self, v):
        self.v = v

    def scaled(self):
        return Box(self.v * SCALE)


def make_adder(k):
    return lambda x: x + k


def raises(x):
    raise KeyError(x)


def main(method):
    ctx = srcpickle.get_context(method)
    out = {{}}
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as ex:
        out["mutual"] = ex.submit(is_even, 10).result(timeout=60)
        out["closure"] = list(ex.map(make_adder(2), range(3)))
        box = ex.submit(Box(2).scaled).result(timeout=60)
        out["instance_both_ways"] = (type(box) is Box, box.v)
        out["function_back"] = ex.submit(make_adder, 5).result(timeout=60)(1)
        try:
            ex.submit(raises, "k").result(timeout=60)
        except KeyError as exc:
            out["error"] = exc.args
    print({RESULT_MARK!r} + repr(out))


if __name__ == "__main__":
    main(sys.argv[1])
"""

EXPECTED = {
    "mutual": True,
    "closure": [2, 3, 4],
    "instance_both_ways": (True, 6),
    "function_back": 6,
    "error": ("k",),
}


def _run(command: List[str], cwd: Path) -> Dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, timeout=SCRIPT_TIMEOUT, cwd=cwd
    )
    result: Dict[str, Any] = unit.result_of(proc)
    return result


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
@pytest.mark.parametrize("entry", ["python -c", "python -m", "runpy.run_path"])
def test_functions_of_a_main_that_is_not_a_script(tmp_path: Path, entry: str, method: str) -> None:
    body = textwrap.dedent(BODY)
    (tmp_path / "job.py").write_text(body, encoding="utf-8")
    commands = {
        "python -c": ["-c", body, method],
        "python -m": ["-m", "job", method],
        "runpy.run_path": [
            "-c",
            f"import runpy, sys; sys.argv[1:] = [{method!r}]; runpy.run_path('job.py', run_name='__main__')",
        ],
    }
    assert _run(commands[entry], tmp_path) == EXPECTED

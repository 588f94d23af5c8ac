"""Sources of functions defined under IPython magics that compile their text under made-up file
names (``srcpickle/_notebook.py``), in a real IPython shell run by a script.

Each family member is dumped in the shell and loaded in a fresh interpreter that has neither
IPython nor the shell's history; a function made by ``exec`` in a cell still has no source (the
history holds the call, not its text). The same with a Jupyter kernel is in
``tests/integration/test_notebook.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

from . import CHILD_TIMEOUT, RESULT_MARK, result_of, run_fresh

pytest.importorskip("IPython")

SHELL_SCRIPT = f"""
import json, os, sys
from IPython.core.interactiveshell import InteractiveShell

out = sys.argv[1]
shell = InteractiveShell.instance()
cells = [
    "import srcpickle\\nK = 5",
    "%time line_magic = lambda v: v + K",
    "%time  spaced = lambda v:   v * 2",
    "before = 1\\n%time in_the_middle = lambda v: v - before\\nafter = 2",
    "%%time\\ndef cell_magic(v):\\n    return v ** 2\\ncell_magic(3)",
    "%%time\\nclass TimedClass:\\n    def value(self):\\n        return K * 3",
    "%prun -q flagged = lambda v: -v",
    "%%prun -q\\ndef profiled(v):\\n    return [v] * K",
    "exec('def made_by_exec(v):\\\\n    return v')",
    # Characters str.splitlines() ends a line at (IPython splits a cell's lines so), Python not:
    "ODD = 'a\\x0cb\\x1cc\\u2028d'  # \\x85\\ndef odd_ends(v):\\n    return ODD + v\\n"
    "odd_lambda = lambda: ODD[::-1]",
    "%%time\\nFF = 'x\\x0cy'\\ndef timed_odd(v):\\n    return FF + v",
]
probes = {{
    "line_magic": "f(1)",
    "spaced": "f(4)",
    "in_the_middle": "f(10)",
    "cell_magic": "f(7)",
    "TimedClass": "f().value()",
    "flagged": "f(3)",
    "profiled": "f('x')",
    "made_by_exec": "f(1)",
    "odd_ends": "f('!')",
    "odd_lambda": "f()",
    "timed_odd": "f('!')",
}}
for cell in cells:
    result = shell.run_cell(cell, store_history=True)
    assert result.success, (cell, result.error_in_exec or result.error_before_exec)
report = {{}}
for name, probe in probes.items():
    obj = shell.user_ns[name]
    try:
        data = __import__("srcpickle").dumps(obj)
    except Exception as exc:
        report[name] = ("error", type(exc).__name__)
        continue
    with open(os.path.join(out, name + ".srcpickle"), "wb") as handle:
        handle.write(data)
    report[name] = (probe, repr(eval(probe, {{"f": obj}})))
print()  # the shell may leave its last line open
print({RESULT_MARK!r} + repr(report))
"""

LOAD = f"""
import ast, os, srcpickle
out, report = sys.argv[1], ast.literal_eval(sys.argv[2])
got = {{}}
for name, (probe, _) in report.items():
    if probe == "error":
        continue
    with open(os.path.join(out, name + ".srcpickle"), "rb") as handle:
        got[name] = repr(eval(probe, {{"f": srcpickle.loads(handle.read())}}))
print({RESULT_MARK!r} + repr(got))
"""


def test_functions_under_magics_dump_and_load_elsewhere(tmp_path: Path) -> None:
    script = tmp_path / "shell.py"
    script.write_text(SHELL_SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=CHILD_TIMEOUT
    )
    report: Dict[str, Any] = result_of(proc)
    assert report.pop("made_by_exec") == ("error", "SourceUnavailableError")
    assert all(value[0] != "error" for value in report.values()), report
    got = result_of(run_fresh(LOAD, args=[str(tmp_path), repr(report)]))
    assert got == {name: value for name, (_, value) in report.items()}

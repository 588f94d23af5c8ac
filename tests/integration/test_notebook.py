"""Notebooks: functions and classes of cells run by a real IPython kernel (through nbclient),
including cells under magics that compile them under made-up file names (``%%time``, ``%time``,
``%%prun``), cells under ``%%capture``, and a script run with ``%run``.

The kernel dumps each object to a payload file and records what the original returns; the
payloads are then loaded on Python 3.9 and 3.13 (and this Python), in processes that see
srcpickle and nothing else, and must return the same. ``%run``'s script is deleted first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from . import RESULT_MARK, load_elsewhere, missing, require, run_script

pytestmark = pytest.mark.integration

# The interpreters issue 10 names for loading notebook payloads, beside the running one.
LOADING_VERSIONS = ((3, 9), (3, 13))

CELLS = [
    # 0: setup, and a plain cell's function
    """import json, os, srcpickle
OUT = os.environ["SRCPICKLE_NOTEBOOK_OUT"]
expected = {}


def save(name, obj, probe):
    srcpickle.dump(obj, os.path.join(OUT, name + ".srcpickle"))
    expected[name] = [probe, repr(eval(probe, {"f": obj}))]


BASE = 10


def plain(x):
    return x + BASE""",
    # 1: a cell magic compiling the cell as <timed exec>
    """%%time
SCALE = 3
def timed(x):
    \"\"\"Scaled.\"\"\"
    return x * SCALE + plain(0)
square = lambda y: y ** 2
class Timed:
    def __init__(self, value):
        self.value = value
    def twice(self):
        return self.value * 2
Timed(1).twice()""",
    # 2: a line magic compiling its statement as <timed exec>
    "%time shifted = lambda z: z + 100",
    # 3: a cell run as a cell of its own, output captured
    """%%capture captured_output
def captured(x):
    return x - 1
print("not shown")""",
    # 4: a cell magic compiling the cell as <string>
    """%%prun -q
def profiled(v):
    return [v] * 2""",
    # 5: a script run in the notebook's namespace
    "%run helper_script.py",
    # 6: a function using functions of other magic cells
    """def combined(x):
    return timed(x) + square(x) + shifted(x) + captured(x) + hypot(3, 4)""",
    # 7: dump everything, record the originals' results
    """save("plain", plain, "f(1)")
save("timed", timed, "(f(2), f.__doc__)")
save("square", square, "f(9)")
save("timed_class", Timed, "f(21).twice()")
save("shifted", shifted, "f(1)")
save("captured", captured, "f(10)")
save("profiled", profiled, "f('v')")
save("hypot", hypot, "f(5, 12)")
save("script_class", Vector, "f(1, 2).length_squared()")
save("combined", combined, "f(2)")
with open(os.path.join(OUT, "expected.json"), "w") as handle:
    json.dump(expected, handle)""",
]

HELPER_SCRIPT = """import math

UNIT = 1.0


def hypot(a, b):
    return math.hypot(a, b) * UNIT


class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def length_squared(self):
        return self.x ** 2 + self.y ** 2
"""

RUN_NOTEBOOK = f"""
import json, sys
import nbformat
from nbclient import NotebookClient

cells = json.loads(open(sys.argv[1]).read())
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
resources = {{"metadata": {{"path": sys.argv[2]}}}}
NotebookClient(notebook, kernel_name="python3", timeout=120, resources=resources).execute()
outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
errors = [(o["ename"], o["evalue"]) for o in outputs if o.get("output_type") == "error"]
streams = [o.get("text", "") for o in outputs if o.get("output_type") == "stream"]
print({RESULT_MARK!r} + repr({{"errors": errors, "streams": streams}}))
"""

LOAD = f"""
import json, os, srcpickle
out = sys.argv[1]
expected = json.load(open(os.path.join(out, "expected.json")))
got = {{}}
for name, (probe, _) in expected.items():
    with open(os.path.join(out, name + ".srcpickle"), "rb") as handle:
        obj = srcpickle.loads(handle.read())
    got[name] = repr(eval(probe, {{"f": obj}}))
print({RESULT_MARK!r} + repr(got))
"""


@pytest.fixture(scope="module")
def notebook_payloads(tmp_path_factory: pytest.TempPathFactory) -> Tuple[Path, Dict[str, Any]]:
    """Runs the notebook; returns the folder of its payloads and what the kernel printed."""
    require("nbclient")
    require("ipykernel")
    directory = tmp_path_factory.mktemp("notebook")
    out = directory / "payloads"
    out.mkdir()
    (directory / "helper_script.py").write_text(HELPER_SCRIPT, encoding="utf-8")
    (directory / "cells.json").write_text(json.dumps(CELLS), encoding="utf-8")
    result = run_script(
        directory,
        RUN_NOTEBOOK,
        str(directory / "cells.json"),
        str(directory),
        env={"SRCPICKLE_NOTEBOOK_OUT": str(out)},
        name="run_notebook.py",
    )
    (directory / "helper_script.py").unlink()
    return out, result


def test_the_notebook_ran_every_cell(notebook_payloads: Tuple[Path, Dict[str, Any]]) -> None:
    _, result = notebook_payloads
    assert result["errors"] == []
    printed = "".join(result["streams"])
    assert "Wall time" in printed and "not shown" not in printed


def test_payload_sources_are_the_cells(notebook_payloads: Tuple[Path, Dict[str, Any]]) -> None:
    out, _ = notebook_payloads
    import srcpickle

    sources = {}
    for name in ("timed", "shifted", "profiled", "hypot", "captured"):
        payload = srcpickle.inspect((out / f"{name}.srcpickle").read_bytes())
        root = payload.root_node
        assert root is not None and hasattr(root, "source"), name
        sources[name] = (root.file, root.source)  # type: ignore[union-attr]
    assert sources["timed"] == (
        "<timed exec>",
        'def timed(x):\n    """Scaled."""\n    return x * SCALE + plain(0)',
    )
    assert sources["shifted"] == ("<timed exec>", "lambda z: z + 100")
    assert sources["profiled"] == ("<string>", "def profiled(v):\n    return [v] * 2")
    assert sources["hypot"][0] == "helper_script.py"


def _interpreters_for(interpreters: Tuple[Any, ...]) -> List[Any]:
    chosen = [i for i in interpreters if i.is_current]
    for version in LOADING_VERSIONS:
        found = [i for i in interpreters if i.implementation == "cpython" and tuple(i.version[:2]) == version]
        if not found:
            missing(f"CPython {version[0]}.{version[1]} was not found")
        chosen.append(found[0])
    return chosen


def test_notebook_payloads_load_on_other_pythons(
    notebook_payloads: Tuple[Path, Dict[str, Any]], interpreters: Tuple[Any, ...]
) -> None:
    out, _ = notebook_payloads
    expected = {name: value for name, (_, value) in json.loads((out / "expected.json").read_text()).items()}
    assert len(expected) == 10
    wrong = {}
    for interpreter in _interpreters_for(interpreters):
        got = load_elsewhere(interpreter, LOAD, [str(out)])
        if got != expected:
            wrong[interpreter.label] = {
                k: (v, expected.get(k)) for k, v in got.items() if v != expected.get(k)
            }
    assert not wrong, wrong

"""Smoke test of ``benchmarks/run.py --quick``: it runs and prints every row. Timings are never
asserted here; they are read by people, from the full run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

# Builds, installs or checks with fixed interpreters: .ci/run runs it once (see conftest.py).
pytestmark = pytest.mark.any_python(run="newest")

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"

# Pinned here rather than read from the benchmark code, so dropping a workload or a library
# fails this test instead of silently shrinking the table.
WORKLOADS = (
    "tiny",
    "globals",
    "defs200-list",
    "defs200-each",
    "lambda",
    "closure",
    "lambdas200-list",
    "lambdas200-each",
    "class",
    "instance",
    "data",
)
# The workloads the quick run measures: one for each way measure_workload goes (module-level
# defs as one payload; lambdas one payload each, which pickle and dill cannot record by
# reference; the data workload's parts table). Every workload's table is the same code: the
# other eight took 60% of the quick run (63 s -> 24 s wall, 38 -> 17 s of CPU, 3.11, busy
# machine). That each workload's module imports and its check runs is checked in
# test_every_workload_checks_its_own_object.
MEASURED = ("tiny", "lambdas200-each", "data")
LIBRARIES = ("pickle", "cloudpickle", "dill", "dill-recurse", "srcpickle")
IMPORTED = ("pickle", "cloudpickle", "dill", "srcpickle")
COLUMNS = ("dumps_warm", "dumps_cold", "loads_warm", "loads_cold", "size")
# Workloads that also get a ``<name>-parts`` table: bytes per piece of data, time beside plain
# pickle of the bare data (row pickle-data).
PARTS = {"data": ("ints", "bytes")}
PARTS_ROWS = ("pickle-data", *LIBRARIES)
PARTS_COLUMNS = ("size", "dumps_warm", "loads_warm")


def _blocks(stdout: str) -> Dict[str, List[str]]:
    """Lines of each ``== name: ...`` table, keyed by name."""
    blocks: Dict[str, List[str]] = {}
    current: List[str] = []
    for line in stdout.splitlines():
        if line.startswith("== "):
            current = blocks.setdefault(line[3:].split(":")[0], [])
        elif line.strip():
            current.append(line)
    return blocks


def test_quick_run_prints_its_workloads_with_every_library(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--quick",
            "--check",
            "--json",
            str(out),
            "--workloads",
            ",".join(MEASURED),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # --check: 1 when a target is missed (the numbers of a quick run are not judged here).
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    blocks = _blocks(proc.stdout)

    for workload in MEASURED:
        assert workload in blocks, f"no table for {workload}:\n{proc.stdout}"
        rows = {line.split()[0] for line in blocks[workload]}
        for library in LIBRARIES:
            assert library in rows, f"no {library} row for {workload}:\n" + "\n".join(blocks[workload])
    for workload in PARTS:
        name = f"{workload}-parts"
        assert name in blocks, f"no table for {name}:\n{proc.stdout}"
        rows = {line.split()[0] for line in blocks[name]}
        for library in PARTS_ROWS:
            assert library in rows, f"no {library} row for {name}:\n" + "\n".join(blocks[name])
    imports = {line.split()[0] for line in blocks["import time"]}
    assert set(IMPORTED) <= imports, "\n".join(blocks["import time"])

    raw = json.loads(out.read_text(encoding="utf-8"))
    assert [result["workload"] for result in raw["workloads"]] == list(MEASURED)
    for result in raw["workloads"]:
        assert [row["library"] for row in result["rows"]] == list(LIBRARIES)
        for row in result["rows"]:
            assert set(row["cells"]) == set(COLUMNS)
        parts = PARTS.get(result["workload"], ())
        if not parts:
            assert result["parts"] == []
            continue
        assert [row["library"] for row in result["parts"]] == list(PARTS_ROWS)
        for row in result["parts"]:
            assert set(row["cells"]) == {*PARTS_COLUMNS, *(f"part:{part}" for part in parts)}
    assert set(raw["import"]) == set(IMPORTED)
    assert raw["settings"]["clock"] == "wall"  # (--clock cpu: test_child_answers_wall_and_cpu_time)

    # Issue 9: every row of the issue in the targets table, each cell with a target and a mark.
    marks = raw["targets"]
    targets = blocks["targets (issue 9)"]
    marked = [line for line in targets if line.endswith((" pass", " MISS"))]
    assert len(marked) == len(marks), "\n".join(targets)
    for mark, line in zip(marks, marked):
        assert line.startswith(mark["row"]) and f" {mark['metric']} " in line, line
        assert mark["target"] in line and line.endswith(" pass" if mark["passed"] else " MISS"), line
    workload_rows = dict(WORKLOAD_TARGET_ROWS)
    for row in TARGET_ROWS:
        metrics = {mark["metric"] for mark in marks if mark["row"] == row}
        if row not in workload_rows:
            assert metrics, f"no target cells for {row!r}:\n" + "\n".join(targets)
        elif workload_rows[row] in MEASURED:
            assert metrics == {"dumps warm", "loads warm", "dumps cold", "loads cold", "size"}, metrics
        else:
            assert not metrics, f"target cells for {row!r}, whose workload was not measured"
    assert proc.returncode == (0 if all(mark["passed"] for mark in marks) else 1)


CHILD = RUN.parent / "_child.py"

# Each workload's object made from its freshly written module and checked, as run.py does before
# measuring it; prints the workloads' names and issue 9's workload target rows (run.py's order).
CHECK_WORKLOADS = """\
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from _targets import WORKLOAD_ROWS
from _workloads import WORKLOADS, import_module, write_modules
write_modules(Path(sys.argv[2]))
for workload in WORKLOADS:
    repr(workload.check(workload.get(import_module(Path(sys.argv[2]), workload.module))))
print(json.dumps({"workloads": [w.name for w in WORKLOADS], "targets": WORKLOAD_ROWS}))
"""


def _child_answer(args: List[str], cwd: Path) -> Any:
    """The JSON a fresh ``python ARGS`` process printed on its last line (it must succeed)."""
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120, cwd=cwd)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_every_workload_checks_its_own_object(tmp_path: Path) -> None:
    """The quick run measures some workloads (MEASURED): every one is still pinned here, with its
    issue 9 target row, and builds and checks its object (in a fresh process: the modules are
    the user's own)."""
    answer = _child_answer(["-c", CHECK_WORKLOADS, str(RUN.parent), str(tmp_path)], tmp_path)
    assert answer["workloads"] == list(WORKLOADS)
    assert set(MEASURED) <= set(WORKLOADS)
    assert [(label, name) for name, label in answer["targets"]] == list(WORKLOAD_TARGET_ROWS)


def test_child_answers_wall_and_cpu_time(tmp_path: Path) -> None:
    """A cold cell's fresh process times its call in wall clock and in CPU time (run.py's
    --clock cpu reads the latter: a busy machine's preemptions do not inflate it)."""
    sys.path.insert(0, str(RUN.parent))
    try:
        from _workloads import write_modules
    finally:
        sys.path.remove(str(RUN.parent))
    write_modules(tmp_path)
    args = {"op": "dumps", "library": "srcpickle", "workload": "tiny", "modules": str(tmp_path)}
    answer = _child_answer([str(CHILD), json.dumps(args)], tmp_path)
    assert answer["ok"] and answer["size"] > 0, answer
    assert answer["seconds"] > 0 and answer["cpu_seconds"] > 0, answer


# Issue 9's rows: the workloads of its table (by the issue's labels) and the other targets.
WORKLOAD_TARGET_ROWS = (
    ("tiny function", "tiny"),
    ("globals + import", "globals"),
    ("lambda", "lambda"),
    ("closure", "closure"),
    ("200 functions, dumps each", "defs200-each"),
    ("200 functions as one list", "defs200-list"),
    ("closure over 100k ints + 1 MiB", "data"),
)
TARGET_ROWS = (
    *(label for label, _ in WORKLOAD_TARGET_ROWS),
    "200 functions never dumped",
    "300 distributions installed",
    "import srcpickle",
    "5,000 loads of one payload",
    "5,000 loads of 1,000 payloads",
)


POOL_TASKS = Path(__file__).resolve().parents[1] / "benchmarks" / "pool_tasks.py"
# Pinned here, as WORKLOADS above: dropping a row fails this test.
POOL_ROWS = ("pickle (reference)", "cloudpickle", "srcpickle pickler", "srcpickle portable")


def test_pool_tasks_quick_run_prints_every_row_with_its_target(tmp_path: Path) -> None:
    out = tmp_path / "pool.json"
    proc = subprocess.run(
        [sys.executable, str(POOL_TASKS), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("== per-task cost: ProcessPoolExecutor.map"), proc.stdout
    rows = {row: line for line in lines[2:] for row in POOL_ROWS if line.startswith(row + " ")}
    assert sorted(rows) == sorted(POOL_ROWS), proc.stdout
    for row in ("srcpickle pickler", "srcpickle portable"):
        assert "<= 1.5" in rows[row], rows[row]
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert list(raw["per_task_seconds"]) == list(POOL_ROWS)
    assert all(set(cells) == {"wall", "cpu"} for cells in raw["per_task_seconds"].values())

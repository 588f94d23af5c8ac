"""Time srcpickle beside pickle, cloudpickle and dill, in one run, as ratios to cloudpickle.

Usage::

    python benchmarks/run.py            # full run (about three minutes)
    python benchmarks/run.py --quick    # smoke run: fewer repeats and one cold sample
    python benchmarks/run.py --json out.json
    python benchmarks/run.py --check    # exit 1 if a cell misses its target (issue 9)
    python benchmarks/run.py --clock cpu  # cold, import and never-dumped cells in CPU time
    python benchmarks/run.py --workloads tiny,data  # only these workloads' tables and targets

For each workload and library it prints

- dumps warm: per-call time of repeated dumps in this process, the libraries interleaved: rounds
  of one short loop per library (gc off), the median over rounds, and as ratio the median of the
  per-round ratios to cloudpickle (a change of load on a shared machine reaches every library of a
  round alike);
- dumps cold: median over fresh processes of the first dumps call, after importing the library and
  the workload module (so lazy imports and reading and parsing the source file are counted);
- loads warm: as dumps warm, for loads of that library's own payload;
- loads cold: median over fresh processes, where the workload's module cannot be imported, of the
  first loads call (the loaded object is called and its result checked);
- size: payload bytes (summed over the payloads when each function is dumped separately);

each followed by its ratio to cloudpickle's number. The cold cells count what an installed copy
pays: a warning at the top says when srcpickle's modules have no up-to-date bytecode cache (an
edited checkout under PYTHONDONTWRITEBYTECODE), which every fresh process would compile again.
``n/a`` marks what a library cannot do (pickle refusing a lambda, a by-reference payload whose
module is gone), ``error`` what it should have done and did not; the reason is printed under the
table.

A workload that is mostly data (a closure over a list of ints and 1 MiB of bytes) gets a second
table, ``<workload>-parts``: the payload bytes each piece of the data costs (the payload's size
minus its size with that piece empty) beside the piece's raw size, and the warm times beside plain
pickle dumping and loading the bare data (row ``pickle-data``; pickle cannot dump the closure).

Then the time of ``import <library>`` in a fresh process, and the measurements only issue 9's
targets need: dumps of 200 functions this process has not seen (a fresh copy of their module) and
loads of their payloads, not loaded before; the first dumps in a fresh process with 300 installed
distributions on ``sys.path`` beside the same in a bare environment; the RSS growth over 100,000
loads of one payload and of 1,000 distinct payloads (and the srcpickle entries ``linecache`` holds
then, and whether a traceback of a loaded function shows its source line).

Last, the targets table (``_targets.py``): every row of the issue, each cell with its target and
``pass`` or ``MISS``; under the cells of the functions never dumped, the time ``compile()`` of
their sources alone takes, as a ratio to cloudpickle too: no loader of source can go below it.
With ``--check`` the exit status is 1 when a cell misses. Timings never go in tests.

``--clock cpu`` times the cold cells, the imports and the functions never dumped in CPU time of the
measuring process (``time.process_time``) instead of wall clock. On a busy machine a first call of
a few milliseconds is preempted at least once, and waits out other processes' time slices, while
one of a tenth of a millisecond rarely is: wall-clock medians then inflate the slower library's
side only (scenarios/h90/README.md measured 55x in wall clock for a 21x in CPU time). CPU time
still counts what the call costs its process (page faults included). It times the warm cells in
the thread's CPU time (``time.thread_time``); the targets table notes each warm cell's ratio in
the other clock.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import importlib.util
import inspect
import json
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _libraries import (  # noqa: E402 - after the sys.path entry above
    BASELINE,
    LIBRARIES,
    MODULES,
    make_dumper,
    make_loader,
    mode,
    size,
    version,
)
from _targets import (  # noqa: E402
    COLUMN_TARGETS,
    CROWD_TARGET,
    DATA_SIZE_TARGET,
    DATA_WORKLOADS,
    IMPORT_TARGET,
    LINECACHE_BOUND,
    MEMORY_ALLOWANCE,
    NEW_TARGET,
    SIZE_TARGET,
    WORKLOAD_ROWS,
    Mark,
    ratio_mark,
    render,
)
from _workloads import (  # noqa: E402
    CROWD_SIZE,
    DEP_WORKLOAD,
    GENERATED_COUNT,
    SPREAD_MODULES,
    WORKLOADS,
    DataPart,
    Workload,
    defs_source,
    distinct_source,
    import_module,
    spread_source,
    write_dist_env,
    write_modules,
)

CHILD = HERE / "_child.py"
# A cold measurement that takes longer than this has hung (a deep recursion, a deadlock).
CHILD_TIMEOUT = 120.0
COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("dumps_warm", "dumps warm"),
    ("dumps_cold", "dumps cold"),
    ("loads_warm", "loads warm"),
    ("loads_cold", "loads cold"),
    ("size", "size"),
)
# The row of a parts table that times plain pickle on the bare data.
BARE_DATA = "pickle-data"


@dataclass(frozen=True)
class Settings:
    """How hard to measure."""

    # Warm: ``warm_rounds`` rounds, each running every library's call in a loop lasting at least
    # ``warm_target`` seconds (time_interleaved).
    warm_rounds: int
    warm_target: float
    # Cold and import: the number of fresh processes whose median is reported.
    cold_samples: int
    import_samples: int

    # Loads per library for the memory rows (the issue names 100,000).
    memory_loads: int = 100_000
    # "wall" (time.perf_counter) or "cpu" (time.process_time for the cold, import and
    # never-dumped cells, time.thread_time for the warm ones).
    clock: str = "wall"

    def process_clock(self) -> Callable[[], float]:
        """The timer of the never-dumped cells: the process's CPU time under "cpu", else wall."""
        return time.process_time if self.clock == "cpu" else time.perf_counter


# Warm loops of 10 ms: short enough that a round's loops share the machine's load, long enough
# that the timer and the loop's own overhead stay below 0.1% of it; 31 rounds give a median
# ratio that moved by a few percent between runs on a busy 2-core VM (scenarios/h102/README.md).
FULL = Settings(warm_rounds=31, warm_target=0.01, cold_samples=5, import_samples=5)
# The smoke run checks every row is produced, not the numbers: one sample of everything.
QUICK = Settings(warm_rounds=2, warm_target=0.002, cold_samples=1, import_samples=1, memory_loads=5_000)
# How many distinct payloads the second memory row cycles through.
DISTINCT_PAYLOADS = 1_000


@dataclass
class Cell:
    """One measurement: seconds (or bytes for size), all samples, or why there is none."""

    status: str = "ok"  # "ok", "n/a" (cannot do it) or "error" (should have and did not)
    value: Optional[float] = None
    samples: List[float] = field(default_factory=list)
    reason: str = ""
    # Warm cells: the median of the per-round ratios to the baseline library (time_interleaved),
    # in the run's clock and in the other one; None elsewhere (the ratio is value over value).
    ratio: Optional[float] = None
    other_ratio: Optional[float] = None


@dataclass
class Row:
    """One library's measurements for one workload, keyed by the names in COLUMNS."""

    library: str
    mode: str
    cells: Dict[str, Cell] = field(default_factory=dict)


@dataclass
class Result:
    """One workload's table; ``expected`` is the repr a loaded copy must reproduce when called."""

    workload: str
    title: str
    expected: str
    rows: List[Row] = field(default_factory=list)
    # Only for a workload with data parts: ``BARE_DATA`` then one row per library, with the
    # columns "size", one ``part_key`` per part, "dumps_warm" and "loads_warm".
    parts: List[Row] = field(default_factory=list)


def _failure(library: str, reason: str) -> Cell:
    # srcpickle is meant to handle every workload here; other libraries are allowed not to.
    return Cell(status="error" if library == "srcpickle" else "n/a", reason=reason)


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text[:300]


def _loop(fn: Callable[[Any], Any], arg: Any, number: int) -> Tuple[float, float]:
    """Wall clock and this thread's CPU time of ``number`` calls of ``fn(arg)``."""
    # As timeit does: garbage collection off while timing, so one loop does not pay for another.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        cpu = time.thread_time()
        start = time.perf_counter()
        for _ in range(number):
            fn(arg)
        wall = time.perf_counter() - start
        return wall, time.thread_time() - cpu
    finally:
        if was_enabled:
            gc.enable()


def time_interleaved(
    calls: Dict[str, Tuple[Callable[[Any], Any], Any]], settings: Settings, baseline: Optional[str] = None
) -> Dict[str, Cell]:
    """Warm per-call time of each ``fn(arg)`` of ``calls``, the calls interleaved.

    Each call gets a loop of at least ``warm_target`` seconds; a round runs every call's loop once,
    in an order reversed every other round, ``warm_rounds`` rounds in all. The loops of one round
    run within a few tens of milliseconds of each other, so a change of load on a shared machine
    reaches all of them alike, where one library timed after the other would carry it into the
    ratio alone. A cell's value is the median per-call time over the rounds; its ``ratio`` the
    median over rounds of its time over ``baseline``'s in the same round, in the clock of
    ``settings.clock`` (wall clock, or thread CPU time, which counts no preemption), and
    ``other_ratio`` the same in the other clock.
    """
    numbers: Dict[str, int] = {}
    for name, (fn, arg) in calls.items():
        number = 1
        while _loop(fn, arg, number)[0] < settings.warm_target:
            number *= 2
        numbers[name] = number
    wall: Dict[str, List[float]] = {name: [] for name in calls}
    cpu: Dict[str, List[float]] = {name: [] for name in calls}
    order = list(calls)
    for index in range(settings.warm_rounds):
        for name in order if index % 2 == 0 else order[::-1]:
            fn, arg = calls[name]
            spent, used = _loop(fn, arg, numbers[name])
            wall[name].append(spent / numbers[name])
            cpu[name].append(used / numbers[name])
        gc.collect()
    chosen, other = (cpu, wall) if settings.clock == "cpu" else (wall, cpu)
    cells: Dict[str, Cell] = {}
    for name in calls:
        cell = Cell(value=statistics.median(chosen[name]), samples=chosen[name])
        if baseline in calls:
            cell.ratio = _median_ratio(chosen[name], chosen[baseline])
            cell.other_ratio = _median_ratio(other[name], other[baseline])
        cells[name] = cell
    return cells


def _median_ratio(mine: Sequence[float], theirs: Sequence[float]) -> Optional[float]:
    ratios = [a / b for a, b in zip(mine, theirs) if b > 0]
    return statistics.median(ratios) if ratios else None


def run_child(args: Dict[str, Any], cwd: Path) -> Dict[str, Any]:
    """Run ``_child.py`` in a fresh interpreter and return its JSON answer."""
    try:
        proc = subprocess.run(
            [sys.executable, str(CHILD), json.dumps(args)],
            cwd=str(cwd),
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"timed out after {CHILD_TIMEOUT:.0f} s"}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"ok": False, "error": f"fresh process exited {proc.returncode}: {tail[:300]}"}
    answer: Dict[str, Any] = json.loads(lines[-1])
    return answer


def cold(
    args: Dict[str, Any], cwd: Path, library: str, expected: str, samples: int, clock: str = "wall"
) -> Cell:
    """Median of ``samples`` fresh-process measurements (wall clock, or CPU time with ``clock``
    "cpu"); the first failure ends them."""
    seconds: List[float] = []
    for _ in range(samples):
        answer = run_child(args, cwd)
        if not answer["ok"]:
            return _failure(library, answer["error"])
        if "result" in answer and answer["result"] != expected:
            return Cell(status="error", reason=f"wrong result after loading: {answer['result'][:200]}")
        seconds.append(answer["cpu_seconds" if clock == "cpu" else "seconds"])
    return Cell(value=statistics.median(seconds), samples=seconds)


def measure_workload(
    workload: Workload, module: ModuleType, dirs: Dict[str, Path], settings: Settings, expected: str
) -> List[Row]:
    """Every library's row for one workload: sizes, warm dumps and loads (the libraries
    interleaved, time_interleaved), then the cold cells.

    All libraries dump the same objects, and every dumps comes before the first loads: loading a
    class by value in the process that defined it, cloudpickle puts its loaded methods (compiled
    under a made-up file name) into the original class, which no source then matches."""
    obj = workload.get(module)
    rows: Dict[str, Row] = {}
    dumpers: Dict[str, Tuple[Callable[[Any], Any], Any]] = {}
    payloads: Dict[str, Any] = {}
    for library in LIBRARIES:
        row = rows[library] = Row(library, mode(library, workload.module_level_defs))
        try:
            dumper = make_dumper(library, module, workload.separately)
            payloads[library] = dumper(obj)
        except Exception as exc:  # noqa: BLE001 - a library refusing the workload is a result
            failed = _failure(library, "dumps: " + _describe(exc))
            row.cells = {key: failed for key, _ in COLUMNS}
            continue
        row.cells["size"] = Cell(value=float(size(payloads[library])))
        dumpers[library] = (dumper, obj)
    for library, cell in time_interleaved(dumpers, settings, BASELINE).items():
        rows[library].cells["dumps_warm"] = cell

    loaders: Dict[str, Tuple[Callable[[Any], Any], Any]] = {}
    for library, payload in payloads.items():
        loader = make_loader(library, workload.separately)
        try:
            got = repr(workload.check(loader(payload)))
        except Exception as exc:  # noqa: BLE001
            rows[library].cells["loads_warm"] = _failure(library, "loads: " + _describe(exc))
            continue
        if got != expected:
            reason = f"wrong result after loading: {got[:200]}"
            rows[library].cells["loads_warm"] = Cell(status="error", reason=reason)
        else:
            loaders[library] = (loader, payload)
    for library, cell in time_interleaved(loaders, settings, BASELINE).items():
        rows[library].cells["loads_warm"] = cell

    for library, payload in payloads.items():
        measure_cold(rows[library], workload, payload, dirs, settings, expected)
    return list(rows.values())


def measure_cold(
    row: Row, workload: Workload, payload: Any, dirs: Dict[str, Path], settings: Settings, expected: str
) -> None:
    """The cold cells of one library's row (fresh processes)."""
    library = row.library
    payload_path = dirs["payloads"] / f"{workload.name}.{library}.pickle"
    with open(payload_path, "wb") as handle:
        pickle.dump(payload, handle)
    common = {"library": library, "workload": workload.name, "modules": str(dirs["modules"])}
    row.cells["dumps_cold"] = cold(
        {"op": "dumps", **common}, dirs["cwd"], library, expected, settings.cold_samples, settings.clock
    )
    row.cells["loads_cold"] = cold(
        {"op": "loads", "payload": str(payload_path), **common},
        dirs["cwd"],
        library,
        expected,
        settings.cold_samples,
        settings.clock,
    )


def part_key(part: DataPart) -> str:
    return f"part:{part.name}"


def _bare_data_row(parts: Sequence[DataPart], data: Tuple[Any, ...], settings: Settings) -> Row:
    """Plain pickle on the bare pieces of data, as a tuple: the floor for size and time."""
    row = Row(BARE_DATA, "bare data")
    payload = pickle.dumps(data)
    row.cells["size"] = Cell(value=float(len(payload)))
    for index, part in enumerate(parts):
        emptied = tuple(type(value)() if i == index else value for i, value in enumerate(data))
        row.cells[part_key(part)] = Cell(value=float(len(payload) - len(pickle.dumps(emptied))))
    row.cells["dumps_warm"] = time_interleaved({BARE_DATA: (pickle.dumps, data)}, settings)[BARE_DATA]
    row.cells["loads_warm"] = time_interleaved({BARE_DATA: (pickle.loads, payload)}, settings)[BARE_DATA]
    return row


def _parts_row(workload: Workload, module: ModuleType, main: Row) -> Row:
    """One library's parts row: sizes of the pieces, and the warm times from its main row."""
    row = Row(main.library, main.mode)
    total = main.cells["size"]
    if total.status != "ok" or total.value is None:
        # The library could not dump the workload at all; its main row says why.
        row.cells = {
            key: total for key in ("size", *map(part_key, workload.parts), "dumps_warm", "loads_warm")
        }
        return row
    row.cells["size"] = total
    dumper = make_dumper(main.library, module, workload.separately)
    for part in workload.parts:
        try:
            without = size(dumper(part.without(module)))
        except Exception as exc:  # noqa: BLE001 - reported in the table
            row.cells[part_key(part)] = _failure(
                main.library, f"dumps without {part.name}: " + _describe(exc)
            )
        else:
            row.cells[part_key(part)] = Cell(value=total.value - without)
    row.cells["dumps_warm"] = main.cells["dumps_warm"]
    row.cells["loads_warm"] = main.cells["loads_warm"]
    return row


def measure_parts(
    workload: Workload, module: ModuleType, rows: Sequence[Row], settings: Settings
) -> List[Row]:
    """The parts table of a data workload: ``BARE_DATA`` first, then each library of ``rows``."""
    data = tuple(part.get(module) for part in workload.parts)
    return [
        _bare_data_row(workload.parts, data, settings),
        *(_parts_row(workload, module, row) for row in rows),
    ]


def import_time(library: str, cwd: Path, samples: int, clock: str = "wall") -> Cell:
    """Median seconds of ``import <library>`` in fresh processes (after one untimed run, so
    every run finds compiled bytecode), wall clock or CPU time (``clock`` "cpu")."""
    now = "process_time" if clock == "cpu" else "perf_counter"
    code = f"import time\nstart = time.{now}()\nimport {library}\nprint(time.{now}() - start)\n"
    seconds: List[float] = []
    for index in range(samples + 1):
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=str(cwd), capture_output=True, text=True, timeout=CHILD_TIMEOUT
        )
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            return _failure(library, f"import failed: {tail}")
        if index:
            seconds.append(float(proc.stdout.strip()))
    return Cell(value=statistics.median(seconds), samples=seconds)


# ------------------------------------------------------------------------ issue 9's extra rows

# The libraries the extra rows compare: srcpickle and its reference.
COMPARED = (BASELINE, "srcpickle")


def measure_new(dirs: Dict[str, Path], settings: Settings) -> Dict[str, Dict[str, Cell]]:
    """Per library: dumps of 200 functions this warm process has never dumped (each sample a
    fresh copy of the generated module, under a new name and with constants of its own, so that
    no source is one the process saw before), then loads of those payloads, which
    it has never loaded. Median over ``cold_samples`` copies.

    Also, under the key "floor", the time of ``compile()`` of those functions' 200 sources alone:
    what any loader of source pays for new payloads (and any dumps that proves a source compiles
    to the live code), whatever it does besides."""
    results: Dict[str, Dict[str, Cell]] = {}
    floor_s: List[float] = []
    now = settings.process_clock()
    for number, library in enumerate(COMPARED):
        dumps_s: List[float] = []
        loads_s: List[float] = []
        for sample in range(settings.cold_samples):
            name = f"bench_new_{library}_{sample}"
            # Sources of the same shape as the defs200 workloads', but each copy its own (a salt
            # > 0): caches keyed by source text must not find what the warm rows or an earlier
            # sample compiled.
            salt = 1 + number * settings.cold_samples + sample
            module_text = defs_source(GENERATED_COUNT, salt)
            (dirs["modules"] / f"{name}.py").write_text(module_text, encoding="utf-8")
            module = import_module(dirs["modules"], name)
            fns = [getattr(module, f"f{i}") for i in range(GENERATED_COUNT)]
            dumper = make_dumper(library, module, True)
            loader = make_loader(library, True)
            start = now()
            payloads = dumper(fns)
            dumps_s.append(now() - start)
            start = now()
            loaded = loader(payloads)
            loads_s.append(now() - start)
            if [fn(i, 1) for i, fn in enumerate(loaded)] != [fn(i, 1) for i, fn in enumerate(fns)]:
                raise SystemExit(f"{library}: the loaded copies of {name} compute other results")
            if library == BASELINE:
                sources = [inspect.getsource(fn) for fn in fns]
                start = now()
                for source in sources:
                    compile(source, f"{name}.py", "exec", dont_inherit=True)
                floor_s.append(now() - start)
        results[library] = {
            "dumps": Cell(value=statistics.median(dumps_s), samples=dumps_s),
            "loads": Cell(value=statistics.median(loads_s), samples=loads_s),
        }
    results["floor"] = {"compile": Cell(value=statistics.median(floor_s), samples=floor_s)}
    return results


def measure_spread(dirs: Dict[str, Path], settings: Settings) -> Dict[str, Cell]:
    """Per library: dumps of 200 functions this warm process has never dumped, spread over
    ``SPREAD_MODULES`` modules of defs, closures, lambdas and methods (``spread_source``, other
    constants in each sample). Median over ``cold_samples`` samples."""
    cells: Dict[str, Cell] = {}
    now = settings.process_clock()
    for library in COMPARED:
        seconds: List[float] = []
        for sample in range(settings.cold_samples):
            fns: List[Any] = []
            modules = []
            for number in range(SPREAD_MODULES):
                name = f"bench_spread_{library}_{sample}_{number}"
                (dirs["modules"] / f"{name}.py").write_text(spread_source(number, sample), encoding="utf-8")
                modules.append(import_module(dirs["modules"], name))
                fns.extend(modules[-1].FNS)
            dumper = make_dumper(library, modules[0], True)
            for module in modules[1:]:
                make_dumper(library, module, True)  # (cloudpickle: each module by value)
            start = now()
            dumper(fns)
            seconds.append(now() - start)
        cells[library] = Cell(value=statistics.median(seconds), samples=seconds)
    return cells


def measure_crowd(root: Path, dirs: Dict[str, Path], settings: Settings) -> Dict[str, Cell]:
    """srcpickle's first dumps in a fresh process of a function calling an installed package,
    in a bare environment (that package alone) and in one with ``CROWD_SIZE`` more
    distributions, each the median of ``cold_samples`` processes."""
    (dirs["modules"] / f"{DEP_WORKLOAD.module}.py").write_text(DEP_WORKLOAD.source, encoding="utf-8")
    expected = "41"
    cells: Dict[str, Cell] = {}
    for label, crowd in (("bare", 0), ("crowded", CROWD_SIZE)):
        env = root / f"env-{label}"
        write_dist_env(env, crowd)
        args = {
            "op": "dumps",
            "library": "srcpickle",
            "workload": DEP_WORKLOAD.name,
            "modules": str(dirs["modules"]),
            "path": str(env),
        }
        cells[label] = cold(args, dirs["cwd"], "srcpickle", expected, settings.cold_samples, settings.clock)
    return cells


def measure_memory(dirs: Dict[str, Path], settings: Settings) -> Dict[str, Dict[str, Any]]:
    """Per library and kind ("one", "distinct"): RSS growth over ``memory_loads`` loads in a
    fresh process, with srcpickle's linecache entries and traceback check."""
    from _workloads import BY_NAME

    (dirs["modules"] / "bench_distinct.py").write_text(distinct_source(DISTINCT_PAYLOADS), encoding="utf-8")
    distinct = import_module(dirs["modules"], "bench_distinct")
    tiny = import_module(dirs["modules"], BY_NAME["tiny"].module)
    results: Dict[str, Dict[str, Any]] = {}
    for library in COMPARED:
        results[library] = {}
        one = make_dumper(library, tiny, False)
        many = make_dumper(library, distinct, False)
        sets = {
            "one": [one(tiny.tiny)],
            "distinct": [many(getattr(distinct, f"g{i}")) for i in range(DISTINCT_PAYLOADS)],
        }
        for kind, payloads in sets.items():
            path = dirs["payloads"] / f"memory-{kind}.{library}.pickle"
            with open(path, "wb") as handle:
                pickle.dump(payloads, handle)
            args = {"op": "memory", "library": library, "payloads": str(path), "count": settings.memory_loads}
            results[library][kind] = run_child(args, dirs["cwd"])
    return results


def target_marks(
    results: Sequence[Result],
    imports: Dict[str, Cell],
    new: Dict[str, Dict[str, Cell]],
    crowd: Dict[str, Cell],
    memory: Dict[str, Dict[str, Any]],
    settings: Settings,
) -> List[Mark]:
    """Every cell of issue 9's targets, measured in this run (a workload left out with
    --workloads has none)."""
    by_name = {result.workload: result for result in results}
    marks: List[Mark] = []
    for workload, label in WORKLOAD_ROWS:
        result = by_name.get(workload)
        if result is None:
            continue
        rows = {row.library: row for row in result.rows}
        mine, theirs = rows["srcpickle"].cells, rows[BASELINE].cells
        for key, metric, limit in COLUMN_TARGETS:
            cell = mine[key]
            mark = ratio_mark(label, metric, _ok(cell), _ok(theirs[key]), limit, "s", BASELINE, cell.ratio)
            if cell.other_ratio is not None:
                other = "wall clock" if settings.clock == "cpu" else "thread CPU time"
                mark.note = f"{cell.other_ratio:.2f}x in {other} (median of per-round ratios)"
            marks.append(mark)
        limit = DATA_SIZE_TARGET if workload in DATA_WORKLOADS else SIZE_TARGET
        marks.append(
            ratio_mark(label, "size", _ok(mine["size"]), _ok(theirs["size"]), limit, "bytes", BASELINE)
        )
    label = f"{GENERATED_COUNT} functions never dumped"
    floor = _ok(new["floor"]["compile"])
    for key, metric in (("dumps", "dumps each, warm process"), ("loads", "loads each, new payloads")):
        mark = ratio_mark(
            label, metric, _ok(new["srcpickle"][key]), _ok(new[BASELINE][key]), NEW_TARGET, "s", BASELINE
        )
        their_time = _ok(new[BASELINE][key])
        if floor is not None and their_time:
            mark.note = (
                f"compile() of the {GENERATED_COUNT} sources alone takes {format_seconds(floor)} "
                f"({floor / their_time:.2f}x {BASELINE}'s {key}): the floor of a source {key[:-1]}er"
            )
        marks.append(mark)
    spread = new["spread"]
    marks.append(
        ratio_mark(
            f"{GENERATED_COUNT} never dumped, {SPREAD_MODULES} modules",
            "dumps each, warm process",
            _ok(spread["srcpickle"]),
            _ok(spread[BASELINE]),
            NEW_TARGET,
            "s",
            BASELINE,
        )
    )
    marks.append(
        ratio_mark(
            f"{CROWD_SIZE} distributions installed",
            "first dumps, fresh process",
            _ok(crowd["crowded"]),
            _ok(crowd["bare"]),
            CROWD_TARGET,
            "s",
            "bare environment",
        )
    )
    marks.append(
        ratio_mark(
            "import srcpickle",
            "fresh process",
            _ok(imports["srcpickle"]),
            _ok(imports[BASELINE]),
            IMPORT_TARGET,
            "s",
            BASELINE,
        )
    )
    for kind, label in (
        ("one", "loads of one payload"),
        ("distinct", f"loads of {DISTINCT_PAYLOADS:,} payloads"),
    ):
        label = f"{settings.memory_loads:,} {label}"
        mine_answer, their_answer = memory["srcpickle"][kind], memory[BASELINE][kind]
        if not (mine_answer.get("ok") and their_answer.get("ok")):
            reason = mine_answer.get("error") or their_answer.get("error") or "failed"
            marks.append(Mark(label, "RSS growth", "error", "error", None, "-", False, reason))
            continue
        grown, theirs_grown = float(mine_answer["growth"]), float(their_answer["growth"])
        allowance = f"<= {BASELINE} + {MEMORY_ALLOWANCE >> 20} MB"
        marks.append(
            Mark(
                label,
                "RSS growth",
                f"{grown / (1 << 20):+.1f} MB",
                f"{theirs_grown / (1 << 20):+.1f} MB",
                None,
                allowance,
                grown <= theirs_grown + MEMORY_ALLOWANCE,
            )
        )
        if kind == "distinct":
            entries = int(mine_answer["linecache"])
            marks.append(
                Mark(
                    label,
                    "srcpickle linecache entries",
                    f"{entries:,}",
                    "-",
                    None,
                    f"<= {LINECACHE_BOUND}",
                    entries <= LINECACHE_BOUND,
                )
            )
            shows = bool(mine_answer["shows_source"])
            marks.append(
                Mark(label, "traceback shows source", "yes" if shows else "no", "-", None, "yes", shows)
            )
    return marks


def _ok(cell: Cell) -> Optional[float]:
    return cell.value if cell.status == "ok" else None


# ---------------------------------------------------------------------------------------- output


def format_seconds(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_bytes(count: float) -> str:
    return f"{int(count):,} B"


def format_cell(cell: Cell, baseline: Optional[Cell], is_size: bool, notes: List[str]) -> str:
    if cell.status != "ok" or cell.value is None:
        if cell.reason not in notes:
            notes.append(cell.reason)
        return f"{cell.status} [{notes.index(cell.reason) + 1}]"
    text = format_bytes(cell.value) if is_size else format_seconds(cell.value)
    if cell.ratio is not None:
        return f"{text} ({cell.ratio:.2f}x)"
    if baseline is not None and baseline.status == "ok" and baseline.value:
        return f"{text} ({cell.value / baseline.value:.2f}x)"
    return f"{text} (-)"


def format_against(cell: Cell, denominator: Optional[float], is_size: bool, notes: List[str]) -> str:
    """A cell with its ratio to a fixed number (a raw data size, pickle's time)."""
    if cell.status != "ok" or cell.value is None:
        return format_cell(cell, None, is_size, notes)
    text = format_bytes(cell.value) if is_size else format_seconds(cell.value)
    if not denominator:
        return f"{text} (-)"
    # Three decimals for sizes: the bytes-part budget (about 1.33x for base64) is read closely.
    return f"{text} ({cell.value / denominator:.{3 if is_size else 2}f}x)"


def _note_lines(rows: Sequence[Row], notes: List[str]) -> List[str]:
    """``[n] libraries: reason`` under a table, naming the rows whose cells point at each note."""
    out = []
    for number, note in enumerate(notes, 1):
        who = [
            row.library
            for row in rows
            if any(cell.reason == note and cell.status != "ok" for cell in row.cells.values())
        ]
        out.append(f"  [{number}] {', '.join(who)}: {note}")
    return out


def table(headers: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths]), *map(line, body)])


def render_workload(result: Result, settings: Settings) -> str:
    baseline = next((row for row in result.rows if row.library == BASELINE), None)
    notes: List[str] = []
    body = []
    for row in result.rows:
        cells = [
            format_cell(row.cells[key], baseline.cells.get(key) if baseline else None, key == "size", notes)
            for key, _ in COLUMNS
        ]
        body.append([row.library, row.mode, *cells])
    headers = [
        "library",
        "records by",
        "dumps warm",
        f"dumps cold (median of {settings.cold_samples})",
        "loads warm",
        f"loads cold (median of {settings.cold_samples})",
        "size",
    ]
    out = [f"== {result.workload}: {result.title}", table(headers, body), *_note_lines(result.rows, notes)]
    return "\n".join(out) + "\n"


def render_parts(result: Result, parts: Sequence[DataPart]) -> str:
    """The parts table of a data workload (see the module docstring)."""
    raw_total = float(sum(part.raw_size for part in parts))
    bare = result.parts[0].cells
    notes: List[str] = []
    body = []
    for row in result.parts:
        cells = [format_against(row.cells["size"], raw_total, True, notes)]
        cells += [format_against(row.cells[part_key(part)], part.raw_size, True, notes) for part in parts]
        for key in ("dumps_warm", "loads_warm"):
            cells.append(format_against(row.cells[key], bare[key].value, False, notes))
        body.append([row.library, *cells])
    headers = [
        "library",
        f"size (vs raw {format_bytes(raw_total)})",
        *(f"{part.name} part (vs {format_bytes(part.raw_size)} {part.raw_label})" for part in parts),
        f"dumps warm (vs {BARE_DATA})",
        f"loads warm (vs {BARE_DATA})",
    ]
    out = [
        f"== {result.workload}-parts: payload bytes per piece of data, and warm time beside plain pickle",
        table(headers, body),
        f"  {BARE_DATA}: pickle.dumps/loads of the bare data as a tuple (pickle cannot dump the closure).",
        "  <piece> part: payload size minus the size of the same object with that piece empty.",
        *_note_lines(result.parts, notes),
    ]
    return "\n".join(out) + "\n"


def render_imports(cells: Dict[str, Cell], settings: Settings) -> str:
    notes: List[str] = []
    baseline = cells.get(BASELINE)
    body = [[library, format_cell(cell, baseline, False, notes)] for library, cell in cells.items()]
    head = f"import <library> (fresh process, median of {settings.import_samples})"
    out = ["== import time", table(["library", head], body)]
    out += [f"  [{number}] {note}" for number, note in enumerate(notes, 1)]
    return "\n".join(out) + "\n"


def stale_bytecode(package: str) -> List[str]:
    """The modules of ``package`` whose bytecode cache is missing or older than their source:
    each fresh process of the cold cells compiles them again (PYTHONDONTWRITEBYTECODE keeps
    an import from writing the cache), which a user's installed copy does not pay."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    stale = []
    for folder in spec.submodule_search_locations:
        for source in sorted(Path(folder).rglob("*.py")):
            cached = Path(importlib.util.cache_from_source(str(source)))
            if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
                stale.append(str(source.relative_to(folder)))
    return stale


def header(settings: Settings, quick: bool) -> str:
    versions = ", ".join(f"{module} {version(module)}" for module in dict.fromkeys(MODULES.values()))
    return (
        f"srcpickle benchmarks{' (--quick: numbers are a smoke test only)' if quick else ''}\n"
        f"python {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}\n"
        f"{versions}\n"
        f"warm: median per call over {settings.warm_rounds} rounds, each one loop of >= "
        f"{settings.warm_target:g} s per library (libraries interleaved, gc off), (Nx) the median of the "
        f"per-round ratios{', in thread CPU time' if settings.clock == 'cpu' else ''};\n"
        f"cold: first call in a fresh process, median of {settings.cold_samples}"
        f"{', in CPU time (--clock cpu)' if settings.clock == 'cpu' else ''}; "
        f"(Nx) = ratio to {BASELINE} in this run, lower is better\n"
        "records by: how functions and classes go in the payload. pickle and dill record a module-level\n"
        "def or class by reference, an import that fails where the module is gone; dill records other\n"
        "functions' globals as the module too, unless recurse=True (row dill-recurse); cloudpickle is\n"
        "registered to capture the workload modules by value; srcpickle records source. Instances'\n"
        "state always goes by value.\n"
    )


def to_json(results: List[Result], imports: Dict[str, Cell], settings: Settings) -> Dict[str, Any]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "libraries": {module: version(module) for module in dict.fromkeys(MODULES.values())},
        "settings": dataclasses.asdict(settings),
        "units": {"size": "bytes", "other": "seconds"},
        "workloads": [dataclasses.asdict(result) for result in results],
        "import": {library: dataclasses.asdict(cell) for library, cell in imports.items()},
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fast smoke run: fewer repeats and samples")
    parser.add_argument("--json", metavar="PATH", help="also write the raw numbers to PATH as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if a cell misses its issue 9 target")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time the cold, import and never-dumped cells in wall clock (default) or in CPU time "
        "of the measuring process, which a busy machine's preemptions do not inflate",
    )
    parser.add_argument(
        "--workloads",
        metavar="NAMES",
        help="measure only these workloads (comma-separated names; default: every one); the "
        "other measurements run as always",
    )
    options = parser.parse_args(argv)
    workloads = WORKLOADS
    if options.workloads:
        names = options.workloads.split(",")
        unknown = sorted(set(names) - {workload.name for workload in WORKLOADS})
        if unknown:
            parser.error(f"unknown workloads: {', '.join(unknown)}")
        workloads = tuple(workload for workload in WORKLOADS if workload.name in names)
    settings = dataclasses.replace(QUICK if options.quick else FULL, clock=options.clock)

    print(header(settings, options.quick), flush=True)
    stale = stale_bytecode("srcpickle")
    if stale:
        print(
            f"WARNING: {len(stale)} srcpickle modules have no up-to-date bytecode cache "
            f"({', '.join(stale[:3])}{', ...' if len(stale) > 3 else ''}): the cold cells include "
            "compiling them. Run "
            "`python -m compileall -q <srcpickle's folder>` first.\n",
            flush=True,
        )
    root = Path(tempfile.mkdtemp(prefix="srcpickle-bench-"))
    dirs = {name: root / name for name in ("modules", "payloads", "cwd")}
    for folder in dirs.values():
        folder.mkdir()
    results: List[Result] = []
    try:
        write_modules(dirs["modules"])
        for workload in workloads:
            print(f"measuring {workload.name} ...", file=sys.stderr, flush=True)
            module = import_module(dirs["modules"], workload.module)
            expected = repr(workload.check(workload.get(module)))
            result = Result(workload.name, workload.title, expected)
            # The module's objects as defined, not as an earlier workload's loads left them
            # (measure_workload says why).
            module = importlib.reload(module)
            result.rows = measure_workload(workload, module, dirs, settings, expected)
            results.append(result)
            print(render_workload(result, settings), flush=True)
            if workload.parts:
                result.parts = measure_parts(workload, module, result.rows, settings)
                print(render_parts(result, workload.parts), flush=True)
        print("measuring import time ...", file=sys.stderr, flush=True)
        imports = {
            module: import_time(module, dirs["cwd"], settings.import_samples, settings.clock)
            for module in dict.fromkeys(MODULES.values())
        }
        print(render_imports(imports, settings), flush=True)
        print("measuring functions never dumped ...", file=sys.stderr, flush=True)
        new = measure_new(dirs, settings)
        new["spread"] = measure_spread(dirs, settings)
        print(f"measuring {CROWD_SIZE} installed distributions ...", file=sys.stderr, flush=True)
        crowd = measure_crowd(root, dirs, settings)
        print("measuring memory ...", file=sys.stderr, flush=True)
        memory = measure_memory(dirs, settings)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    marks = target_marks(results, imports, new, crowd, memory, settings)
    print(render(marks), flush=True)

    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            data = to_json(results, imports, settings)
            data["targets"] = [dataclasses.asdict(mark) for mark in marks]
            json.dump(data, handle, indent=2)
            handle.write("\n")
    if options.check and not all(mark.passed for mark in marks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

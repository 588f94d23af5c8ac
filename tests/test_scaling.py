"""inspect, show, check and diff take time and memory linear in the payload's size (issue 12).

Each hostile family of ``tests/perf/hostile.py`` is measured at two sizes; the cost *per
character of payload* at the larger size must stay within a small factor of the cost at the
smaller one (linear: about 1; the quadratic checks and exponential expansions this guards
against gave 8 and more, up to 2**10). Ratios only, never absolute times: the machine is
shared. Memory is measured with tracemalloc (deterministic); time as the best of a few runs of
this thread's CPU time (a wall clock counts the time slices other processes of a busy machine take:
CI runs three suites at once on 2 cores, and a 14 ms run measured 3.4x its 4 ms), with garbage
collection off, both sizes timed again (up to TIME_ROUNDS) while the growth is over the limit.
The memory of each command also stays under ``MEMORY_PER_CHAR`` bytes per character of
payload, the constant docs/FORMAT.md documents.
"""

from __future__ import annotations

import contextlib
import gc
import io
import math
import os
import time
import tracemalloc
from pathlib import Path
from typing import Callable, Iterator, List, Tuple

import pytest
from perf import hostile

import srcpickle
from srcpickle._cli import main

# Per-character cost at the larger size over that at the smaller: linear stays near 1.
MAX_TIME_GROWTH = 3.0
MAX_MEMORY_GROWTH = 1.6
# docs/FORMAT.md, "Limits": what the readers need at most, per character of payload.
MEMORY_PER_CHAR = 200
TIME_RUNS = 3
# Both sizes are timed again, up to this many rounds in all, while the growth is over the limit: a
# quadratic cost fails every round, another process's burst of the shared caches one at most.
TIME_ROUNDS = 3
# Seconds each timing lasts at least, in repeated calls (see _best_time).
MIN_TIMING = 0.02

# (family, small size, large size): the large payload is 8 times the small one (laughs: 1.6
# times the text, 2**10 times the expanded value).
FAMILIES: List[Tuple[str, int, int]] = [
    ("make_many_globals", 250, 2000),
    ("make_many_functions", 60, 480),
    ("make_reduce_chain", 250, 2000),
    ("make_laughs", 10, 20),
    ("make_value_chain", 250, 2000),
    ("make_deep_sources", 10, 80),
]
COMMANDS = ("inspect", "show", "check", "diff")

# How the cost grows with the payload is a property of srcpickle's readers and commands, the same
# code on every Python: .ci/run times it once, in its default run (about 45 s of CPU a run).
pytestmark = pytest.mark.any_python


def _runner(command: str, path: Path, text: str) -> Callable[[], None]:
    if command == "inspect":
        return lambda: None if srcpickle.inspect(text) else None

    def run() -> None:
        args = [command, str(path)] + ([str(path)] if command == "diff" else [])
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = main(args)
        assert code == 0, f"{command} exited {code}: {err.getvalue()}"

    return run


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def _best_time(run: Callable[[], object], below: float, starts_children: bool = False) -> float:
    """The least CPU time per call of ``run`` over TIME_RUNS timings, or fewer once one took
    less than ``below`` seconds: the caller asserts only that the best is below that, which more
    timings (each can only lower the best) would not change.

    Each timing calls ``run`` often enough to last about MIN_TIMING seconds: a payload of a few
    hundred characters takes well under a millisecond, and one pause of the interpreter (a
    garbage collection, a cache refilled after another process ran) then tripled a single call
    (CI, 3.9: laughs, 556 -> 886 characters, 3.3x).

    A ``run`` that ``starts_children`` (check: its checks run in a fresh interpreter) counts their
    CPU in those MIN_TIMING seconds, though only this thread's is timed: a call took 15-30 ms of
    this thread's CPU and 80-120 ms in its child (a loaded machine), and a quieter machine's
    10-20 ms repeated it to reach 20 ms, starting children that time nothing. When one call is
    enough, the call that measured it is the first of the TIME_RUNS timings.
    """
    with _no_collections():
        return _best_time_of(run, below, starts_children)


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    # A garbage collection's cost grows with everything the process holds (the whole suite's
    # objects, in pytest), not with the payload: one in the large size's few timings gave 3.1x
    # (CI, many_functions, inspect) where they measure 1.1-1.3x.
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _best_time_of(run: Callable[[], object], below: float, starts_children: bool) -> float:
    start = time.thread_time()
    children = _children_cpu() if starts_children else 0.0
    run()
    own = time.thread_time() - start
    spent = own + ((_children_cpu() - children) if starts_children else 0.0)
    calls = max(1, math.ceil(MIN_TIMING / max(spent, 1e-6)))
    best = own if calls == 1 else float("inf")
    if best < below:
        return best
    for _ in range(TIME_RUNS - 1 if calls == 1 else TIME_RUNS):
        start = time.thread_time()
        for _ in range(calls):
            run()
        best = min(best, (time.thread_time() - start) / calls)
        if best < below:
            break
    return best


def _costs(
    command: str, family: str, size: int, tmp_path: Path, below: float = 0.0
) -> Tuple[float, float, int]:
    """Seconds (best of TIME_RUNS; of fewer once one is under ``below`` seconds per character)
    and peak bytes allocated, each per character, and the size."""
    text = getattr(hostile, family)(size)
    path = tmp_path / f"{family}-{size}.srcpickle"
    path.write_text(text, encoding="utf-8")
    run = _runner(command, path, text)
    run()  # warm: imports and caches of the first call are no per-payload cost
    best = _best_time(run, below * len(text), starts_children=command == "check")
    tracemalloc.start()
    try:
        run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return best / len(text), peak / len(text), len(text)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("family,small,large", FAMILIES, ids=[f[0][5:] for f in FAMILIES])
def test_linear_in_payload_size(command: str, family: str, small: int, large: int, tmp_path: Path) -> None:
    time_small, memory_small, size_small = _costs(command, family, small, tmp_path)
    # The large size, 8 times the work of the small one, is timed again only while its best
    # could still fail the time assertion below.
    time_large, memory_large, size_large = _costs(
        command, family, large, tmp_path, below=MAX_TIME_GROWTH * time_small
    )
    for _ in range(TIME_ROUNDS - 1):
        if time_large / time_small < MAX_TIME_GROWTH:
            break
        time_small = _costs(command, family, small, tmp_path)[0]
        time_large = _costs(command, family, large, tmp_path, below=MAX_TIME_GROWTH * time_small)[0]
    label = f"{command} of {family}: {size_small} -> {size_large} characters"
    assert memory_large / memory_small < MAX_MEMORY_GROWTH, (
        f"{label}: memory per character grew {memory_large / memory_small:.1f}x"
    )
    assert memory_large < MEMORY_PER_CHAR, f"{label}: {memory_large:.0f} bytes per character"
    assert time_large / time_small < MAX_TIME_GROWTH, (
        f"{label}: time per character grew {time_large / time_small:.1f}x"
    )


# The allow-list's proof (``loads(..., allowed_imports=...)``) reads every section and every source
# once: linear too, on the families above and on a chain of getattr calls it follows step by step.
ALLOW_FAMILIES: List[Tuple[str, int, int]] = [
    ("make_many_globals", 250, 2000),
    ("make_many_functions", 60, 480),
    ("make_reduce_chain", 250, 2000),
    ("make_value_chain", 250, 2000),
    ("make_getattr_chain", 250, 2000),
]


def _allow_cost(family: str, size: int, below: float = 0.0) -> Tuple[float, int]:
    from srcpickle._rebuild import compile_all
    from srcpickle._rebuild.allow import check_routes

    text = getattr(hostile, family)(size)
    payload = srcpickle.inspect(text)
    compiled = compile_all(payload)
    check_routes(payload, compiled, ["os"])  # warm
    best = _best_time(lambda: check_routes(payload, compiled, ["os"]), below * len(text))
    return best / len(text), len(text)


@pytest.mark.parametrize("family,small,large", ALLOW_FAMILIES, ids=[f[0][5:] for f in ALLOW_FAMILIES])
def test_allow_list_check_is_linear(family: str, small: int, large: int) -> None:
    time_small, size_small = _allow_cost(family, small)
    time_large, size_large = _allow_cost(family, large, below=MAX_TIME_GROWTH * time_small)
    for _ in range(TIME_ROUNDS - 1):
        if time_large / time_small < MAX_TIME_GROWTH:
            break
        time_small = _allow_cost(family, small)[0]
        time_large = _allow_cost(family, large, below=MAX_TIME_GROWTH * time_small)[0]
    assert time_large / time_small < MAX_TIME_GROWTH, (
        f"allow-list check of {family}: {size_small} -> {size_large} characters: time per character "
        f"grew {time_large / time_small:.1f}x"
    )

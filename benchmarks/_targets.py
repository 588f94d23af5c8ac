"""Issue 9's targets: what each measured cell must reach, and the table that marks each.

Every target is a ratio in the same run: srcpickle's number over cloudpickle's (or, for the
crowded environment, over the same measurement in a bare environment), except memory, which
is srcpickle's growth against cloudpickle's plus a fixed allowance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

# The workload rows of the table, with the label the issue gives them.
WORKLOAD_ROWS: Tuple[Tuple[str, str], ...] = (
    ("tiny", "tiny function"),
    ("globals", "globals + import"),
    ("lambda", "lambda"),
    ("closure", "closure"),
    ("defs200-each", "200 functions, dumps each"),
    ("defs200-list", "200 functions as one list"),
    ("data", "closure over 100k ints + 1 MiB"),
)
# Ratio to cloudpickle that each column must not exceed: warm means the same function or payload
# again in this process; cold the first call in a fresh process, after import.
COLUMN_TARGETS: Tuple[Tuple[str, str, float], ...] = (
    ("dumps_warm", "dumps warm", 1.0),
    ("loads_warm", "loads warm", 1.0),
    ("dumps_cold", "dumps cold", 10.0),
    ("loads_cold", "loads cold", 10.0),
)
# Payload size: function workloads at most cloudpickle's, data at most 1.3 times.
SIZE_TARGET = 1.0
DATA_SIZE_TARGET = 1.3
DATA_WORKLOADS = ("data",)
NEW_TARGET = 2.0  # dumps of functions not seen before / loads of payloads not loaded before
CROWD_TARGET = 1.5  # first dumps with 300 distributions installed, over a bare environment
IMPORT_TARGET = 0.5
MEMORY_ALLOWANCE = 5 << 20  # bytes of RSS growth allowed above cloudpickle's
# srcpickle entries linecache may hold after loading 1,000 distinct payloads: what the loader's
# caches keep (512 compiled texts, 256 parsed payloads), not one per payload ever loaded.
LINECACHE_BOUND = 768


@dataclass
class Mark:
    """One cell of the targets table."""

    row: str
    metric: str
    srcpickle: str
    baseline: str
    ratio: Optional[float]  # None: no number (the measurement failed)
    target: str
    passed: bool
    note: str = ""


def ratio_mark(
    row: str,
    metric: str,
    mine: Optional[float],
    theirs: Optional[float],
    limit: float,
    fmt: str,
    label: str,
    ratio: Optional[float] = None,
) -> Mark:
    """A cell whose target is ``mine / theirs <= limit``, or ``ratio <= limit`` when the ratio was
    measured on its own (the warm cells: the median of per-round ratios)."""
    if mine is None or not theirs:
        return Mark(row, metric, _text(mine, fmt), _text(theirs, fmt), None, f"<= {limit:g}x {label}", False)
    if ratio is None:
        ratio = mine / theirs
    return Mark(
        row, metric, _text(mine, fmt), _text(theirs, fmt), ratio, f"<= {limit:g}x {label}", ratio <= limit
    )


def _text(value: Optional[float], fmt: str) -> str:
    if value is None:
        return "error"
    if fmt == "bytes":
        return f"{int(value):,} B"
    if fmt == "MB":
        return f"{value / (1 << 20):+.1f} MB"
    if fmt == "count":
        return f"{int(value):,}"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value / 1e-9:.3g} ns"


def render(marks: Sequence[Mark]) -> str:
    """The targets table: one line per cell, with its target and PASS or MISS."""
    headers = ["row", "metric", "srcpickle", "reference", "ratio", "target", "mark"]
    body: List[List[str]] = []
    for mark in marks:
        ratio = f"{mark.ratio:.2f}x" if mark.ratio is not None else "-"
        body.append([mark.row, mark.metric, mark.srcpickle, mark.baseline, ratio, mark.target, _mark(mark)])
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    missed = sum(not m.passed for m in marks)
    out = [
        "== targets (issue 9): srcpickle beside its reference in this run",
        line(headers),
        line(["-" * width for width in widths]),
        *map(line, body),
        f"  {len(marks) - missed} of {len(marks)} cells meet their target; {missed} miss.",
    ]
    out += [f"  {m.row} / {m.metric}: {m.note}" for m in marks if m.note]
    return "\n".join(out) + "\n"


def _mark(mark: Mark) -> str:
    return "pass" if mark.passed else "MISS"

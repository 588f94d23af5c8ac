"""The capture side's rare parts, each in a module of its own (issue 9): a first dumps of plain
functions imports none of them, and the first dumps that meets what one is for imports it and
gives a payload that loads and works in a fresh interpreter where the code cannot be imported.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from . import RESULT_MARK, import_from, isolated, load_fresh, result_of, write_module

# The parts, and what a dumps meets that imports each (the test below meets them in this order).
RARE_PARTS = (
    "srcpickle._twins",  # two lambdas on one line that compile to one code
    "srcpickle._capture.alike",  # one of alike functions a container holds
    "srcpickle._fmt.packed",  # a long run of ints
    "srcpickle._source_errors",  # a function without source
    "srcpickle._capture.typeparams",  # (3.12+: a generic def in a class body; never met here)
)

PARTS_MODULE = """\
K = 10


def add(x, y=1):
    return x + y + K


def make(a):
    def inner(b):
        return a + b

    return inner


square = lambda v=2: v * v  # noqa: E731
PAIR = (lambda x=1: x + K, lambda x=2: x + K)  # noqa: E731
ADDERS = [lambda x, n=n: x + n for n in range(3)]


def use_adders(x):
    return [f(x) for f in ADDERS]


RUN = list(range(300))


def total():
    return sum(RUN)


MADE = {}
exec("def made(x):\\n    return x * 2\\n", MADE)
made = MADE["made"]
"""


def test_first_dumps_imports_a_rare_part_only_when_it_meets_what_it_is_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No part at the first dumps of a def, a lambda and a closure; then each part at the first
    dumps that needs it, and nothing else of them; every payload loads and works."""
    write_module(tmp_path / "code", "cp_parts", PARTS_MODULE)
    module = import_from(monkeypatch, tmp_path / "code", "cp_parts")
    code = f"""\
import sys
sys.path[:0] = [{isolated().directory!r}, {str(tmp_path / "code")!r}]
import srcpickle, cp_parts
parts = {RARE_PARTS!r}
def imported():
    return [name for name in parts if name in sys.modules]
steps = []
data = [srcpickle.dumps(f) for f in (cp_parts.add, cp_parts.square, cp_parts.make(3))]
steps.append(imported())
for obj in (cp_parts.PAIR[1], cp_parts.use_adders, cp_parts.total):
    data.append(srcpickle.dumps(obj))
    steps.append(imported())
try:
    srcpickle.dumps(cp_parts.made)
except srcpickle.SourceUnavailableError as exc:
    steps.append((imported(), "exec() or compile()" in str(exc)))
sys.stdout.write(repr(data))
print()
print({RESULT_MARK!r} + repr(steps))
"""
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120
    )
    twins, alike, packed, errors, _ = RARE_PARTS
    assert result_of(proc) == [
        [],
        [twins],
        [twins, alike],
        [twins, alike, packed],
        ([twins, alike, packed, errors], True),
    ]
    payloads = ast.literal_eval(proc.stdout.split("\n")[0])
    expected = [
        ("fn(2)", module.add(2)),
        ("fn()", module.square()),
        ("fn(4)", module.make(3)(4)),
        ("fn()", module.PAIR[1]()),
        ("fn(5)", module.use_adders(5)),
        ("fn()", module.total()),
    ]
    for payload, (expression, result) in zip(payloads, expected):
        assert load_fresh(payload, tmp_path, expression) == result, expression

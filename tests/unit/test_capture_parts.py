"""The capture side's rare parts, each in a module of its own (issue 9): a first dumps of plain
functions imports none of them, and the first dumps that meets what one is for imports it and
gives a payload that loads and works in a fresh interpreter where the code cannot be imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import import_from, imports_by_first_dumps, load_fresh, write_module

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
    steps, payloads = imports_by_first_dumps(
        tmp_path / "code",
        "cp_parts",
        RARE_PARTS,
        "(cp_parts.add, cp_parts.square, cp_parts.make(3))",
        "(cp_parts.PAIR[1], cp_parts.use_adders, cp_parts.total)",
        ("cp_parts.made", "SourceUnavailableError"),
    )
    twins, alike, packed, errors, _ = RARE_PARTS
    assert steps[:-1] == [[], [twins], [twins, alike], [twins, alike, packed]]
    assert steps[-1][0] == [twins, alike, packed, errors] and "exec() or compile()" in steps[-1][1]
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

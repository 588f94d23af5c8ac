"""itertools iterators that no call makes again, refused when dumped on 3.9, 3.11, 3.13 and PyPy
with a message that says why; and the ones written as calls, read as those calls.

Before, each went through its reduction, which differs between CPython and PyPy (a tee's buffer,
a permutations' indices: a payload of one failed on the other), is deprecated from 3.12 (a dump on
3.13 under ``-W error`` failed with a DeprecationWarning) and gone from 3.14; a groupby partway
through lost the group it had handed out. How those written as calls load and behave on every
Python is tests/roundtrip/cases/itertools_iterators.py.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Dict, Tuple

import pytest

unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

# Dumps on fixed interpreters: .ci/run runs it once.
pytestmark = pytest.mark.any_python(run="newest")

SPECS = ("3.9", "3.11", "3.13", "pypy")

USER = """\
import itertools
import os
import sys
import warnings

import srcpickle

warnings.simplefilter("error")  # (a DeprecationWarning of itertools' reductions fails the dump)


def advanced(iterator, n):
    for _ in range(n):
        next(iterator)
    return iterator


def refused():
    teed, _ = itertools.tee([1, 2, 3])
    runs = itertools.groupby("aabbc")
    _, group = next(itertools.groupby("aab"))
    yield "tee", teed
    yield "groupby_partway", advanced(runs, 1)
    yield "group", group
    yield "product_partway", advanced(itertools.product("ab", repeat=2), 1)
    yield "permutations_partway", advanced(itertools.permutations("abc", 2), 1)
    yield "combinations_partway", advanced(itertools.combinations("abc", 2), 1)
    yield "accumulate_partway", advanced(itertools.accumulate([1, 2, 3]), 1)
    yield "dropwhile_dropped", advanced(itertools.dropwhile(lambda x: x < 2, [1, 2, 3]), 1)
    yield "cycle_over_generator", advanced(itertools.cycle(x for x in "abc"), 1)
    yield "chain_over_generator", advanced(itertools.chain.from_iterable([x] for x in "abc"), 1)


def reads():
    return HELD


messages = {}
for name, HELD in refused():
    try:
        srcpickle.dumps(reads)
    except srcpickle.UnsupportedObjectError as exc:
        messages[name] = str(exc)
    else:
        messages[name] = "dumped"

HELD = advanced(itertools.cycle([1, 2, 3]), 4)
turned = srcpickle.dumps(reads).decode()
HELD = advanced(itertools.count(5, 2), 1)
counted = srcpickle.dumps(reads).decode()
HELD = advanced(itertools.repeat("a", 4), 1)
repeated = srcpickle.dumps(reads).decode()
print(repr((messages, turned, counted, repeated)))
"""

# What each refusal must say: what the iterator is, and why no call makes it again.
REFUSED = {
    "tee": "it is an iterator itertools.tee made, which shares what it read ahead with the others",
    "groupby_partway": "it is an itertools.groupby partway through",
    "group": "it is a group of an itertools.groupby",
    "product_partway": "it is an itertools.product partway through",
    "permutations_partway": "it is an itertools.permutations partway through",
    "combinations_partway": "it is an itertools.combinations partway through",
    "accumulate_partway": "it is an itertools.accumulate partway through",
    "dropwhile_dropped": "it is an itertools.dropwhile that has stopped dropping",
    "cycle_over_generator": "it is an itertools.cycle partway through its first pass",
    "chain_over_generator": "it is an itertools.chain that reads its iterables from an iterator",
}

Dumped = Dict[str, Tuple[Dict[str, str], str, str, str]]


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory) -> Dumped:
    """Per dumping interpreter: what dumps said of each iterator, and three payloads' text."""
    out: Dumped = {}
    for spec in SPECS:
        python = unit.interpreter(spec)
        script_dir = tmp_path_factory.mktemp("itertools_script")
        payloads: Path = tmp_path_factory.mktemp("itertools_payloads")
        proc = unit.dump_with_script(python, USER, script_dir, payloads)
        out[spec] = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    return out


@pytest.mark.parametrize("dumper", SPECS)
def test_iterators_no_call_makes_are_refused_saying_why(dumper: str, dumped: Dumped) -> None:
    messages = dumped[dumper][0]
    assert set(messages) == set(REFUSED), messages
    for name, message in REFUSED.items():
        assert message in messages[name], (name, messages[name])
        assert "HELD" in messages[name], messages[name]  # (where it was found: the global)
    # Why no call makes it: the reductions, and what to do instead.
    assert "deprecated in CPython 3.12" in messages["tee"], messages["tee"]
    assert "dump it before it starts" in messages["product_partway"], messages["product_partway"]


@pytest.mark.parametrize("dumper", SPECS)
def test_iterators_are_written_as_the_call_that_gives_what_they_give_next(
    dumper: str, dumped: Dumped
) -> None:
    # The same text from every Python, whichever reduction it has: a cycle that gave 1, 2, 3, 1
    # is one turn from 2; a count and a repeat their values left.
    _, turned, counted, repeated = dumped[dumper]
    assert "callable: @itertools.cycle\nargs: ([2, 3, 1],)\n" in turned, turned
    assert "callable: @itertools.count\nargs: (7, 2)\n" in counted, counted
    assert "callable: @itertools.repeat\nargs: ('a', 3)\n" in repeated, repeated
    assert "state" not in turned + counted + repeated

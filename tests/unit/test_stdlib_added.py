"""The table of standard-library names each CPython release added (``srcpickle/_stdlib_added.py``,
written by ``tools/stdlib_added.py``), which tells a Python too old for a payload
(``PythonVersionError``) from a name missing for another reason: its data, how the loader reads
it, and that every name it calls newer than the running Python is missing here."""

from __future__ import annotations

import sys
from typing import Optional, Tuple

import pytest

from srcpickle._names import added_in
from srcpickle._stdlib_added import ADDED

from . import result_of, run_fresh

KNOWN = {
    "itertools.pairwise": (3, 10),
    "builtins.anext": (3, 10),
    "enum.StrEnum": (3, 11),
    "enum.member": (3, 11),
    "enum.nonmember": (3, 11),
    "enum.verify": (3, 11),
    "typing.Self": (3, 11),
    "typing.Never": (3, 11),
    "typing.LiteralString": (3, 11),
    "typing.assert_never": (3, 11),
    "operator.call": (3, 11),
    "tomllib": (3, 11),
    "builtins.ExceptionGroup": (3, 11),
    "typing.override": (3, 12),
    "itertools.batched": (3, 12),
    "pathlib.Path.walk": (3, 12),
    "warnings.deprecated": (3, 13),
    "copy.replace": (3, 13),
    "builtins.PythonFinalizationError": (3, 13),
}


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_the_table_has_the_release_that_added_a_name(name: str) -> None:
    assert ADDED[name] == KNOWN[name]


def test_the_table_holds_no_name_of_the_oldest_release_and_no_private_one() -> None:
    assert "enum.Enum" not in ADDED and "typing.Protocol" not in ADDED
    assert all(not part.startswith("_") for name in ADDED for part in name.split("."))
    assert set(ADDED.values()) == {(3, 9), (3, 10), (3, 11), (3, 12), (3, 13)}
    # Under a new module, the module tells: tomllib.loads is no entry of its own.
    assert "tomllib.loads" not in ADDED


def _expected(release: Tuple[int, int]) -> Optional[Tuple[int, int]]:
    return release if sys.version_info[:2] < release else None


@pytest.mark.parametrize(
    "dotted, release",
    [
        ("typing.Self", (3, 11)),
        ("tomllib.loads", (3, 11)),  # under a module the table holds
        ("asyncio.TaskGroup.create_task", (3, 11)),  # under a class
        ("typing.override", (3, 12)),
        ("copy.replace", (3, 13)),
    ],
)
def test_added_in_answers_only_for_a_python_older_than_the_release(
    dotted: str, release: Tuple[int, int]
) -> None:
    assert added_in(dotted) == _expected(release)


def test_added_in_knows_nothing_of_other_names() -> None:
    for dotted in ("enum.Enum", "collections.Mapping", "numpy.array", "typing.NoSuchName", "builtins.len"):
        assert added_in(dotted) is None


CHILD = """
import warnings
warnings.simplefilter("ignore")
from srcpickle._name_uses import follow
from srcpickle._stdlib_added import ADDED
here = sys.version_info[:2]
found = []
for name, release in sorted(ADDED.items()):
    if here < release:
        parts = name.split(".")
        # the longest importable module the name starts with: follow reads the rest as attributes
        for size in range(len(parts), 0, -1):
            module = ".".join(parts[:size])
            try:
                __import__(module)
            except BaseException:
                continue
            if follow(name, module)[0]:
                found.append(name)
            break
print("RESULT=" + repr(found))
"""


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="the table is CPython's releases")
def test_every_name_newer_than_this_python_is_missing_here() -> None:
    # (in a fresh process: it imports every module the table names)
    assert result_of(run_fresh(CHILD)) == []

"""A class loaded twice in one process (README, "Classes").

Without an allow-list, loading a class statement loaded before gives the class made then
(``isinstance`` holds between objects of different payloads), and the last payload loaded sets its
captured state on it: the objects of the earlier payload see it (their methods read the globals of
the last payload loaded), as with cloudpickle's class tracker.

With ``allowed_imports``, a load never writes into a class it did not make: each load makes a class
of its own, the objects of earlier payloads keep theirs, and the class the loads without a list
share stays the one they share. Before, a load under an allow-list set its state on the class
another payload had made.

Each scenario runs in a fresh interpreter where the module the classes were dumped from cannot be
imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Tuple

import pytest

import srcpickle

from . import import_from, result_of, run_fresh, write_module, write_payload

MODULE = """\
X = 1


class Limits:
    limit = 10

    class Unit:
        name = "metre"

    def f(self):
        return X

    def scaled(self, value):
        return value * self.limit
"""

CHILD = """\
import sys

import srcpickle

with open(sys.argv[1], "rb") as handle:
    first = handle.read()
with open(sys.argv[2], "rb") as handle:
    second = handle.read()
options = eval(sys.argv[3])

A = srcpickle.loads(first)
obj = A()
before = (obj.f(), obj.scaled(2), A.limit, A.Unit.name)
B = srcpickle.loads(second, **options)
after = (obj.f(), obj.scaled(2), A.limit, A.Unit.name)
made = (B().f(), B().scaled(2), B.limit, B.Unit.name)
shared = (B is A, B.Unit is A.Unit, isinstance(obj, B))
again = srcpickle.loads(first) is A
print("RESULT=" + repr((before, after, made, shared, again)))
"""


@pytest.fixture(scope="module")
def payloads(tmp_path_factory: pytest.TempPathFactory) -> Tuple[Path, Path]:
    """Two payloads of one class: dumped, then dumped again after a global and a class attribute
    changed."""
    folder = tmp_path_factory.mktemp("class_reuse")
    monkeypatch = pytest.MonkeyPatch()
    try:
        mod = import_from(
            monkeypatch, write_module(folder / "src", "class_reuse_mod", MODULE).parent, "class_reuse_mod"
        )
        first = srcpickle.dumps(mod.Limits)
        mod.X = 2
        mod.Limits.limit = 20
        mod.Limits.Unit.name = "foot"
        second = srcpickle.dumps(mod.Limits)
    finally:
        monkeypatch.undo()
    return write_payload(folder, first), write_payload(folder, second)


def run(payloads: Tuple[Path, Path], options: Dict[str, Any]) -> Any:
    first, second = payloads
    return result_of(run_fresh(CHILD, args=[str(first), str(second), repr(options)]))


def test_without_a_list_the_class_is_shared_and_the_last_payload_loaded_wins(
    payloads: Tuple[Path, Path],
) -> None:
    before, after, made, shared, again = run(payloads, {})
    assert before == (1, 20, 10, "metre")
    assert after == (2, 40, 20, "foot")  # the first payload's object sees the second's state
    assert made == (2, 40, 20, "foot")
    assert shared == (True, True, True)
    assert again is True


@pytest.mark.parametrize("allowed", [[], ["builtins"]])
def test_under_an_allow_list_a_load_makes_a_class_of_its_own(
    payloads: Tuple[Path, Path], allowed: Any
) -> None:
    before, after, made, shared, again = run(payloads, {"allowed_imports": allowed})
    assert before == (1, 20, 10, "metre")
    assert after == before  # nothing of the first payload's class changed
    assert made == (2, 40, 20, "foot")
    assert shared == (False, False, False)
    assert again is True  # loads without a list still share the first class


def test_a_class_loaded_under_an_allow_list_is_not_reused_by_later_loads(
    payloads: Tuple[Path, Path], tmp_path: Path
) -> None:
    # The allow-listed load comes first: the loads without a list after it get a class of their
    # own (shared between them), and what they set on theirs leaves the allow-listed class as it
    # was.
    first, second = payloads
    child = """\
import sys

import srcpickle

first, second = (open(path, "rb").read() for path in sys.argv[1:3])
Guarded = srcpickle.loads(first, allowed_imports=[])
A = srcpickle.loads(second)
B = srcpickle.loads(first)
guarded = (Guarded.limit, Guarded().f(), Guarded.Unit.name)
print("RESULT=" + repr((A is Guarded, B is A, A.Unit is Guarded.Unit, guarded, A().f())))
"""
    result = result_of(run_fresh(child, args=[str(first), str(second)]))
    assert result == (False, True, False, (10, 1, "metre"), 1)

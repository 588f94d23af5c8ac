"""The references a capture makes are shared by every capture of the process (``_capture._REFS``,
issue 9): a payload is the same whether its references were made now or kept from an earlier
dumps, whatever the table held or dropped meanwhile, and a reference kept from one payload never
stands for another object in the next one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import pytest

import srcpickle
from srcpickle import _capture

from . import import_from, load_fresh, write_module

MODULE = """\
import json
import os.path
from math import sqrt

SCALE = 2.5
TABLE = {"a": [1, 2, 3], "b": (4.0, 5.0), "c": frozenset({"x", "y"})}
NAMES = ["alpha", "beta", "gamma"]
SHARED = [1, 2]
PAIR = (SHARED, SHARED)


def helper(x):
    return x * SCALE


def use(x):
    data = {
        "root": round(sqrt(x), 6),
        "table": TABLE["a"],
        "names": NAMES[x % len(NAMES)],
        "pair": PAIR[0] is PAIR[1],
        "helped": helper(x),
        "path": os.path.join("a", "b"),
    }
    return json.dumps(data, sort_keys=True)


def make(n):
    def inner(k):
        return [n, k, SHARED]

    return inner
"""

EXPECTED = (
    '{"helped": 7.5, "names": "alpha", "pair": true, "path": "a/b", "root": 1.732051, "table": [1, 2, 3]}'
)


def _objects(mod: Any) -> List[Any]:
    return [mod.use, [mod.use, mod.helper, mod.TABLE, mod.PAIR], mod.make(3), [mod.make(1), mod.make(2)]]


@pytest.mark.parametrize("bound", [1, 2, 5])
def test_payloads_are_the_same_when_the_table_is_cleared_mid_capture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bound: int
) -> None:
    mod = import_from(monkeypatch, tmp_path, _module(tmp_path, "refs_cleared"))
    expected = [srcpickle.dumps(obj) for obj in _objects(mod)]
    # A bound this small clears the table within every capture, which must still refer to each
    # of its nodes by one reference (finish tells a global written in place by it) and write the
    # same bytes.
    monkeypatch.setattr(_capture, "_REFS_MAX", bound)
    _capture._REFS.clear()
    assert [srcpickle.dumps(obj) for obj in _objects(mod)] == expected
    assert len(_capture._REFS) <= bound
    assert load_fresh(expected[0], _fresh_folder(tmp_path), "fn(3)") == EXPECTED


def test_a_kept_reference_names_the_node_of_the_new_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = import_from(monkeypatch, tmp_path, _module(tmp_path, "refs_rebound"))
    srcpickle.dumps(mod.use)
    # The same ids name other objects now: the helper is another function, the data changed.
    monkeypatch.setattr(mod, "helper", lambda x: x * 100)
    monkeypatch.setattr(mod, "NAMES", ["one", "two", "three"])
    payload = srcpickle.dumps(mod.use)
    result = load_fresh(payload, _fresh_folder(tmp_path), "fn(3)")
    assert '"helped": 300' in result and '"names": "one"' in result


def _module(directory: Path, name: str) -> str:
    write_module(directory, name, MODULE)
    return name


def _fresh_folder(directory: Path) -> Path:
    # A folder without the module, for the loading interpreter.
    folder = directory / "load"
    folder.mkdir(exist_ok=True)
    return folder

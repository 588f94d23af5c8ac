"""Dumps caches are keyed by code objects, and a code object is not a function.

Several functions can share one code object (made in a loop, by a factory, or by
``types.FunctionType(code, other_globals)``), and one function can change its code object
(``fn.__code__ = ...``, a module reloaded after an edit). Whatever the capture side keeps per code
object must not carry one function's globals, closure cells, defaults, name or docstring to
another, nor survive the code object it was proven for. Each payload here is loaded in a fresh
interpreter where the module cannot be imported, and called.
"""

from __future__ import annotations

import importlib
import types
from pathlib import Path

import pytest

import srcpickle
from srcpickle import SourceMismatchError

from . import import_from, load_fresh, touch_later, write_module

MODULE = """\
SCALE = 2


def scaled(x):
    "Scale x."
    return x * SCALE


def shifted(x):
    return x - SCALE


def adders():
    return [lambda x, k=k: x + k for k in range(3)]


def multipliers():
    made = []
    for k in range(3):
        def make(k=k):
            def times(x):
                return x * k
            return times
        made.append(make())
    return made
"""


@pytest.fixture
def mod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    write_module(tmp_path, "cache_keys_mod", MODULE)
    return import_from(monkeypatch, tmp_path, "cache_keys_mod")  # type: ignore[no-any-return]


def test_functions_sharing_a_code_object_keep_their_own_globals(
    tmp_path: Path, mod: types.ModuleType
) -> None:
    first = srcpickle.dumps(mod.scaled)
    namespace = {"__name__": mod.__name__, "__builtins__": __builtins__, "SCALE": 10}
    twin = types.FunctionType(mod.scaled.__code__, namespace, "scaled")
    assert twin.__code__ is mod.scaled.__code__
    second = srcpickle.dumps(twin)
    assert srcpickle.dumps(mod.scaled) == first
    assert load_fresh(first, tmp_path, "fn(3)") == 6
    assert load_fresh(second, tmp_path, "fn(3)") == 30


def test_functions_made_in_a_loop_keep_their_own_defaults_and_cells(
    tmp_path: Path, mod: types.ModuleType
) -> None:
    adders, multipliers = mod.adders(), mod.multipliers()
    assert len({f.__code__ for f in adders}) == 1 and len({f.__code__ for f in multipliers}) == 1
    singles = [srcpickle.dumps(f) for f in adders + multipliers]
    together = srcpickle.dumps(adders + multipliers)
    expected = [1 + 0, 1 + 1, 1 + 2, 0, 1, 2]
    assert load_fresh(together, tmp_path, "[f(1) for f in fn]") == expected
    assert [load_fresh(data, tmp_path, "fn(1)") for data in (singles[2], singles[5])] == [3, 2]
    assert len(set(singles)) == 6


def test_a_closure_cell_changed_between_two_dumps_is_in_the_second(
    tmp_path: Path, mod: types.ModuleType
) -> None:
    times = mod.multipliers()[1]
    first = srcpickle.dumps(times)
    times.__closure__[0].cell_contents = 7
    second = srcpickle.dumps(times)
    assert load_fresh(first, tmp_path, "fn(2)") == 2
    assert load_fresh(second, tmp_path, "fn(2)") == 14


def test_a_code_object_replaced_between_two_dumps_is_verified_and_written_again(
    tmp_path: Path, mod: types.ModuleType
) -> None:
    fn = types.FunctionType(mod.scaled.__code__, mod.__dict__, "scaled")
    first = srcpickle.dumps(fn)
    fn.__code__ = mod.shifted.__code__
    second = srcpickle.dumps(fn)
    assert b"return x - SCALE" in second and b"return x * SCALE" not in second
    assert load_fresh(first, tmp_path, "fn(3)") == 6
    assert load_fresh(second, tmp_path, "fn(3)") == 1


def test_name_qualname_and_docstring_changed_show_in_the_next_dumps(
    tmp_path: Path, mod: types.ModuleType
) -> None:
    fn = types.FunctionType(mod.scaled.__code__, mod.__dict__, "scaled")
    first = srcpickle.dumps(fn)
    fn.__doc__ = "Scale x, again."
    fn.__qualname__ = "Renamed.scaled"
    second = srcpickle.dumps(fn)
    expression = "(fn(3), fn.__doc__, fn.__qualname__)"
    assert load_fresh(first, tmp_path, expression) == (6, "Scale x.", "scaled")
    assert load_fresh(second, tmp_path, expression) == (6, "Scale x, again.", "Renamed.scaled")


def test_a_module_reloaded_after_an_edit_gives_its_new_functions_and_refuses_the_old(
    tmp_path: Path, mod: types.ModuleType
) -> None:
    old = mod.scaled
    assert load_fresh(srcpickle.dumps(old), tmp_path, "fn(3)") == 6
    path = Path(mod.__file__)
    path.write_text(MODULE.replace("return x * SCALE", "return x * SCALE + 100"), encoding="utf-8")
    touch_later(path)
    new = importlib.reload(mod)
    assert load_fresh(srcpickle.dumps(new.scaled), tmp_path, "fn(3)") == 106
    # The old function's code no longer matches its file: proven before, refused now.
    with pytest.raises(SourceMismatchError, match="does not match its live code"):
        srcpickle.dumps(old)

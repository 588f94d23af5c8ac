"""Weak references and weak collections held by a dumped function.

A ``WeakValueDictionary``, ``WeakKeyDictionary`` or ``WeakSet`` goes as the call that makes it with
the entries it holds when dumped, a ``weakref.ref`` or ``WeakMethod`` to a live object as the call
that makes it, callback included; each loads weak again. What the entries refer to travels as any
object does, so at load an entry lives as long as something else holds its object, as weak ones do
(tests/roundtrip/cases/weak_references.py loads the common uses on every interpreter). A
reference whose object is gone is refused, as proxies and finalizers are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import srcpickle
from srcpickle import UnsupportedObjectError

from . import import_from, load_fresh, write_module

WEAK = """\
import weakref


class Item:
    def __init__(self, name):
        self.name = name

    def hello(self):
        return "hello " + self.name


KEPT = Item("kept")
HELD_ELSEWHERE = [Item("elsewhere")]
ITEMS = weakref.WeakSet([KEPT, HELD_ELSEWHERE[0]])
DIED = []


def record(ref):
    DIED.append("died")


HOLDER = [Item("watched")]
WATCH = weakref.ref(HOLDER[0], record)
GREET = weakref.WeakMethod(HOLDER[0].hello, record)


def names():
    return sorted(item.name for item in ITEMS), KEPT in ITEMS


def drop():
    before = (WATCH().name, GREET()(), list(DIED))
    HOLDER.clear()
    return before, WATCH(), GREET(), DIED


GONE = weakref.ref(Item("gone"))


def reads_gone():
    return GONE()
"""


def test_an_entry_nothing_else_carries_is_gone_after_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ITEMS holds two items; the code reads one of them itself, the other is held by a list of
    its module that the code never reads, which does not travel: loaded, the weak set holds the
    one the loaded code holds, as the live one would if that list let go of the other."""
    module = import_from(monkeypatch, write_module(tmp_path, "weak_items", WEAK).parent, "weak_items")
    assert module.names() == (["elsewhere", "kept"], True)
    payload = srcpickle.dumps(module.names)
    assert b"'elsewhere'" in payload  # (it travelled, held by the weak set alone)
    loaded = load_fresh(payload, tmp_path, "fn()", before="import gc; gc.collect()")
    assert loaded == (["kept"], True)


def test_callbacks_run_at_load_when_the_object_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reference's callback, and a WeakMethod's, is the loaded function of the payload: when
    the loaded code lets the object go, both run and the references are dead."""
    module = import_from(monkeypatch, write_module(tmp_path, "weak_watch", WEAK).parent, "weak_watch")
    payload = srcpickle.dumps(module.drop)
    # (PyPy frees the object at its next collection, not when the list lets go of it)
    loaded = load_fresh(
        payload,
        tmp_path,
        "(before, WATCH(), GREET(), DIED)",
        before="import gc\nbefore = fn()[0]\ngc.collect()\n"
        "WATCH, GREET, DIED = (fn.__globals__[name] for name in ('WATCH', 'GREET', 'DIED'))\n",
    )
    assert loaded == (("watched", "hello watched", []), None, None, ["died", "died"])


def test_a_reference_whose_object_is_gone_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = import_from(monkeypatch, write_module(tmp_path, "weak_gone", WEAK).parent, "weak_gone")
    gone = re.escape("it is a weak reference whose object is gone")
    with pytest.raises(UnsupportedObjectError, match=gone) as info:
        srcpickle.dumps(module.reads_gone)
    assert "root.__globals__['GONE']" in str(info.value)

"""A module's decorator lines edited on disk after import: what ``dumps`` gives.

The live object is the truth. A function's decorators never run at load (their lines are text),
but a class statement's and its methods' do, and the stored text should be the one that made the
live object: a decorator line added or removed above a def, a method or a class (on a line of its
own, or in place of another line) raises ``SourceMismatchError`` as an edited body does. What
stays undetectable is said in README's limits and checked here as what it loads to: a decorator
replaced or given other arguments on its own line (the function is the live one all the same:
never decorated at load; a method and a class's attributes are carried from the live class).
"""

from __future__ import annotations

import operator
import sys
from pathlib import Path
from typing import Any

import pytest

import srcpickle
from srcpickle import SourceMismatchError

from . import import_from, load_fresh, touch_later, write_module

HELPERS = """\
import functools

REG = []


def register(fn):
    REG.append(fn.__qualname__)
    return fn


def wrap(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k) * 10
    return wrapper


def scale(n):
    def deco(fn):
        @functools.wraps(fn)
        def scaled(*a, **k):
            return fn(*a, **k) * n
        return scaled
    return deco


def tag(label):
    def deco(cls):
        cls.label = label
        return cls
    return deco
"""

TARGET = """\
from {helpers} import register, wrap, scale, tag

# slot-a
def plain(x):
    return x + 1

@register
def registered(x):
    return x + 2

@wrap
def wrapped(x):
    return x + 3

@scale(2)
def scaled(x):
    return x + 4

class Box:
    # slot-m
    def get(self, x):
        return x + 5

    @scale(2)
    def twice(self, x):
        return x + 6

    @staticmethod
    def stat(x):
        return x + 7

# slot-c
class Plain:
    def get(self):
        return 1

@tag("a")
class Tagged:
    def get(self):
        return 2

def outer():
    # slot-n
    def inner(x):
        return x + 8
    return inner

def outer2():
    @wrap
    def inner2(x):
        return x + 9
    return inner2

class Last:
    def only(self, x):
        return x + 10

INNER = outer()
INNER2 = outer2()
"""


def edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str, obj: str) -> Any:
    """``obj`` of a module imported from TARGET, whose file was then edited (``old`` -> ``new``)."""
    helpers = f"{name}_helpers"
    write_module(tmp_path, helpers, HELPERS)
    path = write_module(tmp_path, name, TARGET.format(helpers=helpers))
    module = import_from(monkeypatch, tmp_path, helpers) and import_from(monkeypatch, tmp_path, name)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    touch_later(path)
    return operator.attrgetter(obj)(module)


# A decorator line added or removed: (old text, new text, object dumped). Each ran differently
# from what the file now says, and the payload's text would say so.
LINE_EDITS = {
    # added in place of a comment line (the def stays on its line)
    "def-added-in-place": ("# slot-a\ndef plain", "@wrap\ndef plain", "plain"),
    # added on a line of its own (the def and everything below move down a line)
    "def-added-above": ("def plain", "@wrap\ndef plain", "plain"),
    "def-added-over-another": ("@register\ndef registered", "@wrap\n@register\ndef registered", "registered"),
    "def-removed": ("@register\ndef registered", "# gone\ndef registered", "registered"),
    "wraps-removed": ("@wrap\ndef wrapped", "# gone\ndef wrapped", "wrapped"),
    "method-added-in-place": ("    # slot-m\n    def get", "    @wrap\n    def get", "Box.get"),
    "method-added-in-place-class": ("    # slot-m\n    def get", "    @wrap\n    def get", "Box"),
    "last-method-added-above": ("    def only", "    @wrap\n    def only", "Last.only"),
    "last-method-added-above-class": ("    def only", "    @wrap\n    def only", "Last"),
    "staticmethod-removed-class": ("    @staticmethod", "    # static", "Box"),
    "nested-added-in-place": ("    # slot-n\n    def inner", "    @wrap\n    def inner", "INNER"),
    "nested-added-above": ("    def inner(x)", "    @wrap\n    def inner(x)", "INNER"),
    "nested-removed": ("    @wrap\n    def inner2", "    # gone\n    def inner2", "INNER2"),
    "nested-added-outer-dumped": ("    # slot-n\n    def inner", "    @wrap\n    def inner", "outer"),
}


@pytest.mark.parametrize("case", sorted(LINE_EDITS))
def test_a_decorator_line_added_or_removed_after_import_is_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    old, new, obj = LINE_EDITS[case]
    live = edited(tmp_path, monkeypatch, "deco_line_" + case.replace("-", "_"), old, new, obj)
    with pytest.raises(SourceMismatchError) as info:
        srcpickle.dumps(live)
    message = str(info.value)
    assert "edited" in message or "after import" in message, message
    assert "re-import" in message.lower(), message
    if "added" in case and not case.endswith(("class", "outer-dumped")):
        assert "the decorators of" in message, message


# Class statements: Python 3.13 keeps where a class statement started (``__firstlineno__``,
# decorators included), so a decorator line added or removed in place of another line shows.
CLASS_LINE_EDITS = {
    "class-added-in-place": ("# slot-c\nclass Plain", "@tag('b')\nclass Plain", "Plain"),
    "class-removed-in-place": ('@tag("a")', "# gone", "Tagged"),
}


@pytest.mark.parametrize("case", sorted(CLASS_LINE_EDITS))
def test_a_class_decorator_line_added_or_removed_in_place_is_a_mismatch_on_313(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    if sys.version_info < (3, 13):
        pytest.skip(
            "a class keeps no trace of its statement's first line before Python 3.13 (README: limits)"
        )
    old, new, obj = CLASS_LINE_EDITS[case]
    live = edited(tmp_path, monkeypatch, "deco_class_" + case.replace("-", "_"), old, new, obj)
    with pytest.raises(SourceMismatchError, match="a decorator was added or removed after import"):
        srcpickle.dumps(live)


# A decorator replaced, or its arguments changed, on its own line: nothing of the live object
# records the text, and what loads is the live object all the same. (old, new, object dumped,
# probe on the loaded object ``fn``, its value on the live one)
SAME_LINE_EDITS = {
    "register-replaced-by-wraps": (
        "@register\ndef registered",
        "@wrap\ndef registered",
        "registered",
        "fn(1)",
        3,
    ),
    "wraps-replaced-by-register": ("@wrap\ndef wrapped", "@register\ndef wrapped", "wrapped", "fn(1)", 40),
    "arguments-changed": ("@scale(2)\ndef scaled", "@scale(3)\ndef scaled", "scaled", "fn(1)", 10),
    "method-arguments-changed": (
        "    @scale(2)\n    def twice",
        "    @scale(3)\n    def twice",
        "Box",
        "fn().twice(1)",
        14,
    ),
    "method-alone-arguments-changed": (
        "    @scale(2)\n    def twice",
        "    @scale(3)\n    def twice",
        "Box.twice",
        "fn(None, 1)",
        14,
    ),
    "staticmethod-replaced-by-classmethod": ("    @staticmethod", "    @classmethod", "Box", "fn.stat(1)", 8),
    "class-decorator-arguments-changed": ('@tag("a")', '@tag("b")', "Tagged", "fn.label", "a"),
    "nested-wraps-replaced": (
        "    @wrap\n    def inner2",
        "    @register\n    def inner2",
        "INNER2",
        "fn(1)",
        100,
    ),
}


@pytest.mark.parametrize("case", sorted(SAME_LINE_EDITS))
def test_a_decorator_replaced_on_its_line_loads_the_live_object_in_a_fresh_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    old, new, obj, probe, expected = SAME_LINE_EDITS[case]
    live = edited(tmp_path, monkeypatch, "deco_same_" + case.replace("-", "_"), old, new, obj)
    assert eval(probe, {"fn": live}) == expected
    assert load_fresh(srcpickle.dumps(live), tmp_path, probe) == expected

"""Payloads kept in git: the same code dumped from two clones of a project (other absolute paths,
other working directories, other hash seeds) gives the same bytes, and a small change of the code
changes the sections of what changed, not the ids of every later function that shares a qualname
with it (lambdas, closures of one factory, helpers of one name in two modules). Every payload is
written by a script run in a fresh process, as a user's would be, and loaded in another."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

from . import CHILD_TIMEOUT, isolated, load_fresh

HELPERS_A = """\
def clean(text):
    return text.strip()
"""

HELPERS_B = """\
def clean(text):
    return text.strip().lower()
"""

HELPERS_0 = """\
def clean(text):
    return text.strip("-")
"""

MAIN = """\
{top}import sys

import srcpickle
from helpers_a import clean
import helpers_b
{imports}
clean_b = helpers_b.clean
square = lambda x: x * x
cube = lambda x: x ** 3
{lambdas}

def make_adder(n):
    def add(x):
        return x + n

    return add


add1 = make_adder(1)
add2 = make_adder(2)
{closures}

def make_box(n):
    class Box:
        size = n

        def get(self):
            return (self.size, n)

    return Box


BigBox = make_box(100)
SmallBox = make_box(1)
{boxes}

class Item:
    def __init__(self, v):
        self.v = v


ITEMS = [Item(1), Item(2), Item(3)]
{items}
DATA = {{{data}"rows": [1, 2], "origin": Item(0), "tags": {{"x"}}, "last": Item(9)}}
SHARED = {{"k": [1, 2]}}
ALIAS = SHARED
{aliases}
{defs}

{above}
def main(x):
    total = square(x) + cube(x) + add1(x) + add2(x) + first(x) + second(x) + len(SHARED) + len(ALIAS){uses}
    data = sorted((k, getattr(v, "v", v)) for k, v in DATA.items() if not isinstance(v, set))
    boxes = [BigBox().get(), SmallBox().get()]
    return total, clean(" A "), clean_b(" B "), [vars(i) for i in ITEMS], data, boxes{more}


with open(sys.argv[1], "wb") as handle:
    handle.write(srcpickle.dumps(main))
with open(sys.argv[1] + ".expected", "w") as handle:
    handle.write(repr(main(3)))
"""

FIRST = "def first(y):\n    return y + 1\n"
SECOND = "def second(y):\n    return y + 2\n"

BASE = {
    "top": "",
    "aliases": "",
    "defs": FIRST + "\n\n" + SECOND,
    "imports": "",
    "lambdas": "",
    "closures": "",
    "boxes": "",
    "items": "",
    "data": "",
    "above": "",
    "uses": "",
    "more": "",
}

# Each change, and the sections it may change (by id in the payload before it): the function
# that uses the new global and the namespace that holds it (an id ending in ``-*``: any id it
# begins). No id is taken from an unrelated section: one found under a name not its own carries
# that name, one of no name of its own a digest of what it holds.
CHANGES = {
    "a lambda that sorts first": (
        {"lambdas": "abs_ = lambda x: abs(x)", "uses": " + abs_(x)"},
        {"main", "__main__"},
    ),
    "a lambda that sorts last": (
        {"lambdas": "zz = lambda x: 0", "uses": " + zz(x)"},
        {"main", "__main__"},
    ),
    "a closure of the factory that sorts first": (
        {"closures": "add0 = make_adder(0)", "uses": " + add0(x)"},
        {"main", "__main__"},
    ),
    "a closure of the factory that sorts last": (
        {"closures": "add9 = make_adder(9)", "uses": " + add9(x)"},
        {"main", "__main__"},
    ),
    "a class of the factory that sorts first": (
        {"boxes": "ABox = make_box(0)", "more": ", ABox().get()"},
        {"main", "__main__"},
    ),
    "a helper of the same name from a third module, met first": (
        {"imports": "from helpers_0 import clean as a_clean", "more": ", a_clean('-x-')"},
        {"main", "__main__"},
    ),
    # Containers written inline take no id: one more in an object, or in a dict, renames none
    # of the objects named after the same global that come after it.
    # The instance changed is named by what it holds: it and the list that refers to it change.
    "a list attribute on the first of a list of instances": (
        {"items": "ITEMS[0].extra = [1, 2]"},
        {"__main__", "ITEMS-*"},
    ),
    "a dict attribute on the first of a list of instances": (
        {"items": "ITEMS[0].extra = {'k': 1}"},
        {"__main__", "ITEMS-*"},
    ),
    "a list before the objects of a dict": ({"data": '"first": [0], '}, {"__main__"}),
    "a line of the body changed": ({"uses": " + 0"}, {"main"}),
    "a function added above": ({"above": "def unused():\n    return 0\n\n"}, {"main"}),
}


def _clone(root: Path, **fields: str) -> Path:
    root.mkdir(parents=True)
    for name, text in (("helpers_a", HELPERS_A), ("helpers_b", HELPERS_B), ("helpers_0", HELPERS_0)):
        (root / f"{name}.py").write_text(text, encoding="utf-8")
    (root / "main.py").write_text(MAIN.format(**{**BASE, **fields}), encoding="utf-8")
    return root


def _dump(clone: Path, seed: str, cwd: Path) -> Path:
    """Run the clone's main.py as a script, in a fresh process under ``seed``, from ``cwd``."""
    out = cwd / f"payload-{seed}.srcpickle"
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONHASHSEED": seed, "PYTHONPATH": isolated().directory}
    proc = subprocess.run(
        [sys.executable, str(clone / "main.py"), str(out)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def _sections(data: bytes) -> Dict[str, str]:
    body = data.decode("utf-8").rsplit("\n[end]\n", 1)[0] + "\n"  # (the last section's end is no change)
    parts = re.split(r"^\[\w+ (.+)\]\n", body, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _changed(before: Dict[str, str], after: Dict[str, str], may_change: Set[str] = frozenset()) -> Set[str]:
    stems = tuple(pattern[:-1] for pattern in may_change if pattern.endswith("-*"))
    changed = {node_id for node_id, text in before.items() if after.get(node_id) != text}
    return {node_id for node_id in changed if not (stems and node_id.startswith(stems))}


def _only_line_moved(before: str, after: str) -> bool:
    # Whether two texts of a section differ in their ``line:`` field alone.
    def rest(text: str) -> List[str]:
        return [line for line in text.splitlines() if not line.startswith("line: ")]

    return before != after and rest(before) == rest(after)


def test_two_clones_other_paths_seeds_and_folders_write_the_same_bytes(tmp_path: Path) -> None:
    alice = _clone(tmp_path / "home" / "alice" / "project")
    bob = _clone(tmp_path / "srv" / "build" / "bob" / "checkout" / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    payloads = [
        _dump(alice, "1", alice),
        _dump(bob, "2", elsewhere),
        _dump(alice, "3", elsewhere),
        _dump(bob, "4242", bob),
    ]
    first = payloads[0].read_bytes()
    for path in payloads[1:]:
        assert path.read_bytes() == first
    for leak in (b"alice", b"bob", str(tmp_path).encode()):
        assert leak not in first


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_small_change_changes_only_what_it_touches(tmp_path: Path, change: str) -> None:
    fields, may_change = CHANGES[change]
    before_clone = _clone(tmp_path / "before" / "project")
    after_clone = _clone(tmp_path / "after" / "clone-of-project", **fields)
    before = _dump(before_clone, "1", before_clone)
    after = _dump(after_clone, "2", tmp_path)
    old, new = _sections(before.read_bytes()), _sections(after.read_bytes())
    changed = _changed(old, new, may_change)
    # A section's line is written after the section before it in its file (format 3): the
    # section after a new one in the file says so in its ``line:`` field, and no other moves.
    moved = {node_id for node_id in changed - may_change if _only_line_moved(old[node_id], new[node_id])}
    assert len(moved) <= len(set(new) - set(old)), f"{change}: the lines of {sorted(moved)} moved"
    changed -= moved
    assert changed <= may_change, f"{change}: sections changed that it does not touch: {changed - may_change}"
    # Both load in a fresh process that has neither clone, and compute what the originals did.
    for path in (before, after):
        expected = Path(str(path) + ".expected").read_text(encoding="utf-8")
        assert repr(load_fresh(path.read_bytes(), tmp_path, "fn(3)")) == expected


def test_alike_functions_are_told_apart_by_where_they_were_found(tmp_path: Path) -> None:
    clone = _clone(
        tmp_path / "project",
        lambdas="TABLE = [lambda x: x + 1, lambda x: x + 2]",
        more=", [f(1) for f in TABLE]",
    )
    ids = set(_sections(_dump(clone, "0", clone).read_bytes()))
    # A function or class found under a name not its own carries that name; a function of
    # another module than the root's, its module's; alike ones in one global's container, that
    # name and a digest of their sources (TABLE[0] and TABLE[1]).
    assert len([node_id for node_id in ids if re.fullmatch(r"<lambda>-TABLE-[0-9a-f]{6}", node_id)]) == 2
    assert {
        "<lambda>-cube",
        "<lambda>-square",
        "make_adder.<locals>.add-add1",
        "make_adder.<locals>.add-add2",
        "cell.make_adder.n-add1",
        "cell.make_adder.n-add2",
        "clean-helpers_a",  # helpers_a.clean, as the global clean
        "clean-helpers_b",  # helpers_b.clean, as the global clean_b
        "make_box.<locals>.Box-BigBox",
        "make_box.<locals>.Box.get-BigBox",  # a method, by its class's name
        "cell.make_box.n-BigBox",
        "make_box.<locals>.Box-SmallBox",
        "make_box.<locals>.Box.get-SmallBox",
        "cell.make_box.n-SmallBox",
    } <= ids, sorted(ids)


# Edits unrelated to most of a payload, each with the lines of its diff that are not a ``line:``
# field: (removed, added), and how many ``line:`` fields it changes. What the edit adds is there
# and nothing else: no section renamed, none moved. A ``line:`` field is the first line of a
# source in its file, written after the section before it there (format 3: ``line: @first + 4``):
# an edit above a def changes the ``line:`` of the first section below it, and of no other.
EDITS = {
    "an item inserted at the front of a list of instances": (
        {"items": "ITEMS.insert(0, Item(5))"},
        ["global ITEMS = "],
        ["global ITEMS = ", "", "[reduce ITEMS-", "callable: ", "args: ", "state: {'v': 5}"],
        0,
    ),
    "an item inserted in the middle of a list of instances": (
        {"items": "ITEMS.insert(2, Item(5))"},
        ["global ITEMS = "],
        ["global ITEMS = ", "", "[reduce ITEMS-", "callable: ", "args: ", "state: {'v': 5}"],
        0,
    ),
    "a global that sorts first": (
        {"aliases": "AAA = Item(7)", "uses": " + AAA.v"},
        ["total = "],
        ["total = ", "global AAA = @AAA", "", "[reduce AAA]", "callable: ", "args: ", "state: {'v': 7}"],
        0,
    ),
    "an alias of a shared value that sorts first": (
        {"aliases": "AAA = SHARED", "uses": " + len(AAA)"},
        ["total = "],
        ["total = ", "global AAA = @dict-"],
        0,
    ),
    # (first's line, second's after it and main's after second: before, each after the other)
    "two functions reordered in the file": ({"defs": SECOND + "\n\n" + FIRST}, [], [], 6),
    # (the first section of the file, the only one whose line is a number)
    "a line added at the top of the file": ({"top": "# a comment\n"}, [], [], 2),
    "a line added between two functions": ({"defs": FIRST + "\n\n# a note\n" + SECOND}, [], [], 2),
    "a line added to a function's body": (
        {"defs": FIRST.replace("    return", "    y = y * 1\n    return") + "\n\n" + SECOND},
        ["source: 2"],
        ["source: 3", "y = y * 1"],
        2,
    ),
    "lines added above every def of the file": (
        {"top": "# one\n# two\n# three\n", "above": "# four\n"},
        [],
        [],
        4,
    ),
}


def _diff_lines(before: bytes, after: bytes) -> Tuple[List[str], List[str], List[str]]:
    # The removed and added lines, and the ``line:`` fields among them (as git's diff: difflib's
    # junk heuristic would match a long payload's frequent lines, blank ones, out of place).
    old, new = before.decode().splitlines(), after.decode().splitlines()
    removed: List[str] = []
    added: List[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    moved = [line for line in removed + added if line.startswith("line: ")]
    return [x for x in removed if x not in moved], [x for x in added if x not in moved], moved


def _matches(lines: List[str], prefixes: List[str]) -> bool:
    # Each line begins with one of the prefixes, each prefix used once (in any order: where a
    # diff puts a section's blank line is the diff's choice).
    left = [line.strip() for line in lines]
    for prefix in sorted(prefixes, key=len, reverse=True):
        found = next((line for line in left if line.startswith(prefix)), None)
        if found is None:
            return False
        left.remove(found)
    return not left


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_unrelated_edit_diffs_as_only_that_edit(tmp_path: Path, edit: str) -> None:
    fields, removed, added, lines = EDITS[edit]
    _check_edit(tmp_path, {}, fields, removed, added, lines)


# Edits of objects alike but for what they hold, each with its payload's fields before and after
# (then as EDITS). Lambdas of one global's container are named by a digest of their source and
# of the scalars their defaults and cells hold, not by their place: an insertion renames none. An
# object only the containers of several globals reach is named by its kind, not by the first of
# them to sort: a new one that sorts first renames nothing.
TABLE_2 = "TABLE = [lambda x: x + 1, lambda x: x + 2]"
COMPREHENSION = "TABLE = [lambda x, n=n: x + n for n in {}]"
NEW_LAMBDA = ["global TABLE = ", "", "[function <lambda>-TABLE-", "name: ", "namespace: ", "signature: "]
TWO_LISTS = {"aliases": "B = [Item(4)]\nC = [B[0]]", "uses": " + len(B) + len(C)"}
ALIKE_EDITS = {
    "a lambda inserted at the front of a list of lambdas": (
        {"lambdas": TABLE_2, "more": ", [f(1) for f in TABLE]"},
        {"lambdas": "TABLE = [lambda x: x * 10, lambda x: x + 1, lambda x: x + 2]"},
        ["global TABLE = "],
        NEW_LAMBDA + ["source: 1", "lambda x: x * 10"],
        # (the new lambda's, and the first lambda's: one line, written after the new one)
        3,
    ),
    "a lambda inserted in the middle of a list of lambdas": (
        {"lambdas": TABLE_2, "more": ", [f(1) for f in TABLE]"},
        {"lambdas": "TABLE = [lambda x: x + 1, lambda x: x * 10, lambda x: x + 2]"},
        ["global TABLE = "],
        NEW_LAMBDA + ["source: 1", "lambda x: x * 10"],
        3,
    ),
    "a lambda of a comprehension, one more at the front": (
        {"lambdas": COMPREHENSION.format("(1, 2)"), "more": ", [f(1) for f in TABLE]"},
        {"lambdas": COMPREHENSION.format("(0, 1, 2)")},
        ["global TABLE = "],
        # (<listcomp>.<lambda> before Python 3.12, which inlines comprehensions: <lambda>)
        ["global TABLE = ", "", "[function ", "name: ", "namespace: ", "signature: "]
        + ["defaults: (0,)", "source: 1", "lambda x, n=n: x + n"]
        + (["qualname: "] if sys.version_info < (3, 12) else []),
        3,
    ),
    "a global sorting first that reaches an object two globals' lists reach": (
        TWO_LISTS,
        {"aliases": TWO_LISTS["aliases"] + "\nA = [B[0]]", "uses": TWO_LISTS["uses"] + " + len(A)"},
        ["total = "],
        ["total = ", "global A = [@instance-"],
        2,
    ),
    "a global sorting first whose tuple holds an object two globals' dicts reach": (
        {"aliases": 'B = {"x": Item(4)}\nC = {"y": B["x"]}', "uses": " + len(B) + len(C)"},
        {
            "aliases": 'B = {"x": Item(4)}\nC = {"y": B["x"]}\nA = (B["x"],)',
            "uses": " + len(B) + len(C) + len(A)",
        },
        ["total = "],
        ["total = ", "global A = (@instance-"],
        2,
    ),
}


@pytest.mark.parametrize("edit", list(ALIKE_EDITS))
def test_an_edit_of_alike_objects_renames_none_of_them(tmp_path: Path, edit: str) -> None:
    base, fields, removed, added, lines = ALIKE_EDITS[edit]
    _check_edit(tmp_path, base, fields, removed, added, lines)


def _check_edit(
    tmp_path: Path,
    base: Dict[str, str],
    fields: Dict[str, str],
    removed: List[str],
    added: List[str],
    lines: int,
) -> None:
    before = _dump(_clone(tmp_path / "before" / "project", **{**BASE, **base}), "1", tmp_path)
    after = _dump(_clone(tmp_path / "after" / "project", **{**BASE, **base, **fields}), "2", tmp_path)
    data_before, data_after = before.read_bytes(), after.read_bytes()
    got_removed, got_added, moved = _diff_lines(data_before, data_after)
    assert _matches(got_removed, removed), got_removed
    assert _matches(got_added, added), got_added
    assert len(moved) == lines, moved
    assert set(_sections(data_before)) <= set(_sections(data_after))
    # Dumping the loaded function again gives the same bytes, in a process without the clone.
    for data in (data_before, data_after):
        assert load_fresh(data, tmp_path, "srcpickle.dumps(fn)") == data
    expected = Path(str(after) + ".expected").read_text(encoding="utf-8")
    assert repr(load_fresh(data_after, tmp_path, "fn(3)")) == expected

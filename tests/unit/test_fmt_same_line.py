"""Format 3 (unreleased) names and lines of sections that one line or one factory made.

Sections on one line (the classes or closures one factory made, lambdas of one line) are written
after each other in the order of their ids, one more changing the line of one other section
wherever it sorts; classes a container holds are named by a digest of what they are, and
closures by what their cells hold, containers included (docs/FORMAT.md, sections 5 and 17).
Round trips of these, on every interpreter: tests/roundtrip/cases/alike_names.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

import pytest

import srcpickle
from srcpickle._fmt.read import parse
from srcpickle._fmt.write import write
from srcpickle._model import FORMAT_NAME

from . import import_from, write_module


def _defs(lines: Dict[str, int]) -> str:
    # A format 3 payload of one def per name, each at the line given, in the order given.
    head = f"{FORMAT_NAME} 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @{next(iter(lines))}\n\n"
    body = "".join(
        f"[function {name}]\nnamespace: @m\nline: {line}\nsource: 1\n    def {name}(): return 1\n\n"
        for name, line in lines.items()
    )
    return head + body + "[namespace m]\nmodule: 'm'\nfile: 'm.py'\n\n[end]\n"


def _lines(text: str) -> Dict[str, str]:
    # Each section's id -> its line: field as written.
    return dict(re.findall(r"^\[function (\S+)\]\n(?:.*\n)*?line: (.*)$", text, flags=re.M))


def test_sections_of_one_line_are_written_after_each_other_in_the_order_of_their_ids() -> None:
    text = write(parse(_defs({"a": 3, "r": 7, "p": 7, "q": 7, "z": 12})))
    assert _lines(text) == {"a": "3", "p": "@a + 4", "q": "@p + 0", "r": "@q + 0", "z": "@r + 5"}
    assert {n: parse(text).nodes[n].line for n in "apqrz"} == {"a": 3, "p": 7, "q": 7, "r": 7, "z": 12}  # type: ignore[union-attr]


@pytest.mark.parametrize("new", ["o", "q2", "s"], ids=["sorts-first", "sorts-between", "sorts-last"])
def test_one_more_section_on_a_line_changes_one_other_line_wherever_it_sorts(new: str) -> None:
    # No order of the sections of one line stays put when one more appears (FORMAT.md, section
    # 17): the order only chooses which one other section's line changes.
    lines = {"a": 3, "p": 7, "q": 7, "r": 7, "z": 12}
    before = _lines(write(parse(_defs(lines))))
    after = _lines(write(parse(_defs({**lines, new: 7}))))
    after.pop(new)
    assert len([n for n in before if before[n] != after[n]]) == 1, (before, after)


FACTORIES = """\
def make_box(n):
    class Box:
        size = n

        def get(self):
            return n
    return Box


def make_plain(n):
    class Plain:
        label = n
    return Plain


def mk(xs):
    def f(x):
        return xs + [x]
    return f


BOXES = [make_box(1), make_box(2)]
MORE_BOXES = [make_box(0), make_box(1), make_box(2), make_box(3)]
PLAINS = [make_plain("a"), make_plain("b")]
FNS = [mk([1]), mk([2])]
MORE_FNS = [mk([0]), mk([1]), mk([2])]
DICTS = [mk({"k": (1, 2)}), mk({"k": (1, 3)})]
SAME = [lambda x: x, lambda x: x]
MORE_SAME = [lambda x: x, lambda x: x, lambda x: x]


def main_BOXES():
    return BOXES


def main_MORE_BOXES():
    return MORE_BOXES


def main_PLAINS():
    return PLAINS


def main_FNS():
    return FNS


def main_MORE_FNS():
    return MORE_FNS


def main_DICTS():
    return DICTS


def main_SAME():
    return SAME


def main_MORE_SAME():
    return MORE_SAME
"""


@pytest.fixture
def factories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    return import_from(
        monkeypatch, write_module(tmp_path, "alike_factories", FACTORIES).parent, "alike_factories"
    )


def _ids(module: Any, name: str) -> List[str]:
    # The ids of the items of global ``name``, dumped as what a function reads.
    return _held_ids(_dumps(module, name), name)


def _dumps(module: Any, name: str) -> str:
    return srcpickle.dumps(getattr(module, "main_" + name)).decode()


def _held_ids(text: str, name: str) -> List[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"global {name} = "))
    return re.findall(r"@([^\s,\]]+)", line)


def test_classes_one_factory_made_are_named_by_what_they_are_not_where(factories: Any) -> None:
    two = _ids(factories, "BOXES")
    four = _ids(factories, "MORE_BOXES")
    # make_box(1) and make_box(2) keep their names when make_box(0) is put before them
    assert [i.rpartition("-")[2] for i in four[1:3]] == [i.rpartition("-")[2] for i in two]
    assert len(set(four)) == 4
    assert all(re.fullmatch(r"make_box\.<locals>\.Box-MORE_BOXES-[0-9a-f]{6}", i) for i in four), four
    # a class without methods: its data attributes tell them apart
    plains = _ids(factories, "PLAINS")
    assert len(set(plains)) == 2 and all(re.fullmatch(r".*-PLAINS-[0-9a-f]{6}", i) for i in plains), plains
    text = _dumps(factories, "MORE_BOXES")
    # its methods and cells take its name
    for node_id in four:
        suffix = node_id[len("make_box.<locals>.Box-") :]
        assert f"[function make_box.<locals>.Box.get-{suffix}]" in text
        assert f"[cell cell.make_box.n-{suffix}]" in text


def test_closures_over_containers_are_named_by_what_the_containers_hold(factories: Any) -> None:
    two = _ids(factories, "FNS")
    three = _ids(factories, "MORE_FNS")
    assert [i.rpartition("-")[2] for i in three[1:]] == [i.rpartition("-")[2] for i in two]
    assert len(set(three)) == 3
    for node_id in three + _ids(factories, "DICTS"):
        assert re.fullmatch(r"mk\.<locals>\.f-(MORE_FNS|DICTS)-[0-9a-f]{6}", node_id), node_id


def test_fully_identical_lambdas_are_numbered_and_one_more_adds_the_next_number(factories: Any) -> None:
    two = _dumps(factories, "SAME").replace("SAME", "S")
    three = _dumps(factories, "MORE_SAME").replace("MORE_SAME", "S")
    ids = _held_ids(three, "S")
    assert ids[:2] == _held_ids(two, "S") and ids[2] == ids[1][:-1] + "3"

    # one more of them: the sections already there are the same text (their lines aside: the
    # lists are on other lines of the module), written after each other
    def sections(text: str) -> Dict[str, str]:
        parts = re.split(r"^\[\w+ (\S+)\]\n", text, flags=re.M)
        return {k: re.sub(r"^line: .*$", "", v, flags=re.M) for k, v in zip(parts[1::2], parts[2::2])}

    before, after = sections(two), sections(three)
    assert all(after[i] == before[i] for i in ids[:2])
    assert (_lines(three)[ids[1]], _lines(three)[ids[2]]) == (f"@{ids[0]} + 0", f"@{ids[1]} + 0")

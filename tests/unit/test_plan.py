"""The loader's plan (``_rebuild/plan.py``): a payload without classes or calls is built by a
straight pass prepared once per payload text. It must build exactly what the builder builds: the
same objects, with the same contents and the same sharing, and new objects at every load where
the builder makes new ones. Each test builds a payload both ways and compares the two object
graphs, calls the functions, and loads the payload again.
"""

from __future__ import annotations

import linecache
import sys
import traceback
import types
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import srcpickle
from srcpickle import _rebuild
from srcpickle._fmt.read import parse
from srcpickle._rebuild import compiler

from . import import_from, write_module

GOLDEN = Path(__file__).resolve().parents[1] / "corpus" / "golden"
sys.path.insert(0, str(GOLDEN.parent))
import golden_check  # noqa: E402


def built_by_builder(data: bytes) -> Any:
    """What the builder (the path every payload took before plans) builds from ``data``, after
    the guards are decided as ``loads`` decides them before any check (format 3), and kept."""
    payload, guards = _rebuild._decide_guards(parse(data))
    return _rebuild._build_checked(
        payload, _rebuild.compile_all(payload), False, reuse_classes=True, guards=guards
    )


def prepared(data: bytes) -> _rebuild.Prepared:
    srcpickle.loads(data)
    entry = _rebuild._PREPARED.get(data)
    assert entry is not None
    return entry


class Shape:
    """A description of an object graph that two independent builds of one payload share: every
    object by its contents, mutable objects and functions by the order they were first met (so
    sharing and cycles show), immutable ones by value."""

    def __init__(self) -> None:
        self.seen: Dict[int, int] = {}
        self.keep: List[Any] = []

    def of(self, obj: Any) -> Any:
        if obj is None or isinstance(obj, (bool, int, float, complex, str, bytes)):
            return ("scalar", type(obj).__name__, repr(obj))
        if isinstance(obj, type):  # an imported class, by reference
            return ("class", obj.__module__, obj.__qualname__)
        if id(obj) in self.seen:
            return ("seen", self.seen[id(obj)])
        self.seen[id(obj)] = len(self.seen)
        self.keep.append(obj)
        if isinstance(obj, types.ModuleType):
            if obj.__name__ in sys.modules and sys.modules[obj.__name__] is obj:
                return ("module", obj.__name__)
            return ("namespace", obj.__name__, self.of(obj.__dict__))
        if isinstance(obj, types.FunctionType):
            if getattr(obj.__code__, "co_filename", "").startswith("<srcpickle"):
                return (
                    "function",
                    obj.__name__,
                    obj.__qualname__,
                    obj.__module__,
                    obj.__code__.co_code,
                    obj.__code__.co_filename,
                    self.of(obj.__doc__),
                    self.of(obj.__defaults__),
                    self.of(obj.__kwdefaults__),
                    self.of(obj.__dict__),
                    self.of(obj.__annotations__),
                    self.of(
                        tuple(
                            cell.cell_contents if _full(cell) else "<empty>" for cell in obj.__closure__ or ()
                        )
                    ),
                    self.of(obj.__globals__),
                )
            return ("imported function", obj.__module__, obj.__qualname__)
        if isinstance(obj, dict):
            return ("dict", [(self.of(k), self.of(v)) for k, v in obj.items() if k != "__builtins__"])
        if isinstance(obj, (list, tuple)):
            return (type(obj).__name__, [self.of(item) for item in obj])
        if isinstance(obj, (set, frozenset)):
            return (type(obj).__name__, sorted(repr(self.of(item)) for item in obj))
        if isinstance(obj, bytearray):
            return ("bytearray", bytes(obj))
        return ("object", type(obj).__module__, type(obj).__qualname__, repr(obj))


def _full(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def shape(obj: Any) -> Any:
    return Shape().of(obj)


def golden_cases() -> List[Tuple[str, str]]:
    cases = []
    for directory in sorted(GOLDEN.iterdir()):
        for name in golden_check.pair_files(str(directory))[0]:
            cases.append((directory.name, name))
    return cases


@pytest.mark.parametrize("version, name", golden_cases(), ids=[f"{v}/{n}" for v, n in golden_cases()])
def test_golden_payloads_planned_build_what_the_builder_builds(version: str, name: str) -> None:
    data = (GOLDEN / version / (name + golden_check.PAYLOAD_SUFFIX)).read_bytes()
    if sys.version_info[:2] < parse(data).requires_python:
        pytest.skip("needs a newer Python")
    planned = prepared(data).plan is not None
    # Classes, objects made by calls and registered overloads (format 3) are the builder's.
    builder_built = any(kind in data for kind in (b"\n[class ", b"\n[reduce ", b"\noverloads: "))
    assert planned is not builder_built
    if not planned:
        return
    probes = golden_check.json.loads((GOLDEN / version / (name + golden_check.PROBES_SUFFIX)).read_text())
    first, again, reference = srcpickle.loads(data), srcpickle.loads(data), built_by_builder(data)
    assert shape(first) == shape(again) == shape(reference)
    # Dumping what the plan built gives the payload again, as for what the builder built.
    assert srcpickle.dumps(first) == srcpickle.dumps(reference)
    for obj in (first, again):  # each load has state of its own (a counter starts afresh)
        assert golden_check.run_probes(obj, probes["probes"]) == []


QUIET = '''\
import math
from math import sqrt as root

LIMIT = 10
NAMES = ["a", "b"]
SHARED = (1, 2, (3, 4))
TABLE = {SHARED: "t", (5, 6): frozenset({7, 8}), "names": NAMES}
NESTED = [NAMES, NAMES, {"loop": None}]
NESTED[2]["loop"] = NESTED
PAIR = (NESTED, SHARED)
EMPTY = ()
BLOB = bytearray(b"xyz")
UNIQUE = {1, 2, 3}


def make_counter(start):
    count = start

    def bump(step: int = 1, *, scale: "float" = 1.0) -> int:
        nonlocal count
        count += step
        return count

    def peek():
        return count

    return bump, peek


def uses(x: int, y: "List[int]" = [1, 2], *, z: dict = {"k": [3]}) -> "Tuple[int, int]":
    """Reads everything."""
    return (
        x + LIMIT + len(NAMES) + TABLE[SHARED].count("t") + len(NESTED[2]["loop"]),
        int(root(16)) + int(math.floor(2.5)) + len(PAIR[0]) + len(EMPTY) + len(BLOB) + len(UNIQUE),
    )


uses.tag = ["tagged", SHARED]
uses.__dict__["more"] = {"x": (1,)}


def recursive(n):
    return 1 if n <= 1 else n * recursive(n - 1)


later = lambda: undefined_yet  # noqa: E731, F821 - an empty global at dumps time
'''


@pytest.fixture()
def quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    return import_from(monkeypatch, write_module(tmp_path, "plan_quiet", QUIET).parent, "plan_quiet")


def test_a_planned_build_matches_the_builders_and_each_load_makes_new_objects(quiet: Any) -> None:
    data = srcpickle.dumps([quiet.uses, *quiet.make_counter(5), quiet.recursive, quiet.TABLE, quiet.PAIR])
    assert prepared(data).plan is not None
    first, second, reference = srcpickle.loads(data), srcpickle.loads(data), built_by_builder(data)
    assert shape(first) == shape(second) == shape(reference)
    uses, bump, peek, recursive, table, pair = first
    assert uses(1) == quiet.uses(1)
    assert uses.__annotations__ == {"x": int, "y": "List[int]", "z": dict, "return": "Tuple[int, int]"}
    assert uses.__doc__ == "Reads everything." and uses.tag == ["tagged", (1, 2, (3, 4))]
    assert (bump(), bump(2), peek()) == (6, 8, 8)
    assert recursive(5) == 120
    assert pair[0][2]["loop"] is pair[0] and table[(1, 2, (3, 4))] == "t"
    # The second load has its own mutable state: namespace, cells, containers, defaults.
    uses2, bump2, peek2, _, table2, pair2 = second
    assert (bump2(), peek2(), peek()) == (6, 6, 8)
    assert uses2.__globals__ is not uses.__globals__
    assert uses2.__globals__["NAMES"] is not uses.__globals__["NAMES"]
    assert uses2.__defaults__[0] is not uses.__defaults__[0]
    assert uses2.__kwdefaults__ is not uses.__kwdefaults__
    assert uses2.__kwdefaults__["z"]["k"] is not uses.__kwdefaults__["z"]["k"]
    assert uses2.tag is not uses.tag and uses2.more is not uses.more
    assert pair2[0] is not pair[0] and table2 is not table
    assert uses2.__globals__["BLOB"] is not uses.__globals__["BLOB"]
    uses.__globals__["NAMES"].append("c")
    assert uses2(1) == quiet.uses(1) != uses(1)


def test_annotations_in_the_plan_are_evaluated_at_each_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An annotation is evaluated in the new namespace of each load (what it reads is that
    # load's), one that fails stays text, and under the __future__ import all stay text.
    text = 'KIND = int\n\n\ndef f(x: KIND, y: "later") -> "KIND":\n    return x\n'
    mod = import_from(monkeypatch, write_module(tmp_path, "plan_notes", text).parent, "plan_notes")
    data = srcpickle.dumps(mod.f)
    first = srcpickle.loads(data)
    assert first.__annotations__ == {"x": int, "y": "later", "return": "KIND"}
    first.__globals__["KIND"] = str
    assert srcpickle.loads(data).__annotations__["x"] is int
    for broken_text in ("KIND +", "NOT_DEFINED", "KIND\\x00"):
        broken = data.replace(b"annotation x = 'KIND'", b"annotation x = '" + broken_text.encode() + b"'")
        assert broken != data
        for _ in range(2):
            fn = srcpickle.loads(broken)
            assert fn.__annotations__["x"] == broken_text.replace("\\x00", "\x00")
            assert shape(fn) == shape(built_by_builder(broken))
    future = "from __future__ import annotations\n\n\ndef h(x: int) -> str:\n    return str(x)\n"
    mod = import_from(monkeypatch, write_module(tmp_path, "plan_future", future).parent, "plan_future")
    data = srcpickle.dumps(mod.h)
    for _ in range(2):
        assert srcpickle.loads(data).__annotations__ == {"x": "int", "return": "str"}


def test_functions_without_annotations_get_their_own_empty_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan sets no annotations on a function that has none (the empty dict a function makes
    # when its __annotations__ is first read): each loaded function has a dict of its own, as
    # the builder's and the original's, and a function beside it with annotations gets them.
    text = (
        "def bare(x):\n    return x + 1\n\n\n"
        "def noted(x: int) -> int:\n    return x\n\n\n"
        "nameless = lambda y: y * 2\n"
    )
    mod = import_from(monkeypatch, write_module(tmp_path, "plan_bare", text).parent, "plan_bare")
    data = srcpickle.dumps([mod.bare, mod.noted, mod.nameless])
    plan = prepared(data).plan
    assert plan is not None
    # One entry: noted's (its annotations' names, each with its compiled expression).
    assert [[name for name, _, _ in notes] for _, notes, _ in plan.annotations] == [["x", "return"]]
    first, second = srcpickle.loads(data), srcpickle.loads(data)
    assert shape(first) == shape(second) == shape(built_by_builder(data))
    bare, noted, nameless = first
    assert (bare(1), noted(2), nameless(3)) == (2, 2, 6)
    assert bare.__annotations__ == {} == nameless.__annotations__ == mod.bare.__annotations__
    assert noted.__annotations__ == {"x": int, "return": int}
    bare.__annotations__["x"] = str
    assert second[0].__annotations__ == {} and bare.__annotations__ is not nameless.__annotations__


def test_a_planned_load_registers_its_source_again_after_linecache_was_cleared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "def fails(x):\n    # the divide\n    return 10 // x\n"
    mod = import_from(monkeypatch, write_module(tmp_path, "plan_lines", text).parent, "plan_lines")
    data = srcpickle.dumps(mod.fails)
    srcpickle.loads(data)
    linecache.clearcache()
    fn = srcpickle.loads(data)
    try:
        fn(0)
    except ZeroDivisionError:
        assert "return 10 // x" in traceback.format_exc()
    else:
        raise AssertionError("fn(0) did not raise")
    assert compiler.loaded_file(fn.__code__.co_filename) == "plan_lines.py"


def test_payloads_with_classes_or_calls_are_not_planned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "import functools\n\n\nclass Box:\n    size = 2\n\n\n"
        "def f(x):\n    return x\n\n\nP = functools.partial(f, 1)\n"
    )
    mod = import_from(monkeypatch, write_module(tmp_path, "plan_kinds", text).parent, "plan_kinds")
    assert prepared(srcpickle.dumps(mod.Box)).plan is None
    assert prepared(srcpickle.dumps(mod.P)).plan is None
    assert prepared(srcpickle.dumps(mod.f)).plan is not None
    assert srcpickle.loads(srcpickle.dumps(mod.P))() == 1


def test_a_failing_import_in_a_planned_load_raises_what_the_builder_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A module that raises while it is imported: the load fails as a MissingDependencyError (a
    # LoadError) naming the module, and the module ran once, as with the builder.
    marker = tmp_path / "ran.txt"
    write_module(
        tmp_path,
        "plan_boom",
        f"with open({str(marker)!r}, 'a') as f:\n    f.write('x')\nraise ValueError('no')\n",
    )
    user = "import plan_boom\n\n\ndef f():\n    return plan_boom\n"
    sys.modules["plan_boom"] = types.ModuleType("plan_boom")
    try:
        mod = import_from(
            monkeypatch, write_module(tmp_path, "plan_boom_user", user).parent, "plan_boom_user"
        )
        data = srcpickle.dumps(mod.f, by_reference=["plan_boom"])
    finally:
        del sys.modules["plan_boom"]
    for _ in range(2):
        with pytest.raises(
            srcpickle.MissingDependencyError, match="imports plan_boom .*raised ValueError: no"
        ):
            srcpickle.loads(data)
    assert marker.read_text() == "xx"  # once per load


def test_every_compiled_code_carries_the_synthetic_name_of_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan takes a function's file name from its compiled code (compile_node compiles each
    # text under its synthetic name, a batch places its defs under theirs): every way of
    # compiling must give the name synthetic_filename gives the text, which the builder asks for,
    # so that a function's linecache entry is the same whichever way built it.
    defs = "".join(f"def d{i}(x):\n    return x + {i}\n\n\n" for i in range(6))
    text = (
        "K = 3\n\n\n"
        + defs
        + "\n" * 80  # the defs below are compiled higher and moved (MOVE_MIN_LINES)
        + "def far(x):\n    return d0(x) * K\n\n\n"
        + "twice = lambda x: 2 * x\n\n\n"
        + "def outer(n):\n    def inner(x):\n        return x + n\n\n    return inner\n\n\n"
        + "class Box:\n    def get(self):\n        return far(1)\n"
    )
    mod = import_from(monkeypatch, write_module(tmp_path, "plan_names", text).parent, "plan_names")
    objects = [getattr(mod, f"d{i}") for i in range(6)] + [mod.far, mod.twice, mod.outer(5), mod.Box]
    batched = srcpickle.dumps(objects[:8])  # no class: its defs are compiled in a batch
    for data in (batched, srcpickle.dumps(objects), *map(srcpickle.dumps, objects)):
        payload = parse(data)
        compiled = compiler.compile_all(payload)
        if data is batched and compiler._POSITIONS:
            assert any(entry[0].co_filename == compiler.BATCH_FILENAME for entry in compiled.values())
        for node_id, (module_code, code, module_text) in compiled.items():
            root = payload.nodes[compiler.source_root(payload, node_id)]
            root_text = compiled[compiler.source_root(payload, node_id)][2]
            expected = compiler.synthetic_filename(root_text, root.module, root.qualname, root.file)  # type: ignore[union-attr]
            assert code.co_filename == expected, (node_id, code.co_filename, expected)
            if module_code.co_filename != compiler.BATCH_FILENAME:
                assert module_code.co_filename == expected
        loaded = srcpickle.loads(data)
        for obj in loaded if isinstance(loaded, list) else [loaded]:
            fn = obj.get if isinstance(obj, type) else obj
            line = linecache.getline(fn.__code__.co_filename, fn.__code__.co_firstlineno)
            assert ("lambda x: 2 * x" if fn.__name__ == "<lambda>" else f"def {fn.__name__}(") in line
        if isinstance(loaded, list):
            assert [fn(1) for fn in loaded[:8]] == [1, 2, 3, 4, 5, 6, 3, 2]
            assert len(loaded) == 8 or (loaded[8](1) == 6 and loaded[9]().get() == 3)

"""The caches that make a second dumps or loads cheap (issue 9) never hand out a stale answer.

What is kept is what cannot change: facts about an immutable code object (its verified source,
while its file's lines are the same; the names it reads; signature texts by the texts they were
made from), the parse and compiled code of a payload by its exact text, compiled code by exactly
the text compiled. Each test changes one thing a cache must not hide and checks that the next
payload (loaded in a fresh interpreter where the module cannot be imported) or the next load
shows it.
"""

from __future__ import annotations

import importlib
import importlib.util
import linecache
import os
import sys
import threading
import types
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

import srcpickle
import srcpickle._fmt as fmt
from srcpickle import SourceMismatchError, _deps, _dists
from srcpickle._capture import functions as capture_functions
from srcpickle._fmt import packed as fmt_packed
from srcpickle._fmt import write as fmt_write
from srcpickle._model import FunctionNode, ImportNode, NamespaceNode, node_kind, replace
from srcpickle._rebuild import compiler

from . import import_from, load_fresh, touch_later, write_module


def in_eight_threads(work: Callable[[int], None]) -> None:
    """Run ``work(seed)``, seeds 0 to 7, in eight threads that start together; fail with the
    first errors they raised."""
    errors: List[BaseException] = []
    barrier = threading.Barrier(8)

    def run(seed: int) -> None:
        try:
            barrier.wait()
            work(seed)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]


MODULE = """\
SCALE = 2
NAMES = ["a", "b"]


def scaled(x, step=1, *, offset=0):
    return x * SCALE + step + offset + len(NAMES)


def plain(x):
    return x + 1
"""


def globals_of(data: bytes) -> Dict[str, Any]:
    payload = srcpickle.inspect(data)
    namespaces = [node for node in payload.nodes.values() if isinstance(node, NamespaceNode)]
    assert len(namespaces) == 1
    return dict(namespaces[0].globals)


def root_function(data: bytes) -> FunctionNode:
    node = srcpickle.inspect(data).root_node
    assert isinstance(node, FunctionNode)
    return node


# ------------------------------------------------------------------------------- dumps side


def test_a_global_changed_between_two_dumps_is_in_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_globals", MODULE).parent, "cache_globals")
    first = srcpickle.dumps(mod.scaled)
    mod.SCALE = 10
    mod.NAMES.append("c")  # changed in place: the same list object, new contents
    second = srcpickle.dumps(mod.scaled)
    assert globals_of(first)["SCALE"] == 2
    assert globals_of(second)["SCALE"] == 10
    assert load_fresh(first, tmp_path, "fn(3)") == 3 * 2 + 1 + 0 + 2
    assert load_fresh(second, tmp_path, "fn(3)") == 3 * 10 + 1 + 0 + 3


DATA_MODULE = """\
TABLE = {"a": [1, 2, 3], "b": (4.0, 5.0), "c": frozenset({"x", "y"})}
PAIRS = {"k": 1}


def read(key):
    return TABLE[key], sorted(PAIRS.items())
"""


def test_data_changed_in_place_between_two_dumps_is_in_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Containers of scalars (made without a step of the walk) are read again at every dumps,
    nested in a global or a global themselves, whether changed in place or replaced."""
    folder = write_module(tmp_path, "cache_data", DATA_MODULE).parent
    mod = import_from(monkeypatch, folder, "cache_data")
    first = srcpickle.dumps(mod.read)
    mod.TABLE["a"].append(4)  # a nested list changed in place
    mod.TABLE["b"] = (6.0,)  # a nested tuple replaced
    mod.TABLE["c"] = frozenset({"z"})
    mod.PAIRS["j"] = 2  # a dict global changed in place
    second = srcpickle.dumps(mod.read)
    assert load_fresh(first, tmp_path, "[fn('a'), fn('b'), sorted(fn('c')[0])]") == [
        ([1, 2, 3], [("k", 1)]),
        ((4.0, 5.0), [("k", 1)]),
        ["x", "y"],
    ]
    assert load_fresh(second, tmp_path, "[fn('a'), fn('b'), sorted(fn('c')[0])]") == [
        ([1, 2, 3, 4], [("j", 2), ("k", 1)]),
        ((6.0,), [("j", 2), ("k", 1)]),
        ["z"],
    ]


RUNS_MODULE = """\
import hashlib


class Count(int):
    pass


INTS = list(range(-7000, 7000, 7)) + [1, 5]
BLOB = bytes(range(256)) * 64


def make(ints, blob):
    def read(k):
        return (
            [type(x).__name__ for x in ints[:4] + ints[-2:]],
            ints[:4] + ints[-2:],
            sum(ints),
            len(ints),
            hashlib.sha256(blob).hexdigest(),
        )

    return read


def read(k):
    return make(INTS, BLOB)(k)
"""


def test_long_runs_of_ints_and_long_bytes_changed_between_two_dumps_are_in_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The packed text of a run of exact ints is kept by a proof of its items (their exact
    types and values), the base64 text of a long bytes value by the value itself: a run changed
    in place, even to an item equal to the int it replaces (a bool, a float, an int subclass) or
    to a wider int, and a bytes value replaced by one of the same length, show in the next
    dumps, of a global as of a closure over them."""
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_runs", RUNS_MODULE).parent, "cache_runs")
    changes: List[Callable[[], None]] = [
        lambda: None,
        lambda: mod.INTS.__setitem__(-2, True),  # == 1
        lambda: mod.INTS.__setitem__(-1, 5.0),  # == 5
        lambda: mod.INTS.__setitem__(0, mod.Count(-7000)),
        lambda: mod.INTS.__setitem__(0, -7000),  # as the first dumps again
        lambda: mod.INTS.__setitem__(1, 2**40),  # wider than 32 bits
        lambda: setattr(mod, "INTS", list(range(-7000, 7000, 7)) + [1, 5]),  # a new, equal list
        lambda: setattr(mod, "BLOB", mod.BLOB[:-1] + b"x"),  # one byte changed, a new object
        lambda: mod.INTS.__setitem__(2, mod.INTS[2] + 1),
    ]
    for change in changes:
        change()
        for fn in (mod.read, mod.make(mod.INTS, mod.BLOB)):
            expected = fn(3)
            assert load_fresh(srcpickle.dumps(fn), tmp_path, "fn(3)") == expected


def test_packed_runs_and_base64_texts_are_kept_by_what_proves_them_and_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the writer keeps of long runs of ints (by the marshal text of their items) and of
    long bytes values (by the value, kept alive beside its text) is always what it would make
    again, stays within its bound, also when eight threads write at once."""
    from binascii import b2a_base64

    monkeypatch.setattr(fmt_packed, "INT32_RUNS_KEPT_BYTES", 40_000)
    monkeypatch.setattr(fmt_packed, "_INT32_RUNS", {})
    monkeypatch.setattr(fmt_packed, "_INT32_RUNS_KEPT", [0])
    monkeypatch.setattr(fmt_packed, "BASE64_KEPT_BYTES", 60_000)
    monkeypatch.setattr(fmt_packed, "_BASE64_TEXTS", {})
    monkeypatch.setattr(fmt_packed, "_BASE64_KEPT", [0])
    # Runs that share their length and last items (the key the proof is looked up by).
    runs = [tuple(range(i, i + 300)) + tuple(range(300)) for i in range(40)]
    runs += [tuple([k * 1000 for k in range(600)])]
    values = [bytes([i]) * 5000 + bytes(range(256)) for i in range(30)]

    def check(seed: int) -> None:
        for run in runs[seed::3] * 3:
            found = fmt_packed.packed_int32_run(tuple(list(run)))
            if sys.implementation.name == "cpython":
                assert found is not None and found[0] == run and found[1] == fmt_packed.pack_ints(run)
            # (a copy of the values: other threads change the table meanwhile)
            assert sum(len(kept[0]) for kept in list(fmt_packed._INT32_RUNS.values())) <= 40_000 + 8 * 3_005
        for value in values[seed::3] * 3:
            copy = bytes(bytearray(value))  # equal, another object
            assert fmt_packed.base64_text(copy) == b2a_base64(value, newline=False)
            for kept, text in list(fmt_packed._BASE64_TEXTS.values()):
                assert text == b2a_base64(kept, newline=False)
            assert sum(len(kept) for kept, _ in list(fmt_packed._BASE64_TEXTS.values())) <= 60_000 + 8 * 5_256

    check(0)
    in_eight_threads(check)


def test_a_module_attribute_replaced_between_two_dumps_is_in_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "cache_helpers", "def factor():\n    return 3\n")
    write_module(
        tmp_path,
        "cache_user",
        """\
        import cache_helpers


        def use(x):
            return cache_helpers.factor() * x
        """,
    )
    helpers = import_from(monkeypatch, tmp_path, "cache_helpers")
    user = import_from(monkeypatch, tmp_path, "cache_user")
    first = srcpickle.dumps(user.use)
    write_module(tmp_path / "other", "cache_replacement", "def factor():\n    return 7\n")
    replacement = import_from(monkeypatch, tmp_path / "other", "cache_replacement")
    monkeypatch.setattr(helpers, "factor", replacement.factor)
    second = srcpickle.dumps(user.use)
    assert load_fresh(first, tmp_path, "fn(2)") == 6
    assert load_fresh(second, tmp_path, "fn(2)") == 14


def test_by_value_or_by_reference_is_decided_again_by_every_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a module is the user's own is answered once per dumps (for every global and
    function of it the walk meets); the answer a dumps naming no module keeps for the next (see
    the test below) serves no other choice: the call's by_reference, a module registered by value
    in between, and dumps from eight threads with different choices each give their own
    payload."""
    write_module(tmp_path, "cache_choice_helpers", "def factor():\n    return 3\n")
    write_module(
        tmp_path,
        "cache_choice_user",
        """\
        import cache_choice_helpers
        from cache_choice_helpers import factor


        def use(x):
            return cache_choice_helpers.factor() * factor() * x
        """,
    )
    import_from(monkeypatch, tmp_path, "cache_choice_helpers")
    user = import_from(monkeypatch, tmp_path, "cache_choice_user")

    def kinds(data: bytes) -> Dict[str, str]:
        nodes = srcpickle.inspect(data).nodes
        return {node_id: node_kind(node) for node_id, node in nodes.items() if node_id != "use"}

    plain = srcpickle.dumps(user.use)
    by_reference = srcpickle.dumps(user.use, by_reference=["cache_choice_helpers"])
    assert kinds(plain) == {
        "cache_choice_user": "namespace",
        "cache_choice_helpers": "namespace",
        "factor-cache_choice_helpers": "function",  # (a function of another module than the root's)
    }
    assert kinds(by_reference) == {
        "cache_choice_user": "namespace",
        "cache_choice_helpers": "import",
        "cache_choice_helpers.factor": "ref",
    }
    assert srcpickle.dumps(user.use) == plain
    assert load_fresh(plain, tmp_path, "fn(2)") == 18
    srcpickle.register_by_value("cache_choice_helpers")
    try:
        forced = srcpickle.dumps(user.use, by_reference=["cache_choice_helpers"])
    finally:
        srcpickle.unregister_by_value("cache_choice_helpers")
    assert forced == by_reference  # the call's own choice wins over the registry
    assert srcpickle.dumps(user.use) == plain

    def work(seed: int) -> None:
        for round_ in range(20):
            if (seed + round_) % 2:
                assert srcpickle.dumps(user.use, by_reference=["cache_choice_helpers"]) == by_reference
            else:
                assert srcpickle.dumps(user.use) == plain

    in_eight_threads(work)


def test_a_module_imported_again_from_elsewhere_is_decided_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process keeps whether a module is the user's own (for dumps naming no module) per
    module object, its package and the package's file name: the same module name imported again
    from a folder holding installed distributions goes by reference in the next dumps, by source
    again when imported back from the user's folder; a call's by_value and a registration by
    value still win over a kept answer, and dropping them gives the kept one back."""
    user_folder, site = tmp_path / "user", tmp_path / "site"
    text = "def triple(x):\n    return 3 * x\n"
    write_module(user_folder, "cache_moved", text)
    write_module(site, "cache_moved", text)
    _dist_info(site, "cache_moved", "1.0")

    def imported_from(folder: Path) -> Any:
        sys.modules.pop("cache_moved", None)
        monkeypatch.syspath_prepend(str(folder))
        module = import_from(monkeypatch, folder, "cache_moved")
        assert Path(module.__file__).parent == folder
        return module

    def imports(data: bytes) -> List[str]:
        modules = [getattr(node, "module", "") for _, node in srcpickle.inspect(data).imports()]
        return sorted({module for module in modules if module.startswith("cache_moved")})

    own = imported_from(user_folder)
    by_source = srcpickle.dumps(own.triple)
    assert imports(by_source) == [] and srcpickle.dumps(own.triple) == by_source
    assert load_fresh(by_source, tmp_path, "fn(4)") == 12

    installed = imported_from(site)
    by_reference = srcpickle.dumps(installed.triple)
    assert imports(by_reference) == ["cache_moved"]
    assert imports(srcpickle.dumps(installed.triple, by_value=["cache_moved"])) == []
    srcpickle.register_by_value("cache_moved")
    try:
        assert imports(srcpickle.dumps(installed.triple)) == []
    finally:
        srcpickle.unregister_by_value("cache_moved")
    assert srcpickle.dumps(installed.triple) == by_reference

    again = imported_from(user_folder)
    assert srcpickle.dumps(again.triple) == by_source


def _dist_info(folder: Path, name: str, version: str) -> Path:
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    (info / "top_level.txt").write_text(f"{name}\n")
    (info / "RECORD").write_text(f"{name}/__init__.py,,\n")
    return info


def test_a_distribution_upgraded_between_two_dumps_is_in_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The distribution of an imported package is kept per package file and the modification
    time of its folder: installing another version there (a new .dist-info) shows in the next
    dumps, as in a fresh process."""
    site = tmp_path / "site"
    write_module(site / "cachedist", "__init__", "def double(x):\n    return 2 * x\n")
    old = _dist_info(site, "cachedist", "1.0")
    write_module(
        tmp_path / "user",
        "cache_dist_user",
        "import cachedist\n\n\ndef use(x):\n    return cachedist.double(x) + 1\n",
    )
    import_from(monkeypatch, site, "cachedist")
    user = import_from(monkeypatch, tmp_path / "user", "cache_dist_user")

    def distributions(data: bytes) -> List[str]:
        nodes = srcpickle.inspect(data).nodes.values()
        return [str(node.distribution) for node in nodes if isinstance(node, ImportNode)]

    first = srcpickle.dumps(user.use)
    assert distributions(first) == ["cachedist 1.0"]
    assert srcpickle.dumps(user.use) == first
    for item in old.iterdir():
        item.unlink()
    old.rmdir()
    _dist_info(site, "cachedist", "2.0")
    touch_later(site)  # (an upgrade within the file system's timestamp resolution)
    second = srcpickle.dumps(user.use)
    assert distributions(second) == ["cachedist 2.0"]
    assert second == first.replace(b"cachedist 1.0", b"cachedist 2.0")
    assert srcpickle.loads(second)(4) == 9

    def work(seed: int) -> None:
        for _ in range(20):
            if seed == 0:
                _dists._DISTRIBUTIONS.clear()  # one thread empties the table while others use it
            assert srcpickle.dumps(user.use) == second

    in_eight_threads(work)


def test_source_blocks_are_kept_by_their_exact_source_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer keeps the text of each source's block by the source text itself: sources that
    differ by one character get their own, and the table holds at most its bound, also when
    eight threads write at once."""
    monkeypatch.setattr(fmt_write, "SOURCE_BLOCKS_MAX_CHARS", 2000)
    monkeypatch.setattr(fmt_write, "_SOURCE_BLOCKS", {})
    monkeypatch.setattr(fmt_write, "_SOURCE_BLOCK_CHARS", [0])

    def expected(source: str) -> str:
        lines = source.split("\n")
        return "\n".join([f"source: {len(lines)}"] + [("    " + line if line else "") for line in lines])

    sources = [f"def f(x):\n    return x + {i}\n\n\t# {'y' * (i % 7)}" for i in range(120)]
    sources.append("lambda: 'x'")
    sources.append("lambda: 'y'")
    for source in sources + sources[::-1]:
        assert fmt_write.source_block(source) == expected(source)
        assert sum(map(len, fmt_write._SOURCE_BLOCKS.values())) <= 2000
    big = "x = 1\n" * 100  # more than a sixteenth of the bound: written, not kept
    assert fmt_write.source_block(big) == expected(big)
    assert big not in fmt_write._SOURCE_BLOCKS

    def work(seed: int) -> None:
        for source in sources[seed::3] * 5:
            assert fmt_write.source_block(source) == expected(source)

    in_eight_threads(work)
    assert sum(map(len, fmt_write._SOURCE_BLOCKS.values())) <= 2000 + 8 * 60


class _ShownOtherwise(str):
    """A text whose repr is not a str's (a function's name may be a str subclass)."""

    def __repr__(self) -> str:
        return "'shown-otherwise'"


def test_function_heads_are_kept_by_their_exact_texts_and_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer keeps a function section's head lines (name to signature) and the lines from
    its doc to its source (doc, kind, line, indent, scope) by the exact texts they are made of:
    any of them changed, or a text of a str subclass at equal value, writes its own lines; each
    table holds at most its bound, also when eight threads write at once."""
    monkeypatch.setattr(fmt_write, "FUNCTION_HEADS_KEPT", 6)
    monkeypatch.setattr(fmt_write, "_FUNCTION_HEADS", {})
    monkeypatch.setattr(fmt_write, "_FUNCTION_TAILS", {})
    write_module(tmp_path, "cache_heads", MODULE)
    mod = import_from(monkeypatch, tmp_path, "cache_heads")
    payload = srcpickle.inspect(srcpickle.dumps(mod.plain))
    node = payload.root_node
    assert isinstance(node, FunctionNode)
    fresh = fmt_write.write(payload)
    assert fmt_write.write(payload) == fresh  # (the second from the kept head)
    variants = [
        replace(node, name="other"),
        replace(node, qualname="Other.plain"),
        replace(node, module="other_module"),
        replace(node, file="other.py"),
        replace(node, signature="(y)"),
        replace(node, name=_ShownOtherwise(node.name)),
        replace(node, qualname=_ShownOtherwise(node.qualname)),
        replace(node, doc="A doc."),
        replace(node, doc="A doc.\n\tWith 'quotes' and \\."),
        replace(node, doc=_ShownOtherwise("A doc.")),
        replace(node, doc=3),
        replace(node, line=node.line + 1),
        replace(node, indent="    "),
        replace(node, scope="outer.<locals>"),
        replace(node, kind=_ShownOtherwise(node.kind)),
        replace(node, indent=_ShownOtherwise("    ")),
        replace(node, doc="d" * fmt_write.FUNCTION_TAIL_MAX_CHARS),  # (not kept: too long)
        # Values equal as keys but of other types, each written with its own text (1 == 1.0 ==
        # True): an int or None is kept, a bool, float or str subclass never.
        replace(node, doc=1),
        replace(node, doc=True),
        replace(node, doc=1.0),
        replace(node, line=True),
        replace(node, line=1),
        replace(node, module=None),
        replace(node, module=_ShownOtherwise("other_module")),
        replace(node, module="other_module"),
    ]
    for variant in variants * 2:
        text = fmt_write.write(replace(payload, nodes={**payload.nodes, payload.root.id: variant}))
        heads_after, tails_after = dict(fmt_write._FUNCTION_HEADS), dict(fmt_write._FUNCTION_TAILS)
        # written again with nothing kept: the same text
        fmt_write._FUNCTION_HEADS.clear()
        fmt_write._FUNCTION_TAILS.clear()
        expected = fmt_write.write(replace(payload, nodes={**payload.nodes, payload.root.id: variant}))
        # (what the first write kept, kept on for the next variant)
        fmt_write._FUNCTION_HEADS.clear()
        fmt_write._FUNCTION_TAILS.clear()
        fmt_write._FUNCTION_HEADS.update(heads_after)
        fmt_write._FUNCTION_TAILS.update(tails_after)
        assert text == expected and text != fresh
        assert len(fmt_write._FUNCTION_HEADS) <= 6
        assert len(fmt_write._FUNCTION_TAILS) <= 6
    for index in (6, 9, 14, 15):
        shown = replace(payload, nodes={**payload.nodes, payload.root.id: variants[index]})
        assert "shown-otherwise" in fmt_write.write(shown)
    assert fmt_write.write(payload) == fresh

    def work(seed: int) -> None:
        for variant in variants[seed % 3 :] * 20:
            fmt_write.write(replace(payload, nodes={**payload.nodes, payload.root.id: variant}))
        assert fmt_write.write(payload) == fresh

    in_eight_threads(work)
    assert len(fmt_write._FUNCTION_HEADS) <= 6 + 8
    assert len(fmt_write._FUNCTION_TAILS) <= 6 + 8
    assert max(map(len, fmt_write._FUNCTION_TAILS.values())) <= fmt_write.FUNCTION_TAIL_MAX_CHARS


def test_file_names_of_code_facts_are_one_object_per_file_and_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code facts of one file's functions give its sections one file name object (which the
    writer's line chain compares first by identity), the table of those names stays bounded,
    and the payload is the one a capture with nothing kept writes."""
    monkeypatch.setattr(capture_functions, "_FILE_NAMES_KEPT", 3)
    monkeypatch.setattr(capture_functions, "_FILE_NAMES", {})
    mods = []
    for index in range(5):
        write_module(tmp_path, f"cache_files{index}", MODULE)
        mods.append(import_from(monkeypatch, tmp_path, f"cache_files{index}"))
    for mod in mods:
        data = srcpickle.dumps([mod.scaled, mod.plain, mod.scaled])
        kept = [capture_functions._FACTS[id(fn.__code__)][1] for fn in (mod.scaled, mod.plain)]
        assert kept[0].place[4] is kept[1].place[4] == f"cache_files{mods.index(mod)}.py"
        assert b"line: @scaled + 4" in data  # (the second section's line after the first's)
        assert len(capture_functions._FILE_NAMES) <= 3
        capture_functions._FILE_NAMES.clear()
        capture_functions._FACTS.clear()
        assert srcpickle.dumps([mod.scaled, mod.plain, mod.scaled]) == data
    # (the module cannot be imported there)
    assert load_fresh(data, tmp_path, "[f(2) for f in fn]") == [mod.scaled(2), mod.plain(2), mod.scaled(2)]


def test_defaults_kwdefaults_and_attributes_changed_show_in_the_next_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_defaults", MODULE).parent, "cache_defaults")
    fn = mod.scaled
    first = srcpickle.dumps(fn)
    fn.__defaults__ = (5,)
    second = srcpickle.dumps(fn)
    fn.__kwdefaults__ = {"offset": 100}
    third = srcpickle.dumps(fn)
    fn.tag = "tagged"
    fourth = srcpickle.dumps(fn)
    assert [root_function(d).signature for d in (first, second, third, fourth)] == [
        "(x, step=1, *, offset=0)",
        "(x, step=5, *, offset=0)",
        "(x, step=5, *, offset=100)",
        "(x, step=5, *, offset=100)",
    ]
    expression = "(fn(1), fn.__defaults__, fn.__kwdefaults__, getattr(fn, 'tag', None))"
    assert load_fresh(first, tmp_path, expression) == (2 + 1 + 0 + 2, (1,), {"offset": 0}, None)
    assert load_fresh(second, tmp_path, expression) == (2 + 5 + 0 + 2, (5,), {"offset": 0}, None)
    assert load_fresh(third, tmp_path, expression) == (2 + 5 + 100 + 2, (5,), {"offset": 100}, None)
    assert load_fresh(fourth, tmp_path, expression) == (2 + 5 + 100 + 2, (5,), {"offset": 100}, "tagged")
    # Back to the first state: the first payload exactly (a signature kept for those texts).
    fn.__defaults__, fn.__kwdefaults__ = (1,), {"offset": 0}
    del fn.tag
    assert srcpickle.dumps(fn) == first


class _Shifted(tuple):  # type: ignore[type-arg]
    """A tuple subclass (whatever its repr, never kept by the writer)."""


def test_defaults_texts_are_kept_by_the_very_tuple_and_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer keeps the text of a function's defaults by the very tuple of scalars written:
    another tuple, however equal (1, True and 1.0 hash alike and show differently), writes its
    own text, the payload the same as one written with nothing kept; the table holds at most
    its bound, also when eight threads write at once."""
    monkeypatch.setattr(fmt_write, "DEFAULTS_TEXTS_KEPT", 4)
    monkeypatch.setattr(fmt_write, "_DEFAULTS_TEXTS", {})
    mod = import_from(
        monkeypatch, write_module(tmp_path, "cache_default_texts", MODULE).parent, "cache_default_texts"
    )
    fn = mod.scaled
    states = [(1,), (True,), (1.0,), ("1",), (None,), (-0.0,), (1 << 70,), (float("nan"),), (1,)]
    written = []
    for defaults in states * 2:
        fn.__defaults__ = defaults
        data = srcpickle.dumps(fn)
        kept = dict(fmt_write._DEFAULTS_TEXTS)
        fmt_write._DEFAULTS_TEXTS.clear()
        assert srcpickle.dumps(fn) == data  # (nothing kept: the same bytes)
        fmt_write._DEFAULTS_TEXTS.update(kept)
        assert len(fmt_write._DEFAULTS_TEXTS) <= 4
        written.append(data)
    assert len(set(written)) == len(states) - 1
    shown = [load_fresh(data, tmp_path, "repr(fn.__defaults__)") for data in written[: len(states)]]
    assert shown == [repr(d) for d in states]
    # A tuple subclass is written by its items, never kept.
    fn.__defaults__ = _Shifted((7,))
    assert load_fresh(srcpickle.dumps(fn), tmp_path, "fn(1)") == 2 + 7 + 0 + 2
    assert all(type(entry[0]) is tuple for entry in fmt_write._DEFAULTS_TEXTS.values())

    made = [(i, "x" * i) for i in range(16)]

    def work(seed: int) -> None:
        for round_ in range(20):
            items = made[(seed + round_) % 16]
            assert fmt_write._format_defaults(fmt_write.TupleValue(items)) == repr(items)

    in_eight_threads(work)
    assert len(fmt_write._DEFAULTS_TEXTS) <= 4 + 8


def test_format_3_function_heads_are_kept_by_the_exact_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 3 leaves a function section's name out when its source's def gives it: the head
    kept for one source never serves another (a def renamed in the source, a lambda), nor a
    source of a str subclass."""
    monkeypatch.setattr(fmt_write, "_FUNCTION_HEADS", {})
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_heads_3", MODULE).parent, "cache_heads_3")
    payload = srcpickle.inspect(srcpickle.dumps([mod.plain, mod.scaled]))
    assert payload.format_version == 3
    node_id = payload.root.items[0].id  # type: ignore[union-attr]
    node = payload.nodes[node_id]
    assert isinstance(node, FunctionNode)
    fresh = fmt_write.write(payload)
    variants = [
        replace(node, source=node.source.replace("def plain(", "def other(")),
        replace(node, source=_ShownOtherwise(node.source)),
        replace(node, name="other"),
        replace(node, source="lambda x: x + 1", kind="lambda"),
        node,
    ]
    for variant in variants * 2:
        changed = replace(payload, nodes={**payload.nodes, node_id: variant})
        text = fmt_write.write(changed)
        kept = dict(fmt_write._FUNCTION_HEADS)
        fmt_write._FUNCTION_HEADS.clear()
        assert fmt_write.write(changed) == text
        fmt_write._FUNCTION_HEADS.update(kept)
        assert (text == fresh) == (variant is node)
        assert ("\nname: 'plain'" in text) == (variant is not node and variant.name == "plain")


SAME_CODE_DEFAULTS = """\
def make(step):
    def shifted(x, step=step, scale=2):
        return x * scale + step

    return shifted
"""


def test_defaults_of_one_code_are_each_functions_own_in_every_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Functions of one code object with only positional defaults: the signature a dumps keeps
    # for the last tuple of scalar defaults it saw must not serve another tuple, however equal
    # its values (1, True and 1.0 are equal and hash alike, and show differently).
    mod = import_from(
        monkeypatch, write_module(tmp_path, "cache_same_code", SAME_CODE_DEFAULTS).parent, "cache_same_code"
    )
    one, true, half = mod.make(1), mod.make(True), mod.make(0.5)
    assert one.__code__ is true.__code__ is half.__code__
    signatures = {
        "one": "(x, step=1, scale=2)",
        "true": "(x, step=True, scale=2)",
        "half": "(x, step=0.5, scale=2)",
    }
    for _ in range(2):
        for name, fn in (("one", one), ("true", true), ("half", half), ("one", one)):
            assert root_function(srcpickle.dumps(fn)).signature == signatures[name]
    payload = srcpickle.dumps(true)
    one.__defaults__ = (1.0, 2)  # equal to (1, 2), another text
    assert root_function(srcpickle.dumps(one)).signature == "(x, step=1.0, scale=2)"
    one.__defaults__ = ([1], 2)  # a list is no scalar: its text is made again at every dumps
    assert root_function(srcpickle.dumps(one)).signature == "(x, step=<list object>, scale=2)"
    assert load_fresh(srcpickle.dumps(one), tmp_path, "(fn(1, 3), fn.__defaults__)") == (1 * 2 + 3, ([1], 2))
    assert load_fresh(payload, tmp_path, "(fn(3), fn.__defaults__)") == (3 * 2 + 1, (True, 2))

    made = [mod.make(i) for i in range(8)]

    def work(seed: int) -> None:
        for round_ in range(20):
            fn = made[(seed + round_) % 8]
            step = (seed + round_) % 8
            assert root_function(srcpickle.dumps(fn)).signature == f"(x, step={step}, scale=2)"

    in_eight_threads(work)


def test_an_annotation_changed_shows_in_the_next_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = import_from(
        monkeypatch,
        write_module(tmp_path, "cache_annotated", "def f(x: int) -> int:\n    return x\n").parent,
        "cache_annotated",
    )
    first = root_function(srcpickle.dumps(mod.f))
    del mod.f.__annotations__["return"]
    second = root_function(srcpickle.dumps(mod.f))
    assert (first.signature, second.signature) == ("(x: int) -> int", "(x: int)")


def test_a_file_edited_between_two_dumps_still_fails_verification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "cache_edited", MODULE)
    mod = import_from(monkeypatch, tmp_path, "cache_edited")
    srcpickle.dumps(mod.plain)
    srcpickle.dumps(mod.plain)  # the second dumps is answered from what the first proved
    path.write_text(MODULE.replace("return x + 1", "return x + 2"), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError, match="does not match its live code"):
        srcpickle.dumps(mod.plain)
    # Undoing the edit makes the live code match its file again.
    path.write_text(MODULE, encoding="utf-8")
    touch_later(path)
    assert load_fresh(srcpickle.dumps(mod.plain), tmp_path, "fn(1)") == 2


OVERLOADED_LATER = """\
import typing


def spare(x):
    return x


def impl(x):
    return x * 2
"""

OVERLOADED_LATER_STUBS = """\


@typing.overload
def impl(x: int) -> int: ...


@typing.overload
def impl(x: str) -> str: ...
"""


@pytest.mark.skipif(not hasattr(__import__("typing"), "get_overloads"), reason="typing keeps stubs from 3.11")
def test_overloads_registered_after_a_dumps_are_in_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a function has typing.overload stubs is asked again by every dumps: a module with
    no stub registered (answered without get_overloads) that registers some later, for this
    function or for another of its functions, gets what typing's registry holds then."""
    path = write_module(tmp_path, "cache_overloads", OVERLOADED_LATER)
    mod = import_from(monkeypatch, tmp_path, "cache_overloads")
    impl = mod.impl
    assert root_function(srcpickle.dumps(impl)).overloads == ()
    assert root_function(srcpickle.dumps(impl)).overloads == ()  # warm
    # Stubs registered in this module, at the lines of the edited file; the module is read
    # again, its new impl below them.
    path.write_text(
        OVERLOADED_LATER.replace("\n\n\ndef impl", OVERLOADED_LATER_STUBS + "\n\ndef impl"), encoding="utf-8"
    )
    touch_later(path)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    mod = importlib.reload(mod)
    try:
        assert root_function(srcpickle.dumps(mod.spare)).overloads == ()  # (its module has stubs now)
        data = srcpickle.dumps(mod.impl)
        assert len(root_function(data).overloads) == 2
        assert load_fresh(
            data,
            tmp_path,
            "[fn(2), fn('a'), [str(inspect.signature(s)) for s in typing.get_overloads(fn)]]",
            before="import inspect, typing",
        ) == [
            4,
            "aa",
            ["(x: int) -> int", "(x: str) -> str"],
        ]
    finally:
        __import__("typing")._overload_registry.pop("cache_overloads", None)


LAMBDA_AFTER_DEF = """\
def first(x):
    return x + 1


second = lambda x: x * 2
"""


def test_a_lambda_dumped_after_a_def_of_its_file_and_after_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's lambdas are indexed at the first lookup of one, after its defs were (issue 9):
    a lambda dumped after a def of its file is found and verified; its file edited on disk,
    the next dumps still fails verification."""
    path = write_module(tmp_path, "cache_lambda_after_def", LAMBDA_AFTER_DEF)
    mod = import_from(monkeypatch, tmp_path, "cache_lambda_after_def")
    assert load_fresh(srcpickle.dumps(mod.first), tmp_path, "fn(1)") == 2
    assert load_fresh(srcpickle.dumps(mod.second), tmp_path, "fn(3)") == 6
    path.write_text(LAMBDA_AFTER_DEF.replace("x * 2", "x * 5"), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError, match="does not match its live code"):
        srcpickle.dumps(mod.second)


DOCSTRINGS = """\
import functools


def one_line(x):
    "One line."
    return x + 1


def none_at_all(x):
    return x + 2


def not_first(x):
    y = x + 3
    "not a docstring"
    return y


def joined(x):
    "Two " 'parts' " on one line."
    return x + 4


def formatted(x):
    f"not a docstring {x}"
    return x + 5


def of_bytes(x):
    b"bytes are no docstring"
    return x + 6


async def later(x):
    \"\"\"An async one.\"\"\"
    return x


def deep(x):
    \"\"\"Over
    several lines,
        indented.
    \"\"\"
    return x + 7


def make(scale):
    def inner(x):
        \"\"\"Inner, over
        several lines.\"\"\"
        return x * scale

    def inner_one(x):
        "Inner, one line."
        return x * scale + 1

    def inner_none(x):
        return x * scale + 2

    return inner, inner_one, inner_none


class Holder:
    @staticmethod
    def static(x):
        \"\"\"Static, over
            several lines.\"\"\"
        return x + 8


@functools.lru_cache(maxsize=None)
def decorated(x):
    "Decorated."
    return x + 9


def continued(x):
    "Backslash \\
continued."
    return x + 10
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_docstrings_told_by_capture_are_what_the_source_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    """Capture tells the writer what docstring a def's source gives, from the file's parse
    (issue 9): for every shape of docstring (none, not first, bytes, an f-string, joined parts,
    over several lines, indented in a nested def or a method, a file with CRLF line ends), what
    it told is what a parse of the source itself gives, and the loaded function has the
    original's __doc__."""
    monkeypatch.setattr(fmt, "_DOCSTRINGS", {})
    name = "cache_docstrings_crlf" if newline == "\r\n" else "cache_docstrings"
    (tmp_path / f"{name}.py").write_bytes(DOCSTRINGS.replace("\n", newline).encode("utf-8"))
    mod = import_from(monkeypatch, tmp_path, name)
    fns = [
        mod.one_line,
        mod.none_at_all,
        mod.not_first,
        mod.joined,
        mod.formatted,
        mod.of_bytes,
        mod.later,
        mod.deep,
        *mod.make(2),
        mod.Holder.static,
        mod.decorated.__wrapped__,
        mod.continued,
    ]
    told: Dict[str, Any] = {}
    real = fmt.record_docstring

    def spy(source: str, found: Any) -> None:
        told[source] = found
        real(source, found)

    monkeypatch.setattr(capture_functions, "_RECORD_DOCSTRING", [spy])
    payloads = [srcpickle.dumps(fn) for fn in fns]
    # Every one-line or missing docstring is told (the writer parses none of those).
    assert len(told) == 10, sorted(told)
    monkeypatch.setattr(fmt, "_DOCSTRINGS", {})
    for source, found in told.items():
        assert fmt.source_docstring(source, "def") == found, source
    docs = [load_fresh(data, tmp_path, "fn.__doc__") for data in payloads[:3] + payloads[7:]]
    assert docs == [fn.__doc__ for fn in fns[:3] + fns[7:]]


PAIR = """\
def helper(x):
    return x * 3


def outer(x):
    return helper(x) + 1
"""


def test_a_file_read_once_per_dumps_is_read_again_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One dumps reads a file once for all the functions of it it meets (outer, then helper):
    # what it read is not kept for the next dumps, which sees the edit to helper's lines.
    path = write_module(tmp_path, "cache_pair", PAIR)
    mod = import_from(monkeypatch, tmp_path, "cache_pair")
    data = srcpickle.dumps([mod.outer, mod.helper])
    assert load_fresh(data, tmp_path, "[fn[0](2), fn[1](2)]") == [7, 6]
    path.write_text(PAIR.replace("x * 3", "x * 4"), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError, match="helper"):
        srcpickle.dumps(mod.outer)
    path.write_text(PAIR, encoding="utf-8")
    touch_later(path)
    assert srcpickle.dumps([mod.outer, mod.helper]) == data


BATCHED = """\
def first(x):
    return x + 1


def second(x):
    return x + 2


def third(x):
    return x + 3


def fourth(x):
    return x + 4
"""


def test_a_files_top_level_defs_are_found_again_for_its_edited_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The top-level defs a parse's batches compile are found at its first batch and read by
    the next (issue 9): a batch of one def each reads the same ones, and the file edited and
    imported again (defs moved, one added, one changed) is parsed again with its own, so each
    new function is verified against its new lines and the old ones are refused."""
    from srcpickle import _source

    monkeypatch.setattr(_source, "BATCH_DEFS", 1)
    path = write_module(tmp_path, "cache_top_defs", BATCHED)
    mod = import_from(monkeypatch, tmp_path, "cache_top_defs")
    old = [mod.first, mod.second, mod.third, mod.fourth]
    data = srcpickle.dumps(old)
    assert load_fresh(data, tmp_path, "[f(10) for f in fn]") == [11, 12, 13, 14]
    edited = "def zeroth(x):\n    return x\n\n\n" + BATCHED.replace("x + 3", "x * 3")
    path.write_text(edited, encoding="utf-8")
    touch_later(path)
    mod = importlib.reload(mod)
    new = [mod.zeroth, mod.first, mod.second, mod.third, mod.fourth]
    data = srcpickle.dumps(new)
    assert load_fresh(data, tmp_path, "[f(10) for f in fn]") == [10, 11, 12, 30, 14]
    with pytest.raises(SourceMismatchError, match="third"):
        srcpickle.dumps(old[2])


def test_a_codes_kept_proof_holds_only_for_the_very_lines_it_was_made_against(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm dumps takes a code's facts when they were proven against the very list of lines
    this capture read for its file: other lines (linecache replaced or re-read them) are
    verified again, even under the size and time on disk the proof was made with."""
    path = write_module(tmp_path, "cache_proof_lines", PAIR)
    mod = import_from(monkeypatch, tmp_path, "cache_proof_lines")
    data = srcpickle.dumps([mod.outer, mod.helper])
    assert srcpickle.dumps([mod.outer, mod.helper]) == data  # answered from the kept proofs
    filename = mod.helper.__code__.co_filename
    size, mtime, lines, fullname = linecache.cache[filename]
    stat = path.stat()
    # The file edited in place within its size and time (as an editor may, within the file
    # system's time resolution), and linecache holding the edited lines: the stat check passes,
    # the kept proof must not.
    edited_text = PAIR.replace("x * 3", "x * 9")
    path.write_text(edited_text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = edited_text.splitlines(keepends=True)
    for obj in (mod.helper, mod.outer, [mod.outer, mod.helper]):
        linecache.cache[filename] = (size, mtime, edited, fullname)
        with pytest.raises(SourceMismatchError, match="helper"):
            srcpickle.dumps(obj)
    # The file as it was, and its text as a new list (linecache read it again): verified again,
    # and it passes.
    path.write_text(PAIR, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    linecache.cache[filename] = (size, mtime, list(lines), fullname)
    assert srcpickle.dumps([mod.outer, mod.helper]) == data
    assert load_fresh(data, tmp_path, "[fn[0](2), fn[1](2)]") == [7, 6]


TWIN = """\
K = {k}


def twin(x):
    return x + K
"""


def test_code_facts_are_kept_per_code_object_not_per_equal_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two modules of the same text at the same lines make equal code objects (== ignores the
    file name) of different files: each function's dumps, warm or after the other's, gives its
    own module, file and globals, as its first dumps did, and loads as its own."""
    first = import_from(
        monkeypatch, write_module(tmp_path, "cache_twin_a", TWIN.format(k=1)).parent, "cache_twin_a"
    )
    second = import_from(
        monkeypatch, write_module(tmp_path, "cache_twin_b", TWIN.format(k=2)).parent, "cache_twin_b"
    )
    assert first.twin.__code__ == second.twin.__code__
    assert first.twin.__code__ is not second.twin.__code__
    data_a, data_b = srcpickle.dumps(first.twin), srcpickle.dumps(second.twin)
    for _ in range(3):
        assert srcpickle.dumps(first.twin) == data_a
        assert srcpickle.dumps(second.twin) == data_b
    assert root_function(data_a).file.endswith("cache_twin_a.py")
    assert root_function(data_b).file.endswith("cache_twin_b.py")
    assert load_fresh(data_a, tmp_path, "fn(10)") == 11
    assert load_fresh(data_b, tmp_path, "fn(10)") == 12


def test_code_facts_go_with_their_code_and_a_stale_entry_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts kept for a code object go when the code dies; an entry left under the id of a
    dead code (PyPy calls weak references back late, and a new code may take the address
    first) is not taken for the new code: it is verified and captured as if nothing were kept."""
    import gc
    import weakref

    from srcpickle._capture import functions

    mod = import_from(
        monkeypatch, write_module(tmp_path, "cache_facts_life", MODULE).parent, "cache_facts_life"
    )
    namespace: Dict[str, Any] = {}
    exec(compile("def short_lived(x):\n    return x\n", str(tmp_path / "gone.py"), "exec"), namespace)
    doomed = namespace.pop("short_lived").__code__
    fresh_payload = srcpickle.dumps(mod.plain)
    plain_id = id(mod.plain.__code__)
    # An entry for another (dead) code under plain's id, as a late callback would leave it,
    # holding facts proven against the very lines of plain's file (another function's).
    srcpickle.dumps(mod.scaled)
    dead_ref = weakref.ref(doomed)
    functions._FACTS[plain_id] = (dead_ref, functions._FACTS[id(mod.scaled.__code__)][1])
    del doomed
    gc.collect()
    assert dead_ref() is None
    assert srcpickle.dumps(mod.plain) == fresh_payload
    assert functions._FACTS[plain_id][0]() is mod.plain.__code__
    # The entry of a code that dies goes with it (a function of a file of its own, run in a
    # namespace of its own: nothing else of the process holds it).
    source = "def brief(x):\n    return x * 2\n"
    path = write_module(tmp_path, "cache_facts_brief", source)
    held: Dict[str, Any] = {"__name__": "cache_facts_brief"}
    exec(compile(source, str(path), "exec"), held)
    assert load_fresh(srcpickle.dumps(held["brief"]), tmp_path, "fn(4)") == 8
    code = held["brief"].__code__
    brief_id, brief_ref = id(code), weakref.ref(code)
    assert functions._FACTS[brief_id][0]() is code
    del code, held
    gc.collect()
    assert brief_ref() is None, gc.get_referrers(brief_ref())
    assert brief_id not in functions._FACTS


def test_proven_sources_go_with_their_code_and_a_stale_entry_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The source proven for a code object (kept by id, with a weak reference) is never taken
    for another code: an entry left under a live code's id by a dead one, even proven against
    the very lines of its file, is verified again (the payload is the fresh one, not the dead
    code's source); an entry goes when its code dies, and its callback, which can run inside
    any allocation, takes no lock (a code dying while the cache's lock is held)."""
    import gc
    import weakref

    from srcpickle import _source
    from srcpickle._capture import functions

    mod = import_from(
        monkeypatch, write_module(tmp_path, "cache_source_life", MODULE).parent, "cache_source_life"
    )
    fresh_payload = srcpickle.dumps(mod.plain)
    srcpickle.dumps(mod.scaled)
    plain_id = id(mod.plain.__code__)
    _, lines, scaled_info = _source._SOURCES[id(mod.scaled.__code__)]
    assert _source._SOURCES[plain_id][0]() is mod.plain.__code__
    namespace: Dict[str, Any] = {}
    exec(compile("def short_lived(x):\n    return x\n", str(tmp_path / "gone.py"), "exec"), namespace)
    doomed = namespace.pop("short_lived").__code__
    dead_ref = weakref.ref(doomed)
    # scaled's proof, against plain's very lines, under plain's id for a dead code (as a late
    # callback of PyPy's would leave it); the code facts forgotten, so the proof is asked for.
    _source._SOURCES[plain_id] = (dead_ref, lines, scaled_info)
    functions._FACTS.pop(plain_id)
    del doomed
    gc.collect()
    assert dead_ref() is None
    assert srcpickle.dumps(mod.plain) == fresh_payload
    assert _source._SOURCES[plain_id][0]() is mod.plain.__code__
    assert load_fresh(fresh_payload, tmp_path, "fn(3)") == mod.plain(3)
    # The entry of a code that dies goes with it, also while another thread's (or its own)
    # _remember_source holds the lock.
    source = "def brief(x):\n    return x * 2\n"
    path = write_module(tmp_path, "cache_source_brief", source)
    held: Dict[str, Any] = {"__name__": "cache_source_brief"}
    exec(compile(source, str(path), "exec"), held)
    assert load_fresh(srcpickle.dumps(held["brief"]), tmp_path, "fn(4)") == 8
    code = held["brief"].__code__
    brief_id, brief_ref = id(code), weakref.ref(code)
    assert _source._SOURCES[brief_id][0]() is code
    del code
    finished = threading.Event()

    def die_inside() -> None:
        with _source._SOURCES_LOCK:
            held.clear()
            gc.collect()
        finished.set()

    thread = threading.Thread(target=die_inside, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert finished.is_set(), "a code's entry waited for a lock its own thread holds"
    assert brief_ref() is None
    assert brief_id not in _source._SOURCES


def test_a_function_redefined_in_the_same_file_is_verified_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Re-importing makes new code objects: nothing proved about the old ones applies to them.
    path = write_module(tmp_path, "cache_reloaded", MODULE)
    mod = import_from(monkeypatch, tmp_path, "cache_reloaded")
    srcpickle.dumps(mod.plain)
    path.write_text(MODULE.replace("return x + 1", "return x + 40"), encoding="utf-8")
    touch_later(path)
    import importlib

    reloaded = importlib.reload(mod)
    assert load_fresh(srcpickle.dumps(reloaded.plain), tmp_path, "fn(2)") == 42


CLASS_MODULE = """\
import dataclasses


@dataclasses.dataclass(frozen=True)
class Box:
    size: int

    def grown(self, by: int) -> "Box":
        return Box(self.size + by)
"""


def test_a_class_edited_and_reloaded_shows_its_new_annotations_and_keywords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What is kept per syntax tree node (an annotation's text, a class statement's calls with
    # keywords) belongs to one parse of one text: the edited file is parsed again.
    path = write_module(tmp_path, "cache_box", CLASS_MODULE)
    mod = import_from(monkeypatch, tmp_path, "cache_box")
    first = srcpickle.dumps(mod.Box).decode("utf-8")
    assert srcpickle.dumps(mod.Box).decode("utf-8") == first
    # dataclass(slots=True) is new in 3.10: on 3.9 only the annotation is edited.
    keyword = sys.version_info >= (3, 10)
    edited_text = CLASS_MODULE.replace('-> "Box"', '-> "Box | None"')
    if keyword:
        edited_text = edited_text.replace("frozen=True", "frozen=True, slots=True")
    path.write_text(edited_text, encoding="utf-8")
    touch_later(path)
    import importlib

    second = srcpickle.dumps(importlib.reload(mod).Box).decode("utf-8")
    assert ("requires-python: '3.10'" in first, "requires-python: '3.10'" in second) == (False, keyword)
    edited = "annotation return = '\"Box | None\"'"
    assert (edited in first, edited in second) == (False, True)
    assert load_fresh(second.encode("utf-8"), tmp_path, "fn(2).grown(3).size") == 5


CLASS_FACTORY = """\
class Base:
    pass


class Other:
    pass


def make(step):
    class Counter(Base):
        def __init__(self, start=0):
            self.value = start

        def bump(self):
            self.value += step
            return self.value

    return Counter


class Top(Base):
    def get(self):
        return 1


def other_bump(self):
    self.value -= 1
    return self.value
"""


def test_a_class_dumped_again_is_verified_again_for_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a class statement was proven against (its methods' code objects and closures, its
    # bases, its file's lines) is kept per statement and class: a method replaced, a base
    # assigned, the file edited, or another class of the same statement is verified again.
    path = write_module(tmp_path, "cache_factory", CLASS_FACTORY)
    mod = import_from(monkeypatch, tmp_path, "cache_factory")
    by_one, by_ten = mod.make(1), mod.make(10)
    assert by_one.bump.__code__ is by_ten.bump.__code__
    first_one, first_ten = srcpickle.dumps(by_one), srcpickle.dumps(by_ten)
    for _ in range(2):  # alternating classes of one statement: each keeps its own closure
        assert (srcpickle.dumps(by_one), srcpickle.dumps(by_ten)) == (first_one, first_ten)
    assert load_fresh(first_one, tmp_path, "(fn(5).bump(), fn(5).bump())") == (6, 6)
    assert load_fresh(first_ten, tmp_path, "fn(5).bump()") == 15

    # A method replaced after the definition: carried as the other function it now is.
    by_one.bump = mod.other_bump
    replaced = srcpickle.dumps(by_one)
    assert replaced != first_one
    assert load_fresh(replaced, tmp_path, "fn(5).bump()") == 4
    by_one.bump = by_ten.bump  # another class's method: its code is this statement's, its cell not
    assert load_fresh(srcpickle.dumps(by_one), tmp_path, "fn(5).bump()") == 15
    del by_one.bump
    with pytest.raises(AttributeError):
        by_one.bump  # noqa: B018 - gone: the statement would make it again, so it is not carried
    assert srcpickle.dumps(by_ten) == first_ten

    # Bases assigned after the definition: the statement would make other bases.
    top = srcpickle.dumps(mod.Top)
    assert srcpickle.dumps(mod.Top) == top
    mod.Top.__bases__ = (mod.Other,)
    with pytest.raises(SourceMismatchError, match="bases"):
        srcpickle.dumps(mod.Top)
    mod.Top.__bases__ = (mod.Base,)
    assert srcpickle.dumps(mod.Top) == top

    # The file edited on disk: the statement no longer compiles to the live methods.
    path.write_text(CLASS_FACTORY.replace("self.value += step", "self.value += 2 * step"), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError):
        srcpickle.dumps(by_ten)
    path.write_text(CLASS_FACTORY, encoding="utf-8")
    touch_later(path)
    assert srcpickle.dumps(by_ten) == first_ten

    made = [mod.make(step) for step in range(8)]
    expected = [srcpickle.dumps(cls) for cls in made]

    def work(seed: int) -> None:
        for round_ in range(6):
            index = (seed + round_) % 8
            assert srcpickle.dumps(made[index]) == expected[index]

    in_eight_threads(work)
    assert load_fresh(expected[3], tmp_path, "fn(1).bump()") == 4


def test_a_registration_with_a_library_abc_between_two_dumps_is_in_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The standard library's ABCs and their registries are kept as of the abc cache token,
    # which every register() call moves: a class registered after a first dumps says so next.
    mod = import_from(
        monkeypatch,
        write_module(
            tmp_path, "cache_registered", "class Pair:\n    def __len__(self):\n        return 2\n"
        ).parent,
        "cache_registered",
    )
    import collections.abc

    first = srcpickle.dumps(mod.Pair)
    assert b"registered-with" not in first
    collections.abc.Sequence.register(mod.Pair)
    second = srcpickle.dumps(mod.Pair)
    assert b"registered-with: (@collections.abc.Sequence,)" in second
    collections.abc.MutableSet.register(mod.Pair)
    third = srcpickle.dumps(mod.Pair)
    assert b"registered-with: (@collections.abc.MutableSet, @collections.abc.Sequence)" in third
    check = (
        "[issubclass(fn, getattr(__import__('collections.abc').abc, n)) for n in ('Sequence', 'MutableSet')]"
    )
    assert [load_fresh(data, tmp_path, check) for data in (first, second, third)] == [
        [False, False],
        [True, False],
        [True, True],
    ]


# ------------------------------------------------------------------------------- loads side


def _twin_payloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> List[bytes]:
    # The same module name, file name and function source in two folders, with other globals:
    # the compiled texts are identical, the payloads are not.
    payloads = []
    for scale in (2, 3):
        folder = tmp_path / f"twin{scale}"
        write_module(folder, "cache_twin", MODULE.replace("SCALE = 2", f"SCALE = {scale}"))
        mod = import_from(monkeypatch, folder, "cache_twin")
        payloads.append(srcpickle.dumps(mod.scaled))
        monkeypatch.delitem(sys.modules, "cache_twin")
        monkeypatch.syspath_prepend(str(tmp_path / "nothing"))
        sys.path.remove(str(folder))
    return payloads


def test_payloads_with_identical_sources_but_other_globals_load_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _twin_payloads(tmp_path, monkeypatch)
    assert first != second
    assert root_function(first).source == root_function(second).source
    for _ in range(2):  # the second round comes from the caches
        a, b = srcpickle.loads(first), srcpickle.loads(second)
        assert (a(1), b(1)) == (1 * 2 + 1 + 2, 1 * 3 + 1 + 2)
        assert a.__globals__ is not b.__globals__
    # The same code object serves both (compiled once), each with its own namespace.
    assert a.__code__ is b.__code__


def test_a_payload_loaded_again_gives_independent_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "COUNT = [0]\n\n\ndef bump():\n    COUNT[0] += 1\n    return COUNT[0]\n"
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_bump", text).parent, "cache_bump")
    data = srcpickle.dumps(mod.bump)
    first, second = srcpickle.loads(data), srcpickle.loads(data)
    assert (first(), first(), second()) == (1, 2, 1)  # the second load has a COUNT of its own
    assert first.__globals__ is not second.__globals__
    assert mod.COUNT == [0]


def test_a_changed_payload_is_parsed_again() -> None:
    data = srcpickle.dumps(len)  # by reference: any payload will do
    assert srcpickle.loads(data) is len
    bad = data.replace(b"[end]", b"[oops]")
    for _ in range(2):
        with pytest.raises(srcpickle.PayloadFormatError):
            srcpickle.loads(bad)


def test_loader_caches_and_linecache_stay_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count = compiler.COMPILE_CACHE_ENTRIES + 150
    text = "".join(f"def g{i}(x):\n    return x * {i}\n\n\n" for i in range(count))
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_many", text).parent, "cache_many")
    payloads = [srcpickle.dumps(getattr(mod, f"g{i}")) for i in range(count)]
    for index, data in enumerate(payloads):
        assert srcpickle.loads(data)(2) == 2 * index
    import gc

    gc.collect()
    entries = [name for name in linecache.cache if name.startswith("<srcpickle")]
    assert len(entries) < count
    assert len(compiler._COMPILED) <= compiler.COMPILE_CACHE_ENTRIES
    # A function loaded long ago (its cache entries gone) still shows its source in tracebacks.
    fn = srcpickle.loads(payloads[0])
    del payloads
    gc.collect()
    import traceback

    try:
        fn(None)
    except TypeError:
        assert "return x * 0" in traceback.format_exc()
    else:
        raise AssertionError("fn(None) did not raise")


_LEFT_OUT_DOC = (
    "srcpickle-payload 3\nwritten-by: 'x'\nrequires-python: '3.9'\nroot: @f\n\n"
    "[function f]\nname: 'f'\nnamespace: @m\n{fields}line: 3\nsource: 4\n"
    '    def f():\n        """a\n        b"""\n        return 1\n\n'
    "[namespace m]\nmodule: 'm'\n\n[end]\n"
)


def test_a_doc_read_from_compiled_code_is_kept_only_where_the_code_holds_the_source_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A load takes a left-out doc from the compiled code and keeps it for the next payload of
    # the same source (issue 9). A source the loader compiled re-indented (a scope without an
    # indent) has another docstring in its code: neither taken nor kept, so that the next
    # payload holding the same source at the top level reads its own.
    from srcpickle import _fmt
    from srcpickle._fmt.read import parse

    monkeypatch.setattr(_fmt, "_DOCSTRINGS", {})
    source = 'def f():\n    """a\n    b"""\n    return 1'
    nested = _LEFT_OUT_DOC.format(fields="scope: 'outer.<locals>'\n")
    assert srcpickle.loads(nested).__doc__ == "a\n    b"
    # (not kept: compiled re-indented, its code holds "a\n     b"; the parse of it was kept)
    assert _fmt._DOCSTRINGS == {source: ("a\n    b",)}
    _fmt._DOCSTRINGS.clear()
    top = _LEFT_OUT_DOC.format(fields="")
    for _ in range(2):  # the second from the caches
        assert srcpickle.loads(top).__doc__ == "a\n    b"
    # Kept: what parsing the source gives.
    kept = dict(_fmt._DOCSTRINGS)
    monkeypatch.setattr(_fmt, "_DOCSTRINGS", {})
    assert kept == {source: _fmt.source_docstring(source, "def")} == {source: ("a\n    b",)}
    # A docstring kept by a load is what the parse of another payload of the source reads.
    _fmt._DOCSTRINGS[source] = ("kept",)
    assert parse(top).nodes["f"].doc == "kept"  # type: ignore[union-attr]
    # (another payload text: not the parse kept of the one loaded before)
    assert srcpickle.loads(top.replace("'m'", "'m2'")).__doc__ == "kept"
    assert srcpickle.loads(nested.replace("'m'", "'m2'")).__doc__ == "kept"


def test_the_docstrings_kept_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from srcpickle import _fmt

    monkeypatch.setattr(_fmt, "DOCSTRINGS_KEPT", 3)
    monkeypatch.setattr(_fmt, "_DOCSTRINGS", {})
    for i in range(10):
        text = _LEFT_OUT_DOC.format(fields="").replace("return 1", f"return {i}")
        assert srcpickle.loads(text)() == i
        assert len(_fmt._DOCSTRINGS) <= 3


# ------------------------------------------------------------------------------- threads


def test_caches_are_safe_under_eight_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count = 40
    text = "K = 3\n\n\n" + "".join(
        f"def h{i}(x, y={i}):\n    return x * K + y\n\n\nl{i} = lambda x: x - {i}\n\n\n" for i in range(count)
    )
    mod = import_from(monkeypatch, write_module(tmp_path, "cache_threads", text).parent, "cache_threads")
    functions = [getattr(mod, f"{kind}{i}") for i in range(count) for kind in ("h", "l")]
    expected_payloads = [srcpickle.dumps(fn) for fn in functions]
    expected_results = [fn(5) for fn in functions]

    def work(seed: int) -> None:
        for round_ in range(6):
            order = functions[seed::2] + functions[: seed % 3]
            for fn in order:
                index = functions.index(fn)
                data = srcpickle.dumps(fn)
                assert data == expected_payloads[index], fn.__qualname__
                assert srcpickle.loads(data)(5) == expected_results[index]
            if seed == 0 and round_ == 2:
                compiler._COMPILED.clear()  # one thread empties a cache while others use it

    in_eight_threads(work)


def test_docs_taken_from_compiled_code_are_right_under_eight_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loads that take left-out docs from the compiled code and keep them (issue 9), in eight
    # threads, one of them emptying the docstrings kept and the parses kept meanwhile.
    from srcpickle import _fmt, _rebuild

    monkeypatch.setattr(_fmt, "_DOCSTRINGS", {})
    texts = [
        _LEFT_OUT_DOC.format(fields=fields).replace("return 1", f"return {i}")
        for i in range(30)
        for fields in ("", "scope: 'outer.<locals>'\n")
    ]

    def work(seed: int) -> None:
        for round_ in range(4):
            for index in range(seed % 3, len(texts)):
                fn = srcpickle.loads(texts[index])
                assert (fn(), fn.__doc__) == (index // 2, "a\n    b"), index
            if seed == 0 and round_ == 1:
                _fmt._DOCSTRINGS.clear()
                _rebuild._PREPARED.clear()

    in_eight_threads(work)


def test_functions_never_dumped_are_verified_right_by_eight_threads_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads meet a module no dumps has seen: its parse, the syntax facts of each
    function, the batches of top-level defs compiled together and the per-code proofs are all
    made while the others use them; every payload is the one a single thread makes after."""
    count = 90
    text = "import math\n\nK = 3\n\n\n" + "".join(
        f"def h{i}(x, y={i}):\n    return math.floor(x * K) + y\n\n\nl{i} = lambda x: x - {i}\n\n\n"
        for i in range(count)
    )
    mod = import_from(
        monkeypatch, write_module(tmp_path, "cache_cold_threads", text).parent, "cache_cold_threads"
    )
    functions = [getattr(mod, f"{kind}{i}") for i in range(count) for kind in ("h", "l")]
    found: Dict[int, List[bytes]] = {}

    def work(seed: int) -> None:
        order = functions[seed * 7 :] + functions[: seed * 7]
        found[seed] = [b"" for _ in functions]
        for fn in order:
            found[seed][functions.index(fn)] = srcpickle.dumps(fn)

    in_eight_threads(work)
    expected = [srcpickle.dumps(fn) for fn in functions]
    assert all(found[seed] == expected for seed in range(8))
    assert [srcpickle.loads(data)(5) for data in expected] == [fn(5) for fn in functions]


def test_a_source_released_while_its_lock_is_held_does_not_deadlock() -> None:
    # A code object's finalizer releases its linecache entry under the loader's file lock; a
    # garbage collection can run that finalizer at any allocation, also in a section of the same
    # thread that holds the lock (a class payload loaded on 3.10 hung there).
    finished = threading.Event()

    def release_inside() -> None:
        with compiler._file_lock:
            compiler._release_source("<srcpickle-test-not-registered>", -1)
        finished.set()

    thread = threading.Thread(target=release_inside, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert finished.is_set(), "the finalizer blocked on a lock its own thread holds"


def test_a_tracked_class_dying_while_its_tracker_lock_is_held_does_not_deadlock() -> None:
    # A loaded class is tracked with a weak reference whose callback takes the tracker's lock; the
    # class can die at any allocation, also one made while the same thread holds that lock.
    import gc

    from srcpickle._rebuild import classes

    finished = threading.Event()

    def die_inside() -> None:
        cls: Any = type("Gone", (), {})
        classes.track_class("<test: a class that dies>", cls)
        del cls  # a class lives in reference cycles: only a collection frees it
        with classes._TRACKED_LOCK:
            gc.collect()  # its callback runs here, in this thread
        finished.set()

    thread = threading.Thread(target=die_inside, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert finished.is_set(), "the weak reference's callback blocked on a lock its own thread holds"
    assert classes.tracked_class("<test: a class that dies>") is None


def test_the_names_a_class_statement_reads_are_answered_per_code_object() -> None:
    # Kept per code object (a code object never changes): another statement, another flag or
    # other enclosing scopes get their own answer, and a caller changing the list it got changes
    # no later answer.
    first = compile(
        "class A(Base):\n    x = LIMIT\n\n    def m(self):\n        return HELPER\n", "<t>", "exec"
    )
    second = compile("class A(Other):\n    x = LIMIT\n", "<t>", "exec")
    names = compiler.creation_names(first)
    assert names == ["Base", "LIMIT"]
    names.append("changed by the caller")
    assert compiler.creation_names(first) == ["Base", "LIMIT"]
    assert compiler.creation_names(first, everything=True) == ["Base", "HELPER", "LIMIT"]
    assert compiler.creation_names(second) == ["LIMIT", "Other"]
    nested = compile("def make():\n    class A(Base):\n        x = LIMIT\n    return A\n", "<t>", "exec")
    assert compiler.creation_names(nested) == []
    assert compiler.creation_names(nested, scopes=["make"]) == ["Base", "LIMIT"]


def test_opcode_numbers_are_this_interpreters() -> None:
    """The instruction numbers srcpickle keeps so as not to import opcode (issue 9) are those
    opcode gives on this interpreter, name by name, and a name it lacks stays absent; an unknown
    interpreter asks opcode. (Run on each interpreter: 3.9 and 3.13 have their venvs.)"""
    import opcode

    expected = {n: opcode.opmap[n] for n in compiler.OPCODE_NAMES if n in opcode.opmap}
    assert compiler.opcode_numbers() == expected
    assert sys.implementation.cache_tag in compiler._KNOWN_OPCODES
    assert compiler.OPCODE_NAMES >= {"EXTENDED_ARG", "SETUP_ANNOTATIONS"} | compiler._GLOBAL_OPS


def test_opcode_numbers_of_an_unknown_interpreter_come_from_opcode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An interpreter srcpickle has no table for (a later CPython, another PyPy) reads the
    numbers from opcode."""
    import opcode

    monkeypatch.delitem(compiler._KNOWN_OPCODES, sys.implementation.cache_tag)
    expected = {n: opcode.opmap[n] for n in compiler.OPCODE_NAMES if n in opcode.opmap}
    assert compiler.opcode_numbers() == expected


def _creation_names_by_dis(code: Any, everything: bool, scopes: List[str]) -> List[str]:
    # What creation_names answered when it read instructions through dis.get_instructions.
    import dis

    names = set()
    runs_in = set(scopes) | {compiler.SCOPE_NAME, compiler.HOLDER_NAME}

    def walk(code: Any) -> None:
        for instruction in dis.get_instructions(code):
            if instruction.opname in compiler._GLOBAL_OPS:
                names.add(str(instruction.argval))
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                runs_now = (
                    not const.co_flags & 0x1 or const.co_name.startswith("<") or const.co_name in runs_in
                )
                if everything or runs_now:
                    walk(const)

    walk(code)
    return sorted(names - {compiler.SCOPE_NAME, compiler.HOLDER_NAME, "__name__", "__annotations__"})


# A class statement with more names than an argument byte holds (EXTENDED_ARG before the loads of
# the later ones), read in the body, in a method, stored and deleted as globals, in an enclosing
# scope and in comprehensions.
_MANY = 300
MANY_NAMES_SOURCE = (
    "def make(arg):\n"
    "    class Wide(Base, metaclass=Meta):\n"
    + "".join(f"        a{i} = g{i}\n" for i in range(_MANY))
    + "        listed = [v for v in VALUES]\n"
    "        def method(self):\n"
    "            global STORED, DROPPED\n"
    "            STORED = 1\n"
    "            del DROPPED\n"
    + "".join(f"            h{i}\n" for i in range(_MANY))
    + "            return {k: v for k, v in ITEMS}\n"
    "    return Wide, ENCLOSING\n"
)


@pytest.mark.parametrize("module", ["dataclasses", "enum", "typing", "argparse", "fractions", "collections"])
def test_the_names_a_class_statement_reads_are_the_names_dis_reads(module: str) -> None:
    """creation_names reads the global and name loads from the bytecode itself (issue 9: dis cost
    a class's first dumps most of its time); its answer is the one dis.get_instructions gives, for
    the whole code of standard modules (the classes of each, their methods, comprehensions and
    module-level code past 256 names) and a class statement with 300 names read in its body and
    in a method, for every flag and enclosing scope."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    text = Path(spec.origin).read_text(encoding="utf-8")
    for code in (compile(text, spec.origin, "exec"), compile(MANY_NAMES_SOURCE, "<many>", "exec")):
        for everything in (False, True):
            for scopes in ([], ["make"]):
                expected = _creation_names_by_dis(code, everything, scopes)
                assert compiler.creation_names(code, everything, scopes) == expected
    wide = compiler.creation_names(compile(MANY_NAMES_SOURCE, "<many>", "exec"), True, ["make"])
    assert {"g0", f"g{_MANY - 1}", "h0", f"h{_MANY - 1}", "STORED", "DROPPED", "VALUES", "ITEMS"} <= set(wide)
    assert {"Base", "Meta", "ENCLOSING"} <= set(wide)


def test_the_standard_librarys_names_are_the_interpreters() -> None:
    """``is_stdlib`` answers from one set of the standard library's names and the built-in
    modules, made once: both are fixed for the life of the process, so its answer for a name is
    the one the interpreter's own lists give, for every name in them and others around them."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is None:
        from srcpickle._stdlib_names import STDLIB_MODULE_NAMES as names
    listed = set(names) | set(sys.builtin_module_names)
    for name in sorted(listed):
        assert _deps.is_stdlib(name), name
        assert _deps.is_stdlib(f"{name}.sub.module"), name
    for name in ("deps_user_module", "numpy", "srcpickle", "os_", "_os", "json5", "pkg.json"):
        if name.split(".")[0] not in listed:
            assert not _deps.is_stdlib(name), name


def test_install_folders_are_read_once_for_both_answers(tmp_path: Path) -> None:
    """Whether a file is in an install folder is answered from folders read once per process:
    the shortcut (the prefixes, without sysconfig) and the install folders themselves read one
    list of the distributions' folders on ``sys.path``. A ``site-packages`` folder put on
    ``sys.path`` after the first dumps changes neither (as before the shortcut), so its module is
    the user's own for both, its function goes by source, and the payload loads elsewhere."""
    from . import RESULT_MARK, result_of, run_fresh

    later = tmp_path / "later" / "site-packages"
    write_module(tmp_path / "code", "cache_first", "def first(x):\n    return x + 1\n")
    write_module(later, "cache_later", "def later(x):\n    return x * 3\n")
    proc = run_fresh(
        f"""\
        import srcpickle, cache_first
        from srcpickle import _deps, _dists
        srcpickle.dumps(cache_first.first)
        sys.path.append({str(later)!r})
        import cache_later
        name = cache_later.__file__
        answers = (
            _deps.is_user_module("cache_later", _deps.NO_OVERRIDES),
            _deps._outside_installs(name),
            _dists._under(name, _dists._site_dirs()),
        )
        data = srcpickle.dumps(cache_later.later)
        print({RESULT_MARK!r} + repr((answers, list(srcpickle.inspect(data).imports()), data)))
        """,
        extra_path=[tmp_path / "code"],
    )
    answers, imports, payload = result_of(proc)
    assert (answers, imports) == ((True, True, False), [])
    assert load_fresh(payload, tmp_path, "fn(5)") == 15


def test_overloads_of_while_another_thread_imports_typing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread asking for a function's stubs while another imports typing for the first time
    sees typing partially initialized, without ``get_overloads`` yet: no stub can have been
    registered through it, so the answer is none (a cold dumps from 8 threads raised
    ``AttributeError: partially initialized module 'typing'`` in CI on 3.13)."""
    from srcpickle import _overloads

    def plain(x: int) -> int:
        return x

    monkeypatch.setitem(sys.modules, "typing", types.ModuleType("typing"))
    monkeypatch.delitem(sys.modules, "typing_extensions", raising=False)
    assert _overloads.overloads_of(plain) == []


def test_the_rests_of_files_parsed_are_kept_per_file_lines_and_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rest of a long file parsed for a closure (``_blocks.rest_parsed``) is kept while
    linecache hands out the very lines it was parsed from, one per file, at most as many files
    as whole parses (``_source.PARSED_FILES``); a file read again gets a rest of its new lines."""
    from srcpickle import _blocks, _source

    monkeypatch.setattr(_source, "PARSED_FILES", 2)
    monkeypatch.setattr(_blocks, "_RESTS", {})
    text = "K = 2\n\n\n" + "".join(
        f"def make{i}(k):\n    def inner(x):\n        return x * k + K\n\n    return inner\n\n\n"
        f"c{i} = make{i}({i})\n\n\n"
        for i in range(12)
    )
    mods = [
        import_from(monkeypatch, write_module(tmp_path, f"cache_rest_{n}", text).parent, f"cache_rest_{n}")
        for n in range(3)
    ]
    for mod in mods:
        assert load_fresh(srcpickle.dumps(mod.c3), tmp_path, "fn(1)") == 1 * 3 + 2
        assert load_fresh(srcpickle.dumps(mod.c5), tmp_path, "fn(1)") == 1 * 5 + 2
        rest = _blocks._RESTS[mod.__file__]
        assert rest.first == mod.make3.__code__.co_firstlineno
        assert rest.lines_ref is linecache.getlines(mod.__file__)
    assert list(_blocks._RESTS) == [mods[1].__file__, mods[2].__file__]
    # The file read again (as linecache does when it changed on disk): a rest of the new lines.
    linecache.cache.pop(mods[2].__file__)
    assert load_fresh(srcpickle.dumps(mods[2].c7), tmp_path, "fn(2)") == 2 * 7 + 2
    rest = _blocks._RESTS[mods[2].__file__]
    assert (
        rest.lines_ref is linecache.getlines(mods[2].__file__)
        and rest.first == mods[2].make7.__code__.co_firstlineno
    )

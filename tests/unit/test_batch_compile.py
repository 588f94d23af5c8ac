"""The loader compiles the top-level defs of a payload in batches (``compiler._compile_batches``,
issue 9): each def's code must be exactly what compiling its own source alone gives (instructions,
constants, names, positions, file name), every refusal must stay, and the functions must work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import pytest

import srcpickle
from srcpickle import PayloadFormatError
from srcpickle._fmt.read import parse
from srcpickle._pythons import Interpreter
from srcpickle._rebuild import compiler

from . import CHILD_TIMEOUT, import_from, interpreters, isolated, load_fresh, result_of, write_module

# Every kind of top-level def a batch meets: decorators, defaults and annotations evaluated at
# module level, docstrings, async defs and generators, a class and a lambda inside a def, calls of
# an imported module's functions (compiled differently on 3.11+ when the module imports the name),
# a def reading another def of the batch, comments and blank lines after a def, defs far down the
# file (the batch is compiled higher and moved down).
PADDING = "# filler\n" * 70
DEFS = (
    """\
import json
from math import sqrt as root

"""
    + PADDING
    + '''

def plain(x):
    return x + 1


def same(fn):
    return fn


@same
def cached(n: int = 3) -> int:
    """Docstring."""
    return n * 2  # comment


async def later(x, *, y=(lambda: 5)()):
    return x + y


def gen(n):
    yield from range(n)
    # a comment after the last statement



def holds_class(v):
    class Inner:
        value = v

        def get(self):
            return self.value

    return Inner().get()


def uses_json(obj):
    return json.dumps(obj, sort_keys=True)


def uses_root(x):
    return root(x) + plain(x)


def with_lambda(items):
    return sorted(items, key=lambda item: -item)


def json_list(x):
    return json.dumps([x])


def json_pair(x):
    return json.dumps([x, x])


def json_read(text):
    return json.loads(text)["a"]
'''
)
NAMES = [
    "plain",
    "cached",
    "later",
    "gen",
    "holds_class",
    "uses_json",
    "uses_root",
    "with_lambda",
    "json_list",
    "json_pair",
    "json_read",
]
CALLS = (
    "[fn[0](1), fn[1](4), fn[3](3).__next__(), fn[4](7), fn[5]({'b': 1, 'a': 2}), fn[6](9.0), "
    "fn[7]([1, 3, 2]), fn[8](1), fn[9](2), fn[10]('{\"a\": 3}')]"
)
EXPECTED = [2, 8, 0, 7, '{"a": 2, "b": 1}', 13.0, [3, 2, 1], "[1]", "[2, 2]", 3]
FUTURE_DEFS = (
    "from __future__ import annotations\n\n\n"
    + "def first(x: Undefined) -> int:\n    return x\n\n\n"
    + "def second(y: list[int] = []) -> str:\n    return str(y)\n\n\n"
    + "def third(z: Missing = 1) -> Missing:\n    return z\n\n\n"
    + "async def fourth() -> int:\n    return 4\n"
)


@pytest.fixture
def payload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    write_module(tmp_path, "batch_defs", DEFS)
    module = import_from(monkeypatch, tmp_path, "batch_defs")
    return srcpickle.dumps([getattr(module, name) for name in NAMES])


# Runs on one interpreter: the payload's sources compiled by compile_all (in batches where the
# interpreter has code positions) and each alone by compile_node: equal in everything.
CHILD = """
import sys, types
from srcpickle._fmt.read import parse
from srcpickle._rebuild import compiler

def described(code):
    found = [code.co_firstlineno, code.co_filename, code.co_name, code.co_code, code.co_names,
             code.co_varnames, code.co_freevars, code.co_cellvars, code.co_flags,
             getattr(code, "co_qualname", None), getattr(code, "co_exceptiontable", None)]
    found.append(list(code.co_lines()) if hasattr(code, "co_lines") else code.co_lnotab)
    if hasattr(code, "co_positions"):
        found.append(list(code.co_positions()))
    for const in code.co_consts:
        found.append(described(const) if isinstance(const, types.CodeType) else (type(const), const))
    return found

checked, batched, differ = 0, [], []
for path in sys.argv[1:]:
    payload = parse(open(path, "rb").read())
    together = compiler.compile_all(payload)
    for node_id, node in payload.sources():
        alone = compiler.compile_node(payload, node_id, node)
        checked += 1
        if together[node_id][0].co_filename == compiler.BATCH_FILENAME:
            batched.append(node_id)
        if described(together[node_id][1]) != described(alone[1]) or together[node_id][2] != alone[2]:
            differ.append(node_id)
print("RESULT=" + repr((checked, batched, differ)))
"""


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_a_def_compiled_in_a_batch_is_the_def_compiled_alone(
    interpreter: Interpreter, payload: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "batch_future", FUTURE_DEFS)
    future = import_from(monkeypatch, tmp_path, "batch_future")
    paths = []
    with_future = srcpickle.dumps([future.first, future.second, future.third, future.fourth])
    for index, data in enumerate((payload, with_future)):
        paths.append(tmp_path / f"payload{index}.srcpickle")
        paths[-1].write_bytes(data)
    proc = isolated().run(interpreter, CHILD, args=[str(p) for p in paths], timeout=CHILD_TIMEOUT)
    checked, batched, differ = result_of(proc)
    assert checked == len(NAMES) + 4
    assert differ == [], f"{interpreter.label}: batch code differs from the code alone for {differ}"
    positions = interpreter.implementation == "cpython" and tuple(interpreter.version[:2]) >= (3, 11)
    # Where code has positions (the statement check reads them), the defs that share their
    # imports and __future__ features; alone: a def that holds a class (its code holds a line
    # number on 3.13: not moved), a def with imports no other def shares.
    expected = ["plain", "cached", "later", "gen", "uses_json", "with_lambda", "json_list"]
    expected += ["json_pair", "json_read", "first", "second", "third", "fourth"]
    assert sorted(batched) == sorted(expected if positions else []), interpreter.label  # (sections by id)


def test_defs_loaded_from_a_batch_work_and_show_their_lines(payload: bytes, tmp_path: Path) -> None:
    assert load_fresh(payload, tmp_path, CALLS) == EXPECTED
    functions: List[Any] = srcpickle.loads(payload)
    import asyncio

    assert asyncio.run(functions[2](1)) == 6
    assert [fn.__name__ for fn in functions] == NAMES
    for fn in functions:
        code = getattr(fn, "__wrapped__", fn).__code__
        assert code.co_filename.startswith("<srcpickle-"), code.co_filename
        # Tracebacks and inspect read the def's own lines from its synthetic file.
        import linecache

        assert (
            linecache.getline(code.co_filename, code.co_firstlineno)
            .lstrip()
            .startswith(("def", "async", "@"))
        )


def _payload_with_sources(payload: bytes, replace: str, by: str) -> bytes:
    text = payload.decode("utf-8")
    assert replace in text
    return text.replace(replace, by, 1).encode("utf-8")


PLAIN = "source: 2\n    def plain(x):\n        return x + 1\n"


@pytest.mark.parametrize(
    "by, message",
    [
        # A statement after the def inside its source block: refused, not taken from the batch.
        (PLAIN.replace("2", "3") + "    value = 1\n", "holds more than its def"),
        # A source that opens a string the next source of the batch would close.
        (PLAIN.replace("2", "3") + '    s = """\n', "does not compile"),
        (PLAIN.replace("2", "3") + "    s = (\n", "does not compile"),
        # A source that does not compile.
        (PLAIN.replace("x + 1", "x +"), "does not compile"),
    ],
)
def test_a_bad_source_in_a_batch_is_refused_as_alone(payload: bytes, by: str, message: str) -> None:
    data = _payload_with_sources(payload, PLAIN, by)
    with pytest.raises(PayloadFormatError, match=message):
        srcpickle.loads(data)
    # The same refusal when every source is compiled alone.
    parsed = parse(data)
    with pytest.raises(PayloadFormatError, match=message):
        for node_id, node in parsed.sources():
            compiler.compile_node(parsed, node_id, node)


def test_the_builder_reads_each_defs_own_module_code(payload: bytes) -> None:
    parsed = parse(payload)
    compiled = compiler.compile_all(parsed)
    for node_id, node in parsed.sources():
        own = compiler.own_module_code(parsed, node_id, compiled[node_id])
        alone = compiler.compile_node(parsed, node_id, node)[0]
        assert compiler.creation_names(own, everything=True) == compiler.creation_names(
            alone, everything=True
        )
    if compiler._POSITIONS:
        assert any(entry[0].co_filename == compiler.BATCH_FILENAME for entry in compiled.values())
    # Built by the builder (as with typecheck=True), the functions are those of the plan.
    from srcpickle import _rebuild

    built = _rebuild._build_checked(parsed, compiled, False, reuse_classes=True)
    assert [fn(1) for fn in (built[0], built[4])] == [2, 1]


@pytest.mark.skipif(not compiler._POSITIONS, reason="batches need code positions (CPython 3.11+)")
def test_more_defs_than_one_batch_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count = compiler.BATCH_DEFS * 2 + 5
    text = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(count))
    write_module(tmp_path, "many_defs", text)
    module = import_from(monkeypatch, tmp_path, "many_defs")
    data = srcpickle.dumps([getattr(module, f"f{i}") for i in range(count)])
    parsed = parse(data)
    compiled = compiler.compile_all(parsed)
    batches = {id(entry[0]) for entry in compiled.values()}
    assert len(batches) == 3
    for node_id, node in parsed.sources():
        assert compiled[node_id][1] == compiler.compile_node(parsed, node_id, node)[1]
    assert [fn(1) for fn in srcpickle.loads(data)] == [i + 1 for i in range(count)]


def test_a_payload_the_builder_builds_compiles_each_source_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder reads each def's own module code: a payload with a class (built by the
    builder) compiles its defs one by one rather than in a batch and then alone again."""
    text = DEFS + "\n\nclass Box:\n    def get(self):\n        return plain(1)\n"
    write_module(tmp_path, "batch_with_class", text)
    module = import_from(monkeypatch, tmp_path, "batch_with_class")
    data = srcpickle.dumps([module.plain, module.gen, module.Box])
    parsed = parse(data)
    compiled = compiler.compile_all(parsed)
    assert all(entry[0].co_filename != compiler.BATCH_FILENAME for entry in compiled.values())
    plain, gen, box = srcpickle.loads(data)
    assert (plain(1), list(gen(2)), box().get()) == (2, [0, 1], 2)

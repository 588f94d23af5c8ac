"""The first dumps of a top-level def parses its own lines, not its whole file (issue 9,
``srcpickle._blocks``): the payload must be the one the whole file's parse gives, byte for
byte, on every interpreter, wherever the def's lines end in odd ways; and where the def's lines
cannot answer (a def that ends inside a string at column 0 with no code there, an import below
the head of the file, a head that does not parse alone) the whole file is parsed, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from srcpickle._pythons import Interpreter
from srcpickle._source import BLOCK_MIN_LINES

from . import CHILD_TIMEOUT, interpreters, isolated, result_of, run_fresh, write_module

# Top-level defs enough that the whole file's parse is most of a first dumps.
FILLER = "".join(
    f"def filler{i}(x, y={i}):\n    '''Doc {i}.'''\n    return x * RATE + y\n\n\n" for i in range(300)
)
# Enough of them that a module is long enough for the block parse (_source.BLOCK_MIN_LINES).
FILLER_SHORT = FILLER[: FILLER.index(f"def filler{BLOCK_MIN_LINES // 5}(")]

# A long module whose defs end in every odd way a def's lines can: a string at column 0 inside
# the body, a call whose closing bracket is at column 0, decorators over several lines, comments
# (one mentioning an import) and blank lines after the def, a lambda on the def's line,
# backslash continuations to column 0, tabs, dead code after a return, a nested def and class,
# an async def, a docstring whose last lines are at column 0 (no instruction spans them: the
# def's lines end too early and do not parse, and the whole file is parsed).
BIG = (
    '''\
"""A long module."""
from __future__ import annotations

import math
from json import dumps as to_json

RATE = 3


def decorate(*tags):
    def wrap(fn):
        fn.tags = tags
        return fn

    return wrap


'''
    + FILLER
    + '''\
def plain(x, y=2):
    """Doc."""
    z = x * RATE + 1
    return math.sqrt(z) + y


def col0_string(x):
    text = """
first
  second
"""
    return text + str(x)


def trailing_call(x):
    return max(
        x,
        RATE,
)


@decorate(
    "a",
    "b",
)
@decorate(
"c")
def decorated(x: int) -> int:
    return x * 2


def commented(x):
    return to_json([x - 1])
# A comment block after the def, at column 0,
# that mentions import math and other words.

#   indented comment


def with_lambda(xs, key=lambda v: -v): return sorted(xs, key=key)


def wordy(x):
    """Names imports, important things and a reimport, in no statement."""
    return x


def continued(x):
    total = x + \\
1
    return total \\
+ 1


def tabbed(x):
\tif x:
\t\treturn "yes"
\treturn "no"


def dead_code(x):
    return x + 1
    print("never")


def nested(x):
    def inner(y):
        return y + x

    class Box:
        value = x

    return inner(Box.value)


async def coro(x):
    return x * RATE


def doc_at_column_0():
    """Doc whose last lines are at column 0.
at column 0
"""


def last(x):
    return [x, math.floor(2.5)]
'''
)

# (function, the probe run on it in a fresh process, its result), in the order they are dumped:
# once a capture parsed the whole file (a lambda is captured from it), the next defs read that
# parse, so those the whole file serves come last.
PROBES: List[Tuple[str, str, Any]] = [
    ("plain", "fn(1)", 4.0),
    ("last", "fn(1)", [1, 2]),
    ("col0_string", "fn(1)", "\nfirst\n  second\n1"),
    ("trailing_call", "fn(1)", 3),
    ("decorated", "(fn(4), fn.__annotations__)", (8, {"x": "int", "return": "int"})),
    ("commented", "fn(3)", "[2]"),
    ("continued", "fn(1)", 3),
    ("tabbed", "(fn(1), fn(0))", ("yes", "no")),
    ("dead_code", "fn(1)", 2),
    ("wordy", "fn(1)", 1),
    ("nested", "fn(1)", 2),
    ("coro", "__import__('asyncio').run(fn(2))", 6),
    ("with_lambda", "fn([1, 3, 2])", [3, 2, 1]),
    ("doc_at_column_0", "(fn(), fn.__doc__)", (None, "Doc whose last lines are at column 0.\nat column 0\n")),
]
# Where the def's own lines cannot answer, and the whole file is parsed.
WHOLE = {"doc_at_column_0"}

# A module whose head does not parse alone (its docstring holds a def at column 0): every def is
# served by the whole file's parse.
DOCSTRING_HEAD = (
    '''\
"""Example:

def example():
    pass
"""
import math


def head_cut(x):
    return math.floor(x)


'''
    + FILLER_SHORT
)

# A module that imports below its first def: the def's lines and the head cannot say what the
# module imports, so the whole file is parsed (the payload records the import of ``to_json``).
LATE_IMPORT = (
    """\
import math


def late(x):
    return to_json([math.floor(x)])


from json import dumps as to_json
"""
    + FILLER_SHORT
)

# Dumps each function of each module in a process that saw none of them before (per module: the
# first dumps is the cold one), with the block parse on or off; counts the whole files parsed.
DUMP_CHILD = """\
import sys
import srcpickle
from srcpickle import _source

_source.BLOCK_PARSE = sys.argv[1] == "on"
whole = []
real_parsed = _source._parsed

def counted(filename, lines):
    whole.append(filename)
    return real_parsed(filename, lines)

_source._parsed = counted
found = {}
for spec in sys.argv[2:]:
    module_name, names = spec.split(":")
    module = __import__(module_name)
    for name in names.split(","):
        before = len(whole)
        found[name] = (srcpickle.dumps(getattr(module, name)), len(whole) > before)
print("RESULT=" + repr(found))
"""


def _dump(interpreter: Interpreter, directory: Path, block: bool) -> Dict[str, Tuple[bytes, bool]]:
    specs = [
        "blocks_big:filler7,filler299," + ",".join(name for name, _, _ in PROBES),
        "blocks_docstring_head:head_cut",
        "blocks_late_import:late",
    ]
    args = ["on" if block else "off", *specs]
    proc = isolated().run(
        interpreter, DUMP_CHILD, args=args, extra_path=[str(directory)], timeout=CHILD_TIMEOUT
    )
    found: Dict[str, Tuple[bytes, bool]] = result_of(proc)
    return found


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("blocks")
    for name, text in (
        ("blocks_big", BIG),
        ("blocks_docstring_head", DOCSTRING_HEAD),
        ("blocks_late_import", LATE_IMPORT),
    ):
        (directory / f"{name}.py").write_text(text, encoding="utf-8")
    return directory


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_a_defs_own_lines_give_the_whole_files_payload(interpreter: Interpreter, modules: Path) -> None:
    with_blocks = _dump(interpreter, modules, block=True)
    whole = _dump(interpreter, modules, block=False)
    differ = [name for name in whole if with_blocks[name][0] != whole[name][0]]
    assert differ == [], f"{interpreter.label}: the block parse changed the payloads of {differ}"
    assert all(parsed for _, parsed in whole.values())
    # Taken for the plain defs of a long module, whatever the interpreter gives as positions;
    # never where it cannot answer.
    assert not with_blocks["plain"][1] and not with_blocks["filler7"][1] and not with_blocks["last"][1]
    assert min(DOCSTRING_HEAD.count("\n"), LATE_IMPORT.count("\n")) >= BLOCK_MIN_LINES
    for name in (*WHOLE, "head_cut", "late"):
        assert with_blocks[name][1], name
    if interpreter.implementation == "cpython" and interpreter.version >= (3, 11):
        # Code positions end each of these defs where its lines do: its lines alone answer.
        # (with_lambda's default, a lambda, is captured from the whole file's parse.)
        served = [name for name, _, _ in PROBES[:-2] if with_blocks[name][1]]
        assert served == [], served


def test_payloads_of_a_defs_own_lines_load_and_work_in_a_fresh_process(modules: Path, tmp_path: Path) -> None:
    import sys

    from . import CURRENT

    found = _dump(CURRENT, modules, block=True)
    paths = []
    for name, probe, _ in PROBES + [("head_cut", "fn(2.5)", 2), ("late", "fn(2.5)", "[2]")]:
        path = tmp_path / f"{name}.srcpickle"
        path.write_bytes(found[name][0])
        paths.append((str(path), probe))
    code = """\
    import srcpickle
    results = []
    for path, probe in PAIRS:
        with open(path, "rb") as handle:
            fn = srcpickle.loads(handle.read())
        results.append(eval(probe))
    print("RESULT=" + repr(results))
    """.replace("PAIRS", repr(paths))
    results = result_of(run_fresh(code))
    expected = [result for _, _, result in PROBES] + [2, "[2]"]
    assert results == expected
    assert sys.modules.get("blocks_big") is None  # nothing of it was imported here


def test_the_whole_file_is_parsed_once_past_the_defs_the_block_parse_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program that dumps many defs of one file gets the whole file's parse (and its batch
    compiles) after ``BLOCK_DEFS`` of them: the same payloads either way."""
    import srcpickle
    from srcpickle import _blocks, _source

    from . import import_from

    monkeypatch.setattr(_blocks, "BLOCK_DEFS", 3)
    text = "RATE = 2\n\n\n" + FILLER
    module = import_from(monkeypatch, write_module(tmp_path, "blocks_many", text).parent, "blocks_many")
    calls: List[str] = []
    real = _source._parsed
    monkeypatch.setattr(_source, "_parsed", lambda name, lines: calls.append(name) or real(name, lines))
    first = [srcpickle.dumps(getattr(module, f"filler{i}")) for i in range(6)]
    assert len(calls) == 3  # defs 0-2 from their lines; 3 parses the file, 4 and 5 reuse it
    assert calls[0] == module.__file__
    monkeypatch.setattr(_source, "BLOCK_PARSE", False)
    _source._SOURCES.clear()
    from srcpickle._capture import functions

    functions._FACTS.clear()
    assert [srcpickle.dumps(getattr(module, f"filler{i}")) for i in range(6)] == first


def test_a_defs_own_lines_parse_to_the_whole_files_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each def the block parse serves is the very node the whole file's parse makes (fields and
    positions); the one it cannot isolate (no instruction spans a docstring's last lines at
    column 0) is left to the whole file."""
    import ast
    import linecache
    import sys

    from srcpickle import _blocks, _source

    from . import import_from

    # (as it is: write_module dedents)
    (tmp_path / "blocks_nodes.py").write_text(BIG, encoding="utf-8")
    module = import_from(monkeypatch, tmp_path, "blocks_nodes")
    lines = linecache.getlines(module.__file__)
    whole = _source._ParsedFile(lines)
    served = []
    for name, _, _ in PROBES + [("filler0", "", None), ("filler299", "", None)]:
        code = getattr(module, name).__code__
        monkeypatch.setattr(_blocks, "_OUTLINES", {})
        block = _blocks.block_parsed(module.__file__, lines, code)
        if block is None:
            continue
        served.append(name)
        (node,) = [n for n in whole.defs[code.co_firstlineno] if n.name == code.co_name]
        assert ast.dump(block.tree.body[0], include_attributes=True) == ast.dump(
            node, include_attributes=True
        )
        assert block.import_bindings == whole.import_bindings
        assert block.import_names == whole.import_names
    assert "doc_at_column_0" not in served
    assert {"plain", "last", "tabbed", "dead_code", "nested", "coro", "filler0", "filler299"} <= set(served)
    if sys.implementation.name == "cpython" and sys.version_info >= (3, 11):
        # Positions reach a def's last line (a closing bracket, a string's end) at column 0.
        assert len(served) == len(PROBES) + 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("import os\n", True),
        ("x = 1; import os\n", True),
        ("if x: import os\n", True),
        ("from . import x\n", True),
        ("from .import x\n", True),
        ("try:\n    from json import (\n        dumps,\n    )\nexcept ImportError: pass\n", True),
        ('x = "import"\n', True),  # (a string: no statement, but not known without a parse)
        ("  # import os\n#import\n", False),
        ('"""Names imports, important things, a reimport, import_module."""\n', False),
        ("", False),
    ],
)
def test_an_import_statement_may_sit_only_where_the_word_import_is(text: str, expected: bool) -> None:
    from srcpickle import _blocks

    assert _blocks.may_import(text) is expected


# A module of the shapes a program's functions have, long enough for the block parse: top-level
# defs, closures, lambdas (two on one line), methods, a function in a class in a function.
SPREAD = "import math\n\nK = 3\n\n\n" + "".join(
    f"def f{i}(x, y={i}):\n    '''Doc {i}.'''\n    return math.floor(x * K) + y\n\n\n"
    f"def make{i}(scale):\n    def inner(x, y=1):\n        return scale * x + {i} - y\n\n"
    "    return inner\n\n\n"
    f"c{i} = make{i}({i})\nl{i}, t{i} = (lambda x, y=2: x * {i} + y), (lambda x, y=3: x - {i} * y)\n\n\n"
    f"class C{i}:\n    def method(self, x, y=3):\n        return [x, y, {i}, K]\n\n\n"
    f"def holder{i}():\n    class Local:\n        def deep(self, x, y=4):\n            return x + y + {i}\n\n"
    f"    return Local.deep\n\n\n"
    for i in range(6)
)


@pytest.mark.parametrize("first", ["top", "closure", "lambda", "method"])
def test_a_files_functions_after_its_whole_parse_parse_nothing_again(
    first: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every function of a file, of every kind, is found in the one parse of the file: once the
    whole file is parsed, dumping its other functions parses nothing (issue 9); the lambdas of
    a line are found in its statement's walk. The payloads are those of the whole file's parse."""
    import srcpickle
    from srcpickle import _source

    from . import import_from

    assert SPREAD.count("\n") >= BLOCK_MIN_LINES
    module = import_from(monkeypatch, write_module(tmp_path, "blocks_spread", SPREAD).parent, "blocks_spread")
    kinds = {
        "top": [getattr(module, f"f{i}") for i in range(6)],
        "closure": [getattr(module, f"c{i}") for i in range(6)],
        "lambda": [getattr(module, f"{n}{i}") for i in range(6) for n in "lt"],
        "method": [getattr(module, f"C{i}").method for i in range(6)]
        + [getattr(module, f"holder{i}")() for i in range(6)],
    }
    fns = kinds[first] + [fn for kind, found in kinds.items() if kind != first for fn in found]
    made: List[int] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        made.append(0 if block is None else 1)
        real_init(self, lines, block)

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    payloads = []
    for fn in fns:
        before = len(made)
        payloads.append(srcpickle.dumps(fn))
        if 0 in made[:before]:
            assert len(made) == before, f"{fn.__qualname__} parsed its file again"
    assert made.count(0) == 1  # one whole parse; before it, top-level defs from their own lines
    if first != "top":
        assert made == [0]
    # The payloads the whole file's parse gives, verified again from nothing.
    monkeypatch.setattr(_source._ParsedFile, "__init__", real_init)
    monkeypatch.setattr(_source, "BLOCK_PARSE", False)
    _source._SOURCES.clear()
    _source._PARSED.clear()
    from srcpickle._capture import functions

    functions._FACTS.clear()
    assert [srcpickle.dumps(fn) for fn in fns] == payloads

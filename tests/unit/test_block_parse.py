"""The first dumps of a top-level def parses its own lines, not its whole file (issue 9,
``srcpickle._blocks``): the payload must be the one the whole file's parse gives, byte for
byte, on every interpreter, wherever the def's lines end in odd ways; and where the def's lines
cannot answer (a def that ends inside a string at column 0 with no code there, an import below
it) the rest of the file from its statement on is parsed, and where that cannot answer either
(a head that does not parse alone) the whole file is parsed, as before. A closure, a method or
a lambda of a long file is found in the rest of the file from its top-level statement on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from srcpickle import _blocks as blocks
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
# Where the def's own lines cannot answer, and the rest of the file from it is parsed.
REST = {"doc_at_column_0"}

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
# module imports, so the rest of the file from the def on is parsed, and its imports read with
# the head's (the payload records the import of ``to_json``).
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
# first dumps is the cold one), with the block parse on or off; tells which parse served each:
# "whole" (the whole file parsed during its dumps), "rest" (a rest of the file, see
# _blocks.rest_parsed, made or read), else "block" (its own lines).
DUMP_CHILD = """\
import sys
import srcpickle
from srcpickle import _blocks, _source

_source.BLOCK_PARSE = sys.argv[1] == "on"
whole = []
rests = []
real_parsed = _source._parsed
real_rest = _blocks.rest_parsed
real_holding = _blocks.rest_holding

def counted(filename, lines):
    whole.append(filename)
    return real_parsed(filename, lines)

def rest_counted(*args):
    found = real_rest(*args)
    rests.append(found is not None)
    return found

def holding_counted(*args):
    found = real_holding(*args)
    rests.append(found is not None)
    return found

_source._parsed = counted
_blocks.rest_parsed = rest_counted
_blocks.rest_holding = holding_counted
found = {}
for spec in sys.argv[2:]:
    module_name, names = spec.split(":")
    module = __import__(module_name)
    for name in names.split(","):
        before, rests_before = len(whole), len(rests)
        data = srcpickle.dumps(getattr(module, name))
        how = "whole" if len(whole) > before else "rest" if any(rests[rests_before:]) else "block"
        found[name] = (data, how)
print("RESULT=" + repr(found))
"""


def _dump(interpreter: Interpreter, directory: Path, block: bool) -> Dict[str, Tuple[bytes, str]]:
    specs = [
        "blocks_big:filler7,filler299," + ",".join(name for name, _, _ in PROBES),
        "blocks_docstring_head:head_cut",
        "blocks_late_import:late",
    ]
    args = ["on" if block else "off", *specs]
    proc = isolated().run(
        interpreter, DUMP_CHILD, args=args, extra_path=[str(directory)], timeout=CHILD_TIMEOUT
    )
    found: Dict[str, Tuple[bytes, str]] = result_of(proc)
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
    assert all(how == "whole" for _, how in whole.values())
    # Taken for the plain defs of a long module, whatever the interpreter gives as positions;
    # never where it cannot answer.
    assert [with_blocks[name][1] for name in ("plain", "filler7", "last")] == ["block"] * 3
    assert min(DOCSTRING_HEAD.count("\n"), LATE_IMPORT.count("\n")) >= BLOCK_MIN_LINES
    # The rest of the file from its statement: the def's own lines ended too early, an import
    # sits below it (the payload has it: the same bytes as the whole file's).
    for name in (*REST, "late"):
        assert with_blocks[name][1] == "rest", name
    assert with_blocks["head_cut"][1] == "whole"  # the head does not parse alone
    if interpreter.implementation == "cpython" and interpreter.version >= (3, 11):
        # Code positions end each of these defs where its lines do: its lines alone answer.
        # (with_lambda's default, a lambda, is captured from the rest of the file from it.)
        served = [name for name, _, _ in PROBES[:-2] if with_blocks[name][1] != "block"]
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


def test_the_rest_of_the_file_is_parsed_once_past_the_defs_the_block_parse_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program that dumps many defs of one file gets the rest of the file parsed from the def
    after ``BLOCK_DEFS`` of them (and its batch compiles), its lines above not parsed again; a
    def above that rest, once the block parse serves no more, gets the whole file's parse, and
    no second rest (dumped bottom up, a file would be parsed once per def). The same payloads
    either way."""
    import srcpickle
    from srcpickle import _blocks, _source

    from . import import_from

    monkeypatch.setattr(_blocks, "BLOCK_DEFS", 3)
    text = "RATE = 2\n\n\ndef top(x):\n    return x - RATE\n\n\n" + FILLER
    module = import_from(monkeypatch, write_module(tmp_path, "blocks_many", text).parent, "blocks_many")
    made: List[int] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        real_init(self, lines, block)
        made.append(self.first)

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    fns = [getattr(module, f"filler{i}") for i in range(6)] + [module.top]
    first = [srcpickle.dumps(fn) for fn in fns]
    starts = [fn.__code__.co_firstlineno for fn in fns]
    # Defs 0-2 from their own lines, 3 parses the rest of the file from it (4 and 5 read it),
    # top (above it) the whole file.
    assert made == [starts[0], starts[1], starts[2], starts[3], 1]
    monkeypatch.setattr(_source._ParsedFile, "__init__", real_init)
    assert _whole_file_payloads(monkeypatch, fns) == first


# A long file whose defs a program dumps first, then the lambdas of its last statements: in an
# assignment, in brackets closed at column 0, in an ``if`` with an ``else``.
LAMBDAS_LAST = (
    "import math\n\nK = 3\n\n\n"
    + FILLER[: FILLER.index("def filler30(")].replace("RATE", "K")
    + "def make(scale):\n    def inner(x):\n        return scale * x\n\n    return inner\n\n\n"
    "inner = make(2)\nl0, t0 = (lambda x, y=2: math.floor(x) * K + y), (lambda x, y=3: x - y)\n"
    "square = (\n    lambda x: x * x + K\n)\n"
    "if K:\n    cond = lambda x: x + K\nelse:\n    cond = None\n"
)


def test_a_lambda_dumped_after_its_files_defs_parses_its_statement_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once every def of a long file was proven, the parse of its rest goes (``_ParsedFile.serve``);
    a lambda dumped after that parses its own statement, not the whole file, which stayed cached
    for no other function (issue 9), and keeps it only while another lambda of it waits (the
    twin of its line reads it). A statement cut before its ``else``
    would parse as another statement: that lambda gets the whole file's parse. The payloads are
    the whole file's parse's, and load in a fresh process."""
    import srcpickle
    from srcpickle import _blocks, _source

    from . import import_from, load_fresh

    module = import_from(
        monkeypatch, write_module(tmp_path, "blocks_lambdas", LAMBDAS_LAST).parent, "blocks_lambdas"
    )
    path = module.__file__
    defs = [getattr(module, name) for name in vars(module) if name.startswith("filler")] + [module.inner]
    assert len(defs) > _blocks.BLOCK_DEFS + 1  # (the file's rest is parsed, and goes)
    payloads = [srcpickle.dumps(fn) for fn in defs]
    assert _blocks._RESTS.get(path) is None and _source._PARSED.get(path) is None
    made: List[Tuple[int, int]] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        real_init(self, lines, block)
        made.append((self.first, len(lines) if block is None else block[2]))

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    lambdas = [module.l0, module.t0, module.square]
    for fn in lambdas:
        payloads.append(srcpickle.dumps(fn))
        first = fn.__code__.co_firstlineno
        statement = _blocks.statement_start(LAMBDAS_LAST.splitlines(True), first)
        # (square's statement ends at its closing bracket, on the line below its lambda)
        assert made[-1] == (statement, first + (fn is module.square)), made
    assert len(made) == len(lambdas) - 1  # (t0 is read from l0's statement)
    assert _blocks._RESTS.get(path) is None and _source._PARSED.get(path) is None
    payloads.append(srcpickle.dumps(module.cond))
    assert made[-1] == (1, len(LAMBDAS_LAST.splitlines()))  # (the else: the whole file)
    monkeypatch.setattr(_source._ParsedFile, "__init__", real_init)
    assert _whole_file_payloads(monkeypatch, defs + lambdas + [module.cond]) == payloads
    for payload, fn in zip(payloads[-4:], lambdas + [module.cond]):
        assert load_fresh(payload, tmp_path, "fn(5)") == fn(5)


def _whole_file_payloads(monkeypatch: pytest.MonkeyPatch, fns: List[Any]) -> List[bytes]:
    """The payloads of ``fns`` as the whole file's parse gives them, verified again from nothing
    (no block or rest parse, no source, parse or code facts kept from earlier dumps)."""
    import srcpickle
    from srcpickle import _source
    from srcpickle._capture import functions

    monkeypatch.setattr(_source, "BLOCK_PARSE", False)
    _source._SOURCES.clear()
    _source._PARSED.clear()
    functions._FACTS.clear()
    return [srcpickle.dumps(fn) for fn in fns]


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


@pytest.mark.parametrize("first", ["file", "top", "closure", "lambda", "method"])
def test_a_files_functions_are_found_in_at_most_one_parse_of_each_of_its_lines(
    first: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every function of a file, of every kind, is found in a parse of the file's lines that no
    other parse repeats (issue 9): top-level defs from their own lines, the others (closures,
    methods, lambdas, of a function in a class in a function) from the rest of the file from
    their statement on; a function above that rest the block parse cannot serve gets the whole
    file's parse, after which the file is parsed whole or from a statement to its end no more
    (a lambda dumped once no function waits on the whole parse, which then went, parses its
    statement alone, once), and no line more than twice so. The lambdas of a line are found in
    its statement's walk. The payloads are those of the whole file's parse."""
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
    everything = [fn for found in kinds.values() for fn in found]
    if first == "file":  # (as a program walks its module: the benchmarks' order)
        fns = sorted(everything, key=lambda fn: fn.__code__.co_firstlineno)
    else:
        fns = kinds[first] + [fn for kind, found in kinds.items() if kind != first for fn in found]
    made: List[Tuple[int, int]] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        real_init(self, lines, block)
        made.append((self.first, len(lines) if block is None else block[2]))

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    payloads = []
    for fn in fns:
        before = len(made)
        payloads.append(srcpickle.dumps(fn))
        if (1, len(SPREAD.splitlines())) in made[:before]:
            # (a lambda dumped once nothing waited on the whole parse: its statement alone)
            again = [span for span in made[before:] if span[1] == len(SPREAD.splitlines())]
            assert again == [], f"{fn.__qualname__} parsed its file again"
    whole = [span for span in made if span[0] == 1]
    rests = [span for span in made if span[1] == len(SPREAD.splitlines()) and span[0] > 1]
    assert len(whole) <= 1 and len(rests) <= 1, made
    if first in ("file", "top", "closure"):
        # Nothing above the rest but top-level defs, parsed from their own lines.
        assert whole == [], made
    if first in ("file", "closure"):
        # (top-level defs first: those below the first closure are in its rest too, a bound
        # of BLOCK_DEFS defs' lines parsed twice)
        lines_parsed = sorted(line for start, end in made for line in range(start, end + 1))
        assert len(lines_parsed) == len(set(lines_parsed)), made
    # A statement is parsed alone once at most; the rest of the file's lines twice at most.
    count = len(SPREAD.splitlines())
    alone = [span for span in made if span[0] > 1 and span[1] < count]
    assert len(alone) == len(set(alone)), made
    lines_parsed = [line for start, end in made if end == count for line in range(start, end + 1)]
    assert max(map(lines_parsed.count, set(lines_parsed))) <= 2, made
    # The payloads the whole file's parse gives, verified again from nothing.
    monkeypatch.setattr(_source._ParsedFile, "__init__", real_init)
    assert _whole_file_payloads(monkeypatch, fns) == payloads


@pytest.mark.parametrize("module_text", [SPREAD, BIG], ids=["spread", "big"])
def test_the_rest_of_a_file_parses_to_the_whole_files_statements(
    module_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rest of a file from the statement of each function on (a closure, a method, a lambda,
    a def) holds the whole file's statements from there, fields and positions, the same enclosing
    scope for each def, lambda and class, and the whole file's imports."""
    import ast
    import linecache
    import types

    from srcpickle import _blocks, _source

    from . import import_from

    (tmp_path / "blocks_rests.py").write_text(module_text, encoding="utf-8")
    module = import_from(monkeypatch, tmp_path, "blocks_rests")
    lines = linecache.getlines(module.__file__)
    whole = _source._ParsedFile(lines)
    codes = []
    for value in vars(module).values():
        for fn in (value, getattr(value, "method", None)):
            code = getattr(fn, "__code__", None)
            if isinstance(code, types.CodeType) and code.co_filename == module.__file__:
                codes.append(code)
                codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    assert len(codes) > 20

    def scopes(parsed: Any, start: int) -> Dict[Tuple[int, int, str], str]:
        for statement in parsed.tree.body:
            for line in range(statement.lineno, (statement.end_lineno or statement.lineno) + 1):
                parsed.lambdas_at(line)
        found = {}
        for node in ast.walk(parsed.tree):
            if id(node) in parsed.scopes and node.lineno >= start:
                found[(node.lineno, node.col_offset, type(node).__name__)] = parsed.scopes[id(node)]
        return found

    # The whole file's side, made once: each rest is compared with its statements from its start.
    whole_dumps = [(_source._first_line(s), ast.dump(s, include_attributes=True)) for s in whole.tree.body]
    whole_scopes = scopes(whole, 1)
    checked: Dict[int, int] = {}  # a statement's first line: the code whose rest was compared
    # The rests from the first and last 10 statements holding a function and every 10th between
    # (BIG holds 320 statements: a rest from each took 20 s of each CI run, its filler defs alike).
    starts = sorted({_blocks.statement_start(lines, code.co_firstlineno) for code in codes})
    sampled = set(starts) if len(starts) <= 40 else set(starts[:10] + starts[-10:] + starts[::10])
    served = 0
    for code in codes:
        if _blocks.statement_start(lines, code.co_firstlineno) not in sampled:
            continue
        monkeypatch.setattr(_blocks, "_OUTLINES", {})
        monkeypatch.setattr(_blocks, "_RESTS", {})
        rest = _blocks.rest_parsed(module.__file__, lines, code)
        if rest is None:
            # (only where the head ends: a def above it, or a statement in the head)
            assert code.co_firstlineno - 1 < _blocks.outline(module.__file__, lines).head_end
            continue
        served += 1
        start = rest.first
        assert start == _blocks.statement_start(lines, code.co_firstlineno)
        # The rest answers for every function from its statement on, and only for those.
        assert _blocks.rest_holding(module.__file__, lines, code.co_firstlineno) is rest
        assert _blocks.rest_holding(module.__file__, lines, start - 1) is None
        if start in checked:
            continue  # (the same lines parsed from the same line: compared once)
        checked[start] = code.co_firstlineno
        assert (rest.import_names, rest.import_bindings) == (whole.import_names, whole.import_bindings)
        assert rest.future_annotations == whole.future_annotations
        expected = [text for first, text in whole_dumps if first >= start]
        assert [ast.dump(s, include_attributes=True) for s in rest.tree.body] == expected
        in_rest = {key: scope for key, scope in whole_scopes.items() if key[0] >= start}
        assert scopes(rest, start) == in_rest
    assert served > 20 and len(checked) == len(sampled)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("x = 1\ndef f():\n    def g():\n        pass\n", 3, 2),
        ("def f():\n    pass\n\n# note\n  \n", 5, 1),  # blank and comment lines: the def's
        ("@a\n@b(\n    1)\ndef f():\n    return lambda: 1\n", 5, 4),  # (see below)
        ("@a\n@b\ndef f():\n    return lambda: 1\n", 4, 1),
        ("x = [\n    lambda: 1,\n]\n", 2, 1),
        ("class C:\n    def m(self):\n        return 1\n", 2, 1),
        ("    indented\n", 1, 0),
    ],
)
def test_a_statements_first_line_is_the_last_code_line_at_column_0_and_its_decorators(
    text: str, line: int, expected: int
) -> None:
    """The statement that holds a line starts at the last line at or above it with code at
    column 0, or at the decorators right above it. A decorator over several lines is passed
    over (the rest then starts at its def, without the decorators: what they would add, the
    def's own first line, is asked of the whole file, and nothing nested depends on them)."""
    from srcpickle import _blocks

    assert _blocks.statement_start(text.splitlines(True), line) == expected


# A long module with closures, a method and lambdas, as a program's: the rest of its file from
# the first closure serves the others.
EDITED = "import math\n\nK = 3\n\n\n" + "".join(
    f"def make{i}(scale):\n    def inner(x):\n        return scale * x + {i} + K\n\n    return inner\n\n\n"
    f"c{i} = make{i}({i})\nl{i} = lambda x: x - {i}\n\n\n"
    for i in range(12)
)


@pytest.mark.parametrize("edit_after", [0, 1])
def test_a_file_edited_after_import_still_fails_verification_from_the_rest_of_it(
    edit_after: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closure or a lambda of a long file, its file edited on disk after import (before any
    dumps, or after the rest of the file was parsed for another function), is verified against
    the new lines and refused (SourceMismatchError); the file as it was passes again."""
    import srcpickle
    from srcpickle import SourceMismatchError

    from . import import_from, load_fresh, touch_later

    assert EDITED.count("\n") >= BLOCK_MIN_LINES
    path = write_module(tmp_path, f"blocks_edited_{edit_after}", EDITED)
    module = import_from(monkeypatch, tmp_path, path.stem)
    if edit_after:
        assert load_fresh(srcpickle.dumps(module.c1), tmp_path, "fn(2)") == 2 + 1 + 3
    path.write_text(EDITED.replace("x - 7", "x - 70").replace("+ 8 + K", "+ 80 + K"), encoding="utf-8")
    touch_later(path)
    for fn in (module.l7, module.c8):
        with pytest.raises(SourceMismatchError, match="does not match its live code"):
            srcpickle.dumps(fn)
    assert load_fresh(srcpickle.dumps(module.c9), tmp_path, "fn(1)") == 9 + 9 + 3  # unchanged
    path.write_text(EDITED, encoding="utf-8")
    touch_later(path)
    assert load_fresh(srcpickle.dumps([module.l7, module.c8]), tmp_path, "[f(1) for f in fn]") == [
        -6,
        8 + 8 + 3,
    ]


@pytest.mark.parametrize(
    ("line", "goes_on"),
    [
        ("else:\n", True),
        ("elif(x):\n", True),
        ("except* ValueError:\n", True),
        ("except:\n", True),
        ("finally:\n", True),
        ("elsewhere = 1\n", False),
        ("exceptions = ()\n", False),
        ("else_ = 2\n", False),
        ("final = 3\n", False),
    ],
)
def test_a_cut_stops_before_a_clause_of_the_statement_above_not_before_a_name_like_one(
    line: str, goes_on: bool
) -> None:
    # A statement cut before an else parses, as a shorter statement than the file's: refused
    # (the whole file is parsed instead); a line that only starts with such a word is a new
    # statement, and the cut before it stands.
    assert blocks._goes_on(line) is goes_on


# Top-level defs of a module of lambdas (FAMILY), as many as the block parse serves and more.
_FAMILY_DEFS = "".join(
    f"def d{i}(x, y={i}):\n    '''Doc {i}.'''\n    return x * K + y\n\n\n" for i in range(20)
)
# The shapes of a file whose lambdas a program dumps, each a lambda per function once parsed the
# whole file (or its statement) again: module-level lambdas in a file too short for the block
# parse; a long file of them and no def (all in its head: the benchmarks' lambdas200); lambdas in
# the head of a long file with defs below; lambdas in class bodies, of classes with methods and
# without; a dict of lambdas (one statement over many lines), below defs and in a short file;
# lambda statements below defs; defs and lambdas in turn.
FAMILY = {
    "short": "K = 3\n" + "".join(f"s{i} = lambda x: x + {i} * K\n" for i in range(30)),
    "table": "K = 7\n\n"
    + "".join(
        f"a{i}, b{i} = (lambda x: x + {i} * K), (lambda x, y={i}: x * y - K)\n" for i in range(0, 200, 2)
    ),
    "head": "import math\nK = 3\n"
    + "".join(f"h{i}, g{i} = (lambda x: x + {i}), (lambda x: math.floor(x) - {i})\n" for i in range(40))
    + "\n\n"
    + _FAMILY_DEFS,
    "classes": "K = 3\n\n\n"
    + "".join(
        f"class C{i}:\n    f = lambda self, x: x + {i}\n    g = staticmethod(lambda x: x * K)\n\n"
        f"    def m(self, x):\n        return x - {i}\n\n\n"
        f"class D{i}:\n    h = staticmethod(lambda x: x - K + {i})\n\n\n"
        for i in range(10)
    ),
    "dict": "K = 3\n\n\n"
    + _FAMILY_DEFS
    + "TABLE = {\n"
    + "".join(f"    'k{i}': lambda x: x + {i} * K,\n" for i in range(60))
    + "}\n",
    "dict_short": "K = 3\nTABLE = {\n"
    + "".join(f"    'k{i}': lambda x: x + {i} * K,\n" for i in range(40))
    + "}\n",
    "after": "K = 3\n\n\n" + _FAMILY_DEFS + "".join(f"a{i} = lambda x: x + {i}\n" for i in range(40)),
    "mixed": "K = 3\n\n\n"
    + "".join(f"def f{i}(x):\n    return x + {i}\n\n\nl{i} = lambda x: f{i}(x) * K\n\n\n" for i in range(20)),
}


def _family_functions(module: Any) -> List[Any]:
    # Every function of the module: its own, the values of its TABLE, its classes' attributes.
    found = []
    for name, value in vars(module).items():
        if name == "TABLE":
            found.extend(value.values())
        elif isinstance(value, type):
            for attribute in vars(value).values():
                attribute = getattr(attribute, "__func__", attribute)
                if hasattr(attribute, "__code__"):
                    found.append(attribute)
        elif hasattr(value, "__code__") and value.__module__ == module.__name__:
            found.append(value)
    # (in file order; the two lambdas of a line in the module's order)
    return sorted(found, key=lambda fn: fn.__code__.co_firstlineno)


@pytest.mark.parametrize("separately", [False, True], ids=["one-payload", "each"])
@pytest.mark.parametrize("order", ["file", "lambdas", "defs"])
@pytest.mark.parametrize("shape", list(FAMILY))
def test_a_files_lambdas_do_not_parse_its_lines_again_each(
    shape: str, order: str, separately: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lambdas of a file, wherever they sit (module level, a class body, a dict's values; the
    head of a long file, below its defs, a short file), dumped in one payload or one payload
    each, after the file's defs or before or among them, are found in parses that parse no line
    of the file more than twice (once, but for the lines of defs the block parse served before
    a whole or rest parse of the file): a parse is kept while lambdas of it wait, once a lambda
    was proven from it (issue 9: a table of 200 lambdas parsed its whole file 200 times), and
    let go once every function of the file was proven, from it or another parse of the file.
    The payloads are the whole file's parse's."""
    import srcpickle
    from srcpickle import _blocks, _source

    from . import import_from

    text = FAMILY[shape]
    name = f"blocks_family_{shape}"
    module = import_from(monkeypatch, write_module(tmp_path, name, text).parent, name)
    fns = _family_functions(module)
    if order == "lambdas":
        fns.sort(key=lambda fn: fn.__name__ != "<lambda>")
    elif order == "defs":
        fns.sort(key=lambda fn: fn.__name__ == "<lambda>")
    made: List[Tuple[int, int]] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        real_init(self, lines, block)
        made.append((self.first, len(lines) if block is None else block[2]))

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    payloads = [srcpickle.dumps(fn) for fn in fns] if separately else [srcpickle.dumps(fns)]
    count = len(text.splitlines())
    parsed_lines = [line for first, last in made for line in range(first, last + 1)]
    most = max(parsed_lines.count(line) for line in set(parsed_lines))
    assert most <= (2 if "def" in text else 1), made
    assert len([span for span in made if span == (1, count)]) <= 1, made
    # Every function of the file was dumped: no parse of it waits for one.
    path = module.__file__
    assert _source._PARSED.get(path) is None and _blocks._RESTS.get(path) is None
    monkeypatch.setattr(_source._ParsedFile, "__init__", real_init)
    if separately:
        assert _whole_file_payloads(monkeypatch, fns) == payloads
    else:
        assert _whole_file_payloads(monkeypatch, [fns]) == payloads


# Defs whose bodies make lambdas (never dumped alone), then a table of lambdas: short, and long
# enough for the block parse.
HELD_SHORT = (
    "K = 3\n\n\n"
    + "".join(f"def by{i}(xs):\n    return sorted(xs, key=lambda v: v % {i + 2} - K)\n\n\n" for i in range(3))
    + "TABLE = [\n"
    + "".join(f"    lambda x: x * {i} + K,\n" for i in range(5))
    + "]\n"
)
HELD_LONG = HELD_SHORT.replace("K = 3\n", "K = 3\n" + _FAMILY_DEFS, 1)


@pytest.mark.parametrize("text", [HELD_SHORT, HELD_LONG], ids=["short", "long"])
def test_lambdas_hold_their_files_parse_once_one_was_dumped_and_only_until_the_last(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse of a file is kept for its lambdas only once a lambda was proven from it (a
    program that dumps a file's defs alone does not keep it for a table of lambdas), and only for
    the lambdas outside function bodies (those of a def's body are made by each call, and rarely
    dumped): once the last of those was dumped, no parse of the file is kept (issue 9: a kept
    parse holds the file's syntax tree, which every garbage collection walks)."""
    import srcpickle
    from srcpickle import _blocks, _source

    from . import import_from, load_fresh

    name = f"blocks_held_{len(text)}"
    module = import_from(monkeypatch, write_module(tmp_path, name, text).parent, name)
    path = module.__file__

    def kept() -> bool:
        return _source._PARSED.get(path) is not None or _blocks._RESTS.get(path) is not None

    defs = [value for key, value in vars(module).items() if key.startswith(("d", "by"))]
    assert [fn(list(range(4))) for fn in defs if fn.__name__.startswith("by")]
    srcpickle.dumps(defs)
    assert not kept()
    payloads = []
    for fn in module.TABLE:
        assert not payloads or kept()  # (the other lambdas of the table wait)
        payloads.append(srcpickle.dumps(fn))
    assert not kept()
    assert [load_fresh(payloads[at], tmp_path, "fn(2)") for at in (0, 4)] == [
        module.TABLE[0](2),
        module.TABLE[4](2),
    ]
    loaded = load_fresh(srcpickle.dumps(defs[-1]), tmp_path, "fn([5, 6, 7])")
    assert loaded == defs[-1]([5, 6, 7])


@pytest.mark.parametrize("shape", ["short", "dict_short", "head"])
def test_a_module_imported_again_parses_its_file_once_again(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module imported again (its file unchanged: the same lines) has new code objects, whose
    sources are proven again: its functions are found in one parse of the file again, as the
    first time, not one each (what was proven of the codes before does not count for them)."""
    import sys

    import srcpickle
    from srcpickle import _source

    from . import import_from, load_fresh

    text = FAMILY[shape]
    name = f"blocks_again_{shape}"
    directory = write_module(tmp_path, name, text).parent
    made: List[int] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        real_init(self, lines, block)
        made.append(self.first)

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    for _ in range(3):
        sys.modules.pop(name, None)
        module = import_from(monkeypatch, directory, name)
        fns = [fn for fn in _family_functions(module) if fn.__name__ == "<lambda>"]
        before = len(made)
        payload = srcpickle.dumps(fns)
        # (the head's file stays parsed for its defs, not dumped here: read again)
        assert len(made) - before == (1 if before == 0 or shape != "head" else 0), made
    assert load_fresh(payload, tmp_path, "[f(5) for f in fn]") == [fn(5) for fn in fns]


# Two tables of lambdas below the defs of a long file.
TWO_TABLES = (
    "K = 3\n\n\n"
    + _FAMILY_DEFS
    + "TABLE = {\n"
    + "".join(f"    'k{i}': lambda x: x + {i} * K,\n" for i in range(30))
    + "}\nOTHER = {\n"
    + "".join(f"    'k{i}': lambda x: x - {i} * K,\n" for i in range(30))
    + "}\n"
)


@pytest.mark.parametrize("defs_first", [True, False], ids=["defs-first", "lambdas-only"])
def test_lambdas_of_two_statements_dumped_in_turn_parse_each_line_twice_at_most(
    defs_first: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lambdas of two statements dumped in turn (a value of one table, then of the other), once
    the file's rest went: the first statement is parsed alone, and a lambda of the other, while
    the first's still wait, gets the whole file's parse, which serves every later one (each
    statement parsed alone for each lambda parsed 60 tables for 60 lambdas). No parse is kept
    once all were dumped; the payloads are the whole file's parse's."""
    import srcpickle
    from srcpickle import _blocks, _source

    from . import import_from

    module = import_from(monkeypatch, write_module(tmp_path, "blocks_two", TWO_TABLES).parent, "blocks_two")
    defs = [value for name, value in vars(module).items() if name.startswith("d")]
    if defs_first:
        srcpickle.dumps(defs)
    made: List[Tuple[int, int]] = []
    real_init = _source._ParsedFile.__init__

    def counted(self: Any, lines: List[str], block: Any = None) -> None:
        real_init(self, lines, block)
        made.append((self.first, len(lines) if block is None else block[2]))

    monkeypatch.setattr(_source._ParsedFile, "__init__", counted)
    fns = [fn for pair in zip(module.TABLE.values(), module.OTHER.values()) for fn in pair]
    payloads = [srcpickle.dumps(fn) for fn in fns]
    assert len(made) <= 2, made
    assert _source._PARSED.get(module.__file__) is None and _blocks._RESTS.get(module.__file__) is None
    monkeypatch.setattr(_source._ParsedFile, "__init__", real_init)
    assert _whole_file_payloads(monkeypatch, fns) == payloads

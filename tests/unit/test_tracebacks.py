"""Tracebacks, ``linecache`` and ``inspect.getsource`` of loaded functions show the user's text.

A loaded function's code is compiled from a synthetic module text (its source at its original
lines, inside the headers of its enclosing scopes: ``compiler.module_text``) that is registered
in ``linecache`` under the code's file name. Every line a traceback, its carets (CPython 3.11+)
or ``inspect.getsource`` shows of a loaded function must be the source as captured, at the line
numbers the payload declares. Before, a lambda followed the loader's own text on its line, and
every traceback showed ``__srcpickle_scope__ = (lambda x: 1 // x + 1`` (or ``def outer(n):
return (lambda y: ...``, ``class K: __srcpickle_scope__ = (lambda ...``), its carets under that
line, and ``inspect.getsource`` returned the same line and a closing ``)`` line; a lambda spanning
lines from line 1 of its file did so after that fix.

The functions are loaded in a fresh interpreter (every one on the machine) where their module
cannot be imported, before anything there imported ``linecache`` (the entries wait in
``_sourcelines.PENDING``), and looked at after more payloads than the loader's caches hold were
loaded and dropped (their entries released).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import srcpickle

from . import RESULT_MARK, import_from, interpreters, isolated, result_of, write_module

MODULE = """\
import functools

inc = lambda x: 1 // x + 1


def outer(n):
    return lambda y: y // n


def with_default(x, f=lambda v: 1 // v):
    return f(x)


class Shape:
    scale = lambda self, v: 1 // v

    def area(self, v):
        return 10 // v


def deco(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)
    return wrapper


@deco
def decorated(x):
    return 1 // x


def nested(n):
    def inner(y):
        return y // n
    return inner


curried = lambda a: (lambda b: b // a)


def gen(x):
    yield 1 // x


async def coro(x):
    return 1 // x


def even(n):
    return 1 // n if n < 1 else odd(n - 1)


def odd(n):
    return even(n - 1)


spread = (lambda x:
          1 // x)

accent = lambda s: ("é" * 2, 1 // s)


def factory(n):
    class Local:
        pick = lambda self, v: v // n
    return Local


def apply(xs):
    return list(map(lambda v: 1 // v, xs))
"""

# A lambda on the first line of its file (a notebook cell's, ``python -c``'s): no line above it.
FIRST_LINE = "first = lambda x: 1 // x\n"
# Lambdas spanning lines from the first line of their file: the first breaks inside its own
# brackets (a statement alone), the second only inside the brackets around it.
FIRST_MULTI = "first_multi = lambda x: (1 // x,\n                         x)\n"
FIRST_PAREN = "first_paren = (lambda x: 1 // x +\n               2)\n"
# Lambdas far down a file with a __future__ import: the loader compiles them higher up and moves
# their code down (compiler.MOVE_MIN_LINES), the feature stated on the text's first line.
FAR = (
    "from __future__ import annotations\n"
    + "# filler\n" * 80
    + "far = lambda x: 1 // x\n\n\ndef far_outer(n):\n    return lambda y: y // n\n"
)

# name -> (what is dumped, from module ``m``, ``f``, ``g``, ``h`` or ``p``; the call of the loaded
# ``obj`` that fails)
CASES: Dict[str, Tuple[str, str]] = {
    "inc": ("m.inc", "obj(0)"),
    "outer": ("m.outer(0)", "obj(1)"),
    "with_default": ("m.with_default", "obj(0)"),
    "scale": ("m.Shape", "obj().scale(0)"),
    "area": ("m.Shape", "obj().area(0)"),
    "decorated": ("m.decorated", "obj(0)"),
    "nested": ("m.nested(0)", "obj(1)"),
    "curried": ("m.curried(0)", "obj(1)"),
    "gen": ("m.gen", "list(obj(0))"),
    "coro": ("m.coro", "obj(0).send(None)"),
    "even": ("m.even", "obj(2)"),
    "spread": ("m.spread", "obj(0)"),
    "accent": ("m.accent", "obj(0)"),
    "pick": ("m.factory(0)", "obj().pick(1)"),
    "first": ("f.first", "obj(0)"),
    "first_multi": ("h.first_multi", "obj(0)"),
    "first_paren": ("p.first_paren", "obj(0)"),
    "apply": ("m.apply", "obj([0])"),
    "far": ("g.far", "obj(0)"),
    "far_outer": ("g.far_outer(0)", "obj(1)"),
}


def line_of(text: str, after: str, wanted: str) -> int:
    """The number of the first line of ``text`` holding ``wanted``, at or below the line that
    holds ``after``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if wanted in lines[i]) + 1


def frame(after: str, line: str, under: str, text: str = MODULE) -> Tuple[int, str, str]:
    return line_of(text, after, line), line, under


# name -> each frame of a loaded function, outermost first: (line number, the line as the
# traceback shows it, the text its carets / positions mark)
FRAMES: Dict[str, List[Tuple[int, str, str]]] = {
    "inc": [frame("inc =", "lambda x: 1 // x + 1", "1 // x")],
    "outer": [frame("def outer", "lambda y: y // n", "y // n")],
    "with_default": [
        frame("def with_default", "return f(x)", "f(x)"),
        frame("def with_default", "lambda v: 1 // v", "1 // v"),
    ],
    "scale": [frame("class Shape", "lambda self, v: 1 // v", "1 // v")],
    "area": [frame("def area", "return 10 // v", "10 // v")],
    "decorated": [
        frame("def wrapper", "return fn(*args)", "fn(*args)"),
        frame("def decorated", "return 1 // x", "1 // x"),
    ],
    "nested": [frame("def inner", "return y // n", "y // n")],
    "curried": [frame("curried =", "lambda b: b // a", "b // a")],
    "gen": [frame("def gen", "yield 1 // x", "1 // x")],
    "coro": [frame("async def coro", "return 1 // x", "1 // x")],
    "even": [
        frame("def even", "return 1 // n if n < 1 else odd(n - 1)", "odd(n - 1)"),
        frame("def odd", "return even(n - 1)", "even(n - 1)"),
        frame("def even", "return 1 // n if n < 1 else odd(n - 1)", "1 // n"),
    ],
    "spread": [frame("spread =", "1 // x", "1 // x")],
    "accent": [frame("accent =", 'lambda s: ("é" * 2, 1 // s)', "1 // s")],
    "pick": [frame("class Local", "lambda self, v: v // n", "v // n")],
    "first": [frame("first =", "lambda x: 1 // x", "1 // x", FIRST_LINE)],
    "first_multi": [frame("first_multi =", "lambda x: (1 // x,", "1 // x", FIRST_MULTI)],
    # (the parenthesis that lets it span lines opens on its line: the one character not its own)
    "first_paren": [frame("first_paren =", "(lambda x: 1 // x +", "1 // x", FIRST_PAREN)],
    # (a lambda inside a def's source is compiled with it, as in its file)
    "apply": [
        frame("def apply", "return list(map(lambda v: 1 // v, xs))", "list(map(lambda v: 1 // v, xs))"),
        frame("def apply", "return list(map(lambda v: 1 // v, xs))", "1 // v"),
    ],
    "far": [frame("far =", "lambda x: 1 // x", "1 // x", FAR)],
    "far_outer": [frame("def far_outer", "lambda y: y // n", "y // n", FAR)],
}

# name -> the function of the loaded ``obj`` and what inspect.getsource gives for it: the source as
# captured (a method or nested def keeps the indentation of its file, as for the original).
GETSOURCE: Dict[str, Tuple[str, str]] = {
    "inc": ("obj", "lambda x: 1 // x + 1\n"),
    "outer": ("obj", "lambda y: y // n\n"),
    "with_default": ("obj", "def with_default(x, f=lambda v: 1 // v):\n    return f(x)\n"),
    "scale": ("obj.scale", "lambda self, v: 1 // v\n"),
    "area": ("obj.area", "    def area(self, v):\n        return 10 // v\n"),
    # (inspect follows __wrapped__ from the loaded wrapper to the loaded function)
    "decorated": ("obj", "@deco\ndef decorated(x):\n    return 1 // x\n"),
    "nested": ("obj", "    def inner(y):\n        return y // n\n"),
    "curried": ("obj", "lambda b: b // a\n"),
    "gen": ("obj", "def gen(x):\n    yield 1 // x\n"),
    "coro": ("obj", "async def coro(x):\n    return 1 // x\n"),
    "even": ("obj", "def even(n):\n    return 1 // n if n < 1 else odd(n - 1)\n"),
    # inspect ends a lambda at the end of its first line unless a bracket is open there: its
    # rule for any lambda that starts a line (the source's lines are shown by tracebacks).
    "spread": ("obj", "lambda x:\n"),
    "accent": ("obj", 'lambda s: ("é" * 2, 1 // s)\n'),
    "pick": ("obj.pick", "lambda self, v: v // n\n"),
    "first": ("obj", "lambda x: 1 // x\n"),
    "first_multi": ("obj", "lambda x: (1 // x,\n                         x)\n"),
    "first_paren": ("obj", "(lambda x: 1 // x +\n               2\n)\n"),
    "apply": ("obj", "def apply(xs):\n    return list(map(lambda v: 1 // v, xs))\n"),
    "far": ("obj", "lambda x: 1 // x\n"),
    "far_outer": ("obj", "lambda y: y // n\n"),
}

# More payloads than the loader's compile cache holds (compiler.COMPILE_CACHE_ENTRIES), each a
# text of its own, loaded and dropped in the child before the functions are looked at.
CHURN = 600

_CHILD = """\
import gc
import os
import sys

import srcpickle

folder, names, calls, wanted = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4]
loaded = {}
for name in names:
    with open(os.path.join(folder, name + ".srcpickle"), "rb") as handle:
        loaded[name] = srcpickle.loads(handle.read())
with open(os.path.join(folder, "churn.srcpickle"), "rb") as handle:
    churn = handle.read()
preloaded = "linecache" in sys.modules
for number in range(CHURN):
    srcpickle.loads(churn.replace(b"x + 0", b"x + %d" % number))(1)
gc.collect()

import inspect
import linecache
import traceback

CALLS = eval(calls)
WANTED = eval(wanted)


def frames(name):
    obj = loaded[name]
    try:
        eval(CALLS[name])
    except ZeroDivisionError as exc:
        error = exc
    else:
        raise AssertionError(name + " did not fail")
    tb = error.__traceback__
    shown = "".join(traceback.format_exception(type(error), error, tb)).split("\\n")
    found = []
    for summary in traceback.extract_tb(tb):
        if not summary.filename.startswith("<srcpickle-"):
            continue
        start, end = getattr(summary, "colno", None), getattr(summary, "end_colno", None)
        under = None
        if start is not None and end is not None and summary.end_lineno == summary.lineno:
            # Positions count UTF-8 bytes of the line linecache holds.
            raw = linecache.getline(summary.filename, summary.lineno).encode("utf-8")
            under = raw[start:end].decode("utf-8")
        found.append((summary.lineno, summary.line, under))
    # What the printed traceback's caret lines mark under each loaded frame's line.
    marked = []
    for index, text in enumerate(shown):
        if text.strip().startswith('File "<srcpickle-'):
            line = shown[index + 1]
            carets = shown[index + 2] if index + 2 < len(shown) else ""
            if carets.strip() and not set(carets.strip()) - set("~^"):
                first = len(carets) - len(carets.lstrip())
                marked.append(line[first : len(carets.rstrip())])
    return found, marked, "__srcpickle_scope__" in "\\n".join(shown)


def source(name):
    obj = loaded[name]
    return inspect.getsource(eval(WANTED[name]))


def dumped_again(name):
    # The payload it came from, but for the line naming the writer.
    with open(os.path.join(folder, name + ".srcpickle"), "rb") as handle:
        payload = handle.read().split(b"\\n")
    again = srcpickle.dumps(loaded[name]).split(b"\\n")
    return again[:1] + again[2:] == payload[:1] + payload[2:]


print(RESULT + repr((
    preloaded,
    {name: frames(name) for name in CALLS},
    {name: source(name) for name in WANTED},
    sum(1 for entry in list(linecache.cache) if entry.startswith("<srcpickle-")),
    [name for name in names if not dumped_again(name)],
)))
"""


def dump_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The payload of each case, and the churn function's, written to a folder."""
    code = tmp_path / "code"
    write_module(code, "tb_module", MODULE)
    write_module(code, "tb_first_line", FIRST_LINE)
    write_module(code, "tb_first_multi", FIRST_MULTI)
    write_module(code, "tb_first_paren", FIRST_PAREN)
    write_module(code, "tb_far", FAR)
    write_module(code, "tb_churn", "def churn(x):\n    return x + 0\n")
    namespace = {
        "m": import_from(monkeypatch, code, "tb_module"),
        "f": import_from(monkeypatch, code, "tb_first_line"),
        "g": import_from(monkeypatch, code, "tb_far"),
        "h": import_from(monkeypatch, code, "tb_first_multi"),
        "p": import_from(monkeypatch, code, "tb_first_paren"),
    }
    folder = tmp_path / "payloads"
    folder.mkdir()
    for name, (expression, _) in CASES.items():
        (folder / f"{name}.srcpickle").write_bytes(srcpickle.dumps(eval(expression, namespace)))
    churn = import_from(monkeypatch, code, "tb_churn").churn
    (folder / "churn.srcpickle").write_bytes(srcpickle.dumps(churn))
    return folder


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_tracebacks_and_getsource_of_loaded_functions_show_the_captured_source(
    interpreter: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = dump_cases(tmp_path, monkeypatch)
    calls = {name: call for name, (_, call) in CASES.items()}
    code = f"RESULT = {RESULT_MARK!r}\nCHURN = {CHURN}\n" + _CHILD
    args = [str(folder), ",".join(CASES), repr(calls), repr({n: w for n, (w, _) in GETSOURCE.items()})]
    proc = isolated().run(interpreter, code, args=args, timeout=180)
    preloaded, frames, sources, entries, changed = result_of(proc)
    # Carets and positions: CPython 3.11+ (PyPy's code has no columns).
    positions = interpreter.implementation == "cpython" and interpreter.version >= (3, 11)
    for name, expected in FRAMES.items():
        found, marked, wrapper_shown = frames[name]
        assert not wrapper_shown, f"{name}: the loader's text in the traceback"
        assert [(number, line) for number, line, _ in found] == [(n, line) for n, line, _ in expected], name
        if positions:
            assert [under for _, _, under in found] == [under for _, _, under in expected], name
            # The printed carets (absent under a line they would mark whole) mark the same text.
            assert set(marked) <= {under for _, _, under in expected}, (name, marked)
    assert any(frames[name][1] for name in FRAMES) == positions
    assert sources == {name: text for name, (_, text) in GETSOURCE.items()}
    # The entries are bounded: most of the churn's went with its functions (what is left is the
    # live functions' and what the loader's bounded caches hold), and the live ones stayed.
    assert len(CASES) <= entries < CHURN
    assert preloaded == (interpreter.implementation == "cpython" and interpreter.version >= (3, 13))
    # Dumping each loaded function again reads its lines: it gives the payload it came from.
    assert changed == []


def test_a_lambda_starts_its_own_line_of_the_module_text() -> None:
    """The text compiled for a lambda holds its source alone on its line (the line tracebacks
    show), wherever a line above is free for the parenthesis that opens around it; otherwise the
    loader's text precedes it on its line, as before."""
    from srcpickle._rebuild.compiler import module_text

    def line(text: str, number: int) -> str:
        return text.split("\n")[number - 1]

    source = "lambda x: x + 1"
    assert line(module_text("lambda", source, 3, "", []), 3) == source
    assert line(module_text("lambda", source, 1, "", []), 1) == source
    assert line(module_text("lambda", source, 2, "", ["n"], scope="outer.<locals>"), 2) == source
    assert line(module_text("lambda", source, 2, "", [], scope="K"), 2) == source
    nested = module_text("lambda", source, 3, "", ["n"], scope="make.<locals>.K")
    assert line(nested, 3) == source
    multi = "lambda x:\n    x + 1"
    assert module_text("lambda", multi, 4, "", []).split("\n")[3:5] == multi.split("\n")
    # No line above is free: line 1. A lambda spanning lines is a statement alone where its lines
    # break inside its own brackets, else in parentheses opened on its line; in a scope, the
    # header precedes it.
    bracketed = "lambda x: (x,\n    1)"
    assert module_text("lambda", bracketed, 1, "", []).split("\n")[:2] == bracketed.split("\n")
    assert line(module_text("lambda", multi, 1, "", []), 1) == "(lambda x:"
    assert line(module_text("lambda", source, 1, "", [], scope="K"), 1).startswith("class K: ")


def test_the_carets_of_a_loaded_lambda_point_into_its_own_text() -> None:
    """In this process too (linecache imported): the positions of a loaded lambda's failing
    expression are columns of the line linecache holds for it, which is the lambda's source."""
    import linecache
    import traceback

    payload = textwrap.dedent(
        """\
        srcpickle-payload 2
        written-by: 'hand'
        requires-python: '3.9'
        root: @halve

        [function halve]
        name: '<lambda>'
        qualname: '<lambda>'
        module: 'tb_hand'
        namespace: @m
        signature: '(x)'
        doc: None
        kind: 'lambda'
        line: 3
        source: 1
            lambda x: (x, 10 // x)

        [namespace m]
        module: 'tb_hand'

        [end]
        """
    ).encode()
    fn = srcpickle.loads(payload)
    assert fn(5) == (5, 2)
    with pytest.raises(ZeroDivisionError) as info:
        fn(0)
    summary = traceback.extract_tb(info.value.__traceback__)[-1]
    assert (summary.lineno, summary.line) == (3, "lambda x: (x, 10 // x)")
    assert linecache.getline(fn.__code__.co_filename, 3) == "lambda x: (x, 10 // x)\n"
    start: Optional[int] = getattr(summary, "colno", None)
    if start is not None:
        assert summary.line[start : summary.end_colno] == "10 // x"

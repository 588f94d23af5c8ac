"""The loader's ``linecache`` entries: one per source text, registered and held in one step
(``compiler.hold_source``), released when the last object made from the text dies.

- A load that fails leaves nothing behind, wherever it fails: before a class statement runs (its
  body reads an object whose call fails), while it runs, after (its captured state fails), or in
  a section beside a function. Before, a class's text was registered before the load could fail
  and tied to its code only later: every failed load left an entry for good.
- An entry registered again while its previous holder is about to die stays for the new holder.
  Before, registering saw the entry present and added nothing; when the old code died before the
  new one was counted, its finalizer removed the entry the new function needed.
"""

from __future__ import annotations

import gc
import inspect
import linecache
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest

import srcpickle
from srcpickle import _rebuild, _sourcelines
from srcpickle._rebuild import classes, compiler, functions

from . import CURRENT as CURRENT_INTERPRETER
from . import RESULT_MARK, import_from, interpreters, isolated, result_of, write_module

HEADER = "srcpickle-payload 2\nwritten-by: 'hand'\nrequires-python: '3.9'\nroot: {root}\n\n"
BAD = "[reduce bad]\ncallable: @int\nargs: ('not a number',)\n\n"
INT = "[ref int]\nmodule: 'builtins'\nqualname: 'int'\ndistribution: 'stdlib'\n\n"


def namespace(module: str, *globals_: str) -> str:
    return f"[namespace m]\nmodule: '{module}'\n" + "".join(f"{g}\n" for g in globals_) + "\n"


def class_section(module: str, body: List[str], *extra: str, number: int) -> str:
    lines = ["class C:", *(f"    {line}" for line in body), f"    number = {number}"]
    return (
        f"[class C]\nname: 'C'\nqualname: 'C'\nmodule: '{module}'\nnamespace: @m\n"
        + "".join(f"{e}\n" for e in extra)
        + f"line: 1\nsource: {len(lines)}\n"
        + "".join(f"    {line}\n" for line in lines)
        + "\n"
    )


def failing_payloads(kind: str, module: str, number: int) -> str:
    """A payload whose load fails, with a source text of its own (``number``)."""
    if kind == "before the class statement runs":
        # The class section comes first: its statement reads X, whose call fails.
        sections = [
            class_section(module, ["y = X"], number=number),
            namespace(module, "global X = @bad"),
            BAD,
        ]
    elif kind == "while the class statement runs":
        sections = [class_section(module, ["y = 1 // 0"], number=number), namespace(module)]
    elif kind == "after the class statement ran":
        sections = [
            class_section(module, ["y = 1"], "attribute y = @bad", number=number),
            namespace(module),
            BAD,
        ]
    elif kind == "in a section beside a function":
        source = f"def f():\n    return {number}\n"
        sections = [
            "[function f]\nname: 'f'\nqualname: 'f'\nmodule: '" + module + "'\nnamespace: @m\ndoc: None\n"
            "attribute tag = @bad\nkind: 'def'\nline: 1\nsource: 2\n"
            + "".join(f"    {line}\n" for line in source.splitlines())
            + "\n",
            namespace(module),
            BAD,
        ]
    else:
        raise AssertionError(kind)
    return HEADER.format(root="@C" if "class" in kind else "@f") + "".join(sections) + INT + "[end]\n"


def entries_of(module: str) -> Dict[str, List[str]]:
    """The loader's linecache entries (and LOADED_FILES names) of sources of ``module``."""
    return {
        "linecache": [n for n in list(linecache.cache) if n.startswith("<srcpickle-") and f" {module}." in n],
        "loaded files": [n for n in list(compiler.LOADED_FILES) if f" {module}." in n],
    }


def forget_caches() -> None:
    # What the loader's caches keep alive (compiled code, and the functions' code named after it)
    # holds entries too, by design and bounded; without them, what is left is what leaked.
    _rebuild._PREPARED.clear()
    compiler._COMPILED.clear()
    gc.collect()


KINDS = [
    "before the class statement runs",
    "while the class statement runs",
    "after the class statement ran",
    "in a section beside a function",
]


@pytest.mark.parametrize("kind", KINDS)
def test_failed_loads_leave_no_linecache_entry(kind: str) -> None:
    module = "leakcheck_" + kind.replace(" ", "_")
    for number in range(60):
        with pytest.raises(srcpickle.LoadError):
            srcpickle.loads(failing_payloads(kind, module, number))
    forget_caches()
    assert entries_of(module) == {"linecache": [], "loaded files": []}


def test_a_failed_load_keeps_the_entry_of_a_live_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same source loaded and alive, then loaded again in a payload that fails: the live
    # function keeps its entry, and its tracebacks their lines.
    mod = import_from(
        monkeypatch,
        write_module(tmp_path, "leakcheck_live", "def f(x):\n    return 10 // x\n").parent,
        "leakcheck_live",
    )
    data = srcpickle.dumps(mod.f)
    fn = srcpickle.loads(data)
    broken = (
        data.decode()
        .replace("[end]", BAD + INT + "[end]")
        .replace("doc: None", "doc: None\nattribute t = @bad")
    )
    for _ in range(5):
        with pytest.raises(srcpickle.LoadError):
            srcpickle.loads(broken)
    forget_caches()
    assert len(entries_of("leakcheck_live")["linecache"]) == 1
    with pytest.raises(ZeroDivisionError) as info:
        fn(0)
    assert "return 10 // x" in "".join(traceback.format_exception(info.type, info.value, info.tb))
    del fn, info
    forget_caches()
    assert entries_of("leakcheck_live") == {"linecache": [], "loaded files": []}


def _dying_holder(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, victims: List[Any], generator: bool
) -> None:
    # Patch ``module.name`` (a step of the load between naming a source and holding it, before
    # the fix) so that the last object holding the entry dies just before it runs.
    real: Callable[..., Any] = getattr(module, name)

    def drop() -> None:
        victims.clear()
        forget_caches()

    if generator:

        def patched_generator(*args: Any) -> Iterator[Any]:
            drop()
            return (yield from real(*args))

        monkeypatch.setattr(module, name, patched_generator)
    else:

        def patched(*args: Any) -> Any:
            drop()
            return real(*args)

        monkeypatch.setattr(module, name, patched)


def test_a_function_loaded_again_while_its_previous_code_dies_keeps_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "def area(width, height):\n    # the rectangle's\n    return width * height\n"
    mod = import_from(monkeypatch, write_module(tmp_path, "race_function", text).parent, "race_function")
    data = srcpickle.dumps(mod.area)
    victims = [srcpickle.loads(data)]
    forget_caches()  # the first function's code is the entry's only holder now
    _dying_holder(monkeypatch, functions, "named_code", victims, generator=False)
    fn = srcpickle.loads(data)
    assert not victims
    assert fn(3, 4) == 12
    assert inspect.getsource(fn) == text
    monkeypatch.undo()
    assert srcpickle.dumps(fn) == data  # dumping the loaded function reads the entry


def test_a_class_loaded_again_while_its_previous_class_dies_keeps_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A class without methods: its text is named and held by its class statement only. A class
    # made in a function is made anew at each load (not the class loaded before).
    text = "def make():\n    class Point:\n        x = 1\n        y = 2\n\n    return Point\n"
    mod = import_from(monkeypatch, write_module(tmp_path, "race_class", text).parent, "race_class")
    data = srcpickle.dumps(mod.make())
    victims = [srcpickle.loads(data)]
    forget_caches()
    _dying_holder(monkeypatch, classes, "set_globals", victims, generator=True)
    cls = srcpickle.loads(data)
    assert not victims
    assert (cls.x, cls.y, cls.__qualname__) == (1, 2, "make.<locals>.Point")
    assert "        x = 1\n" in linecache.getlines(compiler.LOADED_CLASSES[cls][0])
    monkeypatch.undo()
    assert srcpickle.dumps(cls) == data  # dumping the loaded class reads its entry


def test_hold_source_counts_each_holder_once() -> None:
    code = compile("def g():\n    return 1\n", "<srcpickle-test-holders>", "exec")
    for _ in range(3):
        compiler.hold_source("<srcpickle-test-holders>", "def g():\n    return 1", "t.py", code)
    assert len(compiler._HOLDERS["<srcpickle-test-holders>"]) == 2  # the module code and g's
    assert linecache.getline("<srcpickle-test-holders>", 2) == "    return 1\n"
    del code
    gc.collect()
    assert "<srcpickle-test-holders>" not in compiler._HOLDERS
    assert "<srcpickle-test-holders>" not in linecache.cache


_EXIT_SCRIPT = r"""
import atexit, linecache, sys

def after_release():
    # Registered before srcpickle's import: runs after its atexit hook.
    held = sorted(name for name in linecache.cache if name.startswith("<srcpickle-"))
    print("after:", held, flush=True)

atexit.register(after_release)

import inspect
import srcpickle

payload = sys.stdin.buffer.read()
loaded = [srcpickle.loads(payload) for _ in range(3)]
print("calls:", [fn(2) for fn in loaded], flush=True)

def before_release():
    # Registered after the loads: runs first, while the loaded functions' sources are there.
    print("source:", inspect.getsource(loaded[0]).strip(), flush=True)

atexit.register(before_release)
"""


def test_linecache_entries_at_exit(tmp_path: Path) -> None:
    """A process that exits holding loaded functions shows their source to the atexit hooks
    registered after its loads, releases every entry in srcpickle's own hook (the interpreter's
    last collections do not walk their lines), and prints nothing else: the weak references'
    callbacks are silent during shutdown."""
    import subprocess
    import sys

    def double(x):
        return x * 2

    payload = srcpickle.dumps(double)
    done = subprocess.run(
        [sys.executable, "-c", _EXIT_SCRIPT], input=payload, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    source = inspect.getsource(double).strip()
    assert done.stdout.decode() == f"calls: [4, 4, 4]\nsource: {source}\nafter: []\n"


def test_the_padding_count_kept_for_the_last_text_answers_for_that_text_only() -> None:
    # _leading_newlines keeps the count of the last text it was asked about (a new source's text
    # is asked for its synthetic name, then for its linecache entry): by identity, so an equal
    # text, a text of other padding and a text padded with other whitespace are counted anew.
    texts = [
        "\n" * 100 + "def f():\n    return 1\n",
        "\n" * 3 + "def f():\n    return 1\n",
        "\n \n" + "def f():\n    return 1\n",  # a space in the padding: only the first "\n"
        "def f():\n    return 1\n",
        "\n" * 7 + "\t\n" + "x = 1\n",
    ]
    copies = ["".join(list(text)) for text in texts]  # equal, not identical
    for text in [*texts, *reversed(copies), *texts, texts[0], texts[0], copies[0]]:
        assert compiler._leading_newlines(text) == len(text) - len(text.lstrip("\n")), repr(text[:12])


# A child that loads a payload before anything imported linecache (import srcpickle no longer
# does, issue 9), then imports it in the way argv[2] names, and reports what a user would see.
_PENDING_CHILD = """\
import gc, sys
PRELOADED = "linecache" in sys.modules  # (3.13 imports it at startup: no entry is pending)
from srcpickle import _sourcelines
from srcpickle import _rebuild
from srcpickle._rebuild import compiler
import srcpickle
assert PRELOADED or "linecache" not in sys.modules, "imported with srcpickle"
assert "tokenize" not in sys.modules, "imported with srcpickle"
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
fn = srcpickle.loads(data)
gone = srcpickle.loads(data.replace(b"10 // x", b"20 // x"))  # a text of its own, to release
name = fn.__code__.co_filename
pending = [] if PRELOADED else [name, gone.__code__.co_filename]
before = (
    "linecache" in sys.modules,
    sorted(_sourcelines.PENDING) == sorted(pending),
    (sys.meta_path[0] is _sourcelines._LinecacheFinder) != PRELOADED,
)
gone_name = gone.__code__.co_filename
del gone
_rebuild._PREPARED.clear()  # (what forget_caches clears: the caches hold code, by design)
compiler._COMPILED.clear()
gc.collect()
released = gone_name not in _sourcelines.current() and name in _sourcelines.current()
how = sys.argv[2]
if how == "traceback":
    import traceback
    try:
        fn(0)
    except ZeroDivisionError as exc:
        shown = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    import linecache
elif how == "import_module":
    import importlib
    linecache = importlib.import_module("linecache")
    shown = "".join(linecache.getlines(name))
elif how == "from-import":
    from linecache import getline
    import linecache
    shown = getline(name, 2)
elif how == "inspect":
    import inspect, linecache
    shown = inspect.getsource(fn)
elif how == "dumps":  # the capture side imports linecache (srcpickle._source)
    again = srcpickle.dumps(fn)
    import linecache
    same = again.splitlines()[2:] == data.splitlines()[2:]  # (but the written-by line)
    shown = "".join(linecache.getlines(name)) if same else "another payload"
loader = linecache.__spec__.loader
print(RESULT + repr((
    PRELOADED,
    before,
    released,
    "return 10 // x" in shown,
    name in linecache.cache,
    _sourcelines.PENDING,
    any(f is _sourcelines._LinecacheFinder for f in sys.meta_path),
    linecache.__loader__ is loader and type(loader).__module__ != "srcpickle._sourcelines",
)))
"""


@pytest.mark.any_python
@pytest.mark.parametrize("how", ["traceback", "import_module", "from-import", "inspect", "dumps"])
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_entries_made_before_linecache_is_imported_are_there_once_it_is(
    interpreter: Any, how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``import srcpickle`` does not import linecache (its tokenize was a third of the import):
    a load before any code imported it keeps its lines pending, an entry released meanwhile goes,
    and whichever way linecache is then imported, it holds the lines (tracebacks, getlines,
    inspect, a dumps of the loaded function giving the same payload); the finder that moved them
    is gone from ``sys.meta_path`` and linecache keeps its own loader."""
    mod = import_from(
        monkeypatch,
        write_module(tmp_path, "pending_lines", "def f(x):\n    return 10 // x\n").parent,
        "pending_lines",
    )
    path = tmp_path / "f.srcpickle"
    path.write_bytes(srcpickle.dumps(mod.f))
    code = f"RESULT = {RESULT_MARK!r}\n" + _PENDING_CHILD
    proc = isolated().run(interpreter, code, args=[str(path), how], timeout=120)
    preloaded, *seen = result_of(proc)
    assert seen == [(preloaded, True, True), True, True, True, {}, False, True]
    assert preloaded == (interpreter.implementation == "cpython" and interpreter.version >= (3, 13))


def test_entries_go_straight_to_linecache_once_it_is_imported() -> None:
    # In this process linecache is imported (pytest imports it): no entry is pending, no finder.
    def triple(x: int) -> int:
        return x * 3

    fn = srcpickle.loads(srcpickle.dumps(triple))
    assert fn(2) == 6
    assert fn.__code__.co_filename in linecache.cache
    assert _sourcelines.PENDING == {}
    assert _sourcelines._LinecacheFinder not in sys.meta_path
    assert _sourcelines.entries() is linecache.cache


# Files whose lines the dump side reads without linecache, each beside what read_lines must give:
# "same" (linecache's lines, in its cache once imported), or None (linecache answers: a
# declared encoding, no UTF-8 text, an empty file, a name that is no file).
_READ_FILES = {
    "lf.py": (b"def f(x):\n    return x + 1\n", "same"),
    "crlf.py": (b"def f(x):\r\n    return x + 1\r\n", "same"),
    "cr.py": (b"def f(x):\r    return x + 1\r", "same"),
    "no_newline.py": (b"def f(x):\n    return x + 1", "same"),
    "bom.py": (b"\xef\xbb\xbfdef f(x):\n    return '\xc3\xa9' + x\n", "same"),
    # Characters str.splitlines splits at and a file's lines do not (form feed, U+2028, U+0085).
    "odd_ends.py": (b"def f(x):\n    return '\x0c\xe2\x80\xa8\xc2\x85' + x\n", "same"),
    "unicode.py": (b"# \xe2\x9c\x93\ndef f(x):\n    return '\xe2\x9c\x93' * x\n", "same"),
    "latin1.py": (b"# -*- coding: latin-1 -*-\ndef f(x):\n    return '\xe9' + x\n", None),
    "cookie_second.py": (b"#!/usr/bin/env python\n# vim: set fileencoding=utf-8 :\nx = 1\n", None),
    "coding_word.py": (b"# decoding helpers\nx = 1\n", None),
    "not_utf8.py": (b"x = '\xe9'\n", None),
    "empty.py": (b"", None),
}

_READ_CHILD = """\
import os, sys
from srcpickle import _sourcelines
PRELOADED = "linecache" in sys.modules
folder = sys.argv[1]
read = {}
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    read[name] = _sourcelines.read_lines(path, True)
again = {name: _sourcelines.read_lines(os.path.join(folder, name), True) for name in read}
missing = _sourcelines.read_lines(os.path.join(folder, "missing.py"), True)
made_up = _sourcelines.read_lines("<string>", True)
quiet = "linecache" not in sys.modules and "tokenize" not in sys.modules
import linecache
found = {}
for name, lines in read.items():
    if lines is not None:  # (3.9's linecache raises for some of the others)
        theirs = linecache.getlines(os.path.join(folder, name))
        found[name] = (lines == theirs, lines is theirs, again[name] is lines)
    else:
        found[name] = None
print(RESULT + repr((PRELOADED, quiet, found, missing, made_up, _sourcelines.PENDING)))
"""


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_the_dump_side_reads_a_files_lines_as_linecache_would_without_it(
    interpreter: Any, tmp_path: Path
) -> None:
    """While no code has imported linecache (whose tokenize was a third of a first dumps), the
    dump side reads a file's lines itself (``_sourcelines.read_lines``): the very lines
    linecache gives (universal newlines, a byte order mark dropped, a last newline added, no
    split at characters only str.splitlines splits at), registered so that linecache, once
    imported, holds the same list (what was proven about it holds); a file that may declare
    its encoding, is no UTF-8 text, is empty or does not exist, and a made-up name, are left
    to linecache. Where the interpreter imports linecache at startup (3.13), linecache answers."""
    folder = tmp_path / "files"
    folder.mkdir()
    for name, (data, _) in _READ_FILES.items():
        (folder / name).write_bytes(data)
    code = f"RESULT = {RESULT_MARK!r}\n" + _READ_CHILD
    proc = isolated().run(interpreter, code, args=[str(folder)], timeout=120)
    preloaded, quiet, found, missing, made_up, pending = result_of(proc)
    assert (missing, made_up, pending) == (None, None, {})
    if preloaded:
        assert found == dict.fromkeys(_READ_FILES), found
        return
    assert quiet
    expected = {name: None if how is None else (True, True, True) for name, (_, how) in _READ_FILES.items()}
    assert found == expected


_EDITED_CHILD = """\
import os, sys
startup = "linecache" in sys.modules
import srcpickle
from srcpickle import SourceMismatchError, _sourcelines
sys.path.insert(0, sys.argv[1])
import fresh_lines, fresh_other
first = srcpickle.dumps(fresh_lines.f), srcpickle.dumps(fresh_other.f)
quiet = "linecache" not in sys.modules and "tokenize" not in sys.modules
other = _sourcelines.read_lines(fresh_other.__file__, True)


def write(text, later):
    with open(fresh_lines.__file__, "w") as handle:
        handle.write(text)
    stat = os.stat(fresh_lines.__file__)
    os.utime(fresh_lines.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns + later))


write(sys.argv[2], 5_000_000_000)
try:
    srcpickle.dumps(fresh_lines.g)
    edited = "no error"
except SourceMismatchError as exc:
    edited = "does not match its live code" in str(exc)
write(sys.argv[3], 10_000_000_000)
second = srcpickle.dumps(fresh_lines.g)
import linecache
kept = linecache.getlines(fresh_other.__file__) is other
same = srcpickle.dumps(fresh_other.f) == first[1]
print(RESULT + repr((first, quiet, edited, second, kept, same, startup)))
"""


def test_a_file_edited_before_linecache_is_imported_still_fails_verification(tmp_path: Path) -> None:
    """A first dumps in a process without linecache reads the file itself, and imports neither
    linecache nor tokenize: an edit of the file on disk after import still shows
    (SourceMismatchError); the file as it was dumps again, payloads that load and work in a
    fresh process. Once linecache is imported it holds the very lines read of another file, and
    its function dumps to the same payload."""
    from . import load_fresh

    text = "K = 2\n\n\ndef f(x):\n    return x * K\n\n\ndef g(x):\n    return x - K\n"
    write_module(tmp_path / "code", "fresh_lines", text)
    write_module(tmp_path / "code", "fresh_other", text.replace("K = 2", "K = 3"))
    code = f"RESULT = {RESULT_MARK!r}\n" + _EDITED_CHILD
    args = [str(tmp_path / "code"), text.replace("x - K", "x + K"), text]
    proc = isolated().run(CURRENT_INTERPRETER, code, args=args, timeout=120)
    (first, other_first), quiet, edited, second, kept, same, startup = result_of(proc)
    # 3.13 imports linecache at startup: linecache reads the files there, and the edit shows too.
    assert (quiet, kept) == ((False, False) if startup else (True, True))
    assert (edited, same) == (True, True)
    assert load_fresh(first, tmp_path, "fn(5)") == 10
    assert load_fresh(other_first, tmp_path, "fn(5)") == 15
    assert load_fresh(second, tmp_path, "fn(5)") == 3


_PRELOADED_CHILD = """\
import linecache, os, sys
import srcpickle
from srcpickle import SourceMismatchError, _sourcelines
sys.path.insert(0, sys.argv[1])
import fresh_lines
first = srcpickle.dumps(fresh_lines.f)
adopted = _sourcelines._LINECACHE == [linecache] and _sourcelines.PENDING == {}
again = srcpickle.dumps(fresh_lines.f) == first
with open(fresh_lines.__file__, "w") as handle:
    handle.write(sys.argv[2])
stat = os.stat(fresh_lines.__file__)
os.utime(fresh_lines.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
try:
    srcpickle.dumps(fresh_lines.f)
    edited = "no error"
except SourceMismatchError as exc:
    edited = "does not match its live code" in str(exc)
print(RESULT + repr((adopted, again, edited)))
"""


def test_a_file_edited_after_warm_dumps_with_linecache_imported_first_still_fails(tmp_path: Path) -> None:
    """In a process that imported linecache before srcpickle (no finder placed), the first
    dumps's read of a file takes linecache's cache over, after which warm dumps ask linecache
    without read_lines's lock: a file edited on disk after two dumps still fails verification."""
    text = "K = 2\n\n\ndef f(x):\n    return x * K\n"
    write_module(tmp_path / "code", "fresh_lines", text)
    code = f"RESULT = {RESULT_MARK!r}\n" + _PRELOADED_CHILD
    args = [str(tmp_path / "code"), text.replace("x * K", "x + K")]
    proc = isolated().run(CURRENT_INTERPRETER, code, args=args, timeout=120)
    assert result_of(proc) == (True, True, True)

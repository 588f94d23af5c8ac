"""Source recovery (exact, dedented, comments kept) and its verification against the live code.

Functions are defined in modules written to ``tmp_path`` and imported here; every payload that
should work is loaded in a fresh interpreter where those modules cannot be imported.
"""

from __future__ import annotations

import linecache
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import srcpickle
from srcpickle import SourceMismatchError, SourceUnavailableError
from srcpickle._model import FunctionNode
from srcpickle._pythons import Interpreter

from . import (
    CHILD_TIMEOUT,
    RESULT_MARK,
    import_from,
    interpreters,
    isolated,
    load_fresh,
    result_of,
    run_fresh,
    touch_later,
    write_module,
)


def root_function(data: bytes) -> FunctionNode:
    node = srcpickle.inspect(data).root_node
    assert isinstance(node, FunctionNode)
    return node


# --------------------------------------------------------------------------- exact recovery


EXACT = '''\
import math

SCALE = 2.5


def area(radius, *, precise=False):
    """Area of a circle."""
    # Comments belong to the source and stay in it.
    value = math.pi * radius ** 2  # trailing comment

    if precise:  # a blank line above is kept too
        return value
    return round(value * SCALE, 2)
'''


def test_module_function_source_is_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "src_exact", EXACT)
    module = import_from(monkeypatch, tmp_path, "src_exact")
    data = srcpickle.dumps(module.area)
    node = root_function(data)
    assert node.source == EXACT[EXACT.index("def area") :].rstrip("\n")
    assert node.line == 6
    assert node.kind == "def"
    assert node.file == "src_exact.py"
    assert load_fresh(data, tmp_path, "(fn(1), fn(2, precise=True))") == (
        module.area(1),
        module.area(2, precise=True),
    )


NESTED = """\
def make_counter(start):
    count = [start]

    def counter(step=1):
        # A closure: its source comes out dedented.
        count[0] += step

        return count[0]  # trailing
    return counter


class Holder:
    def make(self, base):
        def deeper(x):
            def deepest(y):
                # Three levels in.
                return base + x + y
            return deepest
        return deeper
"""


def test_closure_source_is_dedented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "src_nested", NESTED)
    module = import_from(monkeypatch, tmp_path, "src_nested")
    data = srcpickle.dumps(module.make_counter(10))
    node = root_function(data)
    assert node.source == textwrap.dedent(
        """\
        def counter(step=1):
            # A closure: its source comes out dedented.
            count[0] += step

            return count[0]  # trailing"""
    )
    assert node.indent == "    "
    assert node.line == 4
    assert load_fresh(data, tmp_path, "(fn(), fn(5))") == (11, 16)


def test_deeply_nested_source_is_dedented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "src_deep", NESTED)
    module = import_from(monkeypatch, tmp_path, "src_deep")
    data = srcpickle.dumps(module.Holder().make(100)(20))
    node = root_function(data)
    assert node.source == textwrap.dedent(
        """\
        def deepest(y):
            # Three levels in.
            return base + x + y"""
    )
    assert node.indent == " " * 12
    assert node.qualname == "Holder.make.<locals>.deeper.<locals>.deepest"
    assert load_fresh(data, tmp_path, "fn(3)") == 123


def test_decorator_lines_are_part_of_the_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path,
        "src_decorated",
        """\
        import functools

        REGISTRY = []


        def register(fn):
            REGISTRY.append(fn.__name__)
            return fn


        @register
        @functools.lru_cache(maxsize=None)  # not applied: lru_cache wraps, register returns it
        def plain(x):
            return x * 3
        """,
    )
    module = import_from(monkeypatch, tmp_path, "src_decorated")
    fn = module.plain.__wrapped__
    data = srcpickle.dumps(fn)
    assert root_function(data).source == (
        "@register\n"
        "@functools.lru_cache(maxsize=None)  # not applied: lru_cache wraps, register returns it\n"
        "def plain(x):\n"
        "    return x * 3"
    )
    assert load_fresh(data, tmp_path, "fn(4)") == 12


def test_redefined_function_keeps_its_own_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path,
        "src_redefined",
        """\
        def version():
            return 1


        FIRST = version


        def version():
            return 2
        """,
    )
    module = import_from(monkeypatch, tmp_path, "src_redefined")
    first, second = srcpickle.dumps(module.FIRST), srcpickle.dumps(module.version)
    assert root_function(first).source == "def version():\n    return 1"
    assert root_function(second).source == "def version():\n    return 2"
    assert load_fresh(first, tmp_path, "fn()") == 1
    assert load_fresh(second, tmp_path, "fn()") == 2


# A multi-line string inside an indented function: its continuation lines belong to the string,
# so dedenting the function must not change the string's value.
STRINGS = '''\
def deeper_lines():
    def inner():
        text = """first
            indented deeper
        at the def's body level
    at the def's own level"""
        return text
    return inner


def flush_left():
    def inner():
        query = """SELECT *
FROM table
WHERE x = 1"""
        return query
    return inner


def whitespace_lines():
    def inner():
        text = """a
<2>
<4>
<6>
b"""
        return text
    return inner


class Methods:
    def sql(self):
        return """
SELECT 1
"""
'''
# Whitespace-only lines inside a string, written as markers so that no editor strips them.
for _width in (2, 4, 6):
    STRINGS = STRINGS.replace(f"<{_width}>", " " * _width)


@pytest.mark.parametrize("maker", ["deeper_lines", "flush_left", "whitespace_lines"])
def test_multiline_string_in_indented_function_keeps_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maker: str
) -> None:
    name = f"src_strings_{maker}"
    write_module(tmp_path, name, STRINGS)
    module = import_from(monkeypatch, tmp_path, name)
    fn = getattr(module, maker)()
    expected = fn()
    assert load_fresh(srcpickle.dumps(fn), tmp_path, "fn()") == expected


def test_multiline_string_in_method_keeps_its_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "src_strings_method", STRINGS)
    module = import_from(monkeypatch, tmp_path, "src_strings_method")
    data = srcpickle.dumps(module.Methods.sql)
    assert load_fresh(data, tmp_path, "fn(None)") == "\nSELECT 1\n"


# ------------------------------------------------------------------------------ verification

EDITABLE = """\
def first(x):
    return x + 1


def target(x):
    return x * 2


def last(x):
    return x - 1
"""


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "dumped-before-edit"])
def test_file_edited_with_same_line_count_is_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    name = f"src_edit_same_{warm}"
    path = write_module(tmp_path, name, EDITABLE)
    module = import_from(monkeypatch, tmp_path, name)
    if warm:
        assert srcpickle.loads(srcpickle.dumps(module.target))(4) == 8
    path.write_text(EDITABLE.replace("return x * 2", "return x * 3"), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError) as info:
        srcpickle.dumps(module.target)
    message = str(info.value)
    assert "target" in message
    assert f"{name}.py" in message
    assert "line 5" in message
    assert "edited" in message
    assert "re-import" in message.lower()


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "dumped-before-edit"])
def test_file_edited_with_shifted_lines_is_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    name = f"src_edit_shift_{warm}"
    path = write_module(tmp_path, name, EDITABLE)
    module = import_from(monkeypatch, tmp_path, name)
    if warm:
        srcpickle.dumps(module.last)
    # Two new lines on top: ``target`` now starts at line 7 and line 5 holds other code.
    path.write_text("import os\nHOME = os.sep\n" + EDITABLE, encoding="utf-8")
    touch_later(path)
    for fn in (module.first, module.target, module.last):
        with pytest.raises(SourceMismatchError) as info:
            srcpickle.dumps(fn)
        assert fn.__qualname__ in str(info.value)
        assert "edited" in str(info.value)


MOVED = """\
import functools


def moved_to_import(x):
    return x * 11


def moved_to_blank(x):
    return x * 12


def line_mover(fn):
    fn.__code__ = fn.__code__.replace(co_firstlineno=fn.__code__.co_firstlineno + 2)
    return fn


@line_mover
def decorated_moved(x):
    return x * 13


class Holder:
    def method(self, x):
        return x * 14


def outer():
    def inner(x):
        return x * 15
    return inner


moved_to_import.__code__ = moved_to_import.__code__.replace(co_firstlineno=1)
moved_to_blank.__code__ = moved_to_blank.__code__.replace(co_firstlineno=7)
Holder.method.__code__ = Holder.method.__code__.replace(co_firstlineno=1)
inner = outer()
inner.__code__ = inner.__code__.replace(co_firstlineno=2)
"""


@pytest.mark.parametrize(
    "name,line",
    [
        ("moved_to_import", 4),
        ("moved_to_blank", 8),
        ("decorated_moved", 17),
        ("Holder.method", 23),
        ("inner", 28),
    ],
)
def test_code_moved_to_another_line_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, line: int
) -> None:
    module = import_from(monkeypatch, write_module(tmp_path, "src_moved", MOVED).parent, "src_moved")
    fn = module.Holder.method if name == "Holder.method" else getattr(module, name)
    with pytest.raises(SourceMismatchError) as info:
        srcpickle.dumps(fn)
    message = str(info.value)
    assert f"the def that compiles to it is at line {line}" in message, message
    assert "its code was moved (code.replace(co_firstlineno=...)" in message
    assert f"line {fn.__code__.co_firstlineno}" in message


def test_file_edited_above_a_def_names_both_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_module(tmp_path, "src_edit_above", EDITABLE)
    module = import_from(monkeypatch, tmp_path, "src_edit_above")
    path.write_text("import os\nHOME = os.sep\n" + EDITABLE, encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError) as info:
        srcpickle.dumps(module.target)
    message = str(info.value)
    assert "line 5, but the def that compiles to it is at line 7" in message
    assert "the file was edited after import" in message


def test_file_edited_so_it_no_longer_parses_is_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "src_edit_broken", EDITABLE)
    module = import_from(monkeypatch, tmp_path, "src_edit_broken")
    path.write_text(EDITABLE.replace("return x * 2", "return x *"), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError) as info:
        srcpickle.dumps(module.target)
    message = str(info.value)
    assert "src_edit_broken.py" in message
    assert "no longer parses" in message
    assert "line 6" in message
    assert "edited" in message
    chain = []
    error: Optional[BaseException] = info.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, SyntaxError) for e in chain)


def test_function_made_by_exec_has_no_source() -> None:
    namespace: dict = {}  # type: ignore[type-arg]
    exec("def made(x):\n    return x + 1\n", namespace)  # noqa: S102 - the case under test
    with pytest.raises(SourceUnavailableError) as info:
        srcpickle.dumps(namespace["made"])
    message = str(info.value)
    assert "made" in message
    assert "exec()" in message
    assert "'<string>'" in message
    assert "Define it in a file" in message


def test_function_compiled_as_stdin_has_no_source() -> None:
    namespace: dict = {}  # type: ignore[type-arg]
    exec(compile("def typed(x):\n    return x + 1\n", "<stdin>", "exec"), namespace)  # noqa: S102
    with pytest.raises(SourceUnavailableError) as info:
        srcpickle.dumps(namespace["typed"])
    assert "typed" in str(info.value)
    assert "interactive prompt" in str(info.value)


def test_function_piped_to_python_has_no_source() -> None:
    """``python - < script.py`` compiles the script as <stdin>, as the prompt does: no source."""
    proc = subprocess.run(
        [sys.executable, "-I", "-"],
        input=(
            f"import sys\nsys.path.insert(0, {isolated().directory!r})\nimport srcpickle\n"
            "piped = lambda x: x + 1\n"
            "try:\n    srcpickle.dumps(piped)\n"
            f"except srcpickle.SourceUnavailableError as exc:\n    print({RESULT_MARK!r} + repr(str(exc)))\n"
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    message = result_of(proc)
    assert "standard input" in message
    assert "piped" in message
    assert "Define it in a file" in message


def test_module_imported_from_bytecode_alone_has_no_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import py_compile

    source = write_module(
        tmp_path,
        "src_only_pyc",
        "def compiled(x):\n    return x * 9\n\n\nclass Compiled:\n    def m(self):\n        return 1\n",
    )
    py_compile.compile(str(source), cfile=str(tmp_path / "src_only_pyc.pyc"), doraise=True)
    source.unlink()
    linecache.checkcache()
    module = import_from(monkeypatch, tmp_path, "src_only_pyc")
    for obj in (module.compiled, module.Compiled):
        with pytest.raises(SourceUnavailableError) as info:
            srcpickle.dumps(obj)
        message = str(info.value)
        assert "src_only_pyc.pyc" in message, message
        assert "without its source file" in message, message


REPL_SESSION = """\
import sys
sys.path.insert(0, {package!r})
import srcpickle
def typed(x):
    return x + 1

try:
    print({mark!r} + repr(srcpickle.loads(srcpickle.dumps(typed))(41)))
except srcpickle.SourceUnavailableError as exc:
    print({mark!r} + repr(str(exc)))

"""
# CPython 3.13 keeps the source of what is typed at the prompt (and of ``python -c``) in linecache:
# verified like a file's, it is captured. Earlier Pythons and PyPy keep none.
KEEPS_PROMPT_SOURCE = sys.version_info >= (3, 13) and sys.implementation.name == "cpython"


def test_function_typed_at_the_interactive_prompt() -> None:
    session = REPL_SESSION.format(package=isolated().directory, mark=RESULT_MARK)
    proc = subprocess.run(
        [sys.executable, "-I", "-i"], input=session, capture_output=True, text=True, timeout=60, check=False
    )
    result = result_of(proc)
    if KEEPS_PROMPT_SOURCE:
        assert result == 42
        return
    assert "typed" in result
    assert "interactive prompt" in result
    assert "Define it in a file" in result


def test_function_from_python_c() -> None:
    proc = run_fresh(
        f"""\
        import srcpickle
        def typed(x):
            return x + 1
        try:
            print({RESULT_MARK!r} + repr(srcpickle.loads(srcpickle.dumps(typed))(41)))
        except srcpickle.SourceUnavailableError as exc:
            print({RESULT_MARK!r} + repr(str(exc)))
        """
    )
    # The command's text is read from the interpreter's command line (sys.orig_argv, or Linux's
    # /proc/self/cmdline): every interpreter captures it (test_command_source has the cases).
    result = result_of(proc)
    if KEEPS_PROMPT_SOURCE or sys.version_info >= (3, 10) or os.path.exists("/proc/self/cmdline"):
        assert result == 42
        return
    assert "typed" in result
    assert "exec() or compile()" in result


REAL_FILE = """\
def victim(x):
    return x + 1


def bystander(y):
    return y * 2
"""


@pytest.mark.parametrize(
    "text, name",
    [
        # Same name and line as the real function, another body.
        ("def victim(x):\n    return x - 1\n", "victim"),
        # Another name on the real function's line.
        ("def impostor(x):\n    return x - 1\n", "impostor"),
        # Placed on ``bystander``'s line, same name, another body.
        ("\n\n\n\ndef bystander(y):\n    return y * 3\n", "bystander"),
    ],
    ids=["same-name", "other-name", "later-line"],
)
def test_exec_code_claiming_a_real_file_does_not_take_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, name: str
) -> None:
    path = write_module(tmp_path, f"src_claimed_{name}", REAL_FILE)
    import_from(monkeypatch, tmp_path, f"src_claimed_{name}")
    namespace: dict = {}  # type: ignore[type-arg]
    exec(compile(text, str(path), "exec"), namespace)  # noqa: S102 - the case under test
    with pytest.raises(SourceMismatchError) as info:
        srcpickle.dumps(namespace[name])
    assert name in str(info.value)
    assert path.name in str(info.value)


def test_exec_code_identical_to_the_file_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verification compares code: a compile of the file's own text is that function."""
    path = write_module(tmp_path, "src_claimed_same", REAL_FILE)
    namespace: dict = {}  # type: ignore[type-arg]
    exec(compile(REAL_FILE, str(path), "exec"), namespace)  # noqa: S102
    data = srcpickle.dumps(namespace["bystander"])
    assert root_function(data).source == "def bystander(y):\n    return y * 2"
    assert load_fresh(data, tmp_path, "fn(21)") == 42


# ---------------------------------------------------------------------------- deleted files


def test_deleted_file_without_cached_source_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "gone"
    path = write_module(folder, "src_deleted_cold", "def gone(x):\n    return x * 10\n")
    module = import_from(monkeypatch, folder, "src_deleted_cold")
    linecache.checkcache(str(path))
    path.unlink()
    with pytest.raises(SourceUnavailableError) as info:
        srcpickle.dumps(module.gone)
    message = str(info.value)
    assert "gone" in message
    assert str(path) in message
    assert "no longer exists" in message


def test_deleted_file_with_source_in_linecache_still_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "gone"
    path = write_module(folder, "src_deleted_warm", "SCALE = 10\n\n\ndef gone(x):\n    return x * SCALE\n")
    module = import_from(monkeypatch, folder, "src_deleted_warm")
    assert linecache.getlines(str(path))  # a traceback or inspect.getsource read it earlier
    path.unlink()
    data = srcpickle.dumps(module.gone)
    assert root_function(data).source == "def gone(x):\n    return x * SCALE"
    assert load_fresh(data, tmp_path, "fn(4)") == 40


# ---------------------------------------------------------------------------------- IPython

IPYTHON_SCRIPT = """\
import sys
from IPython.core.interactiveshell import InteractiveShell

import srcpickle

shell = InteractiveShell.instance()
cells = [
    "OFFSET = 7\\n\\ndef helper(x):\\n    # a comment in a cell\\n    return x + OFFSET\\n",
    "import math\\n",
    "def root(x):\\n    return math.floor(math.sqrt(helper(x)))\\n",
    "import json\\n\\ndef encode(value):\\n    return json.dumps({'v': value}, sort_keys=True)\\n",
]
for cell in cells:
    result = shell.run_cell(cell)
    assert result.success, result
for name in sys.argv[2:]:
    with open(sys.argv[1] + name, "wb") as handle:
        handle.write(srcpickle.dumps(shell.user_ns[name]))
print("RESULT=" + repr([shell.user_ns["root"](9), shell.user_ns["encode"](3)]))
"""


def _dump_in_ipython(tmp_path: Path, *names: str) -> list:  # type: ignore[type-arg]
    script = tmp_path / "ipython_cells.py"
    script.write_text(IPYTHON_SCRIPT, encoding="utf-8")
    env = dict(os.environ, IPYTHONDIR=str(tmp_path / "ipython"))  # keep IPython's history here
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "payload-"), *names],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    return result_of(proc)  # type: ignore[no-any-return]


def test_function_from_ipython_cells(tmp_path: Path) -> None:
    expected = _dump_in_ipython(tmp_path, "root")
    data = (tmp_path / "payload-root").read_bytes()
    node = root_function(data)
    assert node.source == "def root(x):\n    return math.floor(math.sqrt(helper(x)))"
    helper = next(n for _, n in srcpickle.inspect(data).functions() if n.name == "helper")
    assert helper.source == "def helper(x):\n    # a comment in a cell\n    return x + OFFSET"
    assert load_fresh(data, tmp_path, "fn(9)") == expected[0] == 4


def test_ipython_cell_importing_what_its_function_uses(tmp_path: Path) -> None:
    # The notebook habit: ``import json`` and the function using it in one cell. IPython compiles
    # each statement of a cell on its own.
    expected = _dump_in_ipython(tmp_path, "encode")
    data = (tmp_path / "payload-encode").read_bytes()
    assert load_fresh(data, tmp_path, "fn(3)") == expected[1] == '{"v": 3}'


# --------------------------------------------------------------------------- compiled higher up

# Child scripts' helper: every function and method the module ``name`` defines in its own file
# (not those made by exec, as a dataclass's __init__), the module imported.
FUNCTIONS_OF = """
import importlib, inspect

def functions_of(name):
    module = importlib.import_module(name)
    found = []
    for value in vars(module).values():
        if inspect.isclass(value) and value.__module__ == name:
            found.extend(v for v in vars(value).values() if inspect.isfunction(v))
        elif inspect.isfunction(value) and value.__module__ == name:
            found.append(value)
    return [fn for fn in found if fn.__code__.co_filename == module.__file__]
"""

# Runs on one interpreter: every function (and method) of these modules, captured, compiled as
# the loader compiles it and as capture verifies it (fewer empty lines above, then moved down to
# the line; a top-level def also in a batch with the next defs of its file, the module's imports
# after them): the code objects must be equal in everything, positions included. Modules with
# thousands of lines, classes, closures, comprehensions, decorators, __future__ annotations.
MOVED_CODE_CHILD = (
    FUNCTIONS_OF
    + """
import types
from srcpickle import _source
from srcpickle._rebuild.compiler import compile_source, movable_lines
from srcpickle._capture.functions import code_globals

def lines_of(code):
    found = [list(code.co_lines()) if hasattr(code, "co_lines") else code.co_lnotab]
    if hasattr(code, "co_positions"):
        found.append(list(code.co_positions()))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found.extend(lines_of(const))
    return [code.co_firstlineno, found]

from srcpickle._rebuild import compiler

def exact_compile(*args, **kwargs):
    # compile_source with the source compiled at its line, never moved.
    saved = compiler.MOVE_MIN_LINES
    compiler.MOVE_MIN_LINES = 10**9
    try:
        return compile_source(*args, **kwargs)
    finally:
        compiler.MOVE_MIN_LINES = saved

checked, moved, batched, differ, loader_moved = 0, 0, 0, [], 0
for name in sys.argv[1:]:
    for fn in functions_of(name):
        code = fn.__code__
        info = _source.capture_source(fn, code_globals(code))
        args = (info.kind, info.source, info.line, info.indent, code.co_freevars)
        lines = movable_lines(*args, info.scope, info.future)
        rest = (info.future, code.co_filename, info.imported)
        exact_module, exact, exact_text = exact_compile(*args, *rest, scope=info.scope)
        # The loader's compile, which moves a source far down its file (issue 9): the same code.
        loaded_module, loaded, loaded_text = compile_source(*args, *rest, scope=info.scope)
        loader_moved += compiler.MOVE_MIN_LINES <= lines
        # The module code (never run for a def or lambda) holds the same instructions and codes;
        # its own lines (its first, a __future__ import's) moved with the rest: nothing reads them.
        same_module = loaded_module.co_code == exact_module.co_code
        same_module = same_module and loaded_module.co_consts == exact_module.co_consts
        if loaded != exact or lines_of(loaded) != lines_of(exact) or not same_module:
            differ.append(fn.__qualname__ + " (loader)")
        # The text of a moved source is made from the text compiled higher, its padding known
        # without counting it (what tracebacks show and the synthetic file name hashes).
        if loaded_text != exact_text:
            differ.append(fn.__qualname__ + " (loader text)")
        known = compiler._LAST_PADDING[0]
        if known[0] is loaded_text and known[1] != compiler._count_leading_newlines(loaded_text):
            differ.append(fn.__qualname__ + " (padding)")
        low = exact_compile(info.kind, info.source, info.line - lines, *args[3:], *rest, scope=info.scope)[1]
        shifted = _source.moved_code(low, lines)
        checked += 1
        moved += lines > 0
        if shifted != exact or lines_of(shifted) != lines_of(exact) or not _source.same_code(exact, code):
            differ.append(fn.__qualname__)
        if info.kind == "def" and not info.scope and not info.indent and not code.co_freevars:
            # Compiled in a batch with the next top-level defs of its file.
            parsed = _source._parsed(code.co_filename, _source.file_lines(code.co_filename, None, code))
            found = _source._compile_batch(parsed, info.line, info.future, code.co_filename, {})
            together = found[(info.line, code.co_name)]
            batched += 1
            if together != exact or lines_of(together) != lines_of(exact):
                differ.append(fn.__qualname__ + " (batch)")
            # The first def of a parse dumped: a batch of its own.
            alone = _source._compile_batch(parsed, info.line, info.future, code.co_filename, {}, 1)
            one = alone.get((info.line, code.co_name))
            if len(alone) != 1 or one != exact or lines_of(one) != lines_of(exact):
                differ.append(fn.__qualname__ + " (batch of one)")
print("RESULT=" + repr((checked, moved, batched, differ, loader_moved)))
"""
)
MOVED_CODE_MODULES = [
    "srcpickle._source",
    "srcpickle._fmt.read",
    "srcpickle._fmt.write",
    "srcpickle._capture.classes",
    "argparse",
    "dataclasses",
    "textwrap",
    "json.decoder",
]


# The longest children of the suite (every function of big modules, compiled three ways): in
# .ci/run's oldest run, which the default run's other any_python tests would otherwise outlast.
@pytest.mark.any_python(run="oldest")
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_code_compiled_higher_or_in_a_batch_is_the_loaders_code(interpreter: Interpreter) -> None:
    proc = isolated().run(interpreter, MOVED_CODE_CHILD, args=MOVED_CODE_MODULES, timeout=CHILD_TIMEOUT)
    checked, moved, batched, differ, loader_moved = result_of(proc)
    assert checked > 300 and moved > 300 and batched > 100, (checked, moved, batched)
    # The loader moves what sits far down its file too: the code is the one compiled at its line.
    assert loader_moved > 200, loader_moved
    assert differ == [], f"{interpreter.label}: moved code differs from the loader's for {differ}"


BATCHED = """\
import json


def first(x):
    return json.dumps(x)


def second(x):
    return json.dumps([x])


def third(x):
    return json.dumps({"x": x})
"""


def test_defs_compiled_without_their_modules_imports_are_verified_alone(tmp_path: Path) -> None:
    """Defs compiled one statement at a time (as IPython runs a cell's statements) never saw the
    module's imports, so a batch compile with them does not match (CPython 3.11+ compiles
    ``json.dumps(...)`` differently when ``json`` was imported): each is verified on its own."""
    path = write_module(tmp_path, "src_batched", BATCHED)
    namespace: dict = {"__name__": "src_batched"}
    exec(compile("import json\n", str(path), "exec"), namespace)
    lines = BATCHED.split("\n")
    for name, line in (("first", 4), ("second", 8), ("third", 12)):
        text = "\n" * (line - 1) + "\n".join(lines[line - 1 : line + 1]) + "\n"
        exec(compile(text, str(path), "exec", dont_inherit=True), namespace)
    # Before 3.11 the import changes no code: the module's imports are recorded as usual.
    expected = () if sys.implementation.name == "cpython" and sys.version_info >= (3, 11) else ("json",)
    results = []
    for name in ("first", "second", "third"):
        data = srcpickle.dumps(namespace[name])
        assert root_function(data).imported == expected
        results.append(load_fresh(data, tmp_path, "fn(1)"))
    assert results == ["1", "[1]", '{"x": 1}']


def test_a_def_verified_alone_is_left_out_of_later_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first def of a file dumped is compiled in a batch of its own; a batch made for a def
    dumped later compiles the others only (issue 9), and the def compiled alone, verified again
    (its proof forgotten), is taken from its batch: the same payloads, which load and work. (The
    whole file's parse makes batches: a def's own lines alone would serve these, see _blocks.)"""
    from srcpickle import _source

    monkeypatch.setattr(_source, "BLOCK_PARSE", False)
    module = import_from(monkeypatch, write_module(tmp_path, "src_alone", BATCHED).parent, "src_alone")
    third = srcpickle.dumps(module.third)
    parsed = _source._parsed(module.__file__, linecache.getlines(module.__file__))
    assert list(parsed.batches[0]) == [(12, "third")] and parsed.batches[0][(12, "third")] is not None
    first = srcpickle.dumps(module.first)
    assert parsed.batches[0][(4, "first")] is not None and parsed.batches[0][(8, "second")] is not None
    _source._SOURCES.clear()
    assert srcpickle.dumps(module.third) == third
    assert [load_fresh(data, tmp_path, "fn(1)") for data in (first, third)] == ["1", '{"x": 1}']


# A file with every place a def, class or lambda can sit: statements of every kind that hold
# statements, decorators, defaults, annotations, bases, keywords, nested lambdas, a def named as
# the loader's stand-in for a lambda's scope.
_INDEX_SOURCE = """\
import functools

K = (lambda: 1)()


@functools.lru_cache(maxsize=(lambda n: n)(8))
def top(a=lambda x: x, *, b=(lambda: lambda: 2)) -> "int":
    def inner(c: (lambda: int)() = 3):
        class Local((lambda: object)(), metaclass=(lambda: type)()):
            f = lambda self: self
            def method(self):
                return [lambda: i for i in range(2)]
        return Local
    return inner


class Outer:
    class Middle:
        def deep(self, key=lambda k: k):
            return (lambda: (lambda: self))
    handler = staticmethod(lambda: None)


def __srcpickle_scope__(v):
    def held():
        return v
    return lambda: held


if K:
    def in_if(): return 1
else:
    def in_else(): return 2
for _ in ():
    def in_for(): pass
else:
    class ForElse: pass
while False:
    async def in_while(): pass
with open(__file__) as handle:
    def in_with(): pass
try:
    def in_try(): pass
except Exception:
    def in_except(): pass
else:
    def in_else_of_try(): pass
finally:
    def in_finally(): pass
A = lambda: 1; B = (lambda: 2,
    lambda: 3); C = lambda: 4
@(lambda f: f)
@(lambda f: f)
def decorated(): return (lambda: 5)


async def coroutine():
    async with x as y:
        def in_async_with(): pass
    async for z in y:
        def in_async_for(): pass
    return await (lambda: z)()
"""

_MATCH_SOURCE = """
match K:
    case 1 if (lambda: True)():
        def in_case(): pass
    case _:
        class InCase: pass
"""


def _reference_index(tree: Any) -> Tuple[Dict[Any, Any], ...]:
    """What the index held when it walked every node of the file for everything at once."""
    import ast

    from srcpickle._rebuild.compiler import HOLDER_NAME, SCOPE_NAME
    from srcpickle._source import _inner_parts, _outer_parts

    defs: Dict[Any, Any] = {}
    lambdas: Dict[Any, Any] = {}
    classes: Dict[Any, Any] = {}
    scopes: Dict[Any, Any] = {}
    enclosing: Dict[Any, Any] = {}

    def walk(node: Any, scope: str, functions: List[Any]) -> None:
        inner = scope
        if isinstance(node, ast.FunctionDef) and node.name == HOLDER_NAME:
            for child in node.body:
                walk(child, scope, functions)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            scopes[id(node)] = scope
            enclosing[id(node)] = [id(f) for f in functions]
            name = "<lambda>" if isinstance(node, ast.Lambda) else node.name
            name = "<lambda>" if name == SCOPE_NAME else name
            qualname = f"{scope}.{name}" if scope else name
            inner = qualname if isinstance(node, ast.ClassDef) else qualname + ".<locals>"
            if isinstance(node, ast.Lambda):
                lambdas.setdefault(node.lineno, []).append(id(node))
            elif isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, []).append((qualname, id(node)))
            else:
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                defs.setdefault(first, []).append(id(node))
            for child in _outer_parts(node):
                walk(child, scope, functions)
            inside = functions if isinstance(node, ast.ClassDef) else [*functions, node]
            for child in _inner_parts(node):
                walk(child, inner, inside)
            return
        for child in ast.iter_child_nodes(node):
            walk(child, inner, functions)

    walk(tree, "", [])
    return defs, lambdas, classes, scopes, enclosing


@pytest.mark.parametrize(
    "kind,source,scope",
    [
        ("lambda", "lambda x: x * k", ""),
        ("lambda", "lambda x: x * k", "<lambda>.<locals>"),
        ("lambda", "lambda x: x * k", "C"),
        ("lambda", "lambda x: x * k", "Outer.Inner"),
        ("lambda", "lambda x: x * k", "make.<locals>"),
        ("lambda", "lambda x: x * k", "make.<locals>.C"),
        ("lambda", "lambda x: x * k", "<lambda>.<locals>.C"),
    ],
)
def test_scope_read_back_from_a_loaded_module_text(kind: str, source: str, scope: str) -> None:
    """Dumping a loaded function again reads its scope from the module text the loader compiled
    it in: the scope it was loaded with, whatever function the loader put around it to hold its
    free variables (a lambda of a module's or class body's comprehension has no enclosing
    function, and was read as in ``<lambda>.<locals>``)."""
    from srcpickle._rebuild.compiler import module_text
    from srcpickle._source import _ParsedFile

    line = 6
    text = module_text(kind, source, line, "", ["k"], scope=scope)
    parsed = _ParsedFile(text.splitlines(keepends=True))
    assert [parsed.scopes[id(node)] for node in parsed.lambdas_at(line)] == [scope]


@pytest.mark.parametrize(
    "source",
    ["synthetic", "inspect", "typing", "argparse", "dataclasses", "asyncio.tasks", "unittest.mock"],
)
def test_file_index_finds_what_a_walk_of_every_node_finds(source: str) -> None:
    """The index finds defs and classes among statements only and lambdas at the first lookup
    (issue 9): the same nodes, scopes and order as one walk of every node of the file."""
    import importlib

    from srcpickle._source import _ParsedFile

    if source == "synthetic":
        text = _INDEX_SOURCE + (_MATCH_SOURCE if sys.version_info >= (3, 10) else "")
    else:
        module = importlib.import_module(source)
        text = Path(module.__file__ or "").read_text(encoding="utf-8")
    parsed = _ParsedFile(text.splitlines(keepends=True))
    defs, lambdas, classes, scopes, enclosing = _reference_index(parsed.tree)
    assert {line: [id(n) for n in found] for line, found in parsed.defs.items()} == defs
    assert {name: [(q, id(n)) for q, n in found] for name, found in parsed.classes.items()} == classes
    statements = {key for key in scopes if key not in {i for ids in lambdas.values() for i in ids}}
    # Before any lambda is looked up, only defs and classes are known; after, all of them.
    assert set(parsed.scopes) == statements
    lines = range(1, len(parsed.lines) + 2)
    assert {
        line: [id(n) for n in parsed.lambdas_at(line)] for line in lines if parsed.lambdas_at(line)
    } == lambdas
    assert parsed.scopes == scopes
    assert {key: [id(f) for f in found] for key, found in parsed.enclosing.items()} == enclosing
    if source == "synthetic":
        # Every def, class and lambda of the text, where it is.
        assert sum(len(found) for found in defs.values()) == text.count("def ")
        assert sum(len(found) for found in lambdas.values()) == text.count("lambda")
        assert [q for q, _ in parsed.classes["Local"]] == ["top.<locals>.inner.<locals>.Local"]
        assert [q for q, _ in parsed.classes["Middle"]] == ["Outer.Middle"]
        method = next(
            n for found in parsed.defs.values() for n in found if getattr(n, "name", "") == "method"
        )
        assert parsed.scopes[id(method)] == "top.<locals>.inner.<locals>.Local"


def test_a_lambda_lookup_walks_only_the_statements_covering_its_line() -> None:
    """The lambdas of a line are found in the top-level statements that cover it (a decorated
    def from its first decorator, statements sharing a line), not in a walk of the whole file
    (issue 9): the others' lambdas stay unknown until a line of theirs is asked for."""
    from srcpickle._source import _ParsedFile

    text = _INDEX_SOURCE + "\n\nZ = [lambda: 6]\n"
    lines = text.splitlines(keepends=True)
    parsed = _ParsedFile(lines)
    _, lambdas, _, scopes, _ = _reference_index(parsed.tree)
    known = set(parsed.scopes)
    shared = next(n for n, t in enumerate(lines, 1) if t.startswith("A = lambda"))
    found = parsed.lambdas_at(shared)
    assert [id(n) for n in found] == lambdas[shared] and len(found) == 2  # A's and B's first
    assert [id(n) for n in parsed.lambdas_at(shared + 1)] == lambdas[shared + 1]  # B's, C's
    decorator = shared + 2
    assert [id(n) for n in parsed.lambdas_at(decorator)] == lambdas[decorator]
    assert [id(n) for n in parsed.lambdas_at(decorator + 2)] == lambdas[decorator + 2]
    # Only those statements' lambdas were indexed: none of the first statement's, nor Z's.
    assert set(parsed.scopes) - known == {
        i for line in (shared, shared + 1, decorator, decorator + 1, decorator + 2) for i in lambdas[line]
    }
    assert all(parsed.scopes[key] == scopes[key] for key in parsed.scopes)
    last = len(lines)
    assert [id(n) for n in parsed.lambdas_at(last)] == lambdas[last]
    assert parsed.lambdas_at(2) == [] and parsed.lambdas_at(last + 5) == []


ONLY_THE_DEF_CHILD = (
    FUNCTIONS_OF
    + r"""
import sys, types
from srcpickle import _source
from srcpickle._rebuild import compiler
from srcpickle._capture.functions import code_globals

# Sources whose text after the def's last instruction the quick verdict must read right: extra
# statements the compiler drops (pass, constants, if 0, dead code), comments, strings that look
# like comments, f-strings, decorators, non-ASCII text.
TRICKY = [
    "def f():\n    return 1; x = 2",
    "def f():\n    return 1\n    x = 2",
    "def f():\n    return 1\nx = 2",
    "def f():\n    return 1\npass",
    "def f():\n    return 1\n'doc'",
    "def f():\n    return 1\n...",
    "def f():\n    return 1\nif 0:\n    import os",
    "def f():\n    return 1  # c\n# d\n\n",
    "def f():\n    x = f'''{1}\n# a\n'''\n    return x",
    "def f():\n    return 1\n'''\n# a\n'''",
    "def f(y):\n    return f'{y}# {y}'  # c",
    "def f(y):\n    return f'{y}'\n# c\nz = f'{y}# '",
    "@dec\ndef f():\n    pass\n# tail",
    "@dec\n# between\ndef f():\n    pass\n@dec\ndef g():\n    pass",
    "async def f():\n    await x\nx = 1",
    "def f(y):\n    return [x for x in y]\n[x for x in y]",
    "def f():\n    pass\ndef g():\n    pass",
    "def f():\n    pass\nclass C:\n    pass",
    "def f():\n    pass\n\x0c# after a form feed",
    "def f():\n    s = '\u00e9'\n    return s  # \u00e9\n# \u00e9",
    "def f():\n    return '\u00e9'; x = '\u00e9'",
    "def f():\n    return 1 \\\n# c",
    "def f():\n    return (1,\n# inside\n)",
    "def f():\n    return (1,\n# inside\n); x = 1",
    "def f():\n    return 1\n# c\nreturn 2",
    "def f():\n    '''doc'''",
    "def f():\n    '''doc'''\n'''more'''",
    "def f():\n    x = 1\n    '''dead'''\n",
    "def f(x=lambda: 0):\n    return x\n(lambda: 0)()",
]


# Sources a def's quick verdict reads from the last line holding one of its instructions
# (co_lines), when no text follows that line: what the def's last line can hold after its end,
# and what its later lines can hide.
LAST_LINE = [
    "def f():\n    return 1;",
    "def f():\n    return 1;  # c\n",
    "def f():\n    return '''\n#'''\n# c",
    "def f():\n    return '''\n#'''\nx = 1",
    "def f():\n    return '''\n#'''; x = 1\n0",
    "def f():\n    x = 1\n    def g():\n        return 1\n# c",
    "def f():\n    x = 1\n    def g():\n        return 1\nx = 2",
    "def f():\n    x = 1\n    class C:\n        pass\n0",
    "def f():\n    return g(1,\n      2)\n0",
    "def f():\n    return g(1,\n      2)  # c\n# d",
    "def f():\n    if x:\n        return 1\n    else:\n        pass\n0",
    "def f():\n    while x:\n        pass\n# c\n  # d\n\x0c\n",
]


# The import block's names come from the payload: only identifiers make it the loader's block.
IMPORTS = [
    (("os",), {}),
    (("path",), {"path": ("os", "path")}),
    (("j",), {"j": ("json", None)}),
    (("sub",), {"sub": ("xml.etree", "ElementTree")}),
    (("x\nx = 1",), {}),
    (("p",), {"p": ("os import path\nprint(1)\nif 0:\n    from os", "sep")}),
    (("p",), {"p": ("os", "sep\nprint(1)")}),
    (("p",), {"p": ("os\nprint(1)", None)}),
]


def verdicts(kind, source, line, indent, future, imported, scope, freevars, bindings=None):
    node = types.SimpleNamespace(
        kind=kind, source=source, line=line, indent=indent, future=future, imported=imported,
        scope=scope, closure=[(name, None) for name in freevars], name="",
    )
    try:
        module_code, code, text, layout = compiler._compile_source(
            kind, source, line, indent, freevars, future, "<t>", imported, "", scope, bindings
        )
    except (SyntaxError, ValueError):
        return None
    quick = compiler._only_the_def(node, kind, layout, code, bindings or {}, module_code, text)
    try:
        compiler.source_statement(node, text, compact=True)
        full = True
    except ValueError:
        full = False
    return quick, full


wrong, quick_yes, full_yes, tricky = [], 0, 0, []
for number, source in enumerate(TRICKY):
    found = verdicts("def", source, 3 + number, "", (), (), "", [])
    tricky.append(found)
    if found is not None and found[0] and not found[1]:
        wrong.append(repr(source))
imports = []
for imported, bindings in IMPORTS:
    found = verdicts("def", "def f():\n    return 1  # c", 9, "", (), imported, "", [], bindings)
    imports.append(found)
    if found is not None and found[0] and not found[1]:
        wrong.append(repr(imported))
# Lambdas: the expression in the loader's parentheses must be exactly the one lambda.
LAMBDAS = [
    "lambda x: x + 1",
    "lambda x: x + 1  # c",
    "lambda x: (x)",
    "lambda x: x, 1",
    "lambda x: x, lambda y: y",
    "lambda f=lambda: 0: f",
    "lambda: 0 or lambda: 1",
    "lambda: 0) + (1",
    "lambda: 0\n)\nx = (1",
    "lambda: 0\n# c\n",
    "lambda: (0,\n  1)",
    "lambda: [i for i in x]",
    "lambda: f'{x}# '",
    "lambda: '\u00e9' if x else '\u00e9\u00e9'  # \u00e9",
    "lambdas, lambda: 0",
    "lambda\u00e9, lambda: 0",
    "lambda: x[1]",
    "lambda: x if y else z",
    "lambda *a, **k: (a, k)",
]
for scope, freevars in (("", []), ("outer.<locals>", ["x"]), ("C", []), ("outer.<locals>.<lambda>", [])):
    for number, source in enumerate(LAMBDAS):
        found = verdicts("lambda", source, 5 + number, "", (), (), scope, freevars)
        tricky.append(found)
        if found is not None:
            quick_yes += found[0]
            if found[0] and not found[1]:
                wrong.append(f"{scope!r} {source!r}")
for number, source in enumerate(LAST_LINE):
    found = verdicts("def", source, 40 + number, "", (), (), "", [])
    if found is not None:
        quick_yes += found[0]
        if found[0] and not found[1]:
            wrong.append(repr(source))
# The same sources nested in a function (a closure) or a class, or indented at the top level.
for scope, indent, freevars in (("outer.<locals>", "    ", ["a"]), ("C", "    ", []), ("", "  ", [])):
    for number, source in enumerate(TRICKY + LAST_LINE):
        if freevars:
            source = source.replace("return 1", "return a", 1)
        found = verdicts("def", source, 5 + number, indent, (), (), scope, freevars)
        if found is not None:
            quick_yes += found[0]
            if found[0] and not found[1]:
                wrong.append(f"{scope!r} {indent!r} {source!r}")
for name in sys.argv[1:]:
    for fn in functions_of(name):
        code = fn.__code__
        info = _source.capture_source(fn, code_globals(code))
        for extra in ("", "\n# trailing comment", "\nx = 1", "\npass", "\n'text'", "\n# c\nif 0:\n    pass"):
            found = verdicts(info.kind, info.source + extra, info.line, info.indent, info.future,
                             (), info.scope, list(code.co_freevars))
            if found is None:
                continue
            quick, full = found
            quick_yes += quick
            full_yes += full
            if quick and not full:
                wrong.append(f"{fn.__qualname__} + {extra!r}")
print("RESULT=" + repr((quick_yes, full_yes, wrong, tricky, imports)))
"""
)


@pytest.mark.any_python(run="oldest")  # (as test_code_compiled_higher_or_in_a_batch_...)
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_quick_statement_verdict_never_accepts_what_the_syntax_tree_refuses(interpreter: Interpreter) -> None:
    """A def's or lambda's source is accepted from its code's positions (CPython 3.11+, issue 9)
    only where the syntax tree check accepts it too, on every interpreter; elsewhere the syntax
    tree decides, as before."""
    proc = isolated().run(interpreter, ONLY_THE_DEF_CHILD, args=MOVED_CODE_MODULES, timeout=CHILD_TIMEOUT)
    quick_yes, full_yes, wrong, tricky, imports = result_of(proc)
    assert wrong == [], f"{interpreter.label}: accepted without a statement check: {wrong}"
    assert full_yes > 300
    # Where positions are CPython's, most top-level defs and the tricky sources the tree accepts
    # take the quick verdict; elsewhere none does.
    if interpreter.implementation == "cpython" and interpreter.version >= (3, 11):
        assert quick_yes > 100, quick_yes
        accepted = [i for i, found in enumerate(tricky) if found is not None and found[0]]
        assert {7, 8, 10, 12, 18, 19} <= set(accepted), accepted
        # The plain lambdas (after the 29 tricky defs), at the top level and in a closure.
        assert {29, 30, 41, 45, 48, 49} <= set(accepted), accepted
        # The loader's own import blocks take it; those with other text in them do not.
        assert [found is not None and found[0] for found in imports] == [True] * 4 + [False] * 4, imports
    else:
        assert quick_yes == 0


# Annotations in every place a def's syntax tree can hold them (issue 9: a def with none gets its
# answer without importing _annotated, and that answer must be the one _annotated gives).
_ANNOTATION_PLACES = """\
from __future__ import annotations

import typing
from typing import Optional


def plain(a, b=2, *args, c, **kwargs):
    def inner(x):
        return [lambda y: y + x]
    return inner


def returns_only() -> Optional["Pet"]:
    return None


def vararg_only(*items: "Pet"):
    return items


def body_class():
    class Local:
        size: typing.ClassVar[int] = 3
    return Local


def body_def():
    def inner(p: Pet) -> "list[Pet]":
        return [p]
    return inner


def local_variable():
    total: Pet = 0
    return total


def nested_block(flag):
    if flag:
        def inner(*, k: Optional[Pet] = None):
            return k
        return inner
    return None


class Pet:
    pass


square = lambda v=2: v * v  # noqa: E731
"""


def test_a_def_without_annotations_needs_no_annotation_reader(tmp_path: Path, monkeypatch: Any) -> None:
    """What the globals of a def's annotations are, for defs and lambdas with annotations in
    every place and without: the same answer whether or not the reader of annotations is asked,
    and it is asked only where the def holds an annotation. Over this file, srcpickle's own
    modules and a few of the standard library's."""
    from srcpickle import _annotated
    from srcpickle import _source as source_module
    from srcpickle._capture import typehints

    write_module(tmp_path, "src_annotation_places", _ANNOTATION_PLACES)
    module = import_from(monkeypatch, tmp_path, "src_annotation_places")
    functions: List[Any] = [
        value
        for value in vars(module).values()
        if type(value) is type(plain_function) and value.__module__ == module.__name__
    ]
    inner = module.plain(1, c=2)
    functions.extend((inner, inner(3)[0], module.body_def(), module.nested_block(True)))
    for name in ("srcpickle._source", "srcpickle._capture.classes", "argparse", "json.decoder"):
        imported = __import__(name, fromlist=["_"])
        for value in vars(imported).values():
            inner = list(vars(value).values()) if isinstance(value, type) else [value]
            functions.extend(v for v in inner if type(v) is type(plain_function) and v.__module__ == name)
    asked = []
    real = _annotated.function_annotations
    monkeypatch.setattr(_annotated, "function_annotations", lambda *a: asked.append(a) or real(*a))
    without, with_ = 0, 0
    for fn in functions:
        info = source_module.capture_source(fn, ())
        before = len(asked)
        found = typehints.annotation_names(info)
        expected = real(info.node, "annotations" in info.future)
        assert (found.names, found.chains) == (expected.names, expected.chains), fn.__qualname__
        if len(asked) == before:
            without += 1
            assert not expected.annotated, fn.__qualname__
        else:
            with_ += 1
    assert without > 50 and with_ > 50, (without, with_)
    # Of this file's: the lambda, plain and its inner functions and local_variable need no reader.
    names = {fn.__qualname__ for fn in functions if fn.__module__ == "src_annotation_places"}
    assert {"<lambda>", "plain", "plain.<locals>.inner", "local_variable"} <= names


def plain_function() -> None:
    """A function, for its type."""


# Runs on one interpreter: the global names every code object of these modules' files reads
# (functions, lambdas, comprehensions, class bodies, at every depth), as _scope reads them from
# the bytecode and as dis reads them, instruction by instruction (issue 9).
CODE_GLOBALS_CHILD = """
import dis, importlib.util, sys, types
from srcpickle._capture import functions as _scope

OPS = {"LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL"}
NAME_OPS = {"LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"}

def by_dis(code, class_body):
    instructions = list(dis.get_instructions(code))
    names = {
        str(i.argval)
        for i in instructions
        if i.opname in OPS or (class_body and i.opname in NAME_OPS)
    }
    if class_body and any(i.opname == "SETUP_ANNOTATIONS" for i in instructions):
        names.discard("__annotations__")  # an annotating class body's own, not the module's
    return names

def codes(code, top):
    yield code, top
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from codes(const, False)

checked, extended, differ = 0, 0, []
for name in sys.argv[1:]:
    origin = importlib.util.find_spec(name).origin  # the file only: nothing of it runs
    with open(origin, encoding="utf-8") as handle:
        top = compile(handle.read(), origin, "exec", dont_inherit=True)
    for code, is_top in codes(top, True):
        found = set()
        _scope._collect_globals(code, found, is_top)
        # _collect_globals walks nested codes too: compare with dis over the same codes.
        expected = set()
        for inner, inner_top in codes(code, is_top):
            expected |= by_dis(inner, not inner_top and not inner.co_flags & 1)
        checked += 1
        extended += dis.opmap["EXTENDED_ARG"] in code.co_code[::2]
        if found != expected:
            differ.append((name, code.co_name, sorted(found ^ expected)))
print("RESULT=" + repr((checked, extended, differ[:5])))
"""
# Big files (many names: EXTENDED_ARG before name indexes past 255), classes, comprehensions.
CODE_GLOBALS_MODULES = [
    "srcpickle._fmt.read",
    "srcpickle._fmt.write",
    "srcpickle._source",
    "typing",
    "argparse",
    "pydoc",
    "_pydecimal",
    "email._header_value_parser",
]


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_global_names_read_from_bytecode_are_dis_s(interpreter: Interpreter) -> None:
    proc = isolated().run(interpreter, CODE_GLOBALS_CHILD, args=CODE_GLOBALS_MODULES, timeout=CHILD_TIMEOUT)
    checked, extended, differ = result_of(proc)
    assert checked > 1000 and extended > 0, (checked, extended)
    assert differ == [], f"{interpreter.label}: global names differ from dis's for {differ}"


def _imports_by_every_node(tree: Any) -> Tuple[set, dict]:
    """What a module's import statements bind, found by walking every node breadth-first (what
    _module_imports walks only the statements of, issue 9)."""
    import ast

    names: set = set()
    bindings: dict = {}
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                names.add(name)
                bindings[name] = (alias.name if alias.asname else name, None)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name)
                    if not node.level and node.module:
                        bindings[alias.asname or alias.name] = (node.module, alias.name)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return names, bindings


_IMPORT_PLACES = """\
import os, os.path as osp
from json import dumps as j, loads
TABLE = {"a": [1, 2, (lambda: 3)], "b": {k: v for k, v in [(1, 2)]}}
try:
    import simplejson as sj
except ImportError:
    import json as sj
else:
    from json import JSONDecoder as sj
finally:
    import math as m
if TABLE:
    import sys as s
elif os:
    from . import sibling
else:
    import sys as s, re as s
for _ in ():
    import csv
while False:
    import io
with open(__file__) as handle:
    from io import StringIO as s
def f():
    import secret
class C:
    import inner
match TABLE:
    case {"a": _}:
        import glob as m
    case _:
        from glob import glob as m
"""


def test_module_imports_read_from_statements_are_every_nodes() -> None:
    """The names module-level imports bind, and what each was imported as (the later import of a
    name winning), read from the statements alone: the same as from every node, over a file with
    imports in every kind of block and over srcpickle's and the standard library's files."""
    import ast
    import importlib.util

    from srcpickle import _source as source_module

    texts = [_IMPORT_PLACES]
    for name in (
        "srcpickle._source",
        "srcpickle._fmt.read",
        "srcpickle._fmt.write",
        "typing",
        "argparse",
        "pydoc",
        "subprocess",
    ):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        texts.append(Path(spec.origin).read_text(encoding="utf-8"))
    for text in texts:
        if "match TABLE" in text and sys.version_info < (3, 10):
            text = text[: text.index("match TABLE")]
        tree = ast.parse(text)
        assert source_module._module_imports(tree) == _imports_by_every_node(tree)
    names, bindings = source_module._module_imports(ast.parse(_IMPORT_PLACES.split("match TABLE")[0]))
    assert bindings["sj"] == ("json", None) and bindings["s"] == ("re", None)  # breadth-first
    assert "secret" not in names and "inner" not in names and {"csv", "io", "sibling"} <= names


def test_the_walks_of_astparse_are_ast_s() -> None:
    """``_astparse.walk`` and ``iter_child_nodes`` (the capture side's, without importing
    ``ast``: issue 9) give the nodes ``ast``'s give, in the same order, over whole files."""
    import ast
    import importlib.util

    from srcpickle import _astparse

    for name in ("srcpickle._source", "typing", "argparse", "pydoc"):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        walked = list(_astparse.walk(tree))
        assert walked == list(ast.walk(tree)) and len(walked) > 1000
        assert all(list(_astparse.iter_child_nodes(n)) == list(ast.iter_child_nodes(n)) for n in walked)


# Sources whose syntax holds every kind Syntax reads: chains, imports (relative too), strings over
# several lines, f-strings, annotations, and the constructs that need a newer Python (each kept
# only where this Python parses it).
SYNTAX_SAMPLES = [
    '''\
def reads(a: int, *args: "Spec", k=os.sep, **kw) -> Dict[str, "X"]:
    """Doc
    over lines."""
    import json, xml.etree.ElementTree as ET
    from .helpers import twice
    from .. import sibling
    from os import path as p
    x: List[int] = [os.path.join(a, b).upper() for b in f(proj.sub, proj)]
    y = f"{a!r:>{k}} and {b.c.d}" + b"raw" + \'\'\'three
lines\'\'\'
    del z.attr
    lam = lambda q, *, r=t.u: q.v.w(r)
    return (a + -b) is not c and not d or e[1:2, ...]
''',
    "async def f(a, /, b):\n    async with a as (c, d):\n        await e\n"
    "    async for x in y:\n        yield x\n",
    "class C(Base, metaclass=M, **kw):\n    x: int = 1\n"
    "    def m(self):\n        global G\n        G = self.x\n",
    "def m(v):\n    match v:\n        case [1, *rest] | {'k': _, **kw}:\n            return rest\n"
    "        case P(x=0, y=None) as p if p:\n            return p\n",
    "def t():\n    try:\n        pass\n    except* (ValueError, TypeError) as group:\n        raise\n",
    "def s(*args: *Ts):\n    return a[*b]\n",
    "def g[T: int, *Ts, **P](x: T) -> T:\n    type Alias[U] = list[U]\n"
    "    return f'{x!r:{'>' if x else '<'}10}'\n",
    "def d[T = int]():\n    pass\n",
]


def reference_syntax(node: Any, text: str) -> Tuple[Any, ...]:
    """What Syntax reads from ``node``, the plain way: every node of ``ast.walk`` (breadth-first,
    every field), each asked with isinstance."""
    import ast

    from srcpickle import _astparse, _deps

    names, interior, imports, inner = set(), set(), set(), set()
    chains: Dict[str, set] = {}
    requirement: Tuple[Tuple[int, int], str] = (_deps.MIN_PYTHON, "")
    annotated = False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            names.add(sub.id)
            if id(sub) not in inner and isinstance(sub.ctx, ast.Load):
                chains.setdefault(sub.id, set()).add(())
        elif isinstance(sub, ast.Attribute):
            inner.add(id(sub.value))
            if sub.attr == "f_globals":
                names.add(".f_globals")  # (a frame's globals read: _capture.lookups)
            if id(sub) not in inner:
                base, parts = _astparse.attribute_chain(sub)
                if isinstance(base, ast.Name):
                    chains.setdefault(base.id, set()).add(parts)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, (str, bytes)):
            interior.update(range(sub.lineno + 1, (sub.end_lineno or sub.lineno) + 1))
        elif isinstance(sub, ast.Import):
            imports.update(alias.name for alias in sub.names)
        elif isinstance(sub, ast.ImportFrom):
            if not sub.level and sub.module:
                imports.add(sub.module)
            if sub.level:
                imports.add("." * sub.level + (sub.module or ""))
        elif isinstance(sub, ast.arg):
            annotated = annotated or sub.annotation is not None
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
            annotated = annotated or sub.returns is not None
        elif isinstance(sub, ast.AnnAssign):
            annotated = True
        if isinstance(sub, ast.JoinedStr):
            interior.update(range(sub.lineno + 1, (sub.end_lineno or sub.lineno) + 1))
        needed = _deps.node_requirement(sub, text)
        if needed is not None and needed[0] > requirement[0]:
            requirement = needed
    return (
        frozenset(names),
        frozenset(interior),
        {name: sorted(found) for name, found in chains.items()},
        tuple(sorted(imports)),
        requirement,
        annotated,
    )


def test_syntax_is_the_plain_walks_reading() -> None:
    """``Syntax`` reads a def's, lambda's or class's facts in one walk that skips the fields that
    hold no nodes (issue 9): it gives what reading every node of ``ast.walk`` gives, for every
    def, lambda and class of a few standard library modules and of sources holding every kind it
    reads, on this Python (the suite runs on the oldest and newest CPython too)."""
    import ast
    import dataclasses
    import email.message
    import inspect as inspect_module
    import json.decoder
    import typing

    from srcpickle._fmt import read as fmt_read
    from srcpickle._source import Syntax

    texts = []
    for module in (ast, dataclasses, email.message, inspect_module, json.decoder, typing, fmt_read):
        with open(str(module.__file__), encoding="utf-8") as handle:
            texts.append(handle.read())
    for sample in SYNTAX_SAMPLES:
        try:
            ast.parse(sample)
        except SyntaxError:
            continue  # a newer Python's syntax
        texts.append(sample)
    compared = 0
    for text in texts:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                found = Syntax(node, text)
                ours = (
                    found.names,
                    found.interior,
                    found.chains,
                    found.imports,
                    found.requirement,
                    found.annotated,
                )
                assert ours == reference_syntax(node, text), ast.dump(node)[:200]
                compared += 1
    assert compared > 500


CUT_SAMPLE = (
    "def top(a):\n    x = '''\n    \n  kept'''\n    \n    return x\n\n\n"
    "@deco(\n    1)\nclass C:\n    def m(self):\n        y = 1\n        \t\n"
    "        return '''a\n        '''\n"
    "class T:\n\tdef tabbed(self):\n\t\treturn 1\n"
    "if True:\n    def nested():\n        '''doc\n  under'''\n        return 2\n"
)


def test_cut_block_is_the_line_by_line_reading() -> None:
    """A def or class that is not indented and has no line of spaces alone is cut as its lines
    (issue 9: no walk of its strings); every def and class of a few modules and of a sample with
    indented, tabbed and string-holding blocks is cut as the line-by-line reading
    (``_cut_by_lines``, the general path) cuts it."""
    import ast
    import dataclasses
    import json.decoder

    from srcpickle import _source

    texts = [CUT_SAMPLE]
    for module in (dataclasses, json.decoder, _source):
        with open(str(module.__file__), encoding="utf-8") as handle:
            texts.append(handle.read())
    compared = quick = 0
    for text in texts:
        parsed = _source._ParsedFile(text.splitlines(keepends=True))
        for node in ast.walk(parsed.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                cut = _source._cut_block(parsed, node)
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                block = parsed.lines[start - 1 : node.end_lineno or start]
                by_lines = _source._cut_by_lines(parsed, node, start, block)
                assert cut == by_lines, ast.dump(node)[:200]
                compared += 1
                quick += node.col_offset == 0
    assert compared > 100 and quick > 20


_GLOBALS_MATTER = """\
import json
import os
import os.path as osp


def reads_modules(x):
    return os.path.join(x, json.dumps(x)) + osp.sep


def shadows(x):
    os = {"path": x}
    return os["path"], json


def local_only(x):
    json = [x]
    return json.copy()
"""


def test_capture_source_without_global_names_finds_them_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """capture_source(fn, None) reads the global names from the code itself, only when it
    verifies a source: the same sources as with the names given, which decide among the
    module's imports on 3.11+, and a proven source answered again without asking."""
    from srcpickle import _source
    from srcpickle._capture.functions import code_globals

    module = import_from(
        monkeypatch, write_module(tmp_path, "src_names", _GLOBALS_MATTER).parent, "src_names"
    )
    for fn in (module.reads_modules, module.shadows, module.local_only):
        _source._SOURCES.clear()
        found = _source.capture_source(fn, None)
        _source._SOURCES.clear()
        given = _source.capture_source(fn, code_globals(fn.__code__))
        assert (found.source, found.line, found.imported, found.kind) == (
            given.source,
            given.line,
            given.imported,
            given.kind,
        )
        assert _source.capture_source(fn, None) is given  # proven: nothing verified again
    loaded = load_fresh(srcpickle.dumps(module.reads_modules), tmp_path, "fn('a')")
    assert loaded == module.reads_modules("a")


# ------------------------------------------------------------------------ lambdas of one line

# Lambdas of one line that compile to the same code and differ in their defaults (the defaults
# are the enclosing scope's code, not the lambda's): CPython 3.9 and 3.10 merge them into one
# code object, 3.11+ tell them apart by columns, PyPy by neither. Each name maps to the source
# its payload must carry.
TWIN_LINES = """\
S = 4
d1, d2, d3 = (lambda x=1: x), (lambda x=2: x), (lambda x=3: x)
k1, k2 = (lambda *, k="a": k), (lambda *, k="b": k)
w1, w2 = (lambda x=10: x), (lambda x=1: x)
m1, m2 = (lambda x, y=(1, 2): (x, y)), (lambda x, y=(1, 2.0): (x, y))
v1, v2 = (lambda x=S: x), (lambda x=S + 1: x)
n1, n2 = (lambda x=-1: x), (lambda x=1: x)
s1, s2 = (lambda x: x in {1, 2, 3}), (lambda x: x in {1.0, 2, 3})
z1, z2 = (lambda: 0.0), (lambda: -0.0)
e1, e2 = (lambda x=None: x), (lambda x=...: x)
"""
TWIN_SOURCES = {
    "d1": "lambda x=1: x",
    "d2": "lambda x=2: x",
    "d3": "lambda x=3: x",
    "k1": 'lambda *, k="a": k',
    "k2": 'lambda *, k="b": k',
    "w1": "lambda x=10: x",
    "w2": "lambda x=1: x",
    "m1": "lambda x, y=(1, 2): (x, y)",
    "m2": "lambda x, y=(1, 2.0): (x, y)",
    "v1": "lambda x=S: x",
    "v2": "lambda x=S + 1: x",
    "n1": "lambda x=-1: x",
    "n2": "lambda x=1: x",
    "s1": "lambda x: x in {1, 2, 3}",
    "s2": "lambda x: x in {1.0, 2, 3}",
    "z1": "lambda: 0.0",
    "z2": "lambda: -0.0",
    "e1": "lambda x=None: x",
    "e2": "lambda x=...: x",
}
TWINS_CHILD = textwrap.dedent(
    """\
    import os, sys, tempfile
    import srcpickle

    directory = tempfile.mkdtemp()
    with open(os.path.join(directory, "src_twins.py"), "w") as handle:
        handle.write(sys.argv[1])
    sys.path.insert(0, directory)
    import src_twins

    def source(name):
        return srcpickle.inspect(srcpickle.dumps(getattr(src_twins, name))).root_node.source

    names = sys.argv[2].split(",")
    # Each pair dumped in both orders, twice: what one capture proved for a code object (shared
    # by the pair on 3.9 and 3.10) must not answer for the other.
    found = {}
    for order in (names, names[::-1], names):
        for name in order:
            found.setdefault(name, set()).add(source(name))
    print("RESULT=" + repr(found))
    """
)


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_lambdas_of_one_line_with_the_same_code_keep_their_own_source(interpreter: Interpreter) -> None:
    proc = isolated().run(
        interpreter, TWINS_CHILD, args=[TWIN_LINES, ",".join(TWIN_SOURCES)], timeout=CHILD_TIMEOUT
    )
    found = result_of(proc)
    assert found == {name: {text} for name, text in TWIN_SOURCES.items()}


@pytest.mark.parametrize(
    "before,after",
    [
        ("return 0.0", "return -0.0"),
        ("return 0.0", "return -0.0 "),
        ("return (1, 2)", "return (1, 2.0)"),
        ("return (1, 2)", "return (True, 2)"),
        ("return 0j", "return -0j"),
        ("return ((0.0,), 1)", "return ((-0.0,), 1)"),
        ("return x in {1, 2}", "return x in {1.0, 2}"),
    ],
)
def test_file_edited_to_an_equal_but_other_constant_is_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str
) -> None:
    """0.0 == -0.0 and (1, 2) == (1, 2.0): a constant the edit changed to one that compares
    equal still makes the file's source another function's."""
    name = f"src_edit_const_{abs(hash((before, after)))}"
    text = f"def target(x=1):\n    {before}\n"
    path = write_module(tmp_path, name, text)
    module = import_from(monkeypatch, tmp_path, name)
    path.write_text(text.replace(before, after), encoding="utf-8")
    touch_later(path)
    with pytest.raises(SourceMismatchError, match="edited"):
        srcpickle.dumps(module.target)


def test_same_constant_tells_apart_what_equality_does_not() -> None:
    from srcpickle._source import same_constant

    nan = float("nan")
    for x, y in [
        (0.0, 0.0),
        (nan, float("nan")),
        ((1, nan), (1, float("nan"))),
        (frozenset({1, "a"}), frozenset({"a", 1})),
    ]:
        assert same_constant(x, y), (x, y)
    for x, y in [
        (0.0, -0.0),
        (0j, -0j),
        (complex(0.0, -0.0), 0j),
        ((1, 2), (1, 2.0)),
        ((1,), (True,)),
        (((0.0,),), ((-0.0,),)),
        (frozenset({1, 2}), frozenset({1.0, 2})),
        (frozenset({0.0}), frozenset({-0.0})),
        (1, 1.0),
        (1, True),
    ]:
        assert not same_constant(x, y), (x, y)


# ------------------------------------------------------------------- class statements of one name

DECORATED_TWINS = """\
def tag(value):
    def deco(cls):
        cls.tag = value
        return cls
    return deco


@tag("one")
class Tagged:
    pass


First = Tagged


@tag("two")
class Tagged:  # a comment does not make it another statement
    pass


class Plain:
    pass


PlainFirst = Plain


class Plain:  # the same statement again: either is right
    pass
"""
DECORATED_TWINS_CHILD = textwrap.dedent(
    """\
    import base64, os, sys, tempfile
    import srcpickle

    directory = tempfile.mkdtemp()
    with open(os.path.join(directory, "src_class_twins.py"), "w") as handle:
        handle.write(sys.argv[1])
    sys.path.insert(0, directory)
    import src_class_twins as m

    found = {}
    for name, cls in (("first", m.First), ("second", m.Tagged), ("plain", m.PlainFirst)):
        try:
            found[name] = base64.b64encode(srcpickle.dumps(cls)).decode()
        except srcpickle.SrcpickleError as exc:
            found[name] = (type(exc).__name__, str(exc))
    print("RESULT=" + repr(found))
    """
)


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_class_statements_told_apart_only_by_decorators(interpreter: Interpreter, tmp_path: Path) -> None:
    """Two statements of one name, no method, bodies alike, other decorators: Python 3.13+ keeps
    the first line of the statement that made a class (``__firstlineno__``), which decides;
    before, nothing the live class holds tells them apart, and dumps refuses rather than run
    either at load."""
    import base64

    proc = isolated().run(interpreter, DECORATED_TWINS_CHILD, args=[DECORATED_TWINS], timeout=CHILD_TIMEOUT)
    found = result_of(proc)
    assert load_fresh(base64.b64decode(found["plain"]), tmp_path, "fn.__name__") == "Plain"
    if interpreter.implementation == "cpython" and interpreter.version >= (3, 13):
        assert load_fresh(base64.b64decode(found["first"]), tmp_path, "fn.tag") == "one"
        assert load_fresh(base64.b64decode(found["second"]), tmp_path, "fn.tag") == "two"
        return
    for name in ("first", "second"):
        kind, message = found[name]
        assert kind == "SourceMismatchError", found[name]
        assert "lines 8, 16" in message and "Tagged" in message and "different names" in message

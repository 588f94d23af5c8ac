"""Functions of ``python -c`` code: their source is the command's text.

Python 3.13 keeps that text in ``linecache`` as ``<string>``; 3.10 to 3.12 only in
``sys.orig_argv``, 3.9 nowhere but Linux's ``/proc/self/cmdline``, so such functions dumped on
3.13 only, and a spawned pool of a srcpickle context sent them by reference, which its workers
cannot resolve (``AttributeError`` in the worker, ``BrokenProcessPool`` in the parent). Each case
dumps in a ``python -c`` child of every interpreter and loads in a fresh interpreter, where the
command is gone.
"""

from __future__ import annotations

import base64
import os
import textwrap
from pathlib import Path
from typing import Any, List

import pytest

from srcpickle._lines import _command_text_lines
from srcpickle._pythons import Interpreter

from . import CURRENT, RESULT_MARK, interpreters, isolated, load_fresh, result_of

# Dumped in the -c child: each a function of the command's own text, called after loading.
COMMAND = f"""
import base64, srcpickle

SCALE = 3


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


class Box:
    def __init__(self, v):
        self.v = v

    def scaled(self):
        return self.v * SCALE


def make_adder(k):
    return lambda x: x + k + SCALE


# Characters str.splitlines() ends a line at, which end no line of the command (\x0c \u2028):
ODD = "a\x0cb\x1cc\u2028d\x85e"


def odd(suffix="\x0b"):
    return ODD + suffix


cases = {{
    "mutual": (is_even, "(fn(10), fn(7))"),
    "class": (Box, "(fn(4).scaled(), type(fn(1)).__qualname__)"),
    "closure": (make_adder(2), "fn(1)"),
    "lambda": (lambda s: s.upper(), "fn('ab')"),
    "odd_line_ends": (odd, "fn()"),
}}
out = {{}}
for name, (obj, expression) in cases.items():
    try:
        out[name] = (base64.b64encode(srcpickle.dumps(obj)).decode(), expression)
    except srcpickle.SrcpickleError as exc:
        out[name] = (type(exc).__name__, str(exc))
print({RESULT_MARK!r} + repr(out))
"""

EXPECTED = {
    "mutual": (True, False),
    "class": (12, "Box"),
    "closure": 6,
    "lambda": "AB",
    "odd_line_ends": "a\x0cb\x1cc\u2028d\x85e\x0b",
}


def _dumped_by_command(interpreter: Interpreter) -> Any:
    return result_of(isolated().run(interpreter, COMMAND))


def _has_command_line(interpreter: Interpreter) -> bool:
    # sys.orig_argv is 3.10+; 3.9 and PyPy 3.9 read Linux's /proc/self/cmdline.
    return interpreter.version >= (3, 10) or os.path.exists("/proc/self/cmdline")


@pytest.mark.parametrize("interpreter", interpreters(), ids=str)
def test_functions_of_python_c_load_where_the_command_is_gone(
    interpreter: Interpreter, tmp_path: Path
) -> None:
    dumped = _dumped_by_command(interpreter)
    for name, expected in EXPECTED.items():
        payload, expression = dumped[name]
        if not _has_command_line(interpreter):
            # No text anywhere: the error names the made-up file and says what to do.
            assert payload == "SourceUnavailableError", (name, dumped[name])
            assert "'<string>'" in expression and "Define it in a file" in expression
            continue
        got = load_fresh(base64.b64decode(payload), tmp_path, expression)
        assert got == expected, name


def test_exec_into_main_of_python_c_never_gets_the_command_text() -> None:
    # exec() compiles its text as "<string>" too: into __main__'s own globals the command's text
    # is found and fails verification (as on 3.13, where linecache holds it for every exec); into
    # a namespace of its own it has no source at all. Never a payload of the wrong text, and the
    # error says where the function came from (not "the file was edited").
    code = textwrap.dedent(
        f"""
        import srcpickle
        exec("def into_main(x):\\n    return x + 1\\n", globals())
        namespace = {{}}
        exec("def own(x):\\n    return x + 2\\n", namespace)
        out = []
        for fn in (into_main, namespace["own"]):
            try:
                srcpickle.dumps(fn)
                out.append("dumped")
            except srcpickle.SrcpickleError as exc:
                out.append((type(exc).__name__, "made by exec() or compile() from a string" in str(exc)))
        print({RESULT_MARK!r} + repr(out))
        """
    )
    got = result_of(isolated().run(CURRENT, code))
    assert got == [("SourceUnavailableError", True)] * 2


@pytest.mark.parametrize(
    ("argv", "lines"),
    [
        (["py", "-c", "a = 1\nb = 2"], ["a = 1\n", "b = 2\n"]),
        (["py", "-c", "a = 1\n"], ["a = 1\n"]),
        (["py", "-cx = 1"], ["x = 1\n"]),
        (["py", "-Ic", "x = 1"], ["x = 1\n"]),
        (["py", "-I", "-X", "utf8", "-W", "error", "-c", "x = 1"], ["x = 1\n"]),
        (["py", "-Xutf8", "-Werror", "-c", "x = 1"], ["x = 1\n"]),
        # -c after a script or a module is the program's argument, not the interpreter's.
        (["py", "script.py", "-c", "x = 1"], []),
        (["py", "-m", "tool", "-c", "x = 1"], []),
        (["py", "-", "-c", "x = 1"], []),
        (["py", "-c"], []),
        (["py"], []),
    ],
)
def test_command_text_is_read_from_the_interpreter_options(argv: List[str], lines: List[str]) -> None:
    assert _command_text_lines(argv) == lines

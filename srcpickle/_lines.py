"""Where the lines of a source come from when ``linecache`` holds none for its file, or holds
lines the file no longer has: the text ``python -c`` ran (from the interpreter's command line),
the input an IPython magic compiled, a file read again after an edit ``linecache`` missed, and
a loader's text split again where ``linecache`` split it with ``str.splitlines``.

``_source.file_lines`` and ``capture_source`` import it only then (a made-up file name, lines
linecache made from a string, a source that failed to verify), so that a first dumps of a
function of a file does not (issue 9).
Reads; executes nothing.
"""

from __future__ import annotations

import io
import linecache
import os
import sys
import types

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Sequence, Tuple


def reread_lines(
    filename: str, module_globals: Optional[Dict[str, Any]], lines: List[str]
) -> Optional[List[str]]:
    """The lines of ``filename`` read from disk again, when ``lines`` (what ``linecache`` held for
    it, which failed to verify) are no longer its text; None when they are, or it has no file.

    ``linecache`` (and the one-stat check of ``_source_lines``, its rule) sees an edit by the
    file's size and modification time only: a file rewritten within the file system's time
    resolution with the same length keeps its old lines there. A module reloaded after such an
    edit has code of the new text, which a fresh process verifies; before refusing it, read the
    file again. The new lines replace linecache's entry (tracebacks show the file as it is)."""
    entry = linecache.cache.get(filename)
    if entry is None or len(entry) != 4 or entry[1] is None or entry[2] is not lines:
        return None  # not lines linecache read from a file (a loaded payload, a notebook cell)
    try:
        with open(entry[3], "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    if data == "".join(lines).encode("utf-8"):
        return None  # the same text: verification judged the file as it is
    fresh: List[str] = linecache.updatecache(filename, module_globals)
    return fresh if fresh and fresh != lines else None


# What str.splitlines() ends a line at besides \n and \r, which end no line of Python source: a
# string literal or comment holding one is one line to the interpreter and two to splitlines.
SPLITLINES_ONLY = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# The lines split_again made, by file name, with the lines they replace (kept: a source proven
# against a list of lines holds while the same list is answered, see _source._SOURCES).
_SPLIT_AGAIN: Dict[str, Tuple[List[str], List[str]]] = {}


def source_text_lines(text: str) -> List[str]:
    """The lines of a source text as the interpreter and linecache read a file: ended at \n,
    \r\n or \r only, each with a \n (the last one too)."""
    lines = io.StringIO(text, newline=None).readlines()
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def split_again(filename: str, module_globals: Optional[Dict[str, Any]], lines: List[str]) -> List[str]:
    """The lines of ``filename`` split where the interpreter splits them, when ``lines`` came
    from ``linecache`` splitting a string with ``str.splitlines`` (which it does for a module
    its loader reads, a zip import's, and for the text of python -c on 3.13; IPython does for
    its cells), and that string
    holds a character only ``str.splitlines`` ends a line at: a form feed in a string, say,
    would make the rest of the file shift down a line and no longer parse. The string is asked
    of the module's loader again (or read from the command line, or from IPython's input
    history for a cell); ``lines`` when it cannot be."""
    kept = _SPLIT_AGAIN.get(filename)
    if kept is not None and kept[0] is lines:
        return kept[1]
    text: Optional[str] = None
    if filename == "<string>":
        command = command_lines(filename, module_globals)
        text = "".join(command) if command else None
    elif module_globals is not None:
        get_source = getattr(module_globals.get("__loader__"), "get_source", None)
        name = module_globals.get("__name__")
        if get_source is not None and isinstance(name, str):
            try:
                found = get_source(name)
            except Exception:  # noqa: BLE001 - a loader's own failure: linecache's lines stand
                found = None
            text = found if isinstance(found, str) else None
    if text is None and "IPython" in sys.modules:
        from ._notebook import cell_text  # (a cell's lines: IPython splits them so too)

        text = cell_text(lines)
    fixed = lines
    # (only a text linecache's lines were made from: the one it asked the same loader for, or
    # the command, which 3.13 registers with a newline more)
    if text is not None and not SPLITLINES_ONLY.isdisjoint(text) and split_by_splitlines(lines, text):
        fixed = source_text_lines(text)
    _SPLIT_AGAIN[filename] = (lines, fixed)
    return fixed


def split_by_splitlines(lines: List[str], text: str) -> bool:
    """Whether ``lines`` are ``text`` as linecache splits a string: str.splitlines, a newline on
    each (a newline more or less at the end: 3.13 registers the python -c text with one more)."""
    return _unpadded(lines) == _unpadded([line + "\n" for line in text.splitlines()])


def _unpadded(lines: List[str]) -> List[str]:
    end = len(lines)
    while end and lines[end - 1] == "\n":
        end -= 1
    return lines[:end]


def magic_lines(filename: str, code: Optional[types.CodeType]) -> List[str]:
    """The text an IPython magic (``%%time``, ``%prun``) compiled as the made-up file
    ``filename`` to define ``code``, from the session's input history; [] outside IPython."""
    if not (filename.startswith("<") and filename.endswith(">")) or "IPython" not in sys.modules:
        return []
    from ._notebook import magic_cell_lines

    return magic_cell_lines(filename, code)


# The lines of the python -c text, read once: one list, so that what was proven against it holds
# (see _source._SOURCES). The command line of a process never changes. (Bound before
# command_lines declares it global: PyPy refuses an annotated name bound after that.)
_COMMAND_LINES: Optional[List[str]] = None


def command_lines(filename: str, module_globals: Optional[Dict[str, Any]]) -> List[str]:
    """The text ``python -c`` ran as ``__main__`` (``filename`` ``<string>``, ``module_globals``
    those of ``__main__``), from the interpreter's command line; [] for anything else.

    Python 3.13 puts that text in ``linecache``; 3.10 to 3.12 keep it only in ``sys.orig_argv``
    (3.9: Linux's ``/proc/self/cmdline``), so a function of ``python -c`` code dumped on 3.13
    only, and a pool of a srcpickle context sent it by reference, which a spawned worker cannot
    resolve. The text found is verified like any other (compiled and compared with the live
    code), so a ``sys.argv`` a program changed, or code it ran with ``exec`` under the same
    name, never yields a wrong source.
    """
    global _COMMAND_LINES
    if filename != "<string>" or module_globals is None or sys.argv[:1] != ["-c"]:
        return []
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__dict__", None) is not module_globals:
        return []
    if _COMMAND_LINES is None:
        _COMMAND_LINES = _command_text_lines(_interpreter_argv())
    return _COMMAND_LINES


def _interpreter_argv() -> Sequence[str]:
    # The interpreter's own command line: sys.orig_argv (3.10+), else (3.9, PyPy 3.9) the one
    # Linux shows in /proc; () where neither is.
    argv: Optional[Sequence[str]] = getattr(sys, "orig_argv", None)
    if argv is not None:
        return argv
    try:
        with open("/proc/self/cmdline", "rb") as handle:
            raw = handle.read()
    except OSError:
        return ()
    return [_decoded_arg(arg) for arg in raw.split(b"\0")[:-1]]


def _decoded_arg(raw: bytes) -> str:
    # As the interpreter decoded its arguments: the file system encoding (CPython), but PyPy
    # decodes them as UTF-8 whatever its file system encoding (ASCII in the C locale), where
    # fsdecode would leave surrogates that no source text can hold.
    arg = os.fsdecode(raw)
    if sys.implementation.name != "cpython":
        try:
            arg = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return arg


def _command_text_lines(argv: Sequence[str]) -> List[str]:
    # The interpreter's options come first: flags, alone or grouped (-I, -Ic), and -W, -X with
    # their value in the same or the next argument; -c takes the rest of its own argument or the
    # next one (python -c CODE, python -cCODE, python -Ic CODE).
    index = 1
    while index < len(argv):
        arg = argv[index]
        if not arg.startswith("-") or arg == "-" or arg.startswith("--"):
            return []
        for at, flag in enumerate(arg[1:], 1):
            if flag in "WX":
                index += at == len(arg) - 1  # its value is the next argument
                break
            if flag == "c":
                text = arg[at + 1 :] or (argv[index + 1] if index + 1 < len(argv) else "")
                return source_text_lines(text)
            if flag not in _FLAGS:
                return []  # an option this reading does not know (-m MODULE): no -c text
        index += 1
    return []


# The options of the interpreter that take no value (python --help).
_FLAGS = frozenset("bBdEhiIOPqRsSuvVx")

"""The errors of a function whose source cannot be captured: why no source exists (made by
``exec``, typed at a prompt, a deleted file), or how the source found differs from the live code
(an edited file, decorator lines added or removed, a code moved to another line), each with what
to do.

Imported by the first such error (``_source``): a dumps that succeeds does not load this code
(issue 9).
"""

from __future__ import annotations

import os
import types

from ._source import _verified, moved_code
from .errors import SourceMismatchError, SourceUnavailableError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, Optional, Tuple, Union

    from ._source import _ParsedFile


def missing_error(fn: types.FunctionType, filename: str) -> SourceUnavailableError:
    """The error for ``fn``, whose file ``filename`` has no lines."""
    return SourceUnavailableError(
        f"cannot find the source of {fn.__qualname__}: {_describe_missing(filename, fn.__globals__)}. "
        "Define it in a file (a script, a module or a notebook cell) and dump it again."
    )


def mismatch_error(
    parsed: _ParsedFile,
    code: types.CodeType,
    fn: types.FunctionType,
    filename: str,
    file: str,
    future: Tuple[str, ...],
    global_names: Iterable[str],
) -> Union[SourceUnavailableError, SourceMismatchError]:
    """The error for ``fn``, whose ``code`` no source of ``parsed`` (its file's lines, ``file`` as
    a payload names it) verifies against."""
    if filename.startswith("<") and filename.endswith(">"):
        # A made-up name holds a text no one edits (python -c's command, which 3.13's linecache
        # holds as "<string>"): the code was compiled from another string under that name.
        return SourceUnavailableError(
            f"cannot find the source of {fn.__qualname__}: {_describe_missing(filename)}, not from "
            "the text Python holds under that name (python -c's command, a cell). Define it in "
            "a file (a script, a module or a notebook cell) and dump it again."
        )
    where = f"{file}, line {code.co_firstlineno}"
    line = _moved_from(parsed, code, filename, file, future, global_names, fn)
    # A def whose code fits but for where its body sits below its decorators (see same_lines):
    # at the code's line, or on the line above when a decorator took the place of a line there.
    if line is None and (
        _verified(parsed, code, filename, file, future, global_names, fn, lines_free=True) is not None
        or _moved_from(parsed, code, filename, file, future, global_names, fn, lines_free=True)
    ):
        return SourceMismatchError(
            f"the decorators of {fn.__qualname__} at {where} are not the ones it was defined with: "
            "its statement in the file has its def at another line below its first decorator than "
            "its code, so a decorator line was added or removed above the def after import, and "
            "the payload would store decorators the live function does not have. Re-run or "
            "re-import the code so that it matches the file, then dump again."
        )
    if line is not None:
        return SourceMismatchError(
            f"the code of {fn.__qualname__} says it starts at {where}, but the def that compiles "
            f"to it is at line {line}: its code was moved (code.replace(co_firstlineno=...), by a "
            "decorator or a tool that rewrites code), or the file was edited after import (lines "
            "added or removed above it). srcpickle finds a source by its code's first line: dump "
            "the function before its code is moved, or re-import the module if the file changed."
        )
    return SourceMismatchError(
        f"the source of {fn.__qualname__} at {where} does not match its live code: the file was "
        "edited after the function was defined, or the code was compiled from another text. "
        "Re-run or re-import the code so that it matches the file, then dump again."
    )


def _describe_missing(filename: str, module_globals: Optional[Dict[str, Any]] = None) -> str:
    spec = module_globals.get("__spec__") if module_globals else None
    origin = getattr(spec, "origin", None)
    if isinstance(origin, str) and origin.endswith((".pyc", ".pyo")):
        return f"its module was imported from compiled code ({origin}) without its source file"
    if filename == "<stdin>":
        return (
            "it was read from standard input (typed at the interactive prompt, or a script piped "
            "to python), which keeps no source"
        )
    if filename.startswith("<") and filename.endswith(">"):
        return f"it was made by exec() or compile() from a string (its file is {filename!r})"
    if not os.path.exists(filename):
        return f"its file {filename} no longer exists"
    return f"its file {filename} cannot be read"


def _moved_from(
    parsed: _ParsedFile,
    code: types.CodeType,
    filename: str,
    file: str,
    future: Tuple[str, ...],
    global_names: Iterable[str],
    fn: types.FunctionType,
    lines_free: bool = False,
) -> Optional[int]:
    # The first line of another def of the code's name that its code, moved there, verifies
    # against; None if none does (only when the source at the code's own line failed).
    if code.co_name == "<lambda>":
        return None
    for line in sorted(parsed.defs):
        if line != code.co_firstlineno and any(n.name == code.co_name for n in parsed.defs[line]):  # type: ignore[union-attr]
            moved = moved_code(code, line - code.co_firstlineno)
            if _verified(parsed, moved, filename, file, future, global_names, fn, lines_free) is not None:
                return line
    return None

"""Sources of code that IPython magics compiled under made-up file names.

``%%time`` and ``%time`` compile their cell or line as ``<timed exec>``, ``%%prun`` and ``%prun``
as ``<string>``: no file and no ``linecache`` entry holds that text, so functions defined there
have no source to be found the usual way. The text is still in the session's input history, as
the raw cell the magic was called from. ``magic_cell_lines`` rebuilds, from every cell of that
history, the texts a magic can have compiled (a cell magic's body, a line magic's argument, as
IPython transforms them) and returns the one that compiles, under the same file name and
compiler flags, to a code object equal to the function's: verified, never guessed.

Used at capture time only; imports IPython only when the process already did.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ._lines import SPLITLINES_ONLY, source_text_lines, split_by_splitlines

# Texts compiled for the search, by (file name, text, flags), with the lines handed out for each:
# the same list every time, so the source module's parse cache (which checks the identity of the
# lines list) parses a cell once. A session's magic cells are few; past this many, start again.
_COMPILED_MAX = 512
_COMPILED: Dict[Tuple[str, str, int], Optional[Tuple[types.CodeType, List[str]]]] = {}
_LOCK = threading.Lock()


def _shell() -> Any:
    # Looked up, not imported: only a process already running IPython has a shell to ask (and
    # IPython's stubs differ between its releases).
    get_ipython = getattr(sys.modules.get("IPython"), "get_ipython", None)
    return get_ipython() if callable(get_ipython) else None


def _arguments(text: str) -> Iterator[str]:
    """The argument text of a magic as written, and as magics that parse their options give it
    back (``%time`` of IPython 9, ``%prun``): shell-split and joined by single spaces, with and
    without leading ``-x`` flags."""
    yield text
    try:
        process = importlib.import_module("IPython.utils.process")
        words = process.arg_split(text, posix=False, strict=False)
    except Exception:  # noqa: BLE001 - an unsplittable argument: the text as written only
        return
    yield " ".join(words)
    while words and words[0].startswith("-"):
        words = words[1:]
    yield " ".join(words)


def _candidates(cell: str) -> Iterator[str]:
    """Texts a magic in ``cell`` may have compiled, before IPython's own transformation."""
    lines = cell.splitlines(keepends=True)
    if not lines:
        return
    if lines[0].startswith("%%"):
        body = "".join(lines[1:])
        if body and not body.endswith("\n"):
            body += "\n"
        yield body
        yield "\n" + body  # %%prun compiles its (option-stripped) line, a newline, then the body
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("%") and not stripped.startswith("%%"):
            name_and_rest = stripped[1:].rstrip("\n").split(None, 1)
            if len(name_and_rest) == 2:
                yield from _arguments(name_and_rest[1])


def _compiled(shell: Any, filename: str, text: str) -> Optional[Tuple[types.CodeType, List[str]]]:
    """``text`` as the magic compiled it (transformed by IPython, under ``filename``, with the
    session's compiler flags), and the lines of the transformed text."""
    flags = int(getattr(shell.compile, "flags", 0))
    key = (filename, text, flags)
    with _LOCK:
        if key in _COMPILED:
            return _COMPILED[key]
    found: Optional[Tuple[types.CodeType, List[str]]]
    try:
        transformed = shell.transform_cell(text)
        found = (compile(transformed, filename, "exec", flags, True), source_text_lines(transformed))
    except Exception:  # noqa: BLE001 - not Python once transformed: not a candidate
        found = None
    with _LOCK:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        return _COMPILED.setdefault(key, found)


def _defines(module: types.CodeType, code: types.CodeType) -> bool:
    from ._source import same_code

    pending = [module]
    while pending:
        current = pending.pop()
        for const in current.co_consts:
            if isinstance(const, types.CodeType):
                if (
                    const.co_name == code.co_name
                    and const.co_firstlineno == code.co_firstlineno
                    and same_code(const, code)
                ):
                    return True
                pending.append(const)
    return False


def cell_text(lines: List[str]) -> Optional[str]:
    """The text, as IPython transformed and compiled it, of the cell of the session's input
    history whose lines ``lines`` are as IPython split them for ``linecache`` (with
    ``str.splitlines``), among the cells holding a character that splits at and Python does
    not; None when there is none."""
    shell = _shell()
    if shell is None:
        return None
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None) or []
    for cell in reversed(list(history)):
        if not isinstance(cell, str) or SPLITLINES_ONLY.isdisjoint(cell):
            continue
        try:
            transformed = shell.transform_cell(cell)
        except Exception:  # noqa: BLE001, S112 - a cell IPython cannot transform: not this one
            continue
        if isinstance(transformed, str) and split_by_splitlines(lines, transformed):
            return transformed
    return None


def magic_cell_lines(filename: str, code: Optional[types.CodeType]) -> List[str]:
    """The lines of the text an IPython magic compiled as ``filename`` that defines ``code``,
    from the session's input history (newest cell first); [] when there is none."""
    shell = _shell()
    if shell is None or code is None:
        return []
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None) or []
    seen = set()
    for cell in reversed(list(history)):
        if not isinstance(cell, str) or "%" not in cell:
            continue
        for text in _candidates(cell):
            if text in seen:
                continue
            seen.add(text)
            found = _compiled(shell, filename, text)
            if found is not None and _defines(found[0], code):
                return found[1]
    return []


__all__ = ["cell_text", "magic_cell_lines"]

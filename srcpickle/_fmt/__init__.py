"""The payload text format (``docs/FORMAT.md``): its constants, and what reading and writing share.

The format lives in three modules, so that a ``loads`` never imports the writer and a ``dumps``
never imports the reader: this one (the grammar's limits and markers, and the fields format 3
leaves out because a section's source implies them: ``source_kind``, ``source_docstring``),
``read`` (text to ``Payload``: the value and section parsers and every check on untrusted text)
and ``write`` (``Payload`` to text). It must never import either of them.

This package imports only the standard library.
"""

from __future__ import annotations

import _ast
import sys

from .. import _astparse

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import types
    from typing import Any, Dict, Optional, Tuple

# Bytes longer than this are written as base64: about 1.33 bytes of text per byte of data,
# where repr() can take four.
BASE64_MIN_BYTES = 64
# Integers wider than this many bits are written in hex: CPython 3.11+ refuses to convert
# decimal strings above 4300 digits, and hex conversion has no such limit.
DECIMAL_MAX_BITS = 4000
# Source lines are indented by this prefix so that no source line can look like a section header.
SOURCE_INDENT = "    "
END_MARKER = "[end]"
# Containers nest at most this deep in a payload (the parser is recursive).
MAX_NESTING = 200
# A source's line number is at most this: the loader pads the compiled text to that line.
MAX_LINE = 1_000_000
# A source's indent is at most this many spaces and tabs: CPython's tokenizer refuses more than
# 100 nested blocks, and no formatter indents a level by more than a tab stop of 8.
MAX_INDENT = 800
# Loading and ``check`` compile each source padded to its line and re-indented by its indent, so
# the text they compile is about sum(line + len(indent) * lines) over the sources. A real
# payload's sources come from files at least that long; the reader bounds the sum by one file of
# MAX_LINE lines plus PADDING_PER_CHAR characters per character of payload, keeping every command
# linear in the payload's size.
PADDING_PER_CHAR = 16
# The special floats, without importing math (an extension module to load, for these two).
_INF = float("inf")
_NAN = float("nan")


# ------------------------------------------------------------ format 3: packed runs of ints
#
# A list or tuple of at least INT_PACK_MIN items, every one an exact int (not a bool) of at most
# 64 bits, is written from format 3 as one packed literal, ``[*ints('<i3', 100000, 'BASE64')]``:
# each int as the fewest little-endian two's complement bytes that hold every item of the run,
# all of them in base64. 100,000 ints below a million take 400,000 characters instead of
# 789,000 in decimal (issue 9's data row: 1.42x cloudpickle's size -> 1.17x).

# The widths a packed run may have, in bytes per int: 1 to 8 (64 bits, a struct "q").
INT_PACK_WIDTHS = range(1, 9)
# The byte each item's top byte extends to when widened: 0x00 for 0x00-0x7f, 0xff for 0x80-0xff.
_SIGN_FILL = bytes.maketrans(bytes(range(256)), bytes(0 if b < 0x80 else 0xFF for b in range(256)))


def source_kind(source: str) -> str:
    """The ``kind`` of a function whose source is ``source``: ``'lambda'`` for a lambda
    expression (its text starts with the keyword), ``'def'`` for a def statement (which starts
    with ``def``, ``async`` or a decorator's ``@``, never with ``lambda``)."""
    return "lambda" if source.startswith("lambda") else "def"


def source_def_name(source: str) -> Optional[str]:
    """The name a def statement ``source`` starts with (``def NAME(`` or ``async def NAME(``, or
    ``[`` for a generic def), without a decorator before it; None for any other text. Format 3
    leaves a function section's ``name`` out when this is it (FORMAT.md section 17): the reader
    fills it in with this, and the writer asks ``def_named``, which answers exactly whether this
    is the name (tests/unit/test_fmt.py holds the two to each other)."""
    if source.startswith("def "):
        start = 4
    elif source.startswith("async def "):
        start = 10
    else:
        return None
    head = source[start : start + 256]
    # The name ends at the first "(" or "[" (str.find: C loops; a loop over the characters was
    # ~90 bytecodes a function of a new payload's parse, issue 9).
    end = head.find("(")
    bracket = head.find("[", 0, len(head) if end < 0 else end)
    if bracket >= 0:
        end = bracket
    if end < 0:
        return None
    name = head[:end]
    return name if name.isidentifier() else None


def def_named(source: str, name: str) -> bool:
    """Whether ``source_def_name(source) == name``, asked at every write of a format 3 function
    section: comparing the few characters of the name is about a third cheaper than finding it
    (~0.3 us a function on a warm dumps, issue 9)."""
    if source.startswith("def "):
        end = 4 + len(name)
    elif source.startswith("async def "):
        end = 10 + len(name)
    else:
        return False
    return (
        source.startswith(name, end - len(name))
        and source[end : end + 1] in ("(", "[")
        and len(name) < 256
        and name.isidentifier()
    )


def source_docstring(source: str, kind: str) -> Tuple[Any, ...]:
    """The docstring a function's source gives it, as a tuple of one item (the text, or None
    when the def has none, and for a lambda); ``()`` when ``source`` is not one def statement
    this Python parses. Read from the syntax tree, never compiled nor run."""
    if kind == "lambda":
        return (None,)
    found = _DOCSTRINGS.get(source)
    if found is not None:
        return found
    try:
        tree = _astparse.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        found = ()
    else:
        body = tree.body
        if len(body) != 1 or not isinstance(body[0], (_ast.FunctionDef, _ast.AsyncFunctionDef)):
            found = ()
        else:
            first = body[0].body[0]
            value = first.value if isinstance(first, _ast.Expr) else None
            found = (value.value if isinstance(value, _ast.Constant) and type(value.value) is str else None,)
    if len(_DOCSTRINGS) >= DOCSTRINGS_KEPT:
        _DOCSTRINGS.clear()
    _DOCSTRINGS[source] = found
    return found


# The docstrings of sources read or written (source_docstring, docstring_from_code), by source: a
# payload loaded or dumped again parses none of its sources again. Cleared when full.
_DOCSTRINGS: Dict[str, Tuple[Any, ...]] = {}
DOCSTRINGS_KEPT = 4096


def known_docstring(source: str) -> Optional[Tuple[Any, ...]]:
    """What ``source_docstring(source, "def")`` gives, if a source the same was read or written
    lately; else None (without parsing it)."""
    return _DOCSTRINGS.get(source)


def _code_docstrings() -> int:
    # What the first constant of a def's compiled code says of its docstring here: 2 it is the
    # docstring's text as the syntax tree has it, or None when the def has none (CPython 3.9 to
    # 3.12 and PyPy 3.9 put one of them first); 1 only its None says (CPython 3.13 cleans the
    # indentation of a docstring's text); 0 nothing (-OO strips docstrings; another interpreter
    # is not known to do either).
    if sys.flags.optimize >= 2:
        return 0
    tag = sys.implementation.cache_tag
    if tag in ("cpython-39", "cpython-310", "cpython-311", "cpython-312", "pypy39"):
        return 2
    return 1 if tag == "cpython-313" else 0


CODE_DOCSTRINGS = _code_docstrings()


def docstring_from_code(code: types.CodeType, source: str, verbatim: bool) -> Any:
    """``source_docstring(source, "def")``'s docstring (None for none, and for a source that is
    not one def statement), read from ``code``, the code of the def compiled from ``source``
    where that gives the same: a loader that compiles a source need not parse it again.
    ``verbatim`` says whether the text compiled holds the source unchanged (re-indented, the
    lines of a multi-line string change; under the loader's ``if 1:``, an indented source
    compiles that does not parse alone). Where the code cannot tell, the source is parsed. (The
    one ``__future__`` feature a payload may name, ``annotations``, changes no grammar.)"""
    if CODE_DOCSTRINGS:
        consts = code.co_consts
        first = consts[0] if consts else None
        if first is None or (CODE_DOCSTRINGS == 2 and verbatim and type(first) is str):
            if verbatim:
                # What parsing the source gives (it compiled as one def statement, unchanged):
                # kept, as source_docstring keeps it, for the next payload holding the source.
                record_docstring(source, (first,))
            return first  # (None: no docstring; no layout or cleaning makes one None)
    found = source_docstring(source, "def")
    return found[0] if found else None


def record_docstring(source: str, found: Tuple[Any, ...]) -> None:
    """Record ``found`` as what ``source_docstring(source, "def")`` answers, when the caller
    knows it from a parse it made anyway (capture, from the file's parse the def was cut from):
    the writer then parses no source of a function dumped for the first time (issue 9)."""
    if len(_DOCSTRINGS) >= DOCSTRINGS_KEPT:
        _DOCSTRINGS.clear()
    _DOCSTRINGS[source] = found

"""Parse a top-level def from its own lines, not its whole file (issue 9); and the rest of a
file from a top-level statement on, where a parse of its own lines would not do.

The first dumps of a function of a long module parsed the whole module (~70k instructions a line
on CPython 3.11: 37 ms for 3,000 lines). A def at column 0 is cut from its file from its code's
first line (its first decorator's) to the last line its instructions and nested codes span, then
over blank, comment and indented lines, and parsed alone at its own line numbers; the module's
imports come from the file's head (the lines above its first def or class), parsed once per file.
``_source`` verifies the source so found against the live code, as any.

Must never answer other than the whole file's parse would: whenever the def's lines or the head
cannot say what that parse says, ``block_parsed`` gives None and the whole file is parsed.
"""

from __future__ import annotations

import _ast as ast  # the node classes (ast itself costs ~8 ms to import)
import sys
import types
from bisect import bisect_left

from . import _astparse, _source
from ._source import _PARSED_LOCK, _future_annotations, _module_imports, _ParsedFile

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Set

    from ._source import Binding

# How many top-level defs of one file are parsed from their own lines before the whole file is:
# past that, the whole parse and its batch compiles (~25 us a def) cost less than a parse and a
# compile of each def alone (~60 us).
BLOCK_DEFS = 16
# The first characters of a line that may start a def or class statement, and its first words.
_DEF_STARTS = frozenset("@dac")
_DEF_WORDS = ("@", "def ", "def\t", "async ", "async\t", "class ", "class\t")


class Outline:
    """What the defs of a file parsed from their own lines need beyond those lines: the imports
    of the file's head, and how many defs were served."""

    __slots__ = (
        "lines_ref",
        "head_end",
        "import_names",
        "import_bindings",
        "future_annotations",
        "served",
        "usable",
        "head_body",
        "rests",
        "_import_lines",
    )

    def __init__(self, lines: List[str]) -> None:
        self.lines_ref = lines  # kept alive so the identity check of outline() stays sound
        self.served = 0
        self.rests = 0  # (see rest_parsed)
        self.head_body: List[ast.stmt] = []
        # The indexes of the lines where an import statement may sit (may_import), found at the
        # first question (see imports_between).
        self._import_lines: Optional[List[int]] = None
        # The head ends at the first line that may start a def or class statement. A cut inside
        # a string, a bracket or after a backslash leaves a head that does not parse: a head that
        # parses ends where the whole file's parse ends a statement, so its statements are the
        # file's first ones, and the rest of the file starts at column 0 (at module level).
        head_end = len(lines)
        for number, line in enumerate(lines):
            if line[:1] in _DEF_STARTS and line.startswith(_DEF_WORDS):
                head_end = number
                break
        self.head_end = head_end
        self.import_names: Set[str] = set()
        self.import_bindings: Dict[str, Binding] = {}
        self.future_annotations = False
        try:
            tree = _astparse.parse("".join(lines[:head_end]))
        except (SyntaxError, ValueError):
            # The head does not parse alone: the file's defs come from the whole file's parse.
            self.usable = False
            return
        self.usable = True
        # Kept for the imports of a rest of the file (rest_parsed): its import statements and
        # those of the head, read in the whole file's order.
        self.head_body = tree.body
        self.import_names, self.import_bindings = _module_imports(tree)
        self.future_annotations = _future_annotations(tree)

    def imports_between(self, start: int, end: int) -> bool:
        """Whether an import statement may sit in ``lines[start:end]`` (``may_import``).

        The lines are looked through once per file (the word cannot span two lines, and
        ``may_import`` reads no further than the line it sits on), not once per statement
        parsed alone: a table of 2,000 lambdas dumped one by one looked through the lines above
        and below each (issue 9)."""
        found = self._import_lines
        if found is None:
            lines = self.lines_ref
            found = [at for at, line in enumerate(lines) if "import" in line and may_import(line)]
            self._import_lines = found  # (two threads may both find them: equal lists)
        at = bisect_left(found, start)
        return at < len(found) and found[at] < end


# The outlines by file name, valid while linecache hands out the same lines (as _source._PARSED).
_OUTLINES: Dict[str, Outline] = {}


def outline(filename: str, lines: List[str]) -> Outline:
    """The ``Outline`` of ``filename`` read as ``lines`` (made once)."""
    found: Outline = _source.per_file(_OUTLINES, filename, lines, Outline)
    return found


def last_line(code: types.CodeType) -> int:
    """The last line an instruction of ``code`` or of a code nested in it spans (CPython 3.11+:
    its end line, so that a call's closing bracket counts; before: the lines instructions start
    on; PyPy 3.9: none, the code's first line)."""
    last = code.co_firstlineno
    pending = [code]
    positions = sys.implementation.name == "cpython"
    for current in pending:
        if positions and hasattr(current, "co_positions"):
            for _, end, _, _ in current.co_positions():
                if end is not None and end > last:
                    last = end
        elif hasattr(current, "co_lines"):
            for _, _, line in current.co_lines():
                if line is not None and line > last:
                    last = line
        pending.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return last


def may_import(text: str) -> bool:
    """Whether an import statement may sit in ``text``: the word ``import`` is in it, not inside
    a longer name (a keyword never is: "imports", "important" are none) nor on a comment line
    (such a line is a comment, or inside a string: no statement starts there)."""
    at = text.find("import")
    while at >= 0:
        before = text[at - 1 : at]
        after = text[at + 6 : at + 7]
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            line_start = text.rfind("\n", 0, at) + 1
            if not text[line_start:at].lstrip().startswith("#"):
                return True
        at = text.find("import", at + 6)
    return False


def block_parsed(filename: str, lines: List[str], code: types.CodeType) -> Optional[_ParsedFile]:
    """A parse of the top-level def of ``code`` from its own lines of ``filename``, with the
    imports of the file's head, when it answers as the whole file's parse would; None otherwise
    (not a def at column 0, the whole file parsed already, ``BLOCK_DEFS`` defs of the file
    served, or any check below fails).

    The block runs from the code's first line to its last (``last_line``), then over blank,
    comment and indented lines (a def at column 0 ends at the first line of code at column 0
    outside its strings and brackets). It must parse as one def of the code's name starting on
    its first line: a block cut inside a string, a bracket or a continuation does not parse, so
    one that does ends where the file's def ends. The module's imports are the head's when no
    import statement may sit between the head and the block, nor after the block.
    """
    start = code.co_firstlineno
    if not 0 < start <= len(lines):
        return None
    lead = lines[start - 1][:1]
    if not lead or lead.isspace() or lead == "#":
        return None  # not a top-level statement
    with _PARSED_LOCK:
        cached = _source._PARSED.get(filename)
        if cached is not None and cached.lines_ref is lines:
            return None  # the whole file is parsed already
    found = outline(filename, lines)
    if not found.usable or found.served >= BLOCK_DEFS or start - 1 < found.head_end:
        return None
    found.served += 1  # (two threads may both count one: a bound, not a tally)
    parsed = _statement_cut(found, lines, start, code, "")
    if parsed is None:
        return None
    node = parsed.tree.body[0]
    if (
        not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        or node.name != code.co_name
        or node.col_offset
        or min([node.lineno] + [d.lineno for d in node.decorator_list]) != start
    ):
        return None
    return parsed


# How many rests of one file are parsed (see rest_parsed): a rest that does not hold a
# function asked about later (a program that dumps a file's functions bottom up) is not followed
# by a longer one, which would parse the same lines again: the whole file is parsed instead.
REST_PARSES = 1
# The rest of each file parsed, by file name, valid while linecache hands out the same lines.
_RESTS: Dict[str, _ParsedFile] = {}
_source._PARSE_CACHES.append(_RESTS)


def statement_start(lines: List[str], line: int) -> int:
    """The first line of the top-level statement that holds ``line`` (1-based) of ``lines``:
    the last line at or above it that starts with code at column 0, or the first of the
    decorators right above it; 0 when there is none.

    A line at column 0 inside a multi-line string or bracket passes for a start too: the
    lines from there do not parse as the file's statements (see rest_parsed)."""
    at = min(line, len(lines))
    while at >= 1:
        lead = lines[at - 1][:1]
        if lead and not lead.isspace() and lead != "#":
            break
        at -= 1
    while at > 1 and lines[at - 2][:1] == "@":
        at -= 1
    return at


def rest_parsed(filename: str, lines: List[str], code: types.CodeType) -> Optional[_ParsedFile]:
    """A parse of ``filename`` read as ``lines`` from the top-level statement that holds the
    first line of ``code`` to its end, when it answers as the whole file's parse would for every
    function from that statement on; None otherwise (the whole file is parsed already, the head
    does not parse alone, the statement sits in the head, an import statement may sit between
    the head and it, the lines from it do not parse, or a rest or statement kept does not hold
    ``code``). Once a rest was parsed, a function of no rest kept gets its statement parsed
    alone (``statement_parsed``), kept as a rest while functions of it wait.

    The rest serves a function that is no top-level def (a closure, a method, a lambda) and the
    top-level defs past ``BLOCK_DEFS``: the lines above it, parsed already as the head and the
    defs the block parse served, are not parsed again (issue 9: a whole parse there parsed them
    twice). Its imports are the head's and its own, read in the whole file's order.
    """
    line = code.co_firstlineno
    if not 0 < line <= len(lines):
        return None
    with _PARSED_LOCK:
        whole = _source._PARSED.get(filename)
        if whole is not None and whole.lines_ref is lines:
            return None  # the whole file is parsed already
        rest = _RESTS.get(filename)
    if rest is not None and rest.lines_ref is lines:
        # A kept rest or statement that does not hold it: the program dumps functions of the file
        # above that rest (bottom up), or across statements while some of one still wait (two
        # tables of lambdas in turn): the whole file, kept while any waits (not a parse a
        # function, each).
        return rest if rest.first <= line <= rest.last else None
    start = statement_start(lines, line)
    found = outline(filename, lines)
    if not start or not found.usable or start - 1 < found.head_end:
        return None
    if found.rests >= REST_PARSES:
        if start == code.co_firstlineno and code.co_name != "<lambda>":
            return None  # a top-level def (a module imported again): the whole file, in batches
        # The file's rest went (every def it held was proven, see _ParsedFile.serve, or the
        # cache let it go): a lambda or a method or closure asked now is served by its statement
        # alone, where the whole file parsed for it was kept for no other function (issue 9).
        # Kept as the rest is, while functions of it wait (the lambdas of a table).
        parsed = statement_parsed(found, lines, start, code)
        if parsed is not None:
            _keep_rest(filename, parsed)
        return parsed
    found.rests += 1  # (two threads may both count one: a bound, not a tally)
    if found.imports_between(found.head_end, start - 1):
        return None
    try:
        parsed = _ParsedFile(lines, (found, start, len(lines)))
    except (SyntaxError, ValueError):
        return None
    body = parsed.tree.body
    if not body or _source._first_line(body[0]) != start:
        return None
    # The whole file's imports: the head's, none between (may_import), and the rest's, walked
    # as _module_imports walks the whole file (top-level statements first, in order).
    parsed.import_names, parsed.import_bindings = _module_imports(
        ast.Module(body=found.head_body + body, type_ignores=[])
    )
    _keep_rest(filename, parsed)
    return parsed


def _keep_rest(filename: str, parsed: _ParsedFile) -> None:
    # The rest or statement of ``filename`` parsed last, in place of the one before.
    parsed.cache = _RESTS  # (see _ParsedFile.serve)
    with _PARSED_LOCK:
        _RESTS.pop(filename, None)
        _RESTS[filename] = parsed
        while len(_RESTS) > _source.PARSED_FILES:
            del _RESTS[next(iter(_RESTS))]


# The words of a line at column 0 that go on the compound statement above it: a statement cut
# before one of them parses, as another statement than the file's.
_CLAUSE_WORDS = ("else", "elif", "except", "finally")


def _goes_on(text: str) -> bool:
    # A line starting with one of _CLAUSE_WORDS as a word (else:, elif(x):, except*), not a
    # name that starts so (elsewhere = 1, exceptions = ()).
    for word in _CLAUSE_WORDS:
        if text.startswith(word):
            after = text[len(word) : len(word) + 1]
            return not (after.isalnum() or after == "_")
    return False


def statement_parsed(
    found: Outline, lines: List[str], start: int, code: types.CodeType
) -> Optional[_ParsedFile]:
    """A parse of the top-level statement of ``lines`` that starts on ``start`` and holds
    ``code``, alone, when it answers as the whole file's parse would; None otherwise.

    The statement runs to the last line of ``code`` and on over blank, comment and indented
    lines and closing brackets at column 0 (a lambda's code ends inside its statement: a ``)``
    below it closes the brackets it sits in), as a def's block (``block_parsed``): a cut inside
    a string, a bracket or a continuation does not parse, and one before the ``else`` of an
    ``if`` is refused (it would parse, as a shorter statement). Its imports are the head's and
    its own, when no import statement may sit between the head and it, nor below it.
    """
    parsed = _statement_cut(found, lines, start, code, ")]}")
    if parsed is None:
        return None
    body = parsed.tree.body
    if _source._first_line(body[0]) != start:
        return None
    parsed.import_names, parsed.import_bindings = _module_imports(
        ast.Module(body=found.head_body + body, type_ignores=[])
    )
    return parsed


def _statement_cut(
    found: Outline, lines: List[str], start: int, code: types.CodeType, closers: str
) -> Optional[_ParsedFile]:
    # The lines from ``start`` to ``code``'s last line and on over blank, comment and indented
    # lines (and lines starting with one of ``closers``), parsed when they parse as one
    # statement, no import statement may sit between the file's head and them nor below them,
    # and the line after them does not go on the statement above it (an ``else``); else None.
    count = len(lines)
    end = min(max(last_line(code), start), count)
    while end < count:
        text = lines[end]
        lead = text[:1]
        if lead.isspace() or not text.strip() or lead == "#" or (closers and lead in closers):
            end += 1
        else:
            break
    if end < count and _goes_on(lines[end]):
        return None
    if found.imports_between(found.head_end, start - 1) or found.imports_between(end, count):
        return None
    try:
        parsed = _ParsedFile(lines, (found, start, end))
    except (SyntaxError, ValueError):
        return None
    return parsed if len(parsed.tree.body) == 1 else None


def rest_holding(filename: str, lines: List[str], line: int) -> Optional[_ParsedFile]:
    """The rest or statement of ``filename`` parsed before (``rest_parsed``) that holds
    ``line``, if any."""
    with _PARSED_LOCK:
        rest = _RESTS.get(filename)
    if rest is not None and rest.lines_ref is lines and rest.first <= line <= rest.last:
        return rest
    return None

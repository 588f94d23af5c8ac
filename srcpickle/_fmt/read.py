"""Parse payload text back into a ``Payload``: the trust boundary of every load.

The grammar is specified in ``docs/FORMAT.md``. Parsing never executes anything: values go through
the small literal grammar below (string and bytes literals with escapes are decoded by the
interpreter's own parser, which evaluates literals only), and sources are kept as text. Every fault
raises ``PayloadFormatError`` with the line and column where it was found. It never imports the
writer (``write``): a ``loads`` does not pay for it; nor ``errors`` before a first fault
(``format_error``).

This module imports only the standard library.
"""

from __future__ import annotations

import _ast
import re
import warnings

from .. import _astparse
from .._model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FUNCTION_FIELDS,
    FUTURE_FEATURES,
    READABLE_FORMATS,
    SCALAR_TYPES,
    BytearrayValue,
    CellNode,
    ClassNode,
    DictValue,
    Distribution,
    FrozenSetValue,
    FunctionNode,
    GuardNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Node,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    errors,
    iter_refs,
    node_values,
    reduce_cycles,
)
from .._records import one_field_maker, positional_maker
from . import (
    _INF,
    _NAN,
    _SIGN_FILL,
    END_MARKER,
    MAX_INDENT,
    MAX_LINE,
    MAX_NESTING,
    PADDING_PER_CHAR,
    SOURCE_INDENT,
    known_docstring,
    source_def_name,
    source_docstring,
    source_kind,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple, Union

    from ..errors import PayloadFormatError


def format_error(
    message: str, line: Optional[int] = None, column: Optional[int] = None
) -> PayloadFormatError:
    """``PayloadFormatError(message, line, column)``, the ``errors`` module imported by the first
    (``import srcpickle`` leaves it, and a payload that parses never needs it: creating its
    nineteen classes cost the import ~2.2M instructions, issue 9)."""
    from ..errors import PayloadFormatError

    return PayloadFormatError(message, line, column)


class _Pattern:
    """A regular expression compiled when first used: compiling the parser's patterns costs a
    fresh process most of a millisecond, and a plain payload uses few of them (those every
    payload uses are compiled with the module, which ``import srcpickle`` imports)."""

    # Set on first use (annotations only: until then, __getattr__ answers).
    match: Callable[..., Optional[re.Match[str]]]
    fullmatch: Callable[..., Optional[re.Match[str]]]

    def __init__(self, source: str) -> None:
        self.source = source

    def __getattr__(self, name: str) -> Any:
        # Only called until the first use has set the pattern's methods on the instance.
        compiled = re.compile(self.source)
        self.match = compiled.match
        self.fullmatch = compiled.fullmatch
        return getattr(compiled, name)


# Every payload's parse uses this one: compiled at import, not in a first loads.
_ID_RE = re.compile(r"[^\s,()\[\]{}:=@'\"]+")
_NAME_RE = _Pattern(r"[^\W\d]\w*")
_NUMBER_RE = _Pattern(r"0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?")
_SINGLE_QUOTED = _Pattern(r"[^'\\]*(?:\\.[^'\\]*)*'")
_DOUBLE_QUOTED = _Pattern(r'[^"\\]*(?:\\.[^"\\]*)*"')
_INTEGER_RUN = _Pattern(r" *-?[0-9]+(?: *, *-?[0-9]+)*")
# A field's key: what [a-z][a-z-]* matches.
_KEY_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz")
# What \w matches in ASCII, and \d: names and numbers of only these are read without compiling
# _NAME_RE or _NUMBER_RE (issue 9: most payloads' first load needs no other).
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_DIGITS = frozenset("0123456789")
_DIGIT_TEXT = "0123456789"  # (str.lstrip's argument)
_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz-"


def _value_text(value: Value) -> str:
    # A value's payload text, for an error message: the writer's format_value, imported only when
    # a payload is refused (a load imports no writer).
    from .write import format_value

    return format_value(value)


def unpack_ints(code: object, count: object, text: object) -> Tuple[int, ...]:
    """The ints of a packed run, ``ints(code, count, text)``: ``count`` ints of the width
    ``code`` names (``'<i1'`` to ``'<i8'``) in the base64 ``text``.

    Raises:
        ValueError: the arguments are not such a run (the caller reports where); nothing is
            decoded before the text's length agrees with ``count`` and the width, so a huge
            declared count costs nothing.
    """
    if type(code) is not str or len(code) != 3 or not code.startswith("<i") or code[2] not in "12345678":
        raise ValueError(f"the width must be '<i1' to '<i8', not {_value_text(code)}")  # type: ignore[arg-type]
    if type(count) is not int or count < 1:
        raise ValueError(f"the count must be a whole number of at least 1, not {_value_text(count)}")  # type: ignore[arg-type]
    if type(text) is not str:
        raise ValueError("the ints must be a base64 text")
    width = int(code[2])
    size = count * width
    expected = (size + 2) // 3 * 4
    if len(text) != expected:
        raise ValueError(
            f"{count} ints of {width} bytes are {size} bytes, {expected} base64 characters; "
            f"the text has {len(text)}"
        )
    import base64  # imported where used: only payloads with packed runs need it

    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:  # (binascii.Error is a ValueError)
        raise ValueError(f"invalid base64: {exc}") from exc
    if len(data) != size:
        raise ValueError(f"the base64 text holds {len(data)} bytes, not {size}")
    from struct import unpack

    if width == 8:
        return unpack(f"<{count}q", data)
    full = bytearray(count * 8)
    for k in range(width):
        full[k::8] = data[k::width]
    sign = data[width - 1 :: width].translate(_SIGN_FILL)
    for k in range(width, 8):
        full[k::8] = sign
    return unpack(f"<{count}q", full)


def _fill_shared_fields(sections: List[_Section], version: int, deferred: Optional[List[str]]) -> None:
    # Format 3: the fields a function or class section left out (see _Shared), put back from its
    # namespace section and its source, as the writer left them out, so that the node is built
    # as from a section that has them; in format 1 and 2 a namespace section has no file. With
    # ``deferred`` (a load's parse), a doc left out that only a parse of the source can give is
    # DOC_FROM_SOURCE, and the section's id is added to it (see parse_deferring_docs).
    namespaces = {section.id: section for section in sections if section.kind == "namespace"}
    if version < 3:
        for section in namespaces.values():
            if "file" in section.fields:
                raise format_error(
                    "field 'file' of a namespace section needs format 3, and this payload is format "
                    f"{version}",
                    section.fields["file"][1],
                    1,
                )
        return
    after = False  # whether a line is written after another section's
    for section in sections:
        if section.kind != "function" and section.kind != "class":
            continue
        fields = section.fields
        if not after and "line" in fields and isinstance(fields["line"][0], _LineAfter):
            after = True
        target = fields.get("namespace", (None, 0))[0]
        namespace = namespaces.get(target.id) if type(target) is Ref else None
        if namespace is not None:
            if "module" not in fields and "module" in namespace.fields:
                fields["module"] = namespace.fields["module"]
            if "file" not in fields and "file" in namespace.fields and "source" in fields:
                fields["file"] = namespace.fields["file"]
        source = section.source
        if "name" not in fields and section.kind == "function" and source is not None and "source" in fields:
            # (left out where the def statement starting the source gives it; else the section
            # lacks a required field, as any section without its name)
            name = source_def_name(source)
            if name is not None:
                fields["name"] = (name, section.line)
        if "qualname" not in fields and "name" in fields:
            fields["qualname"] = fields["name"]
        if section.kind != "function" or source is None or "source" not in fields:
            continue
        if "kind" not in fields:
            fields["kind"] = (source_kind(source), section.line)
        if "doc" not in fields:
            # A source that is no def statement this Python parses gives None: it does not load
            # here either (the loader compiles it and says why), and the payload stays readable
            # (inspect, show, check), as a payload whose sources do not compile is.
            # A docstring is a string literal: a source without a quote has none, and is not
            # parsed for it (the None a parse gives; a first load of such a function parsed its
            # source twice, here and to compile it: issue 9).
            kind = fields["kind"][0]
            quoted = "'" in source or '"' in source
            if deferred is not None and quoted and kind == "def":
                known = known_docstring(source)
                if known is None:
                    fields["doc"] = (DOC_FROM_SOURCE, section.line)
                    deferred.append(section.id)
                    continue
                fields["doc"] = (known[0] if known else None, section.line)
                continue
            found = source_docstring(source, kind) if quoted and type(kind) is str else ()
            fields["doc"] = (found[0] if found else None, section.line)
    if after:
        _resolve_lines_after(sections)


class _LineAfter:
    """A format 3 ``line: @id + N`` field as read: N lines below the first line of section @id
    (the section before it in its file), made a number by ``_resolve_lines_after``."""

    __slots__ = ("id", "offset", "column")

    def __init__(self, node_id: str, offset: int, column: int) -> None:
        self.id = node_id
        self.offset = offset
        self.column = column


def _section_header(line: str) -> Optional[Tuple[str, str]]:
    """The kind and id of a section header ``[kind id]``: the groups of a full match of
    ``\\[(\\w+) ([^\\s,()\\[\\]{}:=@'"]+)\\]``, None where that pattern refuses the line. Read with
    _ID_RE and str methods: compiling that pattern cost import srcpickle ~0.47M instructions
    (issue 9)."""
    if line[-1:] != "]":
        return None
    # (an id holds no space, and \w matches none either: the header's one space divides them)
    kind, space, node_id = line[1:-1].partition(" ")
    # \w matches what str.isalnum() accepts and the underscore; "".isalnum() is False.
    if not space or not kind.replace("_", "a").isalnum() or not _ID_RE.fullmatch(node_id):
        return None
    return kind, node_id


# ``line: @id + N`` exactly (one space either side of the plus, N in ASCII digits, at most 7 of
# them: MAX_LINE), where format 3 writes a function or class of a file after another.
_LINE_AFTER_PREFIX = "line: @"


def _line_after(line: str) -> Optional[Tuple[str, int]]:
    # The id and N of such a line, or None: what a full match of r"line: @(ID) \+ ([0-9]{1,7})"
    # reads, without a pattern of its own (compiled at import, it cost import srcpickle ~0.47M
    # instructions; compiled when first used, ~180 us of the first load of a process: issue 9).
    if not line.startswith(_LINE_AFTER_PREFIX):
        return None
    match = _ID_RE.match(line, len(_LINE_AFTER_PREFIX))
    if match is None:
        return None
    end = match.end()
    digits = line[end + 3 :]
    if line[end : end + 3] != " + " or not 0 < len(digits) <= 7:
        return None
    if not (digits.isascii() and digits.isdigit()):
        return None
    return match.group(), int(digits)


def _resolve_lines_after(sections: List[_Section]) -> None:
    # Each ``line: @id + N`` field made the number it stands for, following the sections it is
    # written after to one whose line is a number: a reference to no section with a line, or a
    # chain of them that comes back to itself, is refused.
    placed = {s.id: s for s in sections if (s.kind == "function" or s.kind == "class") and "line" in s.fields}
    for section in placed.values():
        if not isinstance(section.fields["line"][0], _LineAfter):
            continue
        chain: List[_Section] = []
        seen: Set[str] = set()
        current = section
        while True:
            value: Any
            value, line_no = current.fields["line"]
            if type(value) is not _LineAfter:
                break
            if current.id in seen:
                raise format_error(
                    f"the line of @{section.id} is written after sections that come back to @{current.id}",
                    line_no,
                    value.column,
                )
            seen.add(current.id)
            chain.append(current)
            target = placed.get(value.id)
            if target is None:
                raise format_error(
                    f"line: @{value.id} + {value.offset}: @{value.id} is no function or class section "
                    "with a line",
                    line_no,
                    value.column,
                )
            current = target
        if type(value) is not int or type(value) is bool:
            raise _wrong_line(value, line_no)
        base: int = value
        for after in reversed(chain):
            step: Any
            step, line_no = after.fields["line"]
            base += step.offset
            if base > MAX_LINE:
                raise format_error(f"line must be from 1 to {MAX_LINE}", line_no, 7)
            after.fields["line"] = (base, line_no)


def _wrong_line(value: Any, line_no: int) -> PayloadFormatError:
    # A ``line`` that is neither a number nor ``@id + N``: ``line: @a+4`` reads as a reference to
    # the id ``a+4`` (ids may hold ``+``), which a line never is; the message gives the syntax.
    if type(value) is Ref:
        whole = f" (@{value.id} is read whole as an id: ids may hold '+')" if "+" in value.id else ""
        return format_error(
            f"field 'line' is a reference (@{value.id}), not a line: write 'line: N', or in format 3 "
            f"'line: @id + N' with one space either side of the '+'{whole}",
            line_no,
            7,
        )
    return format_error("field 'line' has the wrong type", line_no, 7)


# The doc of a function node that a load's parse left to the loader (see parse_deferring_docs):
# never a value of a payload, and never left in a node after the load's compile. (No class of
# its own: one more class made at import costs every process that imports srcpickle.)
DOC_FROM_SOURCE: Any = object()


# --------------------------------------------------------------------------------------- parsing


class _ValueParser:
    """Recursive-descent parser of one line's value expression."""

    def __init__(self, text: str, line: int, offset: int, version: int = FORMAT_VERSION) -> None:
        self.text = text
        self.pos = offset
        self.line = line
        self.depth = 0
        self.packed_items = 0  # how many of the items the last items() read were packed ints
        self.version = version  # the payload's: a nan with its bits is read from format 3

    def error(self, message: str) -> PayloadFormatError:
        return format_error(message, self.line, self.pos + 1)

    def skip_space(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        self.pos = pos

    def peek(self) -> str:
        # The next character after any spaces ("" at the end); most often there are none.
        char = self.text[self.pos : self.pos + 1]
        if char == " " or char == "\t":
            self.skip_space()
            char = self.text[self.pos : self.pos + 1]
        return char

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = repr(self.text[self.pos]) if self.pos < len(self.text) else "end of line"
            raise self.error(f"expected {char!r}, found {found}")
        self.pos += 1

    def at_end(self) -> bool:
        return self.peek() == ""

    def name(self) -> str:
        self.skip_space()
        text, start = self.text, self.pos
        # Most names are ASCII and end at a delimiter: the run of non-delimiters, found in C (a
        # loop a character cost ~10 steps, issue 9), is then the name the loop below finds.
        run = _ID_RE.match(text, start)
        if run is not None:
            word = run.group()
            end = run.end()
            if (
                _ASCII_WORD.issuperset(word)
                and word[0] not in _ASCII_DIGITS
                and (end == len(text) or text[end].isascii())
            ):
                self.pos = end
                return word
        end = start
        while end < len(text) and text[end] in _ASCII_WORD:
            end += 1
        # An ASCII name ends at an ASCII character that is no word character: what _NAME_RE
        # matches. Anything else (a name of another script, a digit first) is the pattern's.
        if end > start and text[start] not in _ASCII_DIGITS and (end == len(text) or text[end].isascii()):
            self.pos = end
            return text[start:end]
        match = _NAME_RE.match(self.text, self.pos)
        if not match:
            raise self.error("expected a name")
        self.pos = match.end()
        return match.group()

    def key(self) -> str:
        """An entry name: an identifier or a string literal."""
        if self.peek() in ("'", '"'):
            value = self.string()
            if not isinstance(value, str):
                raise self.error("expected a text name")
            return value
        return self.name()

    def string(self) -> object:
        # At the opening quote (or b): value() and key() skip the spaces before it.
        start = self.pos
        if self.text.startswith("b", self.pos):
            self.pos += 1
        quote = self.text[self.pos : self.pos + 1]
        if quote not in ("'", '"'):
            raise self.error("expected a string literal")
        # A literal without a backslash ends at the next quote: what the patterns match, found
        # without compiling them (issue 9). Otherwise one regular expression finds the closing
        # quote: a megabyte of base64 is one match.
        close = self.text.find(quote, self.pos + 1)
        if close >= 0 and "\\" not in self.text[self.pos + 1 : close]:
            self.pos = close + 1
        else:
            match = (_SINGLE_QUOTED if quote == "'" else _DOUBLE_QUOTED).match(self.text, self.pos + 1)
            if match is None:
                self.pos = start
                raise self.error("unterminated string literal")
            self.pos = match.end()
        literal = self.text[start : self.pos]
        if "\\" not in literal:
            # No escapes: the text between the quotes is the value (most fields).
            body = literal[2:-1] if literal[0] == "b" else literal[1:-1]
            if literal[0] != "b":
                return body
            if body.isascii():
                return body.encode("ascii")
        try:
            # An invalid escape is a warning in Python and an error here, whatever the caller's
            # warning filters say.
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                # Parsed through _astparse, which serializes parsing where it races. One string
                # literal parses to its constant (as ast.literal_eval reads it), without the
                # ast module's import.
                node = _astparse.parse_expression(literal).body
            if not isinstance(node, _ast.Constant) or not isinstance(node.value, (str, bytes)):
                raise ValueError("not one string literal")
            return node.value
        except (ValueError, SyntaxError, Warning) as exc:
            self.pos = start
            raise self.error(f"invalid string literal: {exc}") from exc

    def value(self) -> Value:
        # One call per value, with peek() inlined, and the nesting counted by the containers
        # (a scalar nests nothing): the parser made about ten calls per token (issue 9). What it
        # reads, refuses and where is the same: a value at nesting level MAX_NESTING + 1 is
        # refused at its first character.
        if self.depth >= MAX_NESTING:
            raise self.error(f"value nested more than {MAX_NESTING} levels deep")
        text = self.text
        char = text[self.pos : self.pos + 1]
        if char == " " or char == "\t":
            self.skip_space()
            char = text[self.pos : self.pos + 1]
        if char == "'" or char == '"':
            return self.string()  # type: ignore[return-value]
        if char == "":
            raise self.error("expected a value, found end of line")
        if char == "@":
            match = _ID_RE.match(text, self.pos + 1)
            if not match:
                self.pos += 1
                raise self.error("expected a node id after '@'")
            self.pos = match.end()
            return Ref(match.group())
        if char == "-" or char.isdigit() or char == ".":
            return self.number()
        if char == "[" or char == "(" or char == "{":
            self.depth += 1
            if char == "[":
                result: Value = ListValue(self.sequence("[", "]"))
            elif char == "(":
                result = self.parenthesised()
            else:
                result = self.brace()
            self.depth -= 1
            return result
        if char == "b" and text[self.pos + 1 : self.pos + 2] in ("'", '"'):
            return self.string()  # type: ignore[return-value]
        if char == "*":
            # items() reads a run where one may stand; a "*" here is a run anywhere else (a set,
            # a dict, a constructor's arguments), which "expected a name" did not explain.
            if text.startswith("ints(", self.pos + 1):
                raise self.error("a packed run of ints is allowed only in a list or tuple")
            raise self.error("expected a value, found '*' (only *ints(...) in a list or tuple)")
        start = self.pos
        word = self.name()
        if word == "nan" and text.startswith("(", self.pos):
            return self.nan_bits(start)
        if word in _CONSTANTS:
            return _constant(word)
        if word in _CONSTRUCTORS:
            self.expect("(")
            self.depth += 1
            args = self.items(")")
            self.depth -= 1
            self.expect(")")
            try:
                return _CONSTRUCTORS[word](args)
            except (TypeError, ValueError, OverflowError) as exc:
                # OverflowError: complex() of an integer too large for a float; binascii.Error
                # (bad base64) is a ValueError.
                self.pos = start
                raise self.error(f"invalid {word}(...): {exc}") from exc
        self.pos = start
        raise self.error(f"unknown name {word!r} in a value")

    def items(self, close: str, runs: bool = False) -> List[Value]:
        """Values separated by commas up to ``close`` (not read), a comma after the last allowed;
        the position after the last value or its comma (spaces skipped). With ``runs`` (the
        items of a list or tuple), an item may be a packed run of ints, ``*ints(...)``."""
        items: List[Value] = []
        text = self.text
        packed = 0
        while True:
            char = text[self.pos : self.pos + 1]  # peek(), inlined (as in value())
            if char == " " or char == "\t":
                self.skip_space()
                char = text[self.pos : self.pos + 1]
            if char == close:
                self.packed_items = packed
                return items
            if char == "*" and runs:
                run = self.packed_ints()
                items += run
                packed += len(run)
            else:
                items.append(self.value())
            char = text[self.pos : self.pos + 1]
            if char == " " or char == "\t":
                self.skip_space()
                char = text[self.pos : self.pos + 1]
            if char != ",":
                self.packed_items = packed
                return items
            self.pos += 1

    def number(self) -> Value:
        start = self.pos
        negative = False
        # A slice: nan_bits reads a number wherever its "(" ends, the end of the line included.
        if self.text[self.pos : self.pos + 1] == "-":
            negative = True
            self.pos += 1
            if self.text.startswith("inf", self.pos):
                self.pos += 3
                return -_INF
            if self.text.startswith("nan", self.pos):
                self.pos += 3
                self.later_nan(start, "-nan")
                return -float("nan")  # the sign bit set: -float("nan") on every Python
        end = _ascii_number_end(self.text, self.pos)
        if end >= 0:
            token = self.text[self.pos : end]
            self.pos = end
        else:
            match = _NUMBER_RE.match(self.text, self.pos)
            if not match:
                self.pos = start
                raise self.error("invalid number")
            self.pos = match.end()
            token = match.group()
        result: Value
        try:
            if token[:2] in ("0x", "0X"):
                result = int(token, 16)
            elif "." in token or "e" in token or "E" in token:  # (no generator)
                result = float(token)
            else:
                result = int(token)
        except ValueError as exc:
            # CPython 3.11+ refuses decimal integers of over 4300 digits; writers use hex for them.
            self.pos = start
            raise self.error(f"invalid number: {exc}") from exc
        return -result if negative else result

    def nan_bits(self, start: int) -> float:
        # nan(0xBITS): a nan by its 64 bits, after "nan" (format 3).
        self.later_nan(start, "nan(...)")
        self.expect("(")
        self.skip_space()
        bits = self.number()
        self.expect(")")
        if type(bits) is not int or not _NAN_MIN_BITS <= bits & ~_SIGN_BIT <= _NAN_MAX_BITS or bits >> 64:
            self.pos = start
            raise self.error(f"invalid nan(...): {bits!r} is not the 64 bits of a nan")
        import struct  # imported where used: a nan with its bits is rare

        return float(struct.unpack("<d", struct.pack("<Q", bits))[0])

    def packed_ints(self) -> Tuple[int, ...]:
        # *ints('<iW', N, 'BASE64'), at its "*" (format 3): the N ints of the run.
        start = self.pos
        if self.version < 3:
            raise self.error(
                f"*ints(...), a packed run of ints, needs format 3; this payload is format {self.version}"
            )
        self.pos += 1
        if not self.text.startswith("ints(", self.pos):
            raise self.error("expected ints(...) after '*' (a packed run of ints)")
        self.pos += 5
        self.depth += 1
        args = self.items(")")
        self.depth -= 1
        self.expect(")")
        if len(args) != 3:
            self.pos = start
            raise self.error(f"*ints(...) takes a width, a count and a base64 text; found {len(args)} values")
        try:
            return unpack_ints(*args)
        except ValueError as exc:
            self.pos = start
            raise self.error(f"invalid *ints(...): {exc}") from exc

    def later_nan(self, start: int, form: str) -> None:
        if self.version < 3:
            self.pos = start
            raise self.error(
                f"{form}, a nan with its bits, needs format 3; this payload is format {self.version}"
            )

    def parenthesised(self) -> Value:
        # () and (x,) and (x, y) are tuples; (x) is no tuple in Python and not a value here.
        start = self.pos
        self.pos += 1  # the "(" value() found
        items = self.items(")", True)
        self.expect(")")
        if len(items) == 1:
            # One item: a tuple when a comma follows it (the last character before the ")" and
            # any spaces; no value ends with a comma).
            back = self.pos - 2
            while self.text[back] in " \t":
                back -= 1
            comma = self.text[back] == ","
        else:
            comma = True
        if not comma:
            self.pos = start
            raise self.error("a one-item tuple is written (x,)")
        if self.packed_items == len(items) and items:
            return TupleValue(_known_ints(tuple(items)))  # type: ignore[arg-type]
        return TupleValue(tuple(items))

    def sequence(self, open_: str, close: str) -> Tuple[Value, ...]:
        self.expect(open_)
        # Only a list that starts with an integer can be a run of them (the pattern starts with
        # ' *-?[0-9]'): other lists do not compile the pattern (issue 9).
        first = self.pos
        while self.text.startswith(" ", first):
            first += 1
        starts = self.text[first : first + 1]
        if starts and starts in "-0123456789":
            small = _small_integers(self.text, self.pos, close)
            if small is not None:
                self.pos = small[0]
                return small[1]
        run = _INTEGER_RUN.match(self.text, self.pos) if starts and starts in "-0123456789" else None
        if run is not None and self.text.startswith(close, run.end()):
            # A list of plain integers (a captured list of 100k ints) in one step.
            self.pos = run.end() + 1
            try:
                return _known_ints(tuple(map(int, run.group().split(","))))
            except ValueError as exc:
                raise self.error(f"invalid number: {exc}") from exc
        items = self.items(close, True)
        self.expect(close)
        if self.packed_items == len(items) and items:
            return _known_ints(tuple(items))  # type: ignore[arg-type]
        return tuple(items)

    def hashable(self) -> Value:
        """A dict key or set item: never a list, dict, set or bytearray (nor a tuple holding one)."""
        start = self.pos
        value = self.value()
        kind = type(value)
        if kind in _UNHASHABLE or (kind is TupleValue and _unhashable(value)):
            self.pos = start
            raise self.error("a dict key or set item must be hashable")
        return value

    def brace(self) -> Value:
        self.pos += 1  # the "{" value() found
        if self.peek() == "}":
            self.pos += 1
            return DictValue(())
        first = self.hashable()
        if self.peek() == ":":
            self.pos += 1
            pairs = [(first, self.value())]
            while self.peek() == ",":
                self.pos += 1
                if self.peek() == "}":
                    break
                key = self.hashable()
                self.expect(":")
                pairs.append((key, self.value()))
            self.expect("}")
            return DictValue(tuple(pairs))
        items = [first]
        while self.peek() == ",":
            self.pos += 1
            if self.peek() == "}":
                break
            items.append(self.hashable())
        self.expect("}")
        return SetValue(tuple(items))


# The item tuples of the runs of ints the parser made (from digits or packed bytes: every item an
# exact int), each by its id and kept beside it, so that an entry holds for that very tuple only:
# the checks of the parser and the loader's plan and builder skip a look at each item's type,
# which cost a load of 100k ints ~22M instructions a look (issue 9). Only long runs are kept,
# and only those of the last payload parsed (see parse): its load is what reads them.
_KNOWN_INTS: Dict[int, Tuple[int, ...]] = {}
KNOWN_INTS_MIN = 256


def _known_ints(ints: Tuple[int, ...]) -> Tuple[int, ...]:
    # ``ints``, remembered as exact ints when long enough to repay it.
    if len(ints) >= KNOWN_INTS_MIN:
        _KNOWN_INTS[id(ints)] = ints
    return ints


def known_ints(items: object) -> bool:
    """Whether ``items`` is a run of ints the parser made (every item an exact int), without
    looking at its items: False for any other tuple, which the caller looks at."""
    return _KNOWN_INTS.get(id(items)) is items


# A list of at most this many integers, each of at most _SIMPLE_DIGITS digits, is read by
# _small_integers; longer runs (a captured list of 100k ints) by _INTEGER_RUN, whose compiling
# (about 0.1 ms in a fresh process) they repay.
_SMALL_RUN_ITEMS = 32


def _small_integers(text: str, pos: int, close: str) -> Optional[Tuple[int, Tuple[int, ...]]]:
    """A short run of integers from ``pos`` (just after the opening bracket) to ``close``, read as
    ``_INTEGER_RUN`` followed by ``close`` reads it (``1, -2,3``: spaces before a number and
    around commas, none before ``close``): the position after ``close`` and the numbers, or None
    for anything else (the pattern's, or the general parser's, to read)."""
    end = text.find(close, pos)
    if end < 0:
        return None
    parts = text[pos:end].split(",")
    if len(parts) > _SMALL_RUN_ITEMS:
        return None
    last = len(parts) - 1
    numbers = []
    for index, part in enumerate(parts):
        token = part.lstrip(" ")
        if index != last:
            token = token.rstrip(" ")
        digits = token[1:] if token.startswith("-") else token
        if not (0 < len(digits) <= _SIMPLE_DIGITS and digits.isdigit() and digits.isascii()):
            return None
        numbers.append(int(token))
    return end + 1, tuple(numbers)


def _ascii_number_end(text: str, pos: int) -> int:
    """Where the token _NUMBER_RE matches at ``pos`` ends, for a decimal number (``12``, ``2.5``,
    ``1e-07``) whose characters, and those after it the pattern looks at, are ASCII; -1 for any
    other text (hex, ``.5``, digits of another script), which is the pattern's to read."""
    # Every character the pattern looks at (digits, ".", "e", "E", a sign) is in the run of
    # non-delimiters from ``pos`` (_ID_RE, in C), and the one after the run is none of them: the
    # runs of digits are counted in that token by C loops (lstrip), not a character at a time.
    run = _ID_RE.match(text, pos)
    if run is None:
        return -1
    token = run.group()
    rest = token.lstrip(_DIGIT_TEXT)  # what follows the leading digits
    end = len(token) - len(rest)  # (from pos, as every position below)
    if end == 0 or (token[0] == "0" and rest[:1] in ("x", "X")):
        return -1
    looked = end  # the last position the pattern would look at
    if rest[:1] == ".":
        rest = rest[1:].lstrip(_DIGIT_TEXT)
        end = looked = len(token) - len(rest)
    if rest[:1] in ("e", "E"):
        exponent = rest[2:] if rest[1:2] in ("+", "-") else rest[1:]
        rest = exponent.lstrip(_DIGIT_TEXT)
        looked = len(token) - len(rest)
        if len(rest) < len(exponent):
            end = looked
    return pos + end if text[pos : pos + looked + 1].isascii() else -1


# The value types that are never hashable (a tuple is when its items are).
_UNHASHABLE = frozenset({ListValue, DictValue, SetValue, BytearrayValue})


def _unhashable(value: Value) -> bool:
    if isinstance(value, (ListValue, DictValue, SetValue, BytearrayValue)):
        return True
    return isinstance(value, TupleValue) and any(_unhashable(item) for item in value.items)


# The bits of a nan without its sign bit: all exponent bits set and a mantissa other than 0.
_NAN_MIN_BITS = 0x7FF0000000000001
_NAN_MAX_BITS = 0x7FFFFFFFFFFFFFFF
_SIGN_BIT = 1 << 63

_CONSTANTS: Dict[str, Value] = {
    "None": None,
    "True": True,
    "False": False,
    "nan": _NAN,
    "inf": _INF,
}


def _constant(word: str) -> Value:
    # Each nan of a payload is a float of its own, as each nan of the live data was written: two
    # nans in a set or as dict keys are two members (nan != nan; one shared object would be one).
    return float("nan") if word == "nan" else _CONSTANTS[word]


def _set_items(args: List[Value]) -> Tuple[Value, ...]:
    if not args:
        return ()
    if len(args) != 1 or not isinstance(args[0], SetValue):
        raise TypeError("takes one set literal")
    return args[0].items


def _complex(args: List[Value]) -> Value:
    if len(args) != 2 or not all(isinstance(a, (int, float)) for a in args):
        raise TypeError("takes two real numbers")
    return complex(args[0], args[1])  # type: ignore[arg-type]


def _base64(args: List[Value]) -> Value:
    if len(args) != 1 or not isinstance(args[0], str):
        raise TypeError("takes one text")
    import base64  # only payloads with long bytes values need it

    return base64.b64decode(args[0].encode("ascii"), validate=True)


def _bytearray(args: List[Value]) -> Value:
    if len(args) != 1 or not isinstance(args[0], bytes):
        raise TypeError("takes one bytes value")
    return BytearrayValue(args[0])


_CONSTRUCTORS: Dict[str, Callable[[List[Value]], Value]] = {
    "set": lambda args: SetValue(_set_items(args)),
    "frozenset": lambda args: FrozenSetValue(_set_items(args)),
    "complex": _complex,
    "base64": _base64,
    "bytearray": _bytearray,
}


def parse_value(text: str, line: int = 1, column: int = 1, version: int = FORMAT_VERSION) -> Value:
    """Parse the value expression that fills ``text`` from ``column`` (1-based) to its end, as
    a payload of format ``version`` writes values."""
    simple = _simple_value(text, column - 1)
    if simple is not _NOT_SIMPLE:
        return simple  # type: ignore[no-any-return]
    parser = _ValueParser(text, line, column - 1, version)
    value = parser.value()
    if not parser.at_end():
        raise parser.error("unexpected text after the value")
    return value


_NOT_SIMPLE: Any = object()
# The records the parser makes most, each with every field by position (see positional_maker).
_make_ref = one_field_maker(Ref)
_make_tuple = one_field_maker(TupleValue)
_make_list = one_field_maker(ListValue)
_make_function = positional_maker(FunctionNode)
_make_import = positional_maker(ImportNode)
_make_ref_node = positional_maker(RefNode)
_make_namespace = positional_maker(NamespaceNode)
_make_cell = positional_maker(CellNode)
_make_distribution = positional_maker(Distribution)
_make_payload = positional_maker(Payload)
_NO_ITEMS = TupleValue(())
# Decimal integers of up to this many digits are read by the shortcut below (Python's own limit
# on decimal conversion, far above, is the parser's concern).
_SIMPLE_DIGITS = 18
# A tuple or list of this many characters or more is first tried as a run of decimal integers
# (see _decimal_run); a shorter one is read part by part.
_DECIMAL_RUN_CHARS = 2048


def _decimal_run(raw: bytes) -> Optional[Tuple[int, ...]]:
    """The integers of ``raw`` when it is decimal integers joined by ", " (what writers write
    for a list of 100,000 of them), else None: read by C loops, where reading it part by part
    costs ~40 bytecodes a number. The same numbers the value parser reads there (int() of each
    run of digits; a number of more digits than int() reads is the parser's to refuse)."""
    # No empty number at either end or between two separators, and nothing but ASCII digits
    # between them (bytes.isdigit reads ASCII digits only).
    if not (raw[:1].isdigit() and raw[-1:].isdigit()) or b", , " in raw:
        return None
    parts = raw.split(b", ")
    if not b"".join(parts).isdigit():
        return None
    try:
        # int() of bytes skips the ASCII copy int() of a str makes first.
        return tuple(map(int, parts))
    except ValueError:  # more digits than int() converts
        return None


def _simple_value(text: str, start: int) -> Any:
    # The values most lines hold, read without the parser when the rest of ``text`` from ``start``
    # is exactly one of them: a text without escapes, a reference, a name constant, a small
    # decimal integer. What the parser would read in them, the same; anything else is
    # _NOT_SIMPLE, and the parser reads it (and reports its faults).
    rest = text[start:] if start else text
    first = rest[:1]
    if first == "'":
        if len(rest) > 1 and rest[-1] == "'":
            body = rest[1:-1]  # (a quote first and last, none and no backslash between)
            if "'" not in body and "\\" not in body:
                return body
    elif first == "@":
        if _ID_RE.fullmatch(rest, 1):
            return _make_ref(rest[1:])
    elif first.isdigit():
        if len(rest) <= _SIMPLE_DIGITS and rest.isdigit() and rest.isascii():
            return int(rest)
        # A decimal float (2.5, 1e-07) filling the rest: what number() reads.
        if _ascii_number_end(rest, 0) == len(rest) and ("." in rest or "e" in rest or "E" in rest):
            return float(rest)
    elif first == "(" or first == "[":
        # A tuple or list of texts without escapes, small decimal integers and references, as
        # writers write them: ('a', 'b'), ('a',), (0, 1), [@f0, @f1] (a list of functions' root).
        close = ")" if first == "(" else "]"
        if len(rest) < 2 or rest[-1] != close:
            return _NOT_SIMPLE
        inner = rest[1:-1]
        if not inner:
            return _make_tuple(()) if first == "(" else _make_list(())
        if first == "(" and inner[-1] != "," and ", " not in inner:
            return _NOT_SIMPLE  # (x) is no tuple
        if len(inner) >= _DECIMAL_RUN_CHARS and inner.isascii():
            numbers = _decimal_run(inner.encode("ascii"))
            if numbers is not None:
                _known_ints(numbers)
                return _make_tuple(numbers) if first == "(" else _make_list(numbers)
        parts = [inner[:-1]] if first == "(" and inner[-1] == "," else inner.split(", ")
        items: List[Value] = []
        for part in parts:
            if part[:1] == "'":
                body = part[1:-1]  # (as above)
                if len(part) < 2 or part[-1] != "'" or "'" in body or "\\" in body:
                    return _NOT_SIMPLE
                items.append(body)
            elif 0 < len(part) <= _SIMPLE_DIGITS and part.isdigit() and part.isascii():
                items.append(int(part))  # defaults: (0, 1)
            elif part[:1] == "@" and _ID_RE.fullmatch(part, 1):
                items.append(_make_ref(part[1:]))  # (as _ValueParser.value reads "@id")
            else:
                return _NOT_SIMPLE
        return _make_tuple(tuple(items)) if first == "(" else _make_list(tuple(items))
    elif first in "NTFni" and rest in _CONSTANTS:  # (first: no hash of a long line)
        return float("nan") if rest == "nan" else _CONSTANTS[rest]  # (as _constant reads it)
    return _NOT_SIMPLE


class _Section:
    __slots__ = (
        "kind",
        "id",
        "line",
        "fields",
        "entries",
        "entry_lines",
        "entry_names",
        "source",
        "source_line",
        "checks",
    )

    def __init__(self, kind: str, node_id: str, line: int) -> None:
        self.kind = kind
        self.id = node_id
        self.line = line
        self.fields: Dict[str, Tuple[Value, int]] = {}
        self.entries: Dict[str, List[Tuple[str, Value]]] = {}
        self.entry_lines: Dict[str, List[int]] = {}
        # (keyword, name) of every entry so far: a set, so that duplicate checks stay linear.
        self.entry_names: Set[Tuple[str, str]] = set()
        self.source: Optional[str] = None
        self.source_line = 0
        # Each field's value that is no scalar (a reference, a container), with its line, in
        # the fields' order: what _check_references checks (a function section's dozen fields
        # hold two or three).
        self.checks: List[Tuple[Value, int]] = []


# Which single fields and named entries each section kind takes; fields not listed are errors.
_SECTION_FIELDS: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]]] = {
    # kind: (required fields, optional fields, entry keywords)
    "namespace": (("module",), ("file",), ("global",)),
    "import": (("module", "distribution"), ("submodules",), ()),
    "ref": (("module", "qualname", "distribution"), (), ()),
    "cell": ((), ("contents", "empty"), ()),
    "value": (("value",), (), ()),
    "reduce": (("callable", "args"), ("kwargs", "state", "listitems", "dictitems", "state-setter"), ()),
    "class": (
        ("name", "qualname", "module", "namespace"),
        (
            "line",
            "source",
            "file",
            "future",
            "imported-names",
            "indent",
            "scope",
            "deleted",
            "in-class",
            "made-by",
            "registered-with",
            "registry",
            "scope-names",
        ),
        ("closure", "attribute"),
    ),
    "guard": (("namespace", "tries"), ("unbound",), ("global",)),
    "function": (
        ("name", "qualname", "module", "namespace", "doc", "kind", "line"),
        (
            "source",
            "in-class",
            "file",
            "signature",
            "future",
            "imported-names",
            "defaults",
            "kwdefaults",
            "indent",
            "scope",
            "body-imports",
            "overloads",
            "scope-names",
        ),
        ("closure", "annotation", "attribute"),
    ),
}


# The single fields of each section kind that the parse loop reads itself when their value is
# simple (see _simple_value): not "source", whose block follows, nor an entry keyword (there are
# none among the fields).
_QUICK_FIELDS: Dict[str, FrozenSet[str]] = {
    kind: frozenset(required + optional) - {"source"} - set(entries)
    for kind, (required, optional, entries) in _SECTION_FIELDS.items()
}
# Fields a section may hold only from the format version given (later versions add, never change).
# Section kinds a payload may hold only from the format version given.
_KIND_ADDED_IN: Dict[str, int] = {"guard": 3}
_ADDED_IN: Dict[str, int] = {
    "in-class": 2,
    "made-by": 2,
    "registered-with": 2,
    "registry": 3,
    "overloads": 3,
    "scope-names": 3,
}
# _QUICK_FIELDS per format version: without the fields added later (a payload of an earlier
# version holding one is refused by _parse_section_line).
_QUICK_FIELDS_IN: Dict[int, Dict[str, FrozenSet[str]]] = {
    version: {
        kind: frozenset(k for k in keys if _ADDED_IN.get(k, 1) <= version)
        for kind, keys in _QUICK_FIELDS.items()
    }
    for version in READABLE_FORMATS
}
# The fields of a source, which a method or nested class written inside its class's source, or a
# class made by a call, does not have.
_SOURCE_FIELDS = ("source", "file", "future", "imported-names", "indent", "scope")


def parse(data: bytes | str) -> Payload:
    """Parse payload text into a ``Payload`` without executing anything.

    Raises:
        FormatVersionError: the payload's format version is not readable by this srcpickle.
        PayloadFormatError: the text is not a well-formed payload (with line and column).
    """
    return _parse(data, None)


def parse_deferring_docs(data: bytes | str) -> Tuple[Payload, List[str]]:
    """``parse`` for a load, which compiles every source next: the doc of a format 3 function
    section that left it out, and whose source may have a docstring, is ``DOC_FROM_SOURCE``
    instead of the docstring a parse of the source gives (a first load parsed each such source
    twice, here and to compile it: issue 9); the ids of those sections are returned with the
    payload. The loader takes each doc from the compiled code (see ``docstring_from_code``) before
    anything reads it.

    Raises:
        FormatVersionError, PayloadFormatError: as ``parse``.
    """
    deferred: List[str] = []
    return _parse(data, deferred), deferred


def _parse(data: bytes | str, deferred: Optional[List[str]]) -> Payload:
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_line = bytes(data)[: exc.start].count(b"\n") + 1
            raise format_error(
                f"payload is not valid UTF-8 text: {exc.reason} at byte {exc.start}", bad_line
            ) from exc
    elif isinstance(data, str):
        text = data
    else:
        raise format_error(f"payload must be bytes or str, not {type(data).__name__}")
    if _KNOWN_INTS:
        _KNOWN_INTS.clear()  # (the runs of the payload parsed before: its load is done)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    version = _parse_first_line(lines[0] if lines else "", text)
    header: Dict[str, Tuple[Value, int]] = {}
    sections: List[_Section] = []
    index = _signature_end(lines, version)
    count = len(lines)
    quick_fields = _QUICK_FIELDS_IN[version]
    # The section being read, its fields and the fields the loop reads itself (None: the header).
    section: Optional[_Section] = None
    fields: Dict[str, Tuple[Value, int]] = {}
    quick: FrozenSet[str] = frozenset()
    ended = False
    while index < count:
        line = lines[index]
        index += 1  # the line's number from here on
        if not line:
            continue  # (the blank line before each section: nothing below reads it)
        if section is not None:
            # The lines most sections are made of, a known field holding a simple value (most
            # often a text without escapes), read here; every other line (and any fault) below,
            # by _parse_section_line at the end, which reads these the same. No such line is
            # blank, the end marker or a section header.
            key, sep, rest = line.partition(": ")
            if sep and key in quick and key not in fields:
                # A text without escapes: a quote first and last, none and no backslash between
                # (two "in" tests of the body, which the field keeps: str.count parsed its
                # arguments at each call, issue 9).
                if rest[-1:] == "'" and rest[0] == "'" and len(rest) > 1:
                    body = rest[1:-1]
                    if "'" not in body and "\\" not in body:
                        fields[key] = (body, index)
                        continue
                elif rest.isdigit() and len(rest) <= _SIMPLE_DIGITS and rest.isascii():
                    fields[key] = (int(rest), index)  # (line: 8, as _simple_value reads it)
                    continue
                else:
                    if key == "line" and version >= 3 and rest[:1] == "@":
                        # Format 3's ``line: @id + N`` (in a function or class section: those
                        # with a line field), as _parse_section_line reads it, which reports a
                        # line the pattern refuses (@a+4 is an id: a reference, read below).
                        # Tried before _simple_value, whose reference holds no space: it would
                        # refuse every line the pattern reads (most function sections of a
                        # file after its first hold one).
                        found = _line_after(line)
                        if found is not None:
                            # (resolved to a number after the parse: _resolve_lines_after)
                            after: Any = _LineAfter(found[0], found[1], 7)
                            fields[key] = (after, index)
                            continue
                    value = _simple_value(rest, 0)
                    if value is not _NOT_SIMPLE:
                        fields[key] = (value, index)
                        if type(value) not in SCALAR_TYPES:
                            section.checks.append((value, index))
                        continue
            elif key == "source" and sep and section.kind in _SOURCE_KINDS and key not in fields:
                # The source block of a function or class section (what _parse_section_line
                # reads), without the tests of a line that is no field first.
                lines_count = _simple_value(rest, 0)
                if type(lines_count) is int and lines_count >= 1 and index + lines_count <= count:
                    fields[key] = (lines_count, index)
                    index = _source_block(section, lines, index, lines_count)
                    continue
        if not line.strip():
            continue
        if line == END_MARKER:
            ended = True
            break
        if line.startswith("["):
            kind_and_id = _section_header(line)
            if kind_and_id is None:
                raise format_error("malformed section header", index, 1)
            kind, node_id = kind_and_id
            if kind not in _SECTION_FIELDS:
                raise format_error(f"unknown section kind {kind!r}", index, 2)
            if _KIND_ADDED_IN.get(kind, 1) > version:
                raise format_error(
                    f"section kind {kind!r} needs format {_KIND_ADDED_IN[kind]}, and this payload is "
                    f"format {version}",
                    index,
                    2,
                )
            section = _Section(kind, node_id, index)
            sections.append(section)
            fields = section.fields
            quick = quick_fields[kind]
            continue
        if section is None:
            # The header's fields: a simple value read here, anything else by _parse_field.
            key, sep, rest = line.partition(": ")
            if sep and key in _QUICK_HEADER and key not in header:
                if rest[-1:] == "'" and rest[0] == "'" and len(rest) > 1:  # (as above)
                    body = rest[1:-1]
                    if "'" not in body and "\\" not in body:  # (as _simple_value reads it)
                        header[key] = (body, index)
                        continue
                value = _simple_value(rest, 0)
                if value is not _NOT_SIMPLE:
                    header[key] = (value, index)
                    continue
            key, value = _parse_field(line, index, version)
            if key not in _HEADER_FIELDS or key in header:
                raise format_error(f"unexpected header field {key!r}", index, 1)
            header[key] = (value, index)
            continue
        # And the entries most sections hold: ``global NAME = value`` with a plain ASCII name and
        # a simple value, read as _parse_section_line reads them.
        word, space, rest = line.partition(" ")
        if space and word in _SECTION_FIELDS[section.kind][2]:
            name, equals, _ = rest.partition(" = ")
            if equals and _plain_name(name) and (word, name) not in section.entry_names:
                start = len(word) + len(name) + 4
                value = _simple_value(line, start)
                if value is _NOT_SIMPLE:
                    # Any other value (global TABLE = {...}) by the value parser from where
                    # _parse_section_line's would start it (after "=" and the spaces, which
                    # value() skips), without its reading of the name and "=" again; a value it
                    # refuses is left to _parse_section_line, which reports it.
                    parser = _ValueParser(line, index, start, version)
                    try:
                        value = parser.value()
                    except errors().PayloadFormatError:
                        value = _NOT_SIMPLE
                    else:
                        if not parser.at_end():
                            value = _NOT_SIMPLE
                if value is not _NOT_SIMPLE:
                    section.entry_names.add((word, name))
                    section.entries.setdefault(word, []).append((name, value))
                    section.entry_lines.setdefault(word, []).append(index)
                    continue
        index = _parse_section_line(section, lines, index, line, index, version)
    if not ended:
        raise format_error("payload is truncated: no end marker", count + 1, 1)
    for after in range(index, count):
        if lines[after].strip():
            raise format_error("text after the end marker", after + 1, 1)
    return _build_payload(version, header, sections, len(text), deferred)


# The fields a header may hold.
_HEADER_FIELDS = ("written-by", "requires-python", "requires-python-for", "root")
# Those the parse loop reads itself when their value is simple (all of them).
_QUICK_HEADER = _HEADER_FIELDS
# The section kinds that take a source block.
_SOURCE_KINDS = ("function", "class")


def _plain_name(name: str) -> bool:
    # An ASCII name, as _ValueParser.name reads it without its pattern.
    return bool(name) and name[0] not in _ASCII_DIGITS and _ASCII_WORD.issuperset(name)


# What a payload's first line is made of, for telling what is wrong with one that is not.
_FIRST_LINE_SHAPE = (
    "'srcpickle-payload N' exactly: one space, N the format version in ASCII digits, nothing after it"
)
# Characters whose repr() a user would not recognise, by the name a user would.
_CHARACTER_NAMES = {
    " ": "space",
    "\t": "tab",
    "\r": "carriage return",
    "\x00": "NUL byte",
    "\ufeff": "byte order mark (U+FEFF)",
    "\xa0": "no-break space",
}
# The cause and the remedy of a fault a tool (not a person) makes, by the character it leaves.
_CHARACTER_CAUSES = {
    "\r": (
        "the payload's lines end with CRLF; payload lines end with LF only (a git checkout with "
        "core.autocrlf or an editor converted them): convert them back to LF, and mark payloads "
        "'-text' in .gitattributes ('*.srcpickle -text diff=srcpickle') so that git leaves their "
        "bytes alone"
    ),
    "\ufeff": (
        "the payload starts with a UTF-8 byte order mark, which an editor adds when it saves "
        "'UTF-8 with BOM'; payloads start with 'srcpickle-payload ': remove the first three bytes "
        "(EF BB BF) or save the file as UTF-8 without BOM"
    ),
}

_CR_ALONE = (
    "the payload's lines end with CR (carriage return) alone; payload lines end with LF only: "
    "convert the line ends to LF"
)


def _characters(text: str) -> str:
    """``text`` (a short run of unexpected characters) as a user would name it: '3 spaces',
    'a tab', 'the text 'abc''."""
    if len(set(text)) == 1 and text[0] in _CHARACTER_NAMES:
        name = _CHARACTER_NAMES[text[0]]
        return f"a {name}" if len(text) == 1 else f"{len(text)} {name}s"
    shown = text if len(text) <= 20 else text[:20] + "..."
    return f"the text {shown!r}"


def _first_line_fault(first: str, whole: Union[str, bytes]) -> PayloadFormatError:
    """The error for a first line that is not ``srcpickle-payload N``: what is wrong with it, at
    the column the format gives that part (1 for the format name, 19 for the version). ``whole``
    is the payload, read only when its first line is blank."""
    if isinstance(whole, bytes):
        whole = whole.decode("utf-8", "replace")
    rest = whole.partition("\n")[2]
    prefix = FORMAT_NAME + " "
    version_column = len(prefix) + 1
    at = first.find(FORMAT_NAME)
    if at > 0:
        before = first[:at]
        cause = _CHARACTER_CAUSES.get(before[0]) if len(set(before)) == 1 else None
        if cause:
            return format_error(cause, 1, 1)
        return format_error(
            f"the first line has {_characters(before)} before {FORMAT_NAME!r}; it must be "
            + _FIRST_LINE_SHAPE,
            1,
            1,
        )
    if at < 0:
        if not first.strip() and rest.lstrip(" \t\r\n").startswith(prefix):
            blank = len(rest) - len(rest.lstrip(" \t\r\n"))
            lines = rest[:blank].count("\n") + 1
            return format_error(
                f"the payload starts with {lines} blank line{'s' if lines > 1 else ''} before its "
                f"{FORMAT_NAME!r} line; a payload's first line is "
                + _FIRST_LINE_SHAPE
                + ": remove the blank lines",
                1,
                1,
            )
        found = f"it is {_characters(first)}" if first else "it is empty"
        return format_error(
            f"not a srcpickle payload: its first line must be {_FIRST_LINE_SHAPE}, and {found}", 1, 1
        )
    after = first[len(FORMAT_NAME) :]
    if not after.startswith(" "):
        found = _characters(after[: len(after) - len(after.lstrip(after[0]))]) if after else "nothing"
        return format_error(
            f"the first line has {found} after {FORMAT_NAME!r} where one space must be; it must be "
            + _FIRST_LINE_SHAPE,
            1,
            1,
        )
    word = after[1:]
    digits = len(word) - len(word.lstrip("0123456789"))
    extra = word[digits:]
    cause = _CHARACTER_CAUSES.get(extra[0]) if extra else None
    if extra[:1] == "\r" and len(extra) > 1:
        # A CR that is no line's last character: the lines end with CR alone (classic Mac OS,
        # some converters), and the whole payload reads as its first line.
        cause = _CR_ALONE
    if cause:
        return format_error(cause, 1, version_column)
    if not digits:
        found = _characters(extra[: len(extra) - len(extra.lstrip(extra[0]))]) if extra else "nothing"
        return format_error(
            f"the first line has {found} where the format version must be (a whole number in ASCII "
            "digits); it must be " + _FIRST_LINE_SHAPE,
            1,
            version_column,
        )
    return format_error(
        f"the first line has {_characters(extra)} after its format version {word[:digits]}; it "
        "must be " + _FIRST_LINE_SHAPE,
        1,
        version_column,
    )


def _parse_first_line(first: str, whole: Union[str, bytes] = "") -> int:
    """The format version of a payload whose first line is ``first``; ``whole``, the payload, is
    read only to tell what is wrong with a first line that is blank."""
    prefix = FORMAT_NAME + " "
    word = first[len(prefix) :]
    # The common case: 'srcpickle-payload N' exactly. Anything else is explained by one routine.
    if not first.startswith(prefix) or not word.isdigit() or not word.isascii():
        raise _first_line_fault(first, whole)
    if word[0] == "0" and len(word) > 1:
        # No writer writes one, and reading 01 as format 1 would give one payload two texts (and
        # a text srcpickle never wrote a pass): a damaged or hand-made line, not a newer format.
        raise format_error(
            f"the first line has the format version {word[:12]!r}, with a leading zero; a format "
            "version is written without leading zeros, and it must be " + _FIRST_LINE_SHAPE,
            1,
            len(prefix) + 1,
        )
    version = int(word) if len(word) <= 9 else -1
    if version not in READABLE_FORMATS:
        readable = ", ".join(str(v) for v in sorted(READABLE_FORMATS))
        from ..errors import FormatVersionError

        raise FormatVersionError(
            f"payload format {word[:12]} cannot be read by this srcpickle (it reads {readable}); "
            "upgrade srcpickle to load it",
            1,
            len(prefix) + 1,
        )
    return version


def parse_first_line(first: str, whole: Union[str, bytes] = "") -> int:
    """The format version the first line of a payload names (``whole``, the payload, is read
    only to explain a blank first line).

    Raises:
        PayloadFormatError: the line is not ``srcpickle-payload N`` (N a version in ASCII
            digits, without leading zeros).
        FormatVersionError: this srcpickle cannot read format N.
    """
    return _parse_first_line(first, whole)


def _signature_end(lines: List[str], version: int) -> int:
    # Format 2+: a signature line may follow the first line (verified by _sign before parsing,
    # when a key is given); here only its syntax is checked.
    if version >= 2 and len(lines) > 1 and lines[1].startswith("signature: "):
        from .._sign import parse_line

        parse_line(lines[1])
        return 2
    return 1


def _parse_field(line: str, line_no: int, version: int) -> Tuple[str, Value]:
    key, sep, _ = line.partition(": ")
    if not sep or key[:1] not in _KEY_FIRST or key.strip(_KEY_CHARS):
        raise format_error("expected 'field: value'", line_no, 1)
    return key, parse_value(line, line_no, len(key) + 3, version)


def _parse_section_line(
    section: _Section, lines: List[str], index: int, line: str, line_no: int, version: int = 1
) -> int:
    required, optional, entry_words = _SECTION_FIELDS[section.kind]
    word = line.split(" ", 1)[0].rstrip(":")
    if word in entry_words and not line.startswith(word + ":"):
        parser = _ValueParser(line, line_no, len(word) + 1, version)
        name = parser.key()
        parser.expect("=")
        parser.skip_space()
        value = _simple_value(line, parser.pos)
        if value is _NOT_SIMPLE:
            value = parser.value()
            if not parser.at_end():
                raise parser.error("unexpected text after the value")
        if (word, name) in section.entry_names:
            raise format_error(f"duplicate {word} {name!r}", line_no, 1)
        section.entry_names.add((word, name))
        section.entries.setdefault(word, []).append((name, value))
        section.entry_lines.setdefault(word, []).append(line_no)
        return index
    if line.startswith("line: @") and version >= 3 and section.kind in ("function", "class"):
        found = _line_after(line)
        if found is None:
            raise format_error(
                "expected 'line: N' or 'line: @id + N' (N lines below the first line of section @id)",
                line_no,
                7,
            )
        key, value = "line", _LineAfter(found[0], found[1], 7)
    else:
        key, value = _parse_field(line, line_no, version)
    if key not in required and key not in optional:
        raise format_error(f"unknown field {key!r} in a {section.kind} section", line_no, 1)
    if _ADDED_IN.get(key, 1) > version:
        raise format_error(
            f"field {key!r} needs format {_ADDED_IN[key]}, and this payload is format {version}", line_no, 1
        )
    if key in section.fields:
        raise format_error(f"duplicate field {key!r}", line_no, 1)
    section.fields[key] = (value, line_no)
    if type(value) not in SCALAR_TYPES and type(value) is not _LineAfter:
        section.checks.append((value, line_no))
    if key == "source":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise format_error("source: expects a positive line count", line_no, 9)
        if index + value > len(lines):
            raise format_error("payload is truncated inside a source block", len(lines) + 1, 1)
        index = _source_block(section, lines, index, value)
    return index


def _source_block(section: _Section, lines: List[str], index: int, count: int) -> int:
    # The ``count`` source lines from ``index`` (all there), into ``section``; the index after.
    # Most often each line is empty or indented by four spaces: then the block is one text
    # without them, made by C loops (each line starts one "\n    " or is one of the "").
    block = lines[index : index + count]
    text = "\n" + "\n".join(block)
    if text.count("\n" + SOURCE_INDENT) + block.count("") == count:
        section.source = text.replace("\n" + SOURCE_INDENT, "\n")[1:]
        section.source_line = index + 1
        return index + count
    block = []
    for offset in range(count):
        text = lines[index + offset]
        if text.startswith(SOURCE_INDENT):
            block.append(text[len(SOURCE_INDENT) :])
        elif not text.strip():
            block.append("")
        else:
            raise format_error("source lines must be indented by four spaces", index + offset + 1, 1)
    section.source = "\n".join(block)
    section.source_line = index + 1
    return index + count


def _field(section: _Section, key: str, types: tuple, default: object = None) -> object:  # type: ignore[type-arg]
    if key not in section.fields:
        if default is _REQUIRED:
            raise format_error(f"{section.kind} section {section.id!r} lacks field {key!r}", section.line, 1)
        return default
    value, line_no = section.fields[key]
    if types and not isinstance(value, types):
        if key == "line":
            raise _wrong_line(value, line_no)
        raise format_error(f"field {key!r} has the wrong type", line_no, len(key) + 3)
    if types and bool not in types and isinstance(value, bool):
        raise format_error(f"field {key!r} has the wrong type", line_no, len(key) + 3)
    return value


_REQUIRED = object()


def _str_tuple(section: _Section, key: str) -> Tuple[str, ...]:
    value = _field(section, key, (TupleValue,), TupleValue(()))
    assert isinstance(value, TupleValue)
    if not all(isinstance(item, str) for item in value.items):
        raise format_error(f"field {key!r} must be a tuple of texts", section.fields[key][1], 1)
    return tuple(item for item in value.items if isinstance(item, str))


def _text_keys(section: _Section, key: str) -> Optional[DictValue]:
    value = _field(section, key, (DictValue,), None)
    if isinstance(value, DictValue) and not all(isinstance(k, str) for k, _ in value.items):
        raise format_error(f"field {key!r} must be a dict with text keys", section.fields[key][1], 1)
    return value  # type: ignore[return-value]


def _pairs(section: _Section, key: str) -> Optional[ListValue]:
    value = _field(section, key, (ListValue,), None)
    if isinstance(value, ListValue) and not all(
        isinstance(item, TupleValue) and len(item.items) == 2 for item in value.items
    ):
        raise format_error(f"field {key!r} must be a list of (key, value) tuples", section.fields[key][1], 1)
    return value  # type: ignore[return-value]


def _refs(section: _Section, key: str) -> Tuple[Value, ...]:
    value = _field(section, key, (TupleValue,), TupleValue(()))
    assert isinstance(value, TupleValue)
    if not all(isinstance(item, Ref) for item in value.items):
        raise format_error(f"field {key!r} must be a tuple of references", section.fields[key][1], 1)
    return value.items


def _scope_names(section: _Section) -> Tuple[Tuple[str, Value], ...]:
    # Format 3: a dict of the class body's names a generic def's or class's type parameters read.
    value = _text_keys(section, "scope-names")
    if value is None:
        return ()
    if not value.items or not all(key.isidentifier() for key, _ in value.items):  # type: ignore[union-attr]
        raise format_error(
            "field 'scope-names' must be a dict of one or more names", section.fields["scope-names"][1], 1
        )
    return value.items  # type: ignore[return-value]


def _distribution(section: _Section) -> Distribution:
    text = _field(section, "distribution", (str,), _REQUIRED)
    assert isinstance(text, str)
    name, _, version = text.partition(" ")
    if not name:
        raise format_error("empty distribution", section.fields["distribution"][1], 1)
    return Distribution(name, version or None)


# The fields of a function section that _quick_function reads (every other one, and attribute
# entries, go the general way).
_QUICK_FUNCTION_FIELDS = frozenset(
    ("name", "qualname", "module", "namespace", "doc", "kind", "line", "source")
    + ("file", "signature", "indent", "scope", "defaults", "imported-names")
)


def _quick_function(section: _Section) -> Optional[FunctionNode]:
    """The node of a function section as ``_build_node`` makes it, for the sections most payloads
    hold (every field a value of its type, no attribute entries), in one pass: None for any other
    section, which ``_build_node`` reads (and reports the faults of). A fresh process's first
    loads spent a fifth of its parse on the general reading's calls."""
    fields = section.fields
    if not _QUICK_FUNCTION_FIELDS.issuperset(fields) or "attribute" in section.entries:
        return None
    try:
        name, qualname, module, kind = (
            fields["name"][0],
            fields["qualname"][0],
            fields["module"][0],
            fields["kind"][0],
        )
        namespace, line, doc = fields["namespace"][0], fields["line"][0], fields["doc"][0]
    except KeyError:
        return None
    if not (type(name) is type(qualname) is type(module) is str and kind in ("def", "lambda")):
        return None
    if type(namespace) is not Ref or type(line) is not int or not 1 <= line <= MAX_LINE:
        return None
    if "source" not in fields or section.source is None:
        return None
    indent = fields["indent"][0] if "indent" in fields else ""
    scope = fields["scope"][0] if "scope" in fields else ""
    file = fields["file"][0] if "file" in fields else ""
    signature = fields["signature"][0] if "signature" in fields else ""
    if not type(indent) is type(scope) is type(file) is type(signature) is str:
        return None
    if indent.strip(" \t\f") or len(indent) > MAX_INDENT:
        return None
    defaults = fields["defaults"][0] if "defaults" in fields else None
    if "defaults" in fields and type(defaults) is not TupleValue:
        return None
    imported: Any = fields["imported-names"][0] if "imported-names" in fields else _NO_ITEMS
    # (C loops: the types of the items, of which there are few)
    if type(imported) is not TupleValue or (imported.items and set(map(type, imported.items)) != {str}):
        return None
    annotations = tuple(section.entries.get("annotation", ()))
    if annotations and set(map(type, [text for _, text in annotations])) != {str}:
        return None
    return _make_function(
        name,
        qualname,
        module,
        namespace.id,
        kind,
        section.source,
        line,
        indent,
        scope,
        file,
        signature,
        (),
        # Every imported name and annotation is a str (checked above).
        imported.items,
        tuple(section.entries.get("closure", ())),
        defaults,
        None,
        annotations,
        doc,
        (),
        (),
        "",
    )


def _quick_distribution(section: _Section) -> Optional[Distribution]:
    # The distribution field as _distribution reads it, or None for what it refuses.
    text = section.fields["distribution"][0] if "distribution" in section.fields else None
    if type(text) is not str:
        return None
    name, _, version = text.partition(" ")
    return _make_distribution(name, version or None) if name else None


def _quick_import(section: _Section) -> Optional[Node]:
    # An import section as _build_node makes it, or None (then _build_node reads it).
    fields = section.fields
    module = fields["module"][0] if "module" in fields else None
    submodules: Any = fields["submodules"][0] if "submodules" in fields else TupleValue(())
    if type(module) is not str or type(submodules) is not TupleValue:
        return None
    if not all(type(item) is str for item in submodules.items):
        return None
    dist = _quick_distribution(section)
    # Every submodule is a str (checked above).
    return None if dist is None else _make_import(module, dist, submodules.items)


def _quick_ref(section: _Section) -> Optional[Node]:
    fields = section.fields
    module = fields["module"][0] if "module" in fields else None
    qualname = fields["qualname"][0] if "qualname" in fields else None
    if type(module) is not str or type(qualname) is not str:
        return None
    dist = _quick_distribution(section)
    return None if dist is None else _make_ref_node(module, qualname, dist)


def _quick_namespace(section: _Section) -> Optional[Node]:
    module = section.fields["module"][0] if "module" in section.fields else None
    if type(module) is not str:
        return None
    return _make_namespace(module, tuple(section.entries.get("global", ())))


def _quick_cell(section: _Section) -> Optional[Node]:
    if "empty" in section.fields:
        return None
    return _make_cell(section.fields["contents"][0] if "contents" in section.fields else None, False)


# The sections most payloads hold, read in one pass each when they hold what most do (see
# _quick_function); any other section, and any fault, is _build_node's.
_QUICK_BUILDERS: Dict[str, Callable[[_Section], Optional[Node]]] = {
    "function": _quick_function,
    "import": _quick_import,
    "ref": _quick_ref,
    "namespace": _quick_namespace,
    "cell": _quick_cell,
}


def _build_node(section: _Section, version: int = 1) -> Node:
    quick_build = _QUICK_BUILDERS.get(section.kind)
    if quick_build is not None:
        quick = quick_build(section)
        if quick is not None:
            return quick
    req = _REQUIRED
    for key in _SECTION_FIELDS[section.kind][0]:
        if key not in section.fields:
            raise format_error(f"{section.kind} section {section.id!r} lacks field {key!r}", section.line, 1)

    def text(key: str, default: object = req) -> str:
        return _field(section, key, (str,), default)  # type: ignore[return-value]

    if section.kind == "namespace":
        return NamespaceNode(text("module"), tuple(section.entries.get("global", [])))
    if section.kind == "import":
        return ImportNode(text("module"), _distribution(section), _str_tuple(section, "submodules"))
    if section.kind == "ref":
        return RefNode(text("module"), text("qualname"), _distribution(section))
    if section.kind == "cell":
        empty = _field(section, "empty", (bool,), False)
        if empty and "contents" in section.fields:
            raise format_error("an empty cell has no contents", section.line, 1)
        return CellNode(section.fields.get("contents", (None, 0))[0], bool(empty))
    if section.kind == "value":
        value = section.fields["value"][0] if "value" in section.fields else None
        kinds: Tuple[type, ...] = (ListValue, DictValue, SetValue, BytearrayValue)
        if version >= 2:
            kinds += (TupleValue, FrozenSetValue)  # format 2: shared or deep tuples and frozensets
        if not isinstance(value, kinds):
            allowed = "a list, dict, set or bytearray" + (", tuple or frozenset" if version >= 2 else "")
            raise format_error(f"a value section holds {allowed}", section.line, 1)
        return ValueNode(value)  # type: ignore[arg-type]
    if section.kind == "guard":
        return _guard_node(section)
    if section.kind == "reduce":
        return ReduceNode(
            callable=_field(section, "callable", (), req),  # type: ignore[arg-type]
            args=_field(section, "args", (TupleValue,), req),  # type: ignore[arg-type]
            kwargs=_text_keys(section, "kwargs"),
            state=section.fields.get("state", (None, 0))[0],
            listitems=_field(section, "listitems", (ListValue,), None),  # type: ignore[arg-type]
            dictitems=_pairs(section, "dictitems"),
            state_setter=section.fields.get("state-setter", (None, 0))[0],
        )
    namespace = _field(section, "namespace", (Ref,), req)
    assert isinstance(namespace, Ref)
    in_class = _field(section, "in-class", (Ref,), None)
    made_by = section.fields.get("made-by", (None, 0))[0] if section.kind == "class" else None
    sourceless = in_class is not None or "made-by" in section.fields
    if in_class is not None and "made-by" in section.fields:
        raise format_error("a class is either in-class or made-by, not both", section.line, 1)
    for key in _SOURCE_FIELDS if sourceless else ("source",):
        if sourceless and key in section.fields:
            raise format_error(
                f"field {key!r}: a section written inside its class's source, or made by a call, has "
                "no source of its own",
                section.fields[key][1],
                1,
            )
        if not sourceless and key not in section.fields:
            raise format_error(f"{section.kind} section {section.id!r} lacks field {key!r}", section.line, 1)
    if "made-by" in section.fields:
        if "line" in section.fields:
            raise format_error("a class made by a call has no line", section.fields["line"][1], 1)
        line: object = 1
    else:
        line = _field(section, "line", (int,), req)
    assert isinstance(line, int)
    if not 1 <= line <= MAX_LINE:
        raise format_error(f"line must be from 1 to {MAX_LINE}", section.fields["line"][1], 7)
    _check_indent(section)
    for feature in _str_tuple(section, "future"):
        if feature not in FUTURE_FEATURES:
            raise format_error(f"unknown future feature {feature!r}", section.fields["future"][1], 9)
    if section.kind == "function":
        for (name, _), entry_line in zip(
            section.entries.get("attribute", []), section.entry_lines.get("attribute", [])
        ):
            if name == "__annotations__" and version >= 3:
                continue  # format 3: the live annotations, which the source does not give
            if name == "__annotations__":
                raise format_error(
                    f"attribute {name!r} needs format 3, and this payload is format {version}", entry_line, 11
                )
            if name in FUNCTION_FIELDS:
                raise format_error(
                    f"attribute {name!r} is part of every function, not an attribute to set", entry_line, 11
                )
    # The fields every function and class section has (see _write_origin and _write_source).
    origin: Dict[str, Any] = dict(
        name=text("name"),
        qualname=text("qualname"),
        module=text("module"),
        namespace=namespace.id,
        source=section.source or "",
        line=line,
        indent=text("indent", ""),
        scope=text("scope", ""),
        file=text("file", ""),
        future=_str_tuple(section, "future"),
        imported=_str_tuple(section, "imported-names"),
        closure=tuple(section.entries.get("closure", [])),
        attributes=tuple(section.entries.get("attribute", [])),
        in_class=in_class.id if isinstance(in_class, Ref) else "",
    )
    if section.kind == "class":
        if made_by is not None and section.entries.get("closure"):
            raise format_error("a class made by a call has no closure", section.line, 1)
        return ClassNode(
            **origin,
            deleted=_str_tuple(section, "deleted"),
            made_by=made_by,
            registered_with=_refs(section, "registered-with"),
            registry=_refs(section, "registry"),
            scope_names=_scope_names(section),
        )
    kind = text("kind")
    if kind not in ("def", "lambda"):
        raise format_error("kind must be 'def' or 'lambda'", section.fields["kind"][1], 7)
    annotations = []
    for name, annotation in section.entries.get("annotation", []):
        if not isinstance(annotation, str):
            raise format_error(f"annotation {name!r} must be text", section.line, 1)
        annotations.append((name, annotation))
    # Every field by position, in FunctionNode's order: the records' quick way in.
    return FunctionNode(
        origin["name"],
        origin["qualname"],
        origin["module"],
        origin["namespace"],
        kind,
        origin["source"],
        origin["line"],
        origin["indent"],
        origin["scope"],
        origin["file"],
        text("signature", ""),
        origin["future"],
        origin["imported"],
        origin["closure"],
        _field(section, "defaults", (TupleValue,), None),  # type: ignore[arg-type]
        _text_keys(section, "kwdefaults"),
        tuple(annotations),
        section.fields["doc"][0],
        origin["attributes"],
        _refs(section, "body-imports"),
        origin["in_class"],
        _refs(section, "overloads"),
        _scope_names(section),
    )


def _build_payload(
    version: int,
    header: Dict[str, Tuple[Value, int]],
    sections: List[_Section],
    size: int,
    deferred: Optional[List[str]] = None,
) -> Payload:
    # The nodes, checked: references (_check_references), reduce cycles, then the sources' padding
    # (see PADDING_PER_CHAR) for a payload of ``size`` characters. The padding is added up and
    # the reduce sections noted in the loop that makes the nodes: a first load made two more
    # passes over them (issue 9).
    for key in ("written-by", "requires-python", "root"):
        if key not in header:
            raise format_error(f"the header lacks field {key!r}", 2, 1)
    _fill_shared_fields(sections, version, deferred)
    written_by, written_line = header["written-by"]
    if not isinstance(written_by, str):
        raise format_error("written-by must be text", written_line, 13)
    required, required_line = header["requires-python"]
    # What the pattern (\d{1,2})\.(\d{1,3}) matches all of, read by str methods (str.isdecimal
    # is what \d matches, and int() reads those digits): compiling the pattern cost import
    # srcpickle ~0.45M instructions (issue 9).
    major, dot, minor = required.partition(".") if isinstance(required, str) else ("", "", "")
    if not (dot and 0 < len(major) <= 2 and 0 < len(minor) <= 3 and major.isdecimal() and minor.isdecimal()):
        raise format_error("requires-python must be text like '3.9'", required_line, 18)
    nodes: Dict[str, Node] = {}
    positions: Dict[str, int] = {}
    budget = MAX_LINE + PADDING_PER_CHAR * size
    padding = 0
    too_padded = ""  # the node at which the padding first exceeds the budget
    reduces = guards = False
    for section in sections:
        if section.id in nodes:
            raise format_error(f"duplicate node id {section.id!r}", section.line, 1)
        kind = section.kind
        quick_build = _QUICK_BUILDERS.get(kind)
        node = quick_build(section) if quick_build is not None else None
        if node is None:
            node = _build_node(section, version)
        nodes[section.id] = node
        positions[section.id] = section.source_line or section.line
        if kind == "function" or kind == "class":
            # (what has_source says: a method or nested class written inside its class's source,
            # or a class made by a call, has no source of its own)
            if not node.in_class and getattr(node, "made_by", None) is None:  # type: ignore[union-attr]
                padding += node.line + len(node.indent) * (node.source.count("\n") + 1)  # type: ignore[union-attr]
                if padding > budget and not too_padded:
                    too_padded = section.id
        elif kind == "reduce":
            reduces = True
        elif kind == "guard":
            guards = True
    # Every field by position, in Payload's order.
    payload = _make_payload(
        header["root"][0],
        nodes,
        (int(major), int(minor)),
        _header_text(header, "requires-python-for") if "requires-python-for" in header else "",
        written_by,
        version,
        positions,
    )
    _check_references(payload, sections, header["root"][1])
    if guards:
        _check_guard_referrers(payload, sections, header["root"][1])
    if reduces:
        _check_reduce_cycles(payload, sections)
    if too_padded:
        raise format_error(
            f"the sources' line numbers and indents add up to more than {MAX_LINE} lines plus "
            f"{PADDING_PER_CHAR} characters per character of payload (at @{too_padded}); no real file "
            "gives that",
            positions.get(too_padded),
            1,
        )
    return payload


def _header_text(header: Dict[str, Tuple[Value, int]], key: str) -> str:
    value, line = header.get(key, ("", 0))
    if not isinstance(value, str):
        raise format_error(f"{key} must be text", line, len(key) + 3)
    return value


# The collections whose items are their only contents (a list or tuple of scalars holds nothing
# to check; a set or frozenset of scalars holds hashable items).
_SCALAR_COLLECTIONS = frozenset({TupleValue, ListValue, SetValue, FrozenSetValue})


def _check_references(payload: Payload, sections: List[_Section], root_line: int) -> None:
    nodes = payload.nodes
    check = _check_value
    check(payload.root, root_line, nodes)
    scalars = SCALAR_TYPES
    for section in sections:
        # The fields that are no scalar, noted as they were read (most fields are names, texts
        # and numbers: no test of each here).
        for value, line in section.checks:
            if type(value) is Ref:  # what check() does for a reference, without the call
                if value.id not in nodes:
                    raise format_error(f"reference to missing node @{value.id}", line, 1)
            else:
                check(value, line, nodes)
        for word, entries in section.entries.items():
            for (name, value), line in zip(entries, section.entry_lines[word]):
                if type(value) not in scalars:  # (global K = 7)
                    check(value, line, nodes)
                if word == "closure" and not (
                    isinstance(value, Ref) and isinstance(nodes[value.id], CellNode)
                ):
                    raise format_error(f"closure variable {name!r} must refer to a cell section", line, 1)
        if section.kind in ("function", "class"):
            namespace, line = section.fields["namespace"]
            if not (isinstance(namespace, Ref) and isinstance(nodes.get(namespace.id), NamespaceNode)):
                raise format_error("namespace must refer to a namespace section", line, 12)
            if "in-class" in section.fields:
                owner, line = section.fields["in-class"]
                if not (isinstance(owner, Ref) and isinstance(nodes.get(owner.id), ClassNode)):
                    raise format_error("in-class must refer to a class section", line, 11)
            if "overloads" in section.fields:
                _check_overloads(section, nodes)
        elif section.kind == "guard":
            _check_guard(section, nodes)


def _guard_node(section: _Section) -> GuardNode:
    namespace = _field(section, "namespace", (Ref,), _REQUIRED)
    assert isinstance(namespace, Ref)
    tries = _refs(section, "tries")
    if not tries:
        raise format_error("a guard tries at least one import", section.fields["tries"][1], 1)
    fallbacks = tuple(section.entries.get("global", []))
    unbound = _str_tuple(section, "unbound")
    if set(unbound) & {name for name, _ in fallbacks}:
        raise format_error("a guard's global is either unbound or given a value", section.line, 1)
    return GuardNode(namespace.id, tries, fallbacks, unbound)


def _check_guard(section: _Section, nodes: Dict[str, Node]) -> None:
    # Format 3: a guard names the namespace it changes and the import and ref sections it tries.
    namespace, line = section.fields["namespace"]
    if not (isinstance(namespace, Ref) and isinstance(nodes.get(namespace.id), NamespaceNode)):
        raise format_error("namespace must refer to a namespace section", line, 12)
    node = nodes[section.id]
    line = section.fields["tries"][1]
    for ref in node.tries if isinstance(node, GuardNode) else ():
        if not isinstance(nodes[ref.id], (ImportNode, RefNode)):  # type: ignore[union-attr]
            raise format_error("tries must refer to import or ref sections", line, 8)


def _check_guard_referrers(payload: Payload, sections: List[_Section], root_line: int) -> None:
    # Format 3: a guard is an instruction to the loader, not an object: a root or a value that
    # referred to one would reach nothing once the loader has decided the guard and dropped it.
    guards = {node_id for node_id, node in payload.nodes.items() if type(node) is GuardNode}
    if any(ref.id in guards for ref in iter_refs(payload.root)):
        raise format_error("the root refers to a guard section, which is no value", root_line, 7)
    for section in sections:
        for value in node_values(payload.nodes[section.id]):
            referred = next((ref.id for ref in iter_refs(value) if ref.id in guards), None)
            if referred is not None:
                raise format_error(
                    f"@{referred} is a guard section, which no value may refer to", section.line, 1
                )


def _check_overloads(section: _Section, nodes: Dict[str, Node]) -> None:
    # Format 3: a function's typing.overload stubs are functions by source, never the function
    # itself (a stub has no stubs) nor a function of a class statement, which registers them.
    node = nodes[section.id]
    line = section.fields["overloads"][1]
    stubs = node.overloads if isinstance(node, FunctionNode) else ()
    for ref in stubs:
        stub = nodes[ref.id]  # type: ignore[union-attr]
        if not isinstance(stub, FunctionNode) or stub.in_class or stub.overloads:
            raise format_error(
                "overloads must refer to function sections with a source of their own and no overloads",
                line,
                12,
            )
    if isinstance(node, FunctionNode):
        _check_overload_stubs(node, [ref.id for ref in stubs if isinstance(ref, Ref)], nodes, line)


def _check_overload_stubs(node: FunctionNode, stub_ids: List[str], nodes: Dict[str, Node], line: int) -> None:
    # What a writer never writes, refused while format 3 can still be strict: no stubs (the
    # field is left out), a stub twice, and a stub typing would not register for the function
    # (typing keys its registry by module and qualified name).
    if not stub_ids or len(set(stub_ids)) < len(stub_ids):
        raise format_error("overloads must list each stub once, and at least one", line, 12)
    for stub_id in stub_ids:
        stub = nodes[stub_id]
        if isinstance(stub, FunctionNode) and (stub.qualname, stub.module) != (node.qualname, node.module):
            raise format_error(
                f"overload stub @{stub_id} is {stub.module}.{stub.qualname}, not a stub of "
                f"{node.module}.{node.qualname}",
                line,
                12,
            )


def _check_value(value: Value, line: int, nodes: Dict[str, Node]) -> None:
    # A field's or entry's value (or the root), at payload line ``line``: every reference in it
    # names a node, and what must be hashable in it is (a function at module level: no closure
    # made per payload).
    kind = type(value)
    if kind is Ref:  # most values that are not scalars: what _check_references' loop does
        if value.id not in nodes:  # type: ignore[union-attr]
            raise format_error(f"reference to missing node @{value.id}", line, 1)  # type: ignore[union-attr]
        return
    if kind in _SCALAR_COLLECTIONS and (
        known_ints(value.items) or SCALAR_TYPES.issuperset(map(type, value.items))  # type: ignore[union-attr]
    ):
        return  # (defaults: (0,)) no reference, and nothing in it must be hashable but scalars
    for ref in iter_refs(value):
        if ref.id not in nodes:
            raise format_error(f"reference to missing node @{ref.id}", line, 1)
    _check_hashable(value, nodes, line, False)


def _check_hashable(value: Value, nodes: Dict[str, Node], line: int, hashable: bool) -> None:
    if type(value) in SCALAR_TYPES:
        return
    # Dict keys and set items must be hashable once built: no list, dict, set or bytearray, and
    # no reference to a value section (which holds one of those).
    if hashable:
        target = nodes.get(value.id) if isinstance(value, Ref) else None
        if isinstance(value, (ListValue, DictValue, SetValue, BytearrayValue)) or (
            isinstance(target, ValueNode) and not isinstance(target.value, (TupleValue, FrozenSetValue))
        ):
            raise format_error("a dict key or set item must be hashable", line, 1)
    if isinstance(value, DictValue):
        for key, item in value.items:
            _check_hashable(key, nodes, line, True)
            _check_hashable(item, nodes, line, False)
    elif isinstance(value, (SetValue, FrozenSetValue)):
        for item in value.items:
            _check_hashable(item, nodes, line, True)
    elif isinstance(value, (TupleValue, ListValue)):
        inner = hashable and isinstance(value, TupleValue)
        for item in value.items:
            kind = type(item)
            # A reference needs a check only as (part of) a dict key or set item: a list of 200
            # functions' references is no call each.
            if kind not in SCALAR_TYPES and (inner or kind is not Ref):
                _check_hashable(item, nodes, line, inner)


def _check_reduce_cycles(payload: Payload, sections: List[_Section]) -> None:
    # A reduce node that needs itself can never be built (_model.reduce_cycles; the capture
    # refuses to write one, so only a hand-made or damaged payload holds one).
    on_cycle = reduce_cycles(payload.nodes)
    if on_cycle:
        lines = {section.id: section.line for section in sections}
        node_id = next(node_id for node_id in payload.nodes if node_id in on_cycle)
        raise format_error(f"reduce node @{node_id} needs itself to be built", lines.get(node_id), 1)


def _check_indent(section: _Section) -> None:
    """An indent is what a real file has in front of a statement: spaces and tabs (and the form
    feed Python allows there), not too many.

    Anything else would be compiled as part of the module text the loader builds.
    """
    if "indent" not in section.fields:
        return
    indent, line_no = section.fields["indent"]
    if not isinstance(indent, str):
        return  # reported as a wrong type by the caller
    if indent.strip(" \t\f"):
        raise format_error("indent must hold only spaces and tabs", line_no, 9)
    if len(indent) > MAX_INDENT:
        raise format_error(f"indent is longer than {MAX_INDENT} characters", line_no, 9)

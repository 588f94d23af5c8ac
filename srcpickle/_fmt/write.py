"""Write a ``Payload`` as text, in the grammar of ``docs/FORMAT.md``, with the values' literal
grammar (``format_value``). It never imports the reader (``read``): a ``dumps`` does not pay for it.

This module imports only the standard library.
"""

from __future__ import annotations

from _thread import get_ident

from .._model import (
    FORMAT_NAME,
    INT_PACK_MIN,
    PLAIN_NAN_BITS,
    READABLE_FORMATS,
    BytearrayValue,
    CellNode,
    ClassNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Payload,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    float_bits,
    format_needed,
    has_source,
    node_kind,
    written_format,
)
from .._records import fields_reader
from . import (
    _INF,
    BASE64_MIN_BYTES,
    DECIMAL_MAX_BITS,
    END_MARKER,
    SOURCE_INDENT,
    def_named,
    source_docstring,
    source_kind,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Set, Tuple, Union

    from .._model import Node

# --------------------------------------------------------------------------------------- writing


def format_value(value: Value) -> str:
    """The text of ``value`` in the payload's literal grammar."""
    # By exact type, one dict lookup (a dumps formats tens of values: names, numbers, references);
    # anything else (a subclass of a scalar type) takes the general reading below.
    writer = _WRITERS.get(type(value))
    if writer is not None:
        return writer(value)
    return _format_any(value)


def _format_any(value: Value) -> str:
    if isinstance(value, int):
        return _format_int(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, complex):
        return _format_complex(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bytes):
        return _format_bytes(value)
    if isinstance(value, Ref):
        return "@" + value.id
    if isinstance(value, TupleValue):
        return _format_tuple(value)
    if isinstance(value, ListValue):
        return _format_list(value)
    if isinstance(value, DictValue):
        return _format_dict(value)
    if isinstance(value, SetValue):
        return _format_set(value)
    if isinstance(value, FrozenSetValue):
        return _format_frozenset(value)
    if isinstance(value, BytearrayValue):
        return _format_bytearray(value)
    raise TypeError(f"not a payload value: {value!r}")


def _format_int(value: int) -> str:
    if value.bit_length() > DECIMAL_MAX_BITS:
        return "-" + hex(-value) if value < 0 else hex(value)
    return repr(value)


def _format_complex(value: complex) -> str:
    return f"complex({_format_float(value.real)}, {_format_float(value.imag)})"


def _format_bytes(value: bytes) -> str:
    if len(value) > BASE64_MIN_BYTES:
        import base64  # imported where used: most payloads have no long bytes values

        return f"base64('{base64.b64encode(value).decode('ascii')}')"
    return repr(value)


def _format_ref(value: Ref) -> str:
    return "@" + value.id


def _format_tuple(value: TupleValue) -> str:
    if len(value.items) == 1:
        return f"({format_value(value.items[0])},)"
    text = _format_items(value.items)
    if text[:1] == "*":  # a packed run of ints (no other item's text starts with "*")
        return "(" + text + ",)"
    return "(" + text + ")"


def _format_list(value: ListValue) -> str:
    return "[" + _format_items(value.items) + "]"


def _format_dict(value: DictValue) -> str:
    return "{" + ", ".join([f"{format_value(k)}: {format_value(v)}" for k, v in value.items]) + "}"


def _format_set(value: SetValue) -> str:
    if not value.items:
        return "set()"
    return "{" + ", ".join([format_value(item) for item in value.items]) + "}"


def _format_frozenset(value: FrozenSetValue) -> str:
    if not value.items:
        return "frozenset()"
    return "frozenset({" + ", ".join([format_value(item) for item in value.items]) + "})"


def _format_bytearray(value: BytearrayValue) -> str:
    return f"bytearray({format_value(value.data)})"


def keep_text(value: Value) -> None:
    """Keep ``format_value(value)`` in ``KEPT_TEXTS`` for the writing of namespace sections, unless
    writing ``value`` does more than give its text (a nan with its bits makes its payload format 3:
    see _format_nan)."""
    ident = get_ident()
    flagged = ident in _NAN_WRITERS
    text = format_value(value)
    if ident in _NAN_WRITERS:
        if not flagged:
            _NAN_WRITERS.discard(ident)
        return
    KEPT_TEXTS[id(value)] = (value, text)


# Items whose text is their repr() (an int only up to DECIMAL_MAX_BITS; a float's repr is
# _format_float's text, inf and nan included): a list of them is written by C loops, not one
# format_value call per item (a list of 100,000 numbers).
_REPR_TYPES = frozenset({int, str, bool, type(None), float})
_INT_ONLY = frozenset({int})
# Ints whose magnitude is below this have at most DECIMAL_MAX_BITS bits: written in decimal.
_DECIMAL_LIMIT = 1 << DECIMAL_MAX_BITS


def _format_items(items: Tuple[Value, ...]) -> str:
    kinds = set(map(type, items))
    if kinds == _INT_ONLY:
        ints: Any = items
        if len(items) >= INT_PACK_MIN and _PACKING_WRITERS and get_ident() in _PACKING_WRITERS:
            from .packed import packed_ints_text

            packed = packed_ints_text(ints)
            if packed is not None:
                return packed
        if _decimal_ints(ints):
            # "%d" is an int's repr, and one format of the whole tuple is the C loop that skips
            # the list and the repr machinery (a fifth less for 100,000 ints). A long run is
            # formatted as bytes, the same digits without the text writer's per-item work (64M
            # instructions against 72M for 100,000 ints, decode included); a short one as text
            # (no decode call: TABLE = {"a": [1, 2, 3]}).
            if len(items) >= INT_RUN_MIN:
                return ((b"%d, " * len(items))[:-2] % items).decode("ascii")
            return ("%d, " * len(items))[:-2] % items
    elif kinds <= _REPR_TYPES:
        numbers: Any = [item for item in items if type(item) is int] if int in kinds else ()
        if not numbers or max(max(numbers), -min(numbers)).bit_length() <= DECIMAL_MAX_BITS:
            # A list's repr is its items' reprs joined by ", ": one C loop, without the list of
            # texts a join needs (half the time for 100,000 numbers). Every nan's repr is "nan":
            # with a nan among the floats, each item is written by its own writer (_format_nan).
            text = repr(list(items))[1:-1]
            if float not in kinds or "nan" not in text:
                return text
    return ", ".join(map(format_value, items))


def set_order_key(items: Tuple[Value, ...]) -> Callable[[Any], str]:
    """The key that sorts the scalar ``items`` of a set or frozenset into the order they are
    written in (their texts): ``format_value``, or ``repr`` itself (no Python call per item)
    when every item is a text, a bool or None, whose text is its repr."""
    return repr if _TEXT_TYPES.issuperset(map(type, items)) else format_value


# The scalar types whose payload text is their repr whatever their value (ints are not: a wide
# one is written in hex).
_TEXT_TYPES = frozenset({str, bool, type(None)})


def _decimal_ints(ints: Tuple[int, ...]) -> bool:
    # Whether every one of these ints is written in decimal (at most DECIMAL_MAX_BITS bits). A
    # long run is first packed as 64-bit ints, one C loop that refuses any wider int: 10M
    # instructions for 100,000 ints, where array("q") parses each item as an argument (25M) and
    # min() and max() make two passes (31M).
    if len(ints) >= INT_RUN_MIN:
        from struct import error, pack  # imported where used: most payloads hold no long run of ints

        try:
            pack(f"{len(ints)}q", *ints)
        except (error, OverflowError):  # (CPython says struct.error, PyPy may say OverflowError)
            pass  # a wider int somewhere: measured below
        else:
            return True
    return -_DECIMAL_LIMIT < min(ints) and max(ints) < _DECIMAL_LIMIT


# A run of ints at least this long is checked by packing it (_decimal_ints): below it, the
# import statement and the packing cost more than min() and max().
INT_RUN_MIN = 256
# The threads writing a payload of format 3 (see _write_packing): only they write a long run of
# ints packed. Elsewhere format_value writes it in decimal, as formats 1 and 2 do (a payload of
# format 1 or 2 parsed and written again is the same text).
_PACKING_WRITERS: Set[int] = set()
# format_value's text of values the capture keeps whole across dumps (_capture.values.data_global:
# containers of scalars, never a packed run, so written alike in every format), by id() beside the
# value itself (an id is only unique while its object lives). Filled and bounded by that cache.
KEPT_TEXTS: Dict[int, Tuple[Value, str]] = {}


def format_value_in(value: Value, version: int) -> str:
    """The text of ``value`` as a payload of format ``version`` writes it: ``format_value``'s,
    with a long run of ints packed from format 3."""
    ident = get_ident()
    if version < 3 or ident in _PACKING_WRITERS:
        return format_value(value)
    _PACKING_WRITERS.add(ident)
    try:
        return format_value(value)
    finally:
        _PACKING_WRITERS.discard(ident)


def _format_float(value: float) -> str:
    if value != value:
        return _format_nan(value)
    if value == _INF or value == -_INF:
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _format_nan(value: float) -> str:
    # float("nan") is "nan" in every format; from format 3 a nan keeps its sign bit ("-nan", the
    # nan of -float("nan") and of inf * 0) or all its bits (R's NA, a signalling nan): write_in
    # makes a payload holding one format 3.
    bits = float_bits(value)
    if bits == PLAIN_NAN_BITS:
        return "nan"
    _NAN_WRITERS.add(get_ident())
    if bits == _NEGATIVE_NAN_BITS:
        return "-nan"
    return f"nan(0x{bits:016x})"


_NEGATIVE_NAN_BITS = PLAIN_NAN_BITS | 1 << 63
# The threads that wrote a nan with its bits since they last finished writing a payload (most
# often none): write_in asks format_needed then, as a payload's nodes do not show such a nan.
_NAN_WRITERS: Set[int] = set()


# The writer of each value type, by exact type (format_value).
_WRITERS: Dict[type, Callable[[Any], str]] = {
    str: repr,
    bool: repr,
    type(None): repr,
    Ref: _format_ref,
    int: _format_int,
    float: _format_float,
    complex: _format_complex,
    bytes: _format_bytes,
    TupleValue: _format_tuple,
    ListValue: _format_list,
    DictValue: _format_dict,
    SetValue: _format_set,
    FrozenSetValue: _format_frozenset,
    BytearrayValue: _format_bytearray,
}


def _kept_or_formatted(value: Value) -> str:
    # A container's text from KEPT_TEXTS when kept (that very value), else format_value's.
    known = KEPT_TEXTS.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    return _WRITERS[type(value)](value)


# The writers of a namespace section's globals: format_value's, a container's looked up first.
_GLOBAL_WRITERS: Dict[type, Callable[[Any], str]] = {
    **_WRITERS,
    ListValue: _kept_or_formatted,
    TupleValue: _kept_or_formatted,
    DictValue: _kept_or_formatted,
    FrozenSetValue: _kept_or_formatted,
}


def _format_key(name: str) -> str:
    return name if name.isidentifier() else repr(name)


def write(payload: Payload, version: Optional[int] = None) -> str:
    """Return the text of ``payload``, in format ``version`` (default: the lowest format that
    can express it, so that every srcpickle that can read it does; format 3 for a payload of
    format 3 that holds a long run of ints, to write it packed: see ``written_format``)."""
    needed = format_needed(payload)
    if version is None:
        version = written_format(payload, needed)
    elif version < needed or version not in READABLE_FORMATS:
        raise ValueError(f"payload needs format {needed}; cannot write it in format {version}")
    return write_in(payload, version)


def write_captured(payload: Payload) -> str:
    """Return the text of ``payload`` as ``write`` does, for a payload a capture just made: its
    ``format_version`` is the lowest format that expresses it (``finish`` computed it from its
    nodes), so it is not computed again."""
    return write_in(payload, payload.format_version)


def write_in(payload: Payload, version: int) -> str:
    """The text of ``payload`` in format ``version``, which the caller knows can express it."""
    head = _head(version, payload.written_by, payload.requires_python)
    if version >= 3:
        return _write_packing(payload, version, head, None, _NO_RUNS)  # type: ignore[return-value]
    text = "\n".join(_write_lines(payload, version, head, None, _NO_RUNS))
    if _NAN_WRITERS and get_ident() in _NAN_WRITERS:
        head3 = _head_for_nan(payload, version)
        if head3 is not None:
            # Written again in format 3, whose sections leave out what they share (section 17):
            # the text format 3 reads back and writes again.
            return write_in(payload, 3)
    return text


def write_bytes(payload: Payload, version: int, int_runs: Optional[Dict[int, Any]] = None) -> bytes:
    """``write_in(payload, version)`` encoded as UTF-8, as ``dumps`` returns it: the same bytes,
    with a long bytes value or long run of ints of a cell or value section written as ASCII
    bytes straight into the result (a payload of 1 MiB of data was copied five times on its
    way there as text: decoded, formatted into its field twice, joined, encoded).

    ``int_runs`` holds what the capture of ``payload`` proved about its long runs of ints (see
    ``_capture.capture``): such a run is written without looking at each item's type again.
    """
    head = _head(version, payload.written_by, payload.requires_python)
    chunks: List[Any] = []
    runs = _NO_RUNS if int_runs is None else int_runs
    if version >= 3:
        return _write_packing(payload, version, head, chunks, runs)  # type: ignore[return-value]
    tail = "\n".join(_write_lines(payload, version, head, chunks, runs)).encode("utf-8")
    if chunks:
        chunks.append(tail)
        data = b"".join(chunks)
    else:
        data = tail
    if _NAN_WRITERS and get_ident() in _NAN_WRITERS:
        head3 = _head_for_nan(payload, version)
        if head3 is not None:
            return write_bytes(payload, 3, int_runs)  # (as write_in does)
    return data


def _head_for_nan(payload: Payload, version: int) -> Optional[str]:
    # The head of format 3 when this thread wrote a nan with its sign or payload bits, which
    # only format 3 reads, and which the format version a capture computes from its nodes
    # alone does not see; None when the payload's version stands.
    _NAN_WRITERS.discard(get_ident())
    if version < 3 and format_needed(payload) >= 3:
        return _head(3, payload.written_by, payload.requires_python)
    return None


def _write_packing(
    payload: Payload, version: int, head: str, chunks: Optional[List[Any]], int_runs: Dict[int, Any]
) -> Union[str, bytes]:
    # write_in (``chunks`` None: the text) or write_bytes (the bytes) of a format 3 payload, in
    # which a long run of ints is packed: this thread's values are written so meanwhile (see
    # _PACKING_WRITERS). A format 3 payload holds no nan that would need a later head.
    ident = get_ident()
    _PACKING_WRITERS.add(ident)
    try:
        lines = _write_lines(payload, version, head, chunks, int_runs)
    finally:
        _PACKING_WRITERS.discard(ident)
        if _NAN_WRITERS:
            _NAN_WRITERS.discard(ident)
    if chunks is None:
        return "\n".join(lines)
    tail = "\n".join(lines).encode("utf-8")
    if not chunks:
        return tail
    chunks.append(tail)
    return b"".join(chunks)


def _write_lines(
    payload: Payload,
    version: int,
    head: str,
    chunks: Optional[List[Any]],
    int_runs: Dict[int, Any],
) -> List[str]:
    # The payload's lines, to be joined by newlines. With ``chunks`` (write_bytes), a long value
    # of a cell or value section is put there as bytes instead, after the text of the lines
    # before it; the lines returned are those after the last such value (they start with a
    # newline: the value's line ends where they begin).
    out: List[str] = [head]
    if payload.requires_python_for:
        out.append(f"requires-python-for: {format_value(payload.requires_python_for)}")
    root = payload.root
    out.append("root: @" + root.id if type(root) is Ref else f"root: {_format_root(root)}")
    shared = _shared_fields(payload) if version >= 3 else None
    for node_id, node in payload.nodes.items():
        kind = type(node)
        if kind is FunctionNode:  # the most common section: written straight into out
            _write_function(node_id, node, out, shared)  # type: ignore[arg-type]
            continue
        if kind is NamespaceNode:  # the next most common: one per module a dump reaches
            module = node.module  # type: ignore[union-attr]
            # (format_value of the module's name spelled out: a text, whose repr it is)
            written = repr(module) if type(module) is str else format_value(module)
            out.append(f"\n[namespace {node_id}]\nmodule: {written}")
            if shared is not None and shared.files.get(node_id):
                out.append(f"file: {format_value(shared.files[node_id])}")
            # format_value's and _format_key's work spelled out (a call each per global, else);
            # a container the capture kept whole from an earlier dumps has its text already.
            writers = _GLOBAL_WRITERS
            out += [
                f"global {n if n.isidentifier() else repr(n)} = {writers.get(type(v), _format_any)(v)}"
                for n, v in node.globals  # type: ignore[union-attr]
            ]
            continue
        if kind is ImportNode or kind is RefNode:
            text = _import_section(node_id, node)  # type: ignore[arg-type]
            if text is not None:
                out.append(text)
                continue
        elif chunks is not None and (kind is CellNode or kind is ValueNode):
            if kind is CellNode:
                field, value = "contents", None if node.empty else node.contents  # type: ignore[union-attr]
            else:
                field, value = "value", node.value  # type: ignore[union-attr]
            # (most cells hold a reference or a scalar: no call for them)
            pieces = _long_value_bytes(value, int_runs, version) if type(value) in _LONG_VALUE_TYPES else None
            if pieces is not None:
                chunks.append("\n".join(out).encode("utf-8"))
                chunks.append(f"\n\n[{node.kind} {node_id}]\n{field}: ".encode())
                chunks += pieces
                out = [""]
                continue
        if kind is CellNode:  # one per closure variable: one text, without _write_node's tests
            if node.empty:  # type: ignore[union-attr]
                out.append(f"\n[cell {node_id}]\nempty: True")
            else:
                contents = node.contents  # type: ignore[union-attr]
                text = "@" + contents.id if type(contents) is Ref else format_value(contents)
                out.append(f"\n[cell {node_id}]\ncontents: {text}")
            continue
        out.append("")
        out.append(f"[{node_kind(node)} {node_id}]")
        start = len(out)
        sections = _sections()
        out.extend(sections._write_node(node))
        if shared is not None and kind is ClassNode:
            sections._leave_out_shared(out, start, node, shared, node_id)
    # The final newline too, without copying the whole text again (1 MiB of data).
    out += _END_LINES
    return out


def _sections() -> Any:
    # The module of the sections a dumps of functions does not write, imported by the first
    # payload that holds one (issue 9), then kept in _SECTIONS.
    if not _SECTIONS:
        from . import sections

        _SECTIONS.append(sections)
    return _SECTIONS[0]


_SECTIONS: List[Any] = []


# The types of the values _long_value_bytes may write.
_LONG_VALUE_TYPES = frozenset({bytes, ListValue, TupleValue})
# No run of ints proven exact (a payload not just captured).
_NO_RUNS: Dict[int, Any] = {}


def _long_value_bytes(value: Any, int_runs: Dict[int, Any], version: int) -> Optional[List[Any]]:
    # The text of ``value`` as pieces of ASCII bytes (format_value's text) when it is a long
    # bytes value, or a long run of ints the capture proved exact (int_runs); else None.
    kind = type(value)
    if kind is bytes:
        if len(value) <= BASE64_MIN_BYTES:
            return None
        from .packed import base64_text

        return [b"base64('", base64_text(value), b"')"]
    if kind is ListValue or kind is TupleValue:
        items = value.items
        run: Any = int_runs.get(id(items))
        if run is None or run[0] is not items:
            return None
        ints: Any = items
        if run[1] is not None and version >= 3:  # the bytes the capture packed (see pack_ints)
            from .packed import _packed_pieces

            ends = b"[]" if kind is ListValue else b"(,)"
            return [ends[:1], *_packed_pieces(len(ints), *run[1]), ends[1:]]
        if not _decimal_ints(ints):
            return None
        # (a run is at least INT_RUN_MIN long: never the tuple of one that needs a comma)
        text = (b"%d, " * len(ints)) % ints
        ends = b"[]" if kind is ListValue else b"()"
        return [ends[:1], memoryview(text)[:-2], ends[1:]]
    return None


# ------------------------------------------------- format 3: fields a section shares or implies
#
# In a format 3 payload a function or class section leaves out what its namespace section or its
# own source already says: ``module`` when it is the namespace's module, ``file`` when it is the
# file the namespace section names (``file:``, format 3: the file of the namespace's first section
# with a source), ``qualname`` when it is the ``name``; a function section also ``kind`` (the
# source says ``lambda`` or ``def``), ``doc`` when it is the docstring its source gives and
# ``name`` when its source starts ``def NAME(`` (_fmt.source_def_name). Its ``namespace: @id``
# line stays: it tells a reader of the one section which module it came from. For 200 functions
# of one module in one payload: 69,219 bytes -> 48,171 (issue 9); 49,281 with the ``line:``
# fields below, 46,775 with the names left out too.
#
# A format 3 function or class section writes its ``line:`` after the section before it in its
# file (by line, then id): ``line: @first + 4``, the first of a file its line itself. A line added
# at the top of a file, or between two defs, then changes one ``line:`` field of a review's diff,
# not every later section's (h92: scenarios/h92/edits.py measured this against one anchor line
# per file, which an edit between two defs moves for every section below it).


class _Shared:
    """What a format 3 payload's sections share: each namespace's ``file`` (by id), and whether
    a function's ``doc`` may be left out (its sources parse on every Python the payload loads on:
    ``requires-python`` 3.9)."""

    __slots__ = ("files", "modules", "docs", "lines")

    def __init__(self, files: Dict[str, str], modules: Dict[str, str], docs: bool) -> None:
        self.files = files
        self.modules = modules
        self.docs = docs
        # The text of each ``line:`` field written after another section's (see above), by id.
        self.lines: Dict[str, str] = {}


def _shared_fields(payload: Payload) -> _Shared:
    files: Dict[str, str] = {}
    modules: Dict[str, str] = {}
    # The sections with a line, by (namespace, file): (line, id) each (see _lines_after).
    where: Dict[Tuple[Any, Any], List[Tuple[int, str]]] = {}
    in_class = False
    # The (namespace, file) of the last function section met and its list in ``where``: most
    # sections follow one of their own file, whose namespace and file are the very same str
    # objects (capture gives every code of a file one), so that two identity tests find the list.
    last_namespace: Any = None
    last_file: Any = None
    placed: List[Tuple[int, str]] = []
    for node_id, node in payload.nodes.items():
        kind = type(node)
        if kind is FunctionNode:
            line, namespace, file, held_in_class = _placed_fields(node)
            if type(line) is int:
                if file is not last_file or namespace is not last_namespace:
                    key = (namespace, file)
                    last_namespace, last_file = key
                    placed = where.setdefault(key, [])
                placed.append((line, node_id))
            # (the first section with a source of each namespace, in document order; has_source
            # spelled out: every dumps of two functions of a module asks)
            if held_in_class:
                in_class = True
            elif type(file) is str and namespace not in files:
                files[namespace] = file
        elif kind is NamespaceNode:
            if type(node.module) is str:  # type: ignore[union-attr]
                modules[node_id] = node.module  # type: ignore[union-attr]
        elif kind is ClassNode:
            if node.made_by is None and type(node.line) is int:  # type: ignore[union-attr]
                where.setdefault((node.namespace, node.file), []).append((node.line, node_id))  # type: ignore[union-attr]
                in_class = in_class or bool(node.in_class)  # type: ignore[union-attr]
            if node.namespace not in files and has_source(node) and type(node.file) is str:  # type: ignore[union-attr, arg-type]
                files[node.namespace] = node.file  # type: ignore[union-attr]
    shared = _Shared(files, modules, payload.requires_python <= (3, 9))
    if where:
        _lines_after(payload.nodes, where, in_class, shared.lines)
    return shared


def _lines_after(
    nodes: Dict[str, Node],
    where: Dict[Tuple[Any, Any], List[Tuple[Any, str]]],
    in_class: bool,
    lines: Dict[str, str],
) -> None:
    # Fill ``lines`` with the ``line:`` text of each function or class section that follows
    # another one of its file (see above), from ``where``, those sections by namespace and file:
    # the file of a method or nested class written in its class's source (``in_class``: there
    # are some) is its class's.
    if in_class:
        moved: Dict[Tuple[Any, Any], List[Tuple[int, str]]] = {}
        for key, placed in where.items():
            for line, node_id in placed:
                holder: Any = nodes[node_id]
                for _ in range(len(nodes)):  # (a chain of in-class, never a cycle in a valid payload)
                    if not holder.in_class:
                        break
                    holder = nodes.get(holder.in_class)
                    if type(holder) is not ClassNode:
                        break
                file = holder.file if type(holder) is FunctionNode or type(holder) is ClassNode else None
                moved.setdefault((key[0], file), []).append((line, node_id))
        where = moved
    for placed in where.values():
        if len(placed) < 2:
            continue
        placed.sort()  # (lines are ints: another line is written as it is)
        before_line, before_id = placed[0]
        for line, node_id in placed[1:]:
            lines[node_id] = f"@{before_id} + {line - before_line}"
            before_line, before_id = line, node_id


def _head(version: int, written_by: str, requires: Tuple[int, int]) -> str:
    # The first three lines of a payload (kept: one text per version, writer and Python).
    key = (version, written_by, requires)
    head = _HEADS.get(key)
    if head is None:
        head = (
            f"{FORMAT_NAME} {version}\nwritten-by: {format_value(written_by)}\n"
            f"requires-python: '{requires[0]}.{requires[1]}'"
        )
        if len(_HEADS) >= HEADS_KEPT:
            _HEADS.clear()  # (payloads parsed from anywhere, written again: any written-by text)
        _HEADS[key] = head
    return head


# The payload's last lines: an empty line, the end marker, and "" for the final newline.
_END_LINES = ("", END_MARKER, "")


def _import_section(node_id: str, node: Union[ImportNode, RefNode]) -> Optional[str]:
    # An import or ref section as one text: _write_node's lines for the fields a capture makes
    # (texts of the exact str type, whose format_value is their repr), or None for any other.
    dist = node.distribution
    module, name, version = node.module, dist.name, dist.version
    if type(module) is not str or type(name) is not str or (version is not None and type(version) is not str):
        return None
    distribution = name if version is None else f"{name} {version}"  # str(dist)
    if type(node) is RefNode:
        qualname = node.qualname
        if type(qualname) is not str:
            return None
        return (
            f"\n[ref {node_id}]\nmodule: {module!r}\nqualname: {qualname!r}\ndistribution: {distribution!r}"
        )
    head = f"\n[import {node_id}]\nmodule: {module!r}\ndistribution: {distribution!r}"
    submodules = node.submodules  # type: ignore[union-attr]
    if not submodules:
        return head
    if not _STR_ONLY.issuperset(map(type, submodules)):  # (a C loop: no generator per import)
        return None
    if len(submodules) == 1:  # format_value of a tuple of one
        return f"{head}\nsubmodules: ({submodules[0]!r},)"
    return f"{head}\nsubmodules: ({', '.join(map(repr, submodules))})"


def _write_function(
    node_id: str, node: FunctionNode, out: List[str], shared: Optional[_Shared] = None
) -> None:
    # The section of a function, appended to ``out`` (every dumps writes one, so the fixed
    # lines go as one text each: each "\n".join()s the same as its lines would). _write_origin
    # spelled out: the signature goes after the file, or after the namespace for a function
    # written in a class. The text fields are str (format_value of a str is its repr); so are
    # the module and the doc of most functions (None for the doc of many).
    # ``shared`` (format 3): the fields the section leaves out (see _Shared) are not written,
    # as _drop_shared would drop their lines (decided from the node: issue 9).
    (
        name,
        qualname,
        module,
        namespace,
        kind,
        source,
        line,
        indent,
        scope,
        file,
        signature,
        future,
        imported,
        closure,
        defaults,
        kwdefaults,
        annotations,
        doc,
        attributes,
        body_imports,
        in_class,
        overloads,
        scope_names,
    ) = _function_fields(node)
    # The lines from the section's head to the signature, by their exact texts (str, not a
    # subclass whose repr could differ at equal text) and, in format 3, the module and file its
    # namespace section gives (what decides the fields left out: see _left_out_of_head) and
    # the exact source (which decides whether its def gives the name): a function dumped again
    # writes them again (issue 9). The ids and the signature are srcpickle's own str.
    exact = type(name) is str and type(qualname) is str and type(module) is str and type(file) is str
    if shared is None:
        key: Tuple[Any, ...] = (node_id, name, qualname, module, namespace, file, signature, in_class)
    else:
        exact = exact and type(source) is str
        key = (node_id, name, qualname, module, namespace, file, signature, in_class) + (
            shared.modules.get(namespace),
            shared.files.get(namespace),
            source,
        )
    text = _FUNCTION_HEADS.get(key) if exact else None
    if text is None:
        left = 0
        named = False
        if shared is not None:
            left = _left_out_of_head(node, shared)
            # (format 3 leaves the name out where the def statement starting the source gives it)
            named = not in_class and type(source) is str and exact and def_named(source, name)
        head = f"\n[function {node_id}]\n" if named else f"\n[function {node_id}]\nname: {name!r}\n"
        if not left & 4:
            head += f"qualname: {qualname!r}\n"
        if not left & 1:
            head += f"module: {repr(module) if type(module) is str else format_value(module)}\n"
        head += f"namespace: @{namespace}\n"
        if in_class:
            text = f"{head}signature: {signature!r}\nin-class: @{in_class}"
        elif left & 2:
            text = f"{head}signature: {signature!r}"
        else:
            text = f"{head}file: {file!r}\nsignature: {signature!r}"
        if exact:
            if len(_FUNCTION_HEADS) >= FUNCTION_HEADS_KEPT:
                _FUNCTION_HEADS.clear()
            _FUNCTION_HEADS[key] = text
    out.append(text)
    if not in_class:
        if future:
            out.append(f"future: {_format_names(future)}")
        if imported:
            out.append(f"imported-names: {_format_names(imported)}")
    if closure:
        # (_format_key and format_value spelled out for the common names and references)
        out += [
            f"closure {n if n.isidentifier() else repr(n)} = "
            + ("@" + v.id if type(v) is Ref else format_value(v))
            for n, v in closure
        ]
    if defaults is not None:
        out.append(f"defaults: {_format_defaults(defaults)}")
    if kwdefaults is not None:
        out.append(f"kwdefaults: {format_value(kwdefaults)}")
    if annotations:
        out += [f"annotation {_format_key(n)} = {format_value(t)}" for n, t in annotations]
    if not (attributes or body_imports or in_class or overloads or scope_names):
        # The lines from the doc to the source's block, by the exact texts and line they are
        # made of and, in format 3, the source and what else decides the fields left out (see
        # _left_out_of_rest): a function dumped again writes them again (issue 9).
        if shared is not None and shared.lines:
            line = shared.lines.get(node_id, line)
        exact = (doc is None or type(doc) is str) and type(line) in (int, str) and type(kind) is str
        exact = exact and type(indent) is str and type(scope) is str
        if shared is None:
            tail_key: Tuple[Any, ...] = (doc, kind, line, indent, scope)
        else:
            exact = exact and type(source) is str
            tail_key = (doc, kind, line, indent, scope, source, shared.docs)
        text = _FUNCTION_TAILS.get(tail_key) if exact else None
        if text is None:
            rest = 0 if shared is None else _left_out_of_rest(node, shared)
            text = (
                ""
                if rest & 2
                else f"doc: {repr(doc) if doc is None or type(doc) is str else format_value(doc)}\n"
            )
            text += f"line: {line}" if rest & 1 else f"kind: {kind!r}\nline: {line}"
            if indent:
                text += f"\nindent: {indent!r}"
            if scope:
                text += f"\nscope: {scope!r}"
            if exact and len(text) <= FUNCTION_TAIL_MAX_CHARS:
                if len(_FUNCTION_TAILS) >= FUNCTION_HEADS_KEPT:
                    _FUNCTION_TAILS.clear()
                _FUNCTION_TAILS[tail_key] = text
        out.append(text)
        out.append(source_block(source))
        return
    rest = 0 if shared is None else _left_out_of_rest(node, shared)
    if not rest & 2:
        out.append(f"doc: {repr(doc) if doc is None or type(doc) is str else format_value(doc)}")
    if attributes:
        out += [f"attribute {_format_key(n)} = {format_value(v)}" for n, v in attributes]
    if body_imports:
        out.append(f"body-imports: {format_value(TupleValue(body_imports))}")
    if overloads:
        out.append(f"overloads: {format_value(TupleValue(overloads))}")
    if scope_names:
        out.append(f"scope-names: {format_value(DictValue(scope_names))}")
    line_text = line if shared is None else shared.lines.get(node_id, line)
    if in_class:
        out.append(f"kind: {kind!r}\nline: {line_text}")
        return
    # _write_source spelled out: the fixed lines go as one text (the source's block apart: "\n".join
    # copies it once).
    kind_line = "" if rest & 1 else f"kind: {kind!r}\n"
    if indent:
        out.append(f"{kind_line}line: {line_text}\nindent: {indent!r}")
    else:
        out.append(f"{kind_line}line: {line_text}")
    if scope:
        out.append(f"scope: {scope!r}")
    out.append(source_block(source))


# Every field of a function section, in FunctionNode's order (unpacking them checks the count),
# from its __dict__ in one call: some thirty attribute reads a section, else (issue 9).
_function_fields = fields_reader(FunctionNode, *FunctionNode.__record_fields__)  # type: ignore[attr-defined]
# The fields _shared_fields reads of every function section.
_placed_fields = fields_reader(FunctionNode, "line", "namespace", "file", "in_class")


def _left_out_of_head(node: Union[FunctionNode, ClassNode], shared: _Shared) -> int:
    # What format 3 leaves out of a function or class section's head (see _Shared): 1 its
    # module, 2 its file (a section with a source of its own), 4 its qualname.
    module, file, namespace = node.module, node.file, node.namespace
    left = 0
    if type(module) is str and module == shared.modules.get(namespace):
        left = 1
    if type(file) is str and file and file == shared.files.get(namespace) and has_source(node):
        left |= 2
    if type(node.qualname) is str and node.qualname == node.name:
        left |= 4
    return left


def _left_out_of_rest(node: FunctionNode, shared: _Shared) -> int:
    # What format 3 leaves out of the rest of a function section (see _Shared): 1 its kind
    # (its source says it), 3 its doc too (its source gives it). A method written in its class
    # has no source of its own.
    source, doc = node.source, node.doc
    if node.in_class or type(source) is not str:
        return 0
    kind = source_kind(source)
    if node.kind != kind:
        return 0
    if (doc is None or type(doc) is str) and (kind == "lambda" or shared.docs):
        if source_docstring(source, kind) == (doc,):
            return 3
    return 1


def _format_names(names: Tuple[str, ...]) -> str:
    # format_value(TupleValue(names)) of a tuple of texts (a function's future features and
    # imported names): a tuple of exact str is written as its repr, without the record made.
    if _STR_ONLY.issuperset(map(type, names)):
        return repr(names)
    return format_value(TupleValue(names))


_STR_ONLY = frozenset({str})


def _format_defaults(value: Value) -> str:
    # format_value of a function's defaults: a tuple of texts, numbers, booleans and None (most
    # defaults) is its repr, as _format_items writes it, without format_value's type checks.
    # The capture wraps the function's own __defaults__ tuple: its text is kept by that very
    # tuple (immutable, of immutable items), which a function dumped again writes again.
    items: Any = value.items if type(value) is TupleValue else ()
    if items and len(items) < INT_PACK_MIN:  # (read once: a record's attribute read is dear)
        known = _DEFAULTS_TEXTS.get(id(items))
        if known is not None and known[0] is items:
            return known[1]
        for item in items:  # (a few items: a plain loop is the cheapest)
            kind = type(item)
            if kind is int:
                if not -_DECIMAL_LIMIT < item < _DECIMAL_LIMIT:
                    break  # written in hex
            elif kind not in _REPR_TYPES or item != item:
                break  # (a nan: _format_nan writes it)
        else:
            text = repr(items)
            if type(items) is tuple:  # (a tuple subclass could be changed through its attributes)
                if len(_DEFAULTS_TEXTS) >= DEFAULTS_TEXTS_KEPT:
                    _DEFAULTS_TEXTS.clear()
                # (the tuple kept beside its id: an id is only unique while its object lives)
                _DEFAULTS_TEXTS[id(items)] = (items, text)
            return text
    return format_value(value)


# The text of a function's defaults (see _format_defaults), by id() of the very tuple of
# scalars written, beside it: one entry per defaults tuple written, cleared when full.
_DEFAULTS_TEXTS: Dict[int, Tuple[Tuple[Any, ...], str]] = {}
DEFAULTS_TEXTS_KEPT = 4096


def _format_root(value: Value) -> str:
    # format_value of a payload's root: a list or tuple of references (a dumps of several
    # functions) written without a format_value call per item.
    kind = type(value)
    if kind is ListValue or kind is TupleValue:
        items: Any = value.items  # type: ignore[union-attr]
        if len(items) > 1 and set(map(type, items)) == _REF_ONLY:
            text = ", ".join(["@" + ref.id for ref in items])
            return f"[{text}]" if kind is ListValue else f"({text})"
    return format_value(value)


_REF_ONLY = frozenset({Ref})


# The head lines of function sections (see _write_function), by the exact texts they are made
# of: one entry per function written, cleared when full.
_FUNCTION_HEADS: Dict[Tuple[str, ...], str] = {}
FUNCTION_HEADS_KEPT = 4096
# The lines from a function section's doc to its source's block (see _write_function), by the
# doc, kind, line, indent and scope they are made of: as many entries, cleared when full, each
# at most FUNCTION_TAIL_MAX_CHARS long (a long docstring is written again: at most ~4 MB kept).
_FUNCTION_TAILS: Dict[Tuple[Any, ...], str] = {}
FUNCTION_TAIL_MAX_CHARS = 1024


# The first three lines of a payload, by format version, written-by text and required Python (a
# handful of entries in a process: one per version written and Python required).
_HEADS: Dict[Tuple[int, str, Tuple[int, int]], str] = {}
HEADS_KEPT = 16


# The text of a source's block, by the source: what a function dumped again writes again (a str
# is immutable, and the one a verified source keeps hashes once). Bounded by the characters it
# holds; past that, it starts over.
_SOURCE_BLOCKS: Dict[str, str] = {}
_SOURCE_BLOCK_CHARS = [0]
SOURCE_BLOCKS_MAX_CHARS = 2 << 20


def source_block(source: str) -> str:
    """The ``source:`` line of ``source`` and its lines, indented (one text, lines joined by
    newlines)."""
    block = _SOURCE_BLOCKS.get(source)
    if block is None:
        source_lines = source.split("\n")
        block = "\n".join(
            [f"source: {len(source_lines)}"] + [SOURCE_INDENT + line if line else "" for line in source_lines]
        )
        if len(block) * 16 > SOURCE_BLOCKS_MAX_CHARS:
            return block  # a source that big is not kept
        if _SOURCE_BLOCK_CHARS[0] + len(block) > SOURCE_BLOCKS_MAX_CHARS:
            _SOURCE_BLOCKS.clear()
            _SOURCE_BLOCK_CHARS[0] = 0
        _SOURCE_BLOCKS[source] = block
        _SOURCE_BLOCK_CHARS[0] += len(block)  # (threads racing here miscount a little: a bound)
    return block

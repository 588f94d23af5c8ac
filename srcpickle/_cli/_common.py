"""What the commands share: exit codes, colour, reading a payload, describing its values.

Imports only the standard library and executes nothing from a payload.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import signal
import sys
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple, Union

from .. import _astparse
from .. import inspect as inspect_payload
from .._check import plural as plural
from .._fmt.write import format_value
from .._model import (
    CellNode,
    ClassNode,
    DictValue,
    Distribution,
    FrozenSetValue,
    FunctionNode,
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
    has_source,
    node_kind,
)
from ..errors import PayloadFormatError, SignatureError

EXIT_OK = 0
EXIT_NO = 1  # check: not loadable; diff: payloads differ; demo: a cell failed
EXIT_ERROR = 2  # the same code argparse uses for usage errors
# The reader of standard output went away: what a shell reports for a process that SIGPIPE ended
# (128 + 13), so that ``check f | head`` is not read as a "no". Python ignores SIGPIPE and raises
# BrokenPipeError instead, so the number is returned rather than the signal taken.
EXIT_BROKEN_PIPE = 128 + int(getattr(signal, "SIGPIPE", 13))

# A captured value longer than this is cut in ``show`` (a global holding a megabyte of bytes
# would bury the sources); ``diff`` never cuts.
SHOW_VALUE_CHARS = 300

PYTHON = f"{'PyPy' if sys.implementation.name == 'pypy' else 'CPython'} {sys.version.split()[0]}"
IDENTIFIER = re.compile(r"[^\W\d]\w*")
SourceNode = Union[FunctionNode, ClassNode]


class Failure(Exception):
    """A file cannot be read or is not a payload: printed on stderr, exit code 2."""


# ------------------------------------------------------------------------------------------ style


class Style:
    """ANSI colour when enabled (stdout is a terminal, or ``--color always``), plain otherwise."""

    _CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def paint(self, text: str, *styles: str) -> str:
        """``text`` wrapped in the escape codes of ``styles`` (names of ``_CODES``)."""
        if not self.enabled or not text:
            return text
        codes = ";".join(self._CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def style_for(choice: str) -> Style:
    if choice == "always":
        return Style(True)
    if choice == "never":
        return Style(False)
    # NO_COLOR (https://no-color.org) and a dumb terminal turn colour off even on a TTY.
    wanted = sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return Style(wanted)


# ---------------------------------------------------------------------------------------- reading


def read_data(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input)."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise Failure(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_payload(path: str) -> Payload:
    """The parsed payload of ``path`` (``-``: standard input), executing nothing."""
    return parse_data(path, read_data(path))


def parse_data(path: str, data: bytes) -> Payload:
    """The parsed payload ``data`` read from ``path``, executing nothing."""
    try:
        return inspect_payload(data)
    except PayloadFormatError as exc:
        raise Failure(f"{path} is not a readable srcpickle payload: {exc}") from exc


def add_key_option(parser: argparse.ArgumentParser, required: bool, repeat: bool, help: str) -> None:
    """Add ``--key-file K`` (repeatable with ``repeat``: any of the keys may have signed)."""
    parser.add_argument(
        "--key-file",
        dest="key_files",
        metavar="K",
        action="append" if repeat else "store",
        required=required,
        default=[] if repeat else None,
        help=help,
    )


def read_keys(paths: Sequence[str]) -> List[Union[bytes, str]]:
    """The keys held by the files ``paths``.

    A key file that is UTF-8 text (``secrets.token_hex(32)`` printed to it) is a text key: its
    surrounding whitespace, such as the final newline, is not part of it. Any other file is a
    binary key, every byte of it. Either way a signature made with the file's bytes as they are
    verifies too (see ``_sign.key_forms``).
    """
    from .._sign import key_bytes

    keys: List[Union[bytes, str]] = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                content = handle.read()
        except OSError as exc:
            raise Failure(f"cannot read key file {path}: {exc.strerror or exc}") from exc
        key: Union[bytes, str]
        try:
            key = content.decode("utf-8")
        except UnicodeDecodeError:
            key = content
        try:
            key_bytes(key)
        except ValueError as exc:
            raise Failure(f"key file {path}: {exc}") from exc
        keys.append(key)
    return keys


def signature_verdict(
    path: str, data: bytes, keys: Sequence[Union[bytes, str]]
) -> Tuple[Optional[bool], str]:
    """Whether the signature of ``data`` holds under ``keys`` (None: no keys to decide, or
    unsigned and no keys given) and a sentence saying so.

    Raises:
        Failure: ``data`` is not a payload (its first line), or, without keys, its signature line
            is malformed: the data is unreadable, as ``loads`` would find it.
    """
    from .._sign import signature_of, verify

    try:
        if keys:
            key_id = verify(data, keys, display_path(path))
        else:
            signature = signature_of(data)
    except SignatureError as exc:
        return False, str(exc)
    except PayloadFormatError as exc:
        raise Failure(f"{path} is not a readable srcpickle payload: {exc}") from exc
    if keys:
        return True, f"signature holds (key {key_id})"
    if signature is None:
        return None, "unsigned"
    return None, f"signed with key {signature.key_id} (not verified: pass --key-file KEY)"


def display_path(path: str) -> str:
    return "<stdin>" if path == "-" else path


def clip(text: str, limit: int = SHOW_VALUE_CHARS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


# ---------------------------------------------------------------------------------- descriptions


class Describer:
    """Human-readable text of payload values, following references to the nodes they name.

    Never evaluates anything: a value is printed from its parsed form, and a reference becomes a
    short description of its node (``function f``, ``module json``, ``cell(3)``). A shared
    container (a ``value`` section) prints as its ``@id``, listed once under "shared values", and
    so does a cell or container met inside another node's description: each node is described
    once, so the text of a whole payload grows linearly with it, whatever its references do
    ("billion laughs" payloads, chains of thousands of sections).
    """

    def __init__(self, payload: Payload) -> None:
        self.payload = payload
        # Descriptions of cells and reduced objects by node id, each made once.
        self.cache: Dict[str, str] = {}

    def value(self, value: Value) -> str:
        """The text of ``value`` with references resolved."""
        if isinstance(value, Ref):
            return self.ref(value.id)
        if isinstance(value, TupleValue):
            items = [self.value(item) for item in value.items]
            return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"
        if isinstance(value, ListValue):
            return "[" + ", ".join([self.value(item) for item in value.items]) + "]"
        if isinstance(value, (SetValue, FrozenSetValue)):
            inner = "{" + ", ".join([self.value(item) for item in value.items]) + "}"
            if isinstance(value, FrozenSetValue):
                return f"frozenset({inner})" if value.items else "frozenset()"
            return inner if value.items else "set()"
        if isinstance(value, DictValue):
            return "{" + ", ".join([f"{self.value(k)}: {self.value(v)}" for k, v in value.items]) + "}"
        return format_value(value)

    def ref(self, node_id: str) -> str:
        """A short description of the node ``node_id``."""
        node = self.payload.nodes.get(node_id)
        if isinstance(node, (FunctionNode, ClassNode)):
            return f"{node_kind(node)} {node.qualname}"
        if isinstance(node, ImportNode):
            return f"module {node.module}"
        if isinstance(node, RefNode):
            return f"{node.module}.{node.qualname}"
        if isinstance(node, NamespaceNode):
            return f"namespace of module {node.module}"
        if isinstance(node, ReduceNode):
            return self._once(node_id, lambda: f"object @{node_id}, built by {self.shallow(node.callable)}")
        if isinstance(node, CellNode):
            return self._once(
                node_id, lambda: "cell (empty)" if node.empty else f"cell({self.shallow(node.contents)})"
            )
        return f"@{node_id}"

    def shallow(self, value: Value) -> str:
        """The text of ``value`` as part of a node's description: cells, reduced objects and
        shared containers inside it print as their ``@id``, so no description nests another."""
        if isinstance(value, Ref):
            node = self.payload.nodes.get(value.id)
            if isinstance(node, (CellNode, ReduceNode, ValueNode)) or node is None:
                return f"@{value.id}"
            return self.ref(value.id)
        if isinstance(value, (TupleValue, ListValue, SetValue, FrozenSetValue, DictValue)):
            return _Shallow(self).value(value)
        return format_value(value)

    def _once(self, node_id: str, make: Callable[[], str]) -> str:
        text = self.cache.get(node_id)
        if text is None:
            text = self.cache[node_id] = make()
        return text

    def cell_contents(self, cell: Value, owner: str) -> str:
        """What a closure variable holds: the contents of its cell (``owner``: the function)."""
        node = self.payload.nodes.get(cell.id) if isinstance(cell, Ref) else None
        if not isinstance(node, CellNode):
            return self.value(cell)
        if node.empty:
            return "<unassigned>"
        if isinstance(node.contents, Ref) and node.contents.id == owner:
            return "the function itself (recursive)"
        return self.shallow(node.contents)


class _Shallow(Describer):
    """A ``Describer`` whose references are all printed shallowly (see ``Describer.shallow``)."""

    def __init__(self, outer: Describer) -> None:
        super().__init__(outer.payload)
        self.outer = outer

    def ref(self, node_id: str) -> str:
        return self.outer.shallow(Ref(node_id))


def signature_line(node: FunctionNode) -> str:
    return f"{node.name}{node.signature}" if node.signature else f"{node.name}(...)"


def used_globals(
    payload: Payload, node: SourceNode, index: Optional[Dict[str, Dict[str, int]]] = None
) -> Tuple[List[Tuple[str, Value]], bool]:
    """The globals of its namespace that a function or class node uses, and whether that is known
    exactly.

    For a function the names come from compiling its source (or its class's, for a method written
    inside its class) as the loader does, which executes nothing, and reading the global names of
    the code, as capture did. For a class, from the names its parsed source mentions. When the
    source does not compile here, every global of the namespace is returned and the flag is False.

    ``index`` caches each namespace's name positions between calls, so that listing the globals
    of every function of one namespace costs the names each uses, not the namespace's size each.
    """
    namespace = payload.nodes.get(node.namespace)
    if not isinstance(namespace, NamespaceNode):
        return [], True
    used: Set[str] = set()
    try:
        # Imported here because only ``show`` needs them; both are standard-library only and
        # execute nothing.
        from .._capture.functions import code_globals

        if isinstance(node, FunctionNode):
            code = _code_of(payload, node)
            used.update(code_globals(code))
            # Annotations name globals too (capture keeps those), even when the code never
            # loads them.
            for _, text in node.annotations:
                used.update(IDENTIFIER.findall(text))
        elif node.source:
            tree = _astparse.parse(node.source)
            used.update(name.id for name in ast.walk(tree) if isinstance(name, ast.Name))
        elif node.in_class:
            used.update(code_globals(_code_of(payload, node)))
    except (SyntaxError, ValueError, AttributeError, RecursionError, MemoryError, PayloadFormatError):
        # What compiling a payload's text can raise (a bad future name is an AttributeError):
        # show must still print the payload, with every global of the namespace.
        return list(namespace.globals), False
    if index is None:
        index = {}
    positions = index.get(node.namespace)
    if positions is None:
        positions = index[node.namespace] = {name: i for i, (name, _) in enumerate(namespace.globals)}
    found = sorted(positions[name] for name in used if name in positions)
    return [namespace.globals[i] for i in found], True


def _code_of(payload: Payload, node: SourceNode) -> Any:
    from .._rebuild import compile_all, compile_source

    if not node.in_class:
        assert isinstance(node, FunctionNode)
        return compile_source(
            node.kind,
            node.source,
            node.line,
            node.indent,
            [name for name, _ in node.closure],
            node.future,
            f"<srcpickle show {node.qualname}>",
            node.imported,
            scope=node.scope,
        )[1]
    cached = _COMPILED.get(id(payload))
    if cached is None or cached[0] is not payload:
        cached = (payload, compile_all(payload))
        _COMPILED.clear()
        _COMPILED[id(payload)] = cached
    node_id = next(i for i, n in payload.nodes.items() if n is node)
    return cached[1][node_id][1]


# The compiled sources of the payload being shown (one at a time).
_COMPILED: Dict[int, Tuple[Payload, Dict[str, Any]]] = {}


def cell_users(payload: Payload) -> Dict[str, List[str]]:
    users: Dict[str, List[str]] = {}
    for _, node in payload.code_nodes():
        for _, cell in node.closure:
            if isinstance(cell, Ref):
                users.setdefault(cell.id, []).append(node.qualname)
    return users


def distribution_text(dist: Distribution) -> str:
    return "standard library" if dist.is_stdlib else str(dist)


def import_text(node: Node) -> str:
    if isinstance(node, ImportNode):
        text = f"import {node.module}"
        if node.submodules:
            text += f"  (and {', '.join(node.submodules)})"
        return text
    assert isinstance(node, RefNode)
    if "." in node.qualname:
        return f"{node.module}.{node.qualname}"
    return f"from {node.module} import {node.qualname}"


def indent_rest(text: str, width: int) -> str:
    return text.replace("\n", "\n" + " " * width)


def source_lines(node: Optional[Node]) -> Tuple[List[str], int]:
    """The source of a function or class node re-indented to its text in the original file (so
    that line numbers and text agree), and its first line there; ``([], 1)`` for other nodes."""
    if not isinstance(node, (FunctionNode, ClassNode)) or not has_source(node):
        return [], 1
    return [node.indent + text if text else text for text in node.source.split("\n")], node.line

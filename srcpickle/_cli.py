"""The command line: ``python -m srcpickle demo / show / check / diff`` (also the ``srcpickle``
console script).

``show``, ``check`` and ``diff`` only parse payloads and compile their sources: they never execute
anything a payload holds, so they are safe on a payload that came from anywhere. ``demo`` is the
one subcommand that runs code, and only its own: it dumps the functions of ``demo_script.py`` and
loads the payloads on every interpreter of the machine.

Exit codes: 0 success; 1 the answer is "no" (``check``: not loadable here, ``diff``: the payloads
differ, ``demo``: a load failed); 2 usage errors, unreadable files and malformed payloads.

Like the loader, this module imports only the standard library.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import dataclasses
import difflib
import io
import json
import os
import re
import shutil
import site
import subprocess
import sys
import tempfile
import time
import warnings
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from . import __version__
from . import inspect as inspect_payload
from ._fmt import format_value
from ._model import (
    READABLE_FORMATS,
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
    node_kind,
)
from ._pythons import Interpreter, IsolatedPackage, find_interpreters
from .errors import (
    DependencyVersionError,
    DependencyVersionWarning,
    MissingDependencyError,
    PayloadFormatError,
    PythonVersionError,
)

EXIT_OK = 0
EXIT_NO = 1  # check: not loadable; diff: payloads differ; demo: a cell failed
EXIT_ERROR = 2  # the same code argparse uses for usage errors

# A captured value longer than this is cut in ``show`` (a global holding a megabyte of bytes
# would bury the sources); ``diff`` never cuts.
SHOW_VALUE_CHARS = 300
# Lines of context around each change in ``diff``, as ``diff -u`` and ``git diff`` use.
DIFF_CONTEXT = 3
# The demo's loads run in parallel; each is a short interpreter start-up, mostly CPU-bound.
DEMO_WORKERS = max(2, os.cpu_count() or 1)
# Seconds one demo load may take before it counts as failed (PyPy starts slowest, ~1 s).
DEMO_LOAD_TIMEOUT = 60
# The demo payload printed in full: the shortest that shows a function, its source and globals.
DEMO_PRINTED = "globals"
# The file demo_script.py writes beside the payloads: each demo's probe and expected result.
DEMO_MANIFEST = "demo.json"

_PYTHON = f"{'PyPy' if sys.implementation.name == 'pypy' else 'CPython'} {sys.version.split()[0]}"
_IDENTIFIER = re.compile(r"[^\W\d]\w*")
SourceNode = Union[FunctionNode, ClassNode]


class _Failure(Exception):
    """A file cannot be read or is not a payload: printed on stderr, exit code 2."""


# ------------------------------------------------------------------------------------------ style


class _Style:
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


def _style_for(choice: str) -> _Style:
    if choice == "always":
        return _Style(True)
    if choice == "never":
        return _Style(False)
    # NO_COLOR (https://no-color.org) and a dumb terminal turn colour off even on a TTY.
    wanted = sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return _Style(wanted)


# ---------------------------------------------------------------------------------------- reading


def _read_payload(path: str) -> Payload:
    """The parsed payload of ``path`` (``-``: standard input), executing nothing."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        raise _Failure(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return inspect_payload(data)
    except PayloadFormatError as exc:
        raise _Failure(f"{path} is not a readable srcpickle payload: {exc}") from exc


def _display_path(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _clip(text: str, limit: int = SHOW_VALUE_CHARS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


# ---------------------------------------------------------------------------------- descriptions


class _Describer:
    """Human-readable text of payload values, following references to the nodes they name.

    Never evaluates anything: a value is printed from its parsed form, and a reference becomes a
    short description of its node (``function f``, ``module json``) or, for a shared container, the
    container itself (once: a container inside itself prints as its ``@id``).
    """

    def __init__(self, payload: Payload) -> None:
        self.payload = payload
        self.active: Set[str] = set()

    def value(self, value: Value) -> str:
        """The text of ``value`` with references resolved."""
        if isinstance(value, Ref):
            return self.ref(value.id)
        if isinstance(value, TupleValue):
            items = [self.value(item) for item in value.items]
            return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"
        if isinstance(value, ListValue):
            return "[" + ", ".join(self.value(item) for item in value.items) + "]"
        if isinstance(value, (SetValue, FrozenSetValue)):
            inner = "{" + ", ".join(self.value(item) for item in value.items) + "}"
            if isinstance(value, FrozenSetValue):
                return f"frozenset({inner})" if value.items else "frozenset()"
            return inner if value.items else "set()"
        if isinstance(value, DictValue):
            return "{" + ", ".join(f"{self.value(k)}: {self.value(v)}" for k, v in value.items) + "}"
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
            return f"object @{node_id}, built by {self.value(node.callable)}"
        if node_id in self.active:
            return f"@{node_id}"
        self.active.add(node_id)
        try:
            if isinstance(node, CellNode):
                return "cell (empty)" if node.empty else f"cell({self.value(node.contents)})"
            if isinstance(node, ValueNode):
                return self.value(node.value)
        finally:
            self.active.discard(node_id)
        return f"@{node_id}"

    def cell_contents(self, cell: Value, owner: str) -> str:
        """What a closure variable holds: the contents of its cell (``owner``: the function)."""
        node = self.payload.nodes.get(cell.id) if isinstance(cell, Ref) else None
        if not isinstance(node, CellNode):
            return self.value(cell)
        if node.empty:
            return "<unassigned>"
        if isinstance(node.contents, Ref) and node.contents.id == owner:
            return "the function itself (recursive)"
        return self.value(node.contents)


def _signature(node: FunctionNode) -> str:
    return f"{node.name}{node.signature}" if node.signature else f"{node.name}(...)"


def _used_globals(payload: Payload, node: SourceNode) -> Tuple[List[Tuple[str, Value]], bool]:
    """The globals of its namespace that a function or class node uses, and whether that is known
    exactly.

    For a function the names come from compiling its source (which executes nothing) and reading
    the global names of the code, as capture did. For a class, from the names its parsed source
    mentions. When the source does not compile here, every global of the namespace is returned
    and the flag is False.
    """
    namespace = payload.nodes.get(node.namespace)
    if not isinstance(namespace, NamespaceNode):
        return [], True
    used: Set[str] = set()
    try:
        if isinstance(node, FunctionNode):
            # Imported here because only ``show`` needs them; both are standard-library only
            # and execute nothing.
            from ._rebuild import compile_source
            from ._scope import code_globals

            _, code, _ = compile_source(
                node.kind,
                node.source,
                node.line,
                node.indent,
                [name for name, _ in node.closure],
                node.future,
                f"<srcpickle show {node.qualname}>",
                node.imported,
                scope=node.scope,
            )
            used.update(code_globals(code))
            # Annotations name globals too (capture keeps those), even when the code never
            # loads them.
            for _, text in node.annotations:
                used.update(_IDENTIFIER.findall(text))
        else:
            tree = ast.parse(node.source)
            used.update(name.id for name in ast.walk(tree) if isinstance(name, ast.Name))
    except (SyntaxError, ValueError, AttributeError, RecursionError, MemoryError):
        # What compiling a payload's text can raise (a bad future name is an AttributeError):
        # show must still print the payload, with every global of the namespace.
        return list(namespace.globals), False
    return [(name, value) for name, value in namespace.globals if name in used], True


def _cell_users(payload: Payload) -> Dict[str, List[str]]:
    users: Dict[str, List[str]] = {}
    for _, node in payload.sources():
        for _, cell in node.closure:
            if isinstance(cell, Ref):
                users.setdefault(cell.id, []).append(node.qualname)
    return users


def _distribution_text(dist: Distribution) -> str:
    return "standard library" if dist.is_stdlib else str(dist)


def _import_text(node: Node) -> str:
    if isinstance(node, ImportNode):
        text = f"import {node.module}"
        if node.submodules:
            text += f"  (and {', '.join(node.submodules)})"
        return text
    assert isinstance(node, RefNode)
    if "." in node.qualname:
        return f"{node.module}.{node.qualname}"
    return f"from {node.module} import {node.qualname}"


# ------------------------------------------------------------------------------------------- show


def _cmd_show(args: argparse.Namespace, style: _Style) -> int:
    payload = _read_payload(args.file)
    for line in _show_lines(payload, _display_path(args.file), style):
        print(line)
    return EXIT_OK


def _source_lines(node: Optional[Node]) -> Tuple[List[str], int]:
    """The source of a function or class node re-indented to its text in the original file (so
    that line numbers and text agree), and its first line there; ``([], 1)`` for other nodes."""
    if not isinstance(node, (FunctionNode, ClassNode)):
        return [], 1
    return [node.indent + text if text else text for text in node.source.split("\n")], node.line


def _show_lines(payload: Payload, title: str, style: _Style) -> Iterator[str]:
    describe = _Describer(payload)
    label_width = 11

    def field(label: str, text: str) -> str:
        return f"  {style.paint(label.ljust(label_width), 'dim')} {text}"

    def block(label: str, items: Sequence[str]) -> Iterator[str]:
        for index, item in enumerate(items):
            yield field(label if index == 0 else "", item)

    yield style.paint(title, "bold")
    yield field("format", f"srcpickle-payload {payload.format_version}")
    yield field("written by", payload.written_by or "(not recorded)")
    yield field("needs", "Python {}.{} or newer".format(*payload.requires_python))
    yield field("root", _clip(describe.value(payload.root)))
    cells = _cell_users(payload)
    for node_id, node in payload.sources():
        source, first_line = _source_lines(node)
        qualname = node.qualname
        yield ""
        heading = f"{node_kind(node)} {style.paint(qualname, 'bold', 'cyan')}"
        yield heading + (style.paint(f"  @{node_id}", "dim") if node_id != qualname else "")
        if isinstance(node, FunctionNode):
            yield field("signature", style.paint(_signature(node), "cyan"))
        where = f"module {node.module or '?'}"
        if node.file:
            where += f", {node.file} line {first_line}"
        yield field("defined in", where)
        if node.future:
            yield field("future", ", ".join(node.future))
        used, exact = _used_globals(payload, node)
        lines = [f"{name} = {_clip(describe.value(value))}" for name, value in used]
        if not exact:
            lines.append(style.paint("(its source does not compile here: every global of its module)", "dim"))
        yield from block("globals", lines)
        closure = []
        for name, cell in node.closure:
            text = f"{name} = {_clip(describe.cell_contents(cell, node_id))}"
            users = cells.get(cell.id, []) if isinstance(cell, Ref) else []
            others = [user for user in users if user != qualname]
            if others:
                text += style.paint(f"  (cell shared with {', '.join(others)})", "yellow")
            closure.append(text)
        yield from block("closure", closure)
        if isinstance(node, FunctionNode):
            if node.defaults is not None:
                yield field("defaults", _clip(describe.value(node.defaults)))
            if node.kwdefaults is not None:
                yield field("kwdefaults", _clip(describe.value(node.kwdefaults)))
        yield from block("attributes", [f"{n} = {_clip(describe.value(v))}" for n, v in node.attributes])
        if isinstance(node, FunctionNode) and node.doc is not None:
            yield field("doc", _clip(describe.value(node.doc)))
        kind = node.kind if isinstance(node, FunctionNode) else "class"
        yield field("source", f"{kind}, {_plural(len(source), 'line')}")
        number_width = len(str(first_line + len(source) - 1))
        for offset, text in enumerate(source):
            number = style.paint(str(first_line + offset).rjust(number_width), "dim")
            yield f"    {number} |" + (f" {text}" if text else "")
    imports = list(payload.imports())
    if imports:
        yield ""
        yield style.paint("imports", "bold")
        texts = [_import_text(imported) for _, imported in imports]
        width = max(len(text) for text in texts)
        for text, (_, imported) in zip(texts, imports):
            yield f"  {text.ljust(width)}  {style.paint(_distribution_text(imported.distribution), 'dim')}"
    extra = [(i, n) for i, n in payload.nodes.items() if isinstance(n, (ValueNode, ReduceNode))]
    if extra:
        yield ""
        yield style.paint("shared values and objects", "bold")
        for other_id, other in extra:
            if isinstance(other, ValueNode):
                # Through ref(), so that a container holding itself prints its inner self as @id.
                yield f"  @{other_id} = {_clip(describe.ref(other_id))}"
                continue
            args = other.args.items if isinstance(other.args, TupleValue) else (other.args,)
            call = ", ".join(describe.value(arg) for arg in args)
            yield f"  @{other_id} = {describe.value(other.callable)}({_clip(call)})"
            for key in ("kwargs", "state", "listitems", "dictitems"):
                item = getattr(other, key)
                if item is not None:
                    yield f"      {key}: {_clip(describe.value(item))}"


# ------------------------------------------------------------------------------------------ check


def _compile_problems(payload: Payload) -> Tuple[str, List[str]]:
    """What compiled (``"2 functions, 1 class"``) and the loader's error for each source that
    does not compile on this Python.

    Every source goes through the loader's own compile step, so that every failing source is
    reported with the loader's message.
    """
    from ._rebuild import compile_node

    problems = []
    counts: Dict[str, int] = {}
    for node_id, node in payload.sources():
        try:
            compile_node(payload, node_id, node)
        except PayloadFormatError as exc:
            problems.append(str(exc))
        kind = "function" if isinstance(node, FunctionNode) else node_kind(node)
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(_plural(n, kind) for kind, n in sorted(counts.items(), reverse=True)), problems


def _cmd_check(args: argparse.Namespace, style: _Style) -> int:
    from ._rebuild import check_imports, check_python, check_versions

    payload = _read_payload(args.file)
    results: List[Tuple[bool, str]] = []  # (ok, text) in the loader's order of checks
    notes: List[str] = []
    readable = ", ".join(str(v) for v in sorted(READABLE_FORMATS))
    results.append((True, f"format {payload.format_version} (this srcpickle {__version__} reads {readable})"))
    needed = "{}.{}".format(*payload.requires_python)
    try:
        check_python(payload)
        results.append((True, f"needs Python {needed}+, this is {_PYTHON}"))
        python_ok = True
    except PythonVersionError as exc:
        results.append((False, str(exc)))
        python_ok = False
    if python_ok:
        # Skipped on too old a Python: newer syntax cannot compile there, which is the same
        # problem reported again.
        compiled, problems = _compile_problems(payload)
        if problems:
            results.extend((False, problem) for problem in problems)
        else:
            results.append((True, f"every source compiles on {_PYTHON} ({compiled or 'none'})"))
    modules = sorted({node.module.split(".")[0] for _, node in payload.imports()})
    try:
        check_imports(payload)
        if modules:
            results.append((True, f"{_plural(len(modules), 'imported module')} found: {', '.join(modules)}"))
        else:
            results.append((True, "imports nothing"))
    except MissingDependencyError as exc:
        results.append((False, str(exc)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DependencyVersionWarning)
        try:
            check_versions(payload, args.strict)
        except DependencyVersionError as exc:
            results.append((False, str(exc)))
    notes.extend(str(w.message) for w in caught if issubclass(w.category, DependencyVersionWarning))
    failures = [text for ok, text in results if not ok]
    title = style.paint(_display_path(args.file), "bold")
    if failures:
        count = _plural(len(failures), "problem")
        verdict = style.paint("NOT loadable", "red", "bold")
        print(f"{title}: {verdict} by {_PYTHON} ({count}; nothing was executed)")
    else:
        print(f"{title}: {style.paint('loadable', 'green', 'bold')} by {_PYTHON} (nothing was executed)")
    for ok, text in results:
        mark = style.paint("ok  ", "green") if ok else style.paint("FAIL", "red", "bold")
        print(f"  {mark}  {_indent_rest(text, 8)}")
    for note in notes:
        print(f"  {style.paint('warn', 'yellow')}  {_indent_rest(note, 8)}")
    return EXIT_NO if failures else EXIT_OK


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _indent_rest(text: str, width: int) -> str:
    return text.replace("\n", "\n" + " " * width)


# ------------------------------------------------------------------------------------------- diff


# Node fields holding (name, value) pairs, each written as one entry line, as in the payload.
_PAIR_ENTRIES = {
    "globals": "global",
    "closure": "closure",
    "annotations": "annotation",
    "attributes": "attribute",
}


# Field names the payload spells differently from the node attribute.
_FIELD_NAMES = {"imported": "imported-names"}


def _node_fields(node: Node) -> List[str]:
    """The fields of ``node`` as ``name: value`` lines, values exactly as the payload has them
    (references as ``@id``), the source excluded and fields left at their default omitted, as the
    payload omits them. Walks the dataclass fields, so a field added to a node type shows up here
    without a change."""
    lines = []
    for item in dataclasses.fields(node):
        name, value = item.name, getattr(node, item.name)
        if name == "source" or value == item.default:
            continue
        if name in _PAIR_ENTRIES:
            lines += [f"{_PAIR_ENTRIES[name]} {key} = {_format_any(v)}" for key, v in value]
        elif name == "namespace":  # the id of the namespace section, as the payload writes it
            lines.append(f"namespace: @{value}")
        else:
            lines.append(f"{_FIELD_NAMES.get(name, name)}: {_format_any(value)}")
    return lines


def _format_any(value: Any) -> str:
    if isinstance(value, Distribution):
        return format_value(str(value))
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return format_value(TupleValue(value))
    return format_value(value)


def _header_fields(payload: Payload) -> List[str]:
    return [
        f"format: {payload.format_version}",
        f"written-by: {format_value(payload.written_by)}",
        "requires-python: '{}.{}'".format(*payload.requires_python),
        f"root: {format_value(payload.root)}",
    ]


def _range(start: int, length: int) -> str:
    # The unified diff convention (difflib, GNU diff): an empty range names the line before it.
    if length == 0:
        return f"{start - 1},0"
    return str(start) if length == 1 else f"{start},{length}"


def _hunks(a: Sequence[str], b: Sequence[str], a_first: int, b_first: int, label: str) -> Iterator[str]:
    """Unified-diff hunks of ``a`` against ``b``, numbered from ``a_first`` and ``b_first``.

    difflib's ``unified_diff`` numbers from 1; a function's source is numbered here by its lines
    in the original file, so a reviewer can find each change in the code.
    """
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(DIFF_CONTEXT):
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        yield f"@@ -{_range(a_first + i1, i2 - i1)} +{_range(b_first + j1, j2 - j1)} @@ {label}"
        for tag, k1, k2, m1, m2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[k1:k2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[k1:k2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[m1:m2])


def _node_diff(a: Optional[Node], b: Optional[Node]) -> List[str]:
    """The hunks of one node (``None``: absent on that side); empty when the node is unchanged."""
    a_fields, b_fields = (_node_fields(a) if a else []), (_node_fields(b) if b else [])
    (a_src, a_line), (b_src, b_line) = _source_lines(a), _source_lines(b)
    if a_fields == b_fields and a_src == b_src:
        return []
    out = list(_hunks(a_fields, b_fields, 1, 1, "fields"))
    if a_src != b_src:
        some = a if isinstance(a, (FunctionNode, ClassNode)) else b
        assert isinstance(some, (FunctionNode, ClassNode))
        label = f"source of {some.qualname}" + (f" ({some.file})" if some.file else "")
        out += _hunks(a_src, b_src, a_line, b_line, label)
    return out


def _paint_diff_line(line: str, style: _Style) -> str:
    if line.startswith("@@"):
        return style.paint(line, "cyan")
    if line.startswith("+"):
        return style.paint(line, "green")
    if line.startswith("-"):
        return style.paint(line, "red")
    return line


def _cmd_diff(args: argparse.Namespace, style: _Style) -> int:
    a, b = _read_payload(args.a), _read_payload(args.b)
    a_name, b_name = _display_path(args.a), _display_path(args.b)
    changed: List[str] = []
    added: List[str] = []
    removed: List[str] = []
    unchanged = 0
    sections: List[Tuple[str, List[str]]] = []
    header = list(_hunks(_header_fields(a), _header_fields(b), 1, 1, "header"))
    if header:
        sections.append(("header", header))
    ids = list(a.nodes) + [node_id for node_id in b.nodes if node_id not in a.nodes]
    for node_id in ids:
        a_node, b_node = a.nodes.get(node_id), b.nodes.get(node_id)
        # A node whose kind changed is a removal and an addition, not an edit.
        if a_node is not None and b_node is not None and node_kind(a_node) != node_kind(b_node):
            sections.append((f"{node_kind(a_node)} {node_id}", _node_diff(a_node, None)))
            sections.append((f"{node_kind(b_node)} {node_id}", _node_diff(None, b_node)))
            removed.append(f"{node_kind(a_node)} {node_id}")
            added.append(f"{node_kind(b_node)} {node_id}")
            continue
        some = a_node if a_node is not None else b_node
        assert some is not None
        name = f"{node_kind(some)} {node_id}"
        hunks = _node_diff(a_node, b_node)
        if not hunks:
            unchanged += 1
            continue
        sections.append((name, hunks))
        (changed if a_node and b_node else added if b_node else removed).append(name)
    for name, hunks in sections:
        print(style.paint(f"--- {a_name} [{name}]", "bold"))
        print(style.paint(f"+++ {b_name} [{name}]", "bold"))
        for line in hunks:
            print(_paint_diff_line(line, style))
    if not sections:
        print(f"{a_name} and {b_name}: same payload ({unchanged} nodes)")
        return EXIT_OK
    counts = f"{len(changed)} changed, {len(added)} added, {len(removed)} removed, {unchanged} unchanged"
    print(style.paint(f"summary: nodes {counts}" + ("; header changed" if header else ""), "bold"))
    for word, names in (("changed", changed), ("added", added), ("removed", removed)):
        for name in names:
            print(f"  {word:8} [{name}]")
    return EXIT_NO


# ------------------------------------------------------------------------------------------- demo

# Runs in each child interpreter, isolated, with a copy of srcpickle first on sys.path; argv:
# payload path, probe. Plain Python that every supported interpreter accepts.
_DEMO_CHILD = """
import json
import sys
path, probe = sys.argv[1], sys.argv[2]
try:
    import srcpickle
    namespace = {"obj": srcpickle.load(path)}
    exec(probe, namespace)
    report = json.dumps({"result": namespace["result"]})
except Exception as exc:
    report = json.dumps({"error": "%s: %s" % (type(exc).__name__, exc)})
print(report)
"""


@dataclasses.dataclass
class _Cell:
    """One load of one demo payload on one interpreter."""

    ok: bool
    error: str = ""


def _demo_script_env() -> Dict[str, str]:
    """The environment for running the demo script: it must import this very srcpickle."""
    env = dict(os.environ)
    parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    site_dirs = set(site.getsitepackages() + [site.getusersitepackages()])
    # An installed srcpickle is found anyway; a source checkout (``python -m srcpickle`` run in
    # the repository) needs its root on the path. site-packages itself is never put there: on
    # PYTHONPATH it would come before the standard library.
    if parent not in site_dirs:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (parent, env.get("PYTHONPATH", "")) if p)
    return env


def _run_demo_script(workdir: str, outdir: str) -> List[Dict[str, Any]]:
    """Run ``demo_script.py`` as a user's script (its functions live in ``__main__``) and return
    its manifest: one entry per demo function."""
    script = os.path.join(workdir, "demo_script.py")
    # A copy run from a directory of its own, as a user's script is: the package directory on
    # sys.path[0] would make srcpickle's modules importable as top-level names.
    shutil.copyfile(os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_script.py"), script)
    proc = subprocess.run(
        [sys.executable, script, outdir],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=_demo_script_env(),
        timeout=120,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"demo_script.py failed (exit code {proc.returncode}):\n{proc.stderr.strip()}")
    with open(os.path.join(outdir, DEMO_MANIFEST), encoding="utf-8") as handle:
        entries: List[Dict[str, Any]] = json.load(handle)
    return entries


def _demo_load(package: IsolatedPackage, interpreter: Interpreter, path: str, entry: Dict[str, Any]) -> _Cell:
    try:
        proc = package.run(interpreter, _DEMO_CHILD, [path, entry["probe"]], timeout=DEMO_LOAD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return _Cell(False, f"no answer within {DEMO_LOAD_TIMEOUT} s")
    except OSError as exc:
        return _Cell(False, f"cannot start {interpreter.path}: {exc}")
    lines = proc.stdout.strip().splitlines()
    try:
        report: Dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        stderr = proc.stderr.strip().splitlines()
        return _Cell(False, f"exit code {proc.returncode}: {stderr[-1] if stderr else 'no output'}")
    if "error" in report:
        return _Cell(False, str(report["error"]).splitlines()[0])
    if report["result"] != entry["expected"]:
        return _Cell(False, f"gave {report['result']!r}, the original gave {entry['expected']!r}")
    return _Cell(True)


def _cmd_demo(args: argparse.Namespace, style: _Style) -> int:
    started = time.monotonic()
    interpreters = find_interpreters()
    with tempfile.TemporaryDirectory(prefix="srcpickle-demo-") as workdir:
        outdir = os.path.abspath(args.out) if args.out else os.path.join(workdir, "payloads")
        print(style.paint(f"1. Dumping the demo functions with {_PYTHON}", "bold"))
        print(f"   running demo_script.py as a script, so its functions live in __main__ ({outdir})")
        try:
            entries = _run_demo_script(workdir, outdir)
        except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as exc:
            print(style.paint(f"FAIL: {exc}", "red"))
            return EXIT_NO
        name_width = max(len(entry["name"]) for entry in entries)
        for entry in entries:
            status = style.paint("dumps failed", "red") if "error" in entry else entry["file"]
            print(f"   {entry['name'].ljust(name_width)}  {entry['title']:34} -> {status}")
        shown = next((e for e in entries if e["name"] == DEMO_PRINTED and "error" not in e), None)
        if shown is not None:
            print()
            print(
                style.paint(
                    f"2. What a payload looks like: {shown['file']}, as written (after the '|')", "bold"
                )
            )
            with open(os.path.join(outdir, shown["file"]), encoding="utf-8") as handle:
                print(_indent_block(handle.read().rstrip("\n"), "   | "))
        print()
        count = _plural(len(interpreters), "interpreter")
        step = f"3. Loading each payload in a fresh isolated process on {count}"
        print(style.paint(step, "bold"))
        for interpreter in interpreters:
            mark = "  * (dumped the payloads)" if interpreter.is_current else ""
            print(f"   {interpreter.label:16} {interpreter.path}{mark}")
        cells = _demo_cells(entries, interpreters, outdir)
        print()
        for line in _demo_table(entries, interpreters, cells, style):
            print(line)
        failures = _demo_failures(entries, interpreters, cells)
        total = len(entries) * len(interpreters)
        elapsed = time.monotonic() - started
        print()
        if failures:
            print(style.paint(f"{len(failures)} of {total} loads FAILED:", "red", "bold"))
            for failure in failures:
                print(f"  {failure}")
        else:
            print(
                style.paint(f"All {total} loads gave the original's results", "green", "bold")
                + f" ({elapsed:.1f} s)."
            )
        if args.out:
            example = os.path.join(outdir, "closure.srcpickle")
            print(f"The payloads are in {outdir}; try: python -m srcpickle show {example}")
        return EXIT_NO if failures else EXIT_OK


def _indent_block(text: str, prefix: str) -> str:
    return "\n".join((prefix + line).rstrip() for line in text.split("\n"))


def _demo_cells(
    entries: List[Dict[str, Any]], interpreters: List[Interpreter], outdir: str
) -> Dict[Tuple[str, str], _Cell]:
    cells: Dict[Tuple[str, str], _Cell] = {}
    with IsolatedPackage() as package, concurrent.futures.ThreadPoolExecutor(DEMO_WORKERS) as pool:
        futures = {}
        for entry in entries:
            for interpreter in interpreters:
                key = (entry["name"], interpreter.path)
                if "error" in entry:
                    cells[key] = _Cell(False, entry["error"])
                    continue
                path = os.path.join(outdir, entry["file"])
                futures[key] = pool.submit(_demo_load, package, interpreter, path, entry)
        for key, future in futures.items():
            cells[key] = future.result()
    return cells


def _demo_table(
    entries: List[Dict[str, Any]],
    interpreters: List[Interpreter],
    cells: Dict[Tuple[str, str], _Cell],
    style: _Style,
) -> Iterator[str]:
    # Two header lines (implementation, version) keep seven interpreters within 80 columns.
    heads = []
    for interpreter in interpreters:
        implementation, version = interpreter.label.split(" ", 1)
        heads.append((implementation, version + ("*" if interpreter.is_current else "")))
    widths = [max(len(top), len(bottom), 4) + 2 for top, bottom in heads]
    name_width = max(len(entry["name"]) for entry in entries) + 2
    yield " " * name_width + "".join(top.ljust(w) for (top, _), w in zip(heads, widths)).rstrip()
    yield " " * name_width + "".join(bottom.ljust(w) for (_, bottom), w in zip(heads, widths)).rstrip()
    for entry in entries:
        row = entry["name"].ljust(name_width)
        for interpreter, width in zip(interpreters, widths):
            cell = cells[(entry["name"], interpreter.path)]
            text = "ok" if cell.ok else "FAIL"
            row += style.paint(text, "green" if cell.ok else "red") + " " * (width - len(text))
        yield row.rstrip()


def _demo_failures(
    entries: List[Dict[str, Any]], interpreters: List[Interpreter], cells: Dict[Tuple[str, str], _Cell]
) -> List[str]:
    failures = []
    for entry in entries:
        for interpreter in interpreters:
            cell = cells[(entry["name"], interpreter.path)]
            if not cell.ok:
                failures.append(f"{entry['name']} on {interpreter.label}: {cell.error}")
    return failures


# ------------------------------------------------------------------------------------ entry point


def _parser() -> argparse.ArgumentParser:
    prog = "python -m srcpickle" if os.path.basename(sys.argv[0]) == "__main__.py" else "srcpickle"
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serialize Python functions as their source text: look inside payloads, check "
        "them, compare them, or run the demo. show, check and diff never execute a payload's code.",
        epilog="Exit codes: 0 success; 1 check: not loadable / diff: payloads differ / demo: a load "
        "failed; 2 usage error, unreadable file or malformed payload.",
    )
    parser.add_argument("--version", action="version", version=f"srcpickle {__version__}")
    colour = argparse.ArgumentParser(add_help=False)
    colour.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (default) colours only when stdout is a terminal",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo",
        parents=[colour],
        help="dump demo functions, then load them on every Python interpreter found",
        description="Dump the functions of srcpickle's demo_script.py (run as a script, so they are "
        "defined in __main__), print one payload, then load every payload in a fresh isolated "
        "process on every Python interpreter found (pyenv versions, python3.X on PATH, pypy3) and "
        "print a table of which loaded and gave the original's results.",
        epilog="Exit code 0 when every load gave the original's results, 1 otherwise.",
    )
    demo.add_argument(
        "--out", metavar="DIR", help="keep the payloads in DIR (default: a temporary directory)"
    )
    demo.set_defaults(handler=_cmd_demo)

    show = commands.add_parser(
        "show",
        parents=[colour],
        help="print a payload readably, executing nothing",
        description="Print a payload readably without executing anything: its header, each "
        "function's signature, source, globals, closure and defaults, and its imports with their "
        "distributions and versions.",
        epilog="Exit code 0, or 2 when FILE cannot be read or is not a payload.",
    )
    show.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    show.set_defaults(handler=_cmd_show)

    check = commands.add_parser(
        "check",
        parents=[colour],
        help="check that this environment can load a payload, executing nothing",
        description="Check, executing nothing, that this Python can load a payload: the format "
        "version, the Python version its sources need, that every source compiles and that every "
        "imported module is installed; distribution versions that differ from the saved ones are "
        "warnings. Prints every problem found.",
        epilog="Exit code 0 when loadable, 1 when not, 2 when FILE cannot be read or is not a payload.",
    )
    check.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    check.add_argument(
        "--strict",
        action="store_true",
        help="count installed versions that differ from the saved ones as problems "
        "(as loads(strict=True) does)",
    )
    check.set_defaults(handler=_cmd_check)

    diff = commands.add_parser(
        "diff",
        parents=[colour],
        help="per-node unified diff of two payloads",
        description="Compare two payloads node by node (nodes matched by id): a unified diff of "
        "each changed node's fields and of its source, numbered by the lines of the original "
        "file, then the nodes added and removed.",
        epilog="Exit code 0 when the payloads are the same, 1 when they differ, 2 when a file cannot "
        "be read or is not a payload.",
    )
    diff.add_argument("a", metavar="A", help="the old payload")
    diff.add_argument("b", metavar="B", help="the new payload")
    diff.set_defaults(handler=_cmd_diff)
    return parser


def _tolerant_stdout() -> None:
    # A payload's sources may hold any character; a terminal or pipe with a narrower encoding
    # should show an escape, not abort the listing with UnicodeEncodeError.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line.

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code: 0 success, 1 a "no" answer (not loadable, payloads differ, a demo load
        failed), 2 a usage error or an unreadable or malformed payload.
    """
    args = _parser().parse_args(argv)
    _tolerant_stdout()
    handler: Callable[[argparse.Namespace, _Style], int] = args.handler
    try:
        return handler(args, _style_for(args.color))
    except _Failure as exc:
        print(f"srcpickle {args.command}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``srcpickle show f | head``): stop quietly, as cat does. Point
        # stdout at devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_NO

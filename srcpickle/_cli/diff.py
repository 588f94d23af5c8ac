"""``srcpickle diff A B``: a per-node unified diff of two payloads, sources numbered by the lines
of the original file. Executes nothing.

``--git`` is the mode git runs as a diff driver's external ``command``: it takes git's seven
arguments (path, old file, old hex, old mode, new file, new hex, new mode; ``/dev/null`` for a
side that does not exist), names both sides ``a/PATH`` and ``b/PATH``, and exits 0 whether or
not it printed a difference (git stops at any other exit code). A side that is not a payload
(a broken commit) gets a plain text diff instead, so ``git log -p`` goes on.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import os
from typing import Any, Iterator, List, Optional, Sequence, Tuple

from .. import inspect as inspect_payload
from .._fmt import format_value
from .._model import ClassNode, Distribution, FunctionNode, Node, Payload, TupleValue, node_kind
from ..errors import PayloadFormatError
from ._common import (
    EXIT_NO,
    EXIT_OK,
    Failure,
    Style,
    display_path,
    read_payload,
    read_payload_bytes,
    source_lines,
)

# Lines of context around each change, as ``diff -u`` and ``git diff`` use.
DIFF_CONTEXT = 3


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` subcommand to ``commands``."""
    diff = commands.add_parser(
        "diff",
        parents=parents,
        help="per-node unified diff of two payloads",
        description="Compare two payloads node by node (nodes matched by id): a unified diff of "
        "each changed node's fields and of its source, numbered by the lines of the original "
        "file, then the nodes added and removed.",
        epilog="Exit code 0 when the payloads are the same, 1 when they differ, 2 when a file cannot "
        "be read or is not a payload. With --git: 0 unless a file cannot be read.",
    )
    diff.add_argument("a", metavar="A", help="the old payload")
    diff.add_argument("b", metavar="B", help="the new payload")
    # git's five other arguments, after PATH and OLD-FILE (which fill A and B) in --git mode.
    diff.add_argument("more", nargs="*", help=argparse.SUPPRESS)
    diff.add_argument(
        "--git",
        action="store_true",
        help="git's external diff mode, taking git's seven arguments (PATH OLD-FILE OLD-HEX OLD-MODE "
        "NEW-FILE NEW-HEX NEW-MODE) and exiting 0 when it printed a difference: "
        "git config diff.srcpickle.command 'srcpickle diff --git' (see README, 'Code review in git')",
    )
    diff.set_defaults(handler=run)


# git's arguments to an external diff command (gitattributes(5), GIT_EXTERNAL_DIFF).
GIT_ARGUMENTS = ("PATH", "OLD-FILE", "OLD-HEX", "OLD-MODE", "NEW-FILE", "NEW-HEX", "NEW-MODE")


# Node fields holding (name, value) pairs, each written as one entry line, as in the payload.
_PAIR_ENTRIES = {
    "globals": "global",
    "closure": "closure",
    "annotations": "annotation",
    "attributes": "attribute",
}


# Field names the payload spells differently from the node attribute.
_FIELD_NAMES = {"imported": "imported-names", "body_imports": "body-imports", "state_setter": "state-setter"}


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
    if isinstance(value, tuple):  # text tuples (future, imported-names), body-imports' refs
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
    (a_src, a_line), (b_src, b_line) = source_lines(a), source_lines(b)
    if a_fields == b_fields and a_src == b_src:
        return []
    out = list(_hunks(a_fields, b_fields, 1, 1, "fields"))
    if a_src != b_src:
        some = a if isinstance(a, (FunctionNode, ClassNode)) else b
        assert isinstance(some, (FunctionNode, ClassNode))
        label = f"source of {some.qualname}" + (f" ({some.file})" if some.file else "")
        out += _hunks(a_src, b_src, a_line, b_line, label)
    return out


def _paint_diff_line(line: str, style: Style) -> str:
    if line.startswith("@@"):
        return style.paint(line, "cyan")
    if line.startswith("+"):
        return style.paint(line, "green")
    if line.startswith("-"):
        return style.paint(line, "red")
    return line


def run(args: argparse.Namespace, style: Style) -> int:
    """Print the differences between two payloads (A B, or with ``--git`` git's seven arguments)."""
    files = [args.a, args.b, *args.more]
    if args.git:
        if len(files) != len(GIT_ARGUMENTS):
            raise Failure(f"--git takes git's {len(GIT_ARGUMENTS)} arguments: {' '.join(GIT_ARGUMENTS)}")
        return _git(files, style)
    if args.more:
        raise Failure(f"takes two payloads, A and B, not {len(files)} files (git's seven need --git)")
    a, b = read_payload(args.a), read_payload(args.b)
    return _print_diff(a, b, display_path(args.a), display_path(args.b), style)


def _git(arguments: Sequence[str], style: Style) -> int:
    path, old_file, _, old_mode, new_file, _, new_mode = arguments
    texts = [b"" if name == os.devnull else read_payload_bytes(name) for name in (old_file, new_file)]
    print(f"diff --srcpickle a/{path} b/{path}")
    if old_file == os.devnull:
        print(f"new file mode {new_mode}")
    elif new_file == os.devnull:
        print(f"deleted file mode {old_mode}")
    elif old_mode != new_mode:
        print(f"old mode {old_mode}")
        print(f"new mode {new_mode}")
    payloads: List[Optional[Payload]] = []
    for name, text in zip((old_file, new_file), texts):
        if name == os.devnull:
            payloads.append(None)
            continue
        try:
            payloads.append(inspect_payload(text))
        except PayloadFormatError as exc:
            side = "a" if name == old_file else "b"
            print(f"({side}/{path} is not a readable srcpickle payload: {exc}; a text diff follows)")
            _text_diff(texts, path, style)
            return EXIT_OK
    _print_diff(payloads[0], payloads[1], f"a/{path}", f"b/{path}", style)
    return EXIT_OK


def _text_diff(texts: Sequence[bytes], path: str, style: Style) -> None:
    a, b = (text.decode("utf-8", "replace").splitlines() for text in texts)
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}", lineterm="", n=DIFF_CONTEXT):
        print(_paint_diff_line(line, style))


def _print_diff(a: Optional[Payload], b: Optional[Payload], a_name: str, b_name: str, style: Style) -> int:
    """Print the per-node diff of ``a`` and ``b`` (None: no such file); EXIT_OK when there was
    nothing to print, EXIT_NO otherwise."""
    lines, same = diff_lines(a, b, a_name, b_name, style)
    for line in lines:
        print(line)
    return EXIT_OK if same else EXIT_NO


def diff_lines(
    a: Optional[Payload], b: Optional[Payload], a_name: str, b_name: str, style: Style
) -> Tuple[List[str], bool]:
    """The ``diff`` output for two parsed payloads (None: no such file), and whether they are
    the same."""
    out: List[str] = []
    a_nodes = a.nodes if a is not None else {}
    b_nodes = b.nodes if b is not None else {}
    changed: List[str] = []
    added: List[str] = []
    removed: List[str] = []
    unchanged = 0
    sections: List[Tuple[str, List[str]]] = []
    a_header = _header_fields(a) if a is not None else []
    b_header = _header_fields(b) if b is not None else []
    header = list(_hunks(a_header, b_header, 1, 1, "header"))
    if header:
        sections.append(("header", header))
    ids = list(a_nodes) + [node_id for node_id in b_nodes if node_id not in a_nodes]
    for node_id in ids:
        a_node, b_node = a_nodes.get(node_id), b_nodes.get(node_id)
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
        out.append(style.paint(f"--- {a_name} [{name}]", "bold"))
        out.append(style.paint(f"+++ {b_name} [{name}]", "bold"))
        out.extend(_paint_diff_line(line, style) for line in hunks)
    if not sections:
        out.append(f"{a_name} and {b_name}: same payload ({unchanged} nodes)")
        return out, True
    counts = f"{len(changed)} changed, {len(added)} added, {len(removed)} removed, {unchanged} unchanged"
    out.append(style.paint(f"summary: nodes {counts}" + ("; header changed" if header else ""), "bold"))
    for word, names in (("changed", changed), ("added", added), ("removed", removed)):
        out.extend(f"  {word:8} [{name}]" for name in names)
    return out, False

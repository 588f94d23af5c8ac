"""``srcpickle diff A B``: a per-node unified diff of two payloads, sources numbered by the lines
of the original file. Executes nothing."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
from typing import Any, Iterator, List, Optional, Sequence, Tuple

from .._fmt import format_value
from .._model import ClassNode, Distribution, FunctionNode, Node, Payload, TupleValue, node_kind
from ._common import EXIT_NO, EXIT_OK, Style, display_path, read_payload, source_lines

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
        "be read or is not a payload.",
    )
    diff.add_argument("a", metavar="A", help="the old payload")
    diff.add_argument("b", metavar="B", help="the new payload")
    diff.set_defaults(handler=run)


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
    if isinstance(value, tuple):
        # Tuples of names (imported-names, future) and of references (body-imports).
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
    """Print the differences between the payloads ``args.a`` and ``args.b``."""
    a, b = read_payload(args.a), read_payload(args.b)
    a_name, b_name = display_path(args.a), display_path(args.b)
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

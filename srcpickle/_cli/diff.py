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
import bisect
import difflib
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from .. import inspect as inspect_payload
from .._fmt.write import format_value
from .._model import ClassNode, Distribution, FunctionNode, Node, Payload, TupleValue, node_kind
from .._records import fields
from ..errors import PayloadFormatError
from ._common import (
    EXIT_NO,
    EXIT_OK,
    Failure,
    Style,
    display_path,
    read_data,
    read_payload,
    source_lines,
)

# Lines of context around each change, as ``diff -u`` and ``git diff`` use.
DIFF_CONTEXT = 3
# difflib's matcher costs up to the product of the two lengths it compares. It compares any
# stretch of which one side has at most DIFF_EXACT_LINES lines; longer stretches are first
# aligned on the lines that occur once on each side (patience diff, at most DIFF_ANCHOR_ROUNDS
# times nested), and what stays unaligned goes to difflib while the products spent stay within
# DIFF_BUDGET_FIXED + DIFF_BUDGET_PER_LINE per line compared; past that, a stretch is shown as
# removed and added (correct, if not the shortest diff). A diff thus costs time linear in the
# payloads' size, at most about DIFF_BUDGET_PER_LINE + DIFF_EXACT_LINES steps per line.
DIFF_EXACT_LINES = 64
DIFF_ANCHOR_ROUNDS = 8
DIFF_BUDGET_FIXED = 1_000_000
DIFF_BUDGET_PER_LINE = 200


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
    "fallbacks": "global",  # (a guard section's, format 3)
}


# Field names the payload spells differently from the node attribute (besides "-" for "_").
_FIELD_NAMES = {"imported": "imported-names"}


def _node_fields(node: Node) -> List[str]:
    """The fields of ``node`` as ``name: value`` lines, values exactly as the payload has them
    (references as ``@id``), the source excluded and fields left at their default omitted, as the
    payload omits them. Walks the dataclass fields, so a field added to a node type shows up here
    without a change."""
    lines = []
    for item in fields(node):
        name, value = item.name, getattr(node, item.name)
        if name == "source" or value == item.default:
            continue
        spelled = _FIELD_NAMES.get(name, name.replace("_", "-"))
        if name in _PAIR_ENTRIES:
            lines += [f"{_PAIR_ENTRIES[name]} {key} = {_format_any(v)}" for key, v in value]
        elif name in ("namespace", "in_class"):  # ids of sections, as the payload writes them
            lines.append(f"{spelled}: @{value}")
        else:
            lines.append(f"{spelled}: {_format_any(value)}")
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
    for group in _grouped(_opcodes(a, b), DIFF_CONTEXT):
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


Opcode = Tuple[str, int, int, int, int]


def _matching_blocks(a: Sequence[str], b: Sequence[str]) -> List[Tuple[int, int, int]]:
    """Runs of equal lines ``(i, j, n)``, increasing in both sequences, in time linear in
    ``len(a) + len(b)`` (see ``DIFF_EXACT_LINES``)."""
    blocks: List[Tuple[int, int, int]] = []
    ranges = [(0, len(a), 0, len(b), 0)]
    budget = DIFF_BUDGET_FIXED + DIFF_BUDGET_PER_LINE * (len(a) + len(b))
    while ranges:
        alo, ahi, blo, bhi, depth = ranges.pop()
        n = 0
        while alo + n < ahi and blo + n < bhi and a[alo + n] == b[blo + n]:
            n += 1
        if n:
            blocks.append((alo, blo, n))
            alo, blo = alo + n, blo + n
        n = 0
        while ahi - n > alo and bhi - n > blo and a[ahi - 1 - n] == b[bhi - 1 - n]:
            n += 1
        if n:
            blocks.append((ahi - n, bhi - n, n))
            ahi, bhi = ahi - n, bhi - n
        if alo == ahi or blo == bhi:
            continue
        cost = (ahi - alo) * (bhi - blo)
        anchors = (
            []
            if min(ahi - alo, bhi - blo) <= DIFF_EXACT_LINES or depth >= DIFF_ANCHOR_ROUNDS
            else (_anchors(a, b, alo, ahi, blo, bhi))
        )
        if not anchors:
            if min(ahi - alo, bhi - blo) > DIFF_EXACT_LINES:
                if cost > budget:
                    continue
                budget -= cost
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            blocks += [(alo + i, blo + j, k) for i, j, k in matcher.get_matching_blocks() if k]
            continue
        previous = (alo, blo)
        for i, j in anchors:
            blocks.append((i, j, 1))
            ranges.append((previous[0], i, previous[1], j, depth + 1))
            previous = (i + 1, j + 1)
        if anchors:
            ranges.append((previous[0], ahi, previous[1], bhi, depth + 1))
    blocks.sort()
    merged: List[Tuple[int, int, int]] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged


def _anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> List[Tuple[int, int]]:
    """The longest increasing chain of pairs of lines that occur exactly once in each range."""
    counts: Dict[str, List[int]] = {}
    for i in range(alo, ahi):
        counts.setdefault(a[i], [0, 0, i])[0] += 1
    for j in range(blo, bhi):
        entry = counts.get(b[j])
        if entry is not None:
            entry[1] += 1
            entry.append(j)
    pairs = sorted((entry[2], entry[3]) for entry in counts.values() if entry[0] == 1 and entry[1] == 1)
    # Patience sorting: the longest chain whose b positions increase too, in O(n log n).
    tails: List[int] = []
    tail_index: List[int] = []
    back: List[int] = []
    for index, (_, j) in enumerate(pairs):
        place = bisect.bisect_left(tails, j)
        back.append(tail_index[place - 1] if place else -1)
        if place == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[place] = j
            tail_index[place] = index
    chain: List[Tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]


def _opcodes(a: Sequence[str], b: Sequence[str]) -> List[Opcode]:
    """How to turn ``a`` into ``b``, as difflib's ``get_opcodes`` describes it."""
    codes: List[Opcode] = []
    i = j = 0
    for ai, bj, size in _matching_blocks(a, b) + [(len(a), len(b), 0)]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            codes.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            codes.append(("equal", ai, i, bj, j))
    return codes


def _grouped(codes: List[Opcode], context: int) -> Iterator[List[Opcode]]:
    """The opcodes in hunks, each change with ``context`` equal lines around it, as difflib's
    ``get_grouped_opcodes`` groups them."""
    if not codes:
        return
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = (tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = (tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    group: List[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


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
    texts = [b"" if name == os.devnull else read_data(name) for name in (old_file, new_file)]
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

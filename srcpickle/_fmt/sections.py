"""The writer's (``write``) sections that a dumps of functions does not write: class, value,
reduce and guard sections, the general lines of every kind, and the fields format 3 leaves out
of a class section.

Imported by the first payload that holds such a section (``write._sections``): the first dumps of
a function does not load this code (issue 9). This module imports only the standard library.
"""

from __future__ import annotations

from .._model import (
    CellNode,
    ClassNode,
    DictValue,
    GuardNode,
    ImportNode,
    NamespaceNode,
    Node,
    ReduceNode,
    RefNode,
    TupleValue,
    ValueNode,
    has_source,
)
from .write import (
    _format_key,
    _left_out_of_head,
    _Shared,
    format_value,
    source_block,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Tuple, Union

    from .._model import FunctionNode


def _leave_out_shared(
    out: List[str], start: int, node: ClassNode, shared: _Shared, node_id: str = ""
) -> None:
    # Drop from the lines of a class section (out[start:], texts of one or more lines each, up
    # to its source block) the fields format 3 leaves out (see _Shared). Every such line is a
    # field's, one line long: a value never spans lines, and the source block is not looked at.
    # What became of a section's texts is kept by them, with the namespace's module and file.
    module = shared.modules.get(node.namespace)
    file = shared.files.get(node.namespace)
    key = (tuple(out[start:]), module, file)
    kept = _LEFT_OUT.get(key)
    if kept is None:
        _drop_shared(out, start, node, shared)
        if len(_LEFT_OUT) >= LEFT_OUT_KEPT:
            _LEFT_OUT.clear()
        _LEFT_OUT[key] = tuple(out[start:])
    else:
        out[start:] = kept
    after = shared.lines.get(node_id)
    if after is not None:  # (a line after another section's: see write._lines_after)
        out[out.index(f"line: {node.line}", start)] = f"line: {after}"


# What _leave_out_shared made of a class section's texts, by them (and what else decides it): one
# entry per class written, cleared when full.
_LEFT_OUT: Dict[Tuple[Any, ...], Tuple[str, ...]] = {}


LEFT_OUT_KEPT = 4096


def _drop_shared(out: List[str], start: int, node: ClassNode, shared: _Shared) -> None:
    # (a class section's: a function section never writes the lines, see _write_function)
    left = _left_out_of_head(node, shared)
    drop = set()
    if left & 1:
        drop.add(f"module: {node.module!r}")
    if left & 2:
        drop.add(f"file: {node.file!r}")
    if left & 4:
        drop.add(f"qualname: {node.qualname!r}")
    if not drop:
        return
    for index in range(start, len(out)):
        text = out[index]
        if text.startswith("source: "):
            break
        if "\n" not in text:
            if text in drop:
                out[index] = ""
            continue
        lines = text.split("\n")
        kept = [line for line in lines if line not in drop]
        if len(kept) != len(lines):
            out[index] = "\n".join(kept)
    # (a text emptied above was a line of its own: removed, not left blank; a section's own
    # texts are never empty)
    out[start:] = [text for text in out[start:] if text]


def _write_node(node: Node) -> List[str]:
    if isinstance(node, NamespaceNode):
        lines = [f"module: {format_value(node.module)}"]
        lines += [f"global {_format_key(n)} = {format_value(v)}" for n, v in node.globals]
        return lines
    if isinstance(node, ImportNode):
        lines = [
            f"module: {format_value(node.module)}",
            f"distribution: {format_value(str(node.distribution))}",
        ]
        if node.submodules:
            lines.append(f"submodules: {format_value(TupleValue(node.submodules))}")
        return lines
    if isinstance(node, RefNode):
        return [
            f"module: {format_value(node.module)}",
            f"qualname: {format_value(node.qualname)}",
            f"distribution: {format_value(str(node.distribution))}",
        ]
    if isinstance(node, CellNode):
        return ["empty: True"] if node.empty else [f"contents: {format_value(node.contents)}"]
    if isinstance(node, ValueNode):
        return [f"value: {format_value(node.value)}"]
    if isinstance(node, ReduceNode):
        lines = [f"callable: {format_value(node.callable)}", f"args: {format_value(node.args)}"]
        for key in ("kwargs", "state", "listitems", "dictitems", "state_setter"):
            if getattr(node, key) is not None:
                lines.append(f"{key.replace('_', '-')}: {format_value(getattr(node, key))}")
        return lines
    if isinstance(node, ClassNode):
        return _write_class(node)
    if isinstance(node, GuardNode):
        return _write_guard(node)
    raise TypeError(f"not a payload node: {node!r}")


def _write_guard(node: GuardNode) -> List[str]:
    # Format 3: a guarded module-level import (see GuardNode).
    lines = [f"namespace: @{node.namespace}", f"tries: {format_value(TupleValue(node.tries))}"]
    lines += [f"global {_format_key(n)} = {format_value(v)}" for n, v in node.fallbacks]
    if node.unbound:
        lines.append(f"unbound: {format_value(TupleValue(node.unbound))}")
    return lines


def _write_class(node: ClassNode) -> List[str]:
    lines = _write_origin(node)
    if node.made_by is not None:
        lines.append(f"made-by: {format_value(node.made_by)}")
    lines += [f"closure {_format_key(n)} = {format_value(v)}" for n, v in node.closure]
    lines += [f"attribute {_format_key(n)} = {format_value(v)}" for n, v in node.attributes]
    if node.deleted:
        lines.append(f"deleted: {format_value(TupleValue(node.deleted))}")
    if node.registered_with:
        lines.append(f"registered-with: {format_value(TupleValue(node.registered_with))}")
    if node.registry:
        lines.append(f"registry: {format_value(TupleValue(node.registry))}")
    if node.scope_names:
        lines.append(f"scope-names: {format_value(DictValue(node.scope_names))}")
    if node.made_by is not None:
        return lines
    return lines + _write_source(node)


def _write_origin(node: Union[FunctionNode, ClassNode]) -> List[str]:
    lines = [
        f"name: {format_value(node.name)}",
        f"qualname: {format_value(node.qualname)}",
        f"module: {format_value(node.module)}",
        f"namespace: @{node.namespace}",
    ]
    if node.in_class:
        # Format 2: written inside its class's source, which says where it came from.
        lines.append(f"in-class: @{node.in_class}")
        return lines
    if not has_source(node):
        return lines
    lines += [
        f"file: {format_value(node.file)}",
    ]
    if node.future:
        lines.append(f"future: {format_value(TupleValue(node.future))}")
    if node.imported:
        lines.append(f"imported-names: {format_value(TupleValue(node.imported))}")
    return lines


def _write_source(node: Union[FunctionNode, ClassNode]) -> List[str]:
    lines = [f"line: {node.line}"]
    if node.in_class:
        return lines
    if node.indent:
        lines.append(f"indent: {format_value(node.indent)}")
    if node.scope:
        lines.append(f"scope: {format_value(node.scope)}")
    lines.append(source_block(node.source))
    return lines

"""Rebuild handlers for containers and cells.

A list, dict, set or bytearray section exists (empty) from the first phase, so references and
cycles among containers resolve; completing it fills it. A tuple or frozenset section (format 2)
is made when completed, from items completed first. A cell exists (empty) from the first phase and
is filled when completed, so closures that share it share it after loading.
"""

from __future__ import annotations

import types
from typing import Any

from .._model import CellNode, FrozenSetValue, TupleValue, ValueNode
from .builder import Builder, Step, empty_container, fill_container


def create_value(builder: Builder, node_id: str, node: ValueNode) -> None:
    """Phase 1: the empty container (tuples and frozensets are made when completed)."""
    if not isinstance(node.value, (TupleValue, FrozenSetValue)):
        builder.objects[node_id] = empty_container(node.value)


def complete_value(builder: Builder, node_id: str, node: ValueNode) -> Step:
    """Fill the container (or make the tuple or frozenset) from its completed items."""
    yield from builder.require(node.value)
    if isinstance(node.value, (TupleValue, FrozenSetValue)):
        builder.objects[node_id] = builder.materialize(node.value)
    else:
        fill_container(builder.objects[node_id], node.value, builder.materialize)


def create_cell(builder: Builder, node_id: str, node: CellNode) -> None:
    """Phase 1: an empty cell."""
    builder.objects[node_id] = types.CellType()


def complete_cell(builder: Builder, node_id: str, node: CellNode) -> Step:
    """Fill the cell, unless it was empty when dumped."""
    if not node.empty:
        yield from builder.require(node.contents)
        cell: Any = builder.objects[node_id]
        cell.cell_contents = builder.materialize(node.contents)

"""Capture handlers for plain data: tuples, frozensets, lists, dicts, sets and bytearrays.

Every container becomes a node, so the walk never recurses through data; whether a node is
written inline or as a section of its own is decided when the capture ends (see ``_capture.finish``).
Sets and frozensets are walked in an order that depends on neither hashes nor addresses, so that
the nodes their items become are made, and named, in the same order in every run.
"""

from __future__ import annotations

import enum
import itertools
import operator
import types

from .._fmt import set_order_key
from .._model import (
    BytearrayValue,
    DictValue,
    FrozenSetValue,
    ListValue,
    Ref,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
)
from .._records import one_field_maker
from .core import LEAF_KINDS, SCALARS, UNKNOWN, Capturer, Need, Step, all_scalars

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, List, Optional, Tuple

# The records of a container, made for a third of the cost of a call of their class (every
# container a capture meets makes two).
_value_node = one_field_maker(ValueNode)
_tuple_value = one_field_maker(TupleValue)
_list_value = one_field_maker(ListValue)
_dict_value = one_field_maker(DictValue)
_frozenset_value = one_field_maker(FrozenSetValue)


def save_tuple(cap: Capturer, obj: Tuple[Any, ...], need: Need) -> Step:
    """A tuple: a node written inline unless shared (and large) or nested too deep."""
    node_id = cap.private_id(need.hint, obj)
    ref = cap.ref(node_id)
    items: List[Value] = []
    hint = need.hint
    for index, item in enumerate(obj):
        scalar = type(type(item)) is type and type(item) in SCALARS
        if scalar:
            items.append(item)
            continue
        found = cap.known(item)
        if found is UNKNOWN:
            found = leaf_value(cap, item, hint)
            if found is None:
                found = yield Need(item, f"{need.path}[{index}]", hint)
        items.append(found)
    cap.nodes[node_id] = _value_node(_tuple_value(tuple(items)))
    return ref


def save_frozenset(cap: Capturer, obj: frozenset, need: Need) -> Step:  # type: ignore[type-arg]
    """A frozenset: like a tuple; its items are written sorted by their text."""
    node_id = cap.private_id(need.hint, obj)
    ref = cap.ref(node_id)
    items: List[Value] = []
    hint = need.hint
    for item in in_order(cap, obj):
        # A scalar is its own value (what the walk gives back), as in a tuple.
        scalar = type(type(item)) is type and type(item) in SCALARS
        if scalar:
            items.append(item)
            continue
        found = cap.known(item)
        if found is UNKNOWN:
            found = leaf_value(cap, item, hint)
            if found is None:
                found = yield Need(item, f"{need.path}<item>", hint)
        items.append(found)
    cap.nodes[node_id] = _value_node(_frozenset_value(tuple(items)))
    return ref


def save_container(cap: Capturer, obj: Any, need: Need) -> Step:
    """A list, dict, set or bytearray: a node with identity, inline when referred to once."""
    node_id = cap.new_id(need.hint, obj)
    ref = cap.ref(node_id)
    value: Value
    path, hint = need.path, need.hint
    if isinstance(obj, list):
        items = tuple(obj)
        if all_scalars(items):  # plain data, as it is
            value = _list_value(items)
            cap.plain[id(value)] = value
        else:
            found: List[Value] = []
            for index, item in enumerate(items):
                scalar = type(type(item)) is type and type(item) in SCALARS
                if scalar:
                    found.append(item)
                    continue
                known = cap.known(item)
                if known is UNKNOWN:
                    known = leaf_value(cap, item, hint)
                    if known is None:
                        known = yield Need(item, f"{path}[{index}]", hint)
                found.append(known)
            value = _list_value(tuple(found))
    elif isinstance(obj, dict):
        pairs: List[Tuple[Value, Value]] = []
        for key, item in list(obj.items()):
            if type(type(key)) is type and type(key) in SCALARS:
                key_value = key
            else:
                key_value = yield Need(key, f"{path}<key>", hint)
            if type(type(item)) is type and type(item) in SCALARS:
                item_value = item
            else:
                item_value = cap.known(item)
                if item_value is UNKNOWN:
                    item_value = leaf_value(cap, item, hint)
                    if item_value is None:
                        item_value = yield Need(item, f"{path}[{key!r}]", hint)
            pairs.append((key_value, item_value))
        value = _dict_value(tuple(pairs))
    elif isinstance(obj, set):
        members: List[Value] = []
        for item in in_order(cap, obj):
            scalar = type(type(item)) is type and type(item) in SCALARS
            members.append(item if scalar else (yield Need(item, f"{path}<item>", hint)))
        value = SetValue(tuple(members))
    else:
        value = BytearrayValue(bytes(obj))
    cap.nodes[node_id] = _value_node(value)
    return ref


def leaf_value(cap: Capturer, obj: Any, hint: str) -> Optional[Ref]:
    """The value of ``obj`` when it is a leaf of the data not reached yet: a list, tuple,
    frozenset or dict (an exact one) that holds scalars only; else ``None``.

    Its node is made, named and counted exactly as its handler makes it when the walk reaches
    it, at the same point of the walk (so every node id and the document order are the same),
    without a step of the walk: no need, handler generator or trip through the walker's loop
    (most of what a small container cost). A leaf reaches nothing, so the walk's depth bound,
    against graphs that grow as they are walked, is not needed for it.
    """
    kind = type(obj)
    if type(kind) is not type or kind not in LEAF_KINDS:  # (see core.SCALARS)
        return None
    if kind is list:
        items = tuple(obj)
        if not all_scalars(items):
            return None
        node_id = cap.new_id(hint, obj)
        ref = cap.ref(node_id)
        value = _list_value(items)
        cap.plain[id(value)] = value
        cap.nodes[node_id] = _value_node(value)
        return ref
    if kind is tuple:
        if not all_scalars(obj):
            return None
        node_id = cap.private_id(hint, obj)
        ref = cap.ref(node_id)
        cap.nodes[node_id] = _value_node(_tuple_value(obj))
        return ref
    if kind is dict:
        pairs = tuple(obj.items())
        # (the pairs taken, not the live dict: what is checked is what is written)
        if not all_scalars(itertools.chain.from_iterable(pairs)):
            return None
        node_id = cap.new_id(hint, obj)
        ref = cap.ref(node_id)
        pairs_value = _dict_value(pairs)
        cap.plain[id(pairs_value)] = pairs_value
        cap.nodes[node_id] = _value_node(pairs_value)
        return ref
    if not all_scalars(obj):  # (a frozenset)
        return None
    node_id = cap.private_id(hint, obj)
    ref = cap.ref(node_id)
    # Scalars in the order they are written in (finish sorts every set so, by their texts):
    # in_order's order matters for the nodes its items make, which scalars do not.
    items = tuple(obj)
    members = _frozenset_value(tuple(sorted(items, key=set_order_key(items))))
    cap.plain[id(members)] = members  # (sorted as finish sorts it: nothing to sort again)
    cap.nodes[node_id] = _value_node(members)
    return ref


# The containers leaf_value takes (tests empty it to compare with the general walk).


def in_order(cap: Capturer, items: Any) -> List[Any]:
    """A set's items in an order that depends on neither hashes nor addresses: by type, then by
    text (a scalar's repr, a name, an object's repr); items that tie on that (closures made by
    one factory, classes of one qualname, objects whose repr holds an address) by the payload
    text each captures to, which is deterministic because the capture is. Items whose payload
    texts are the same as well are interchangeable: whichever comes first, the set is written
    the same."""
    keyed = sorted(((_order_key(cap, item), item) for item in items), key=_FIRST)
    if all_scalars([item for _, item in keyed]):
        # Scalars that tie (same type, same repr: nan objects) capture to the same text, so the
        # stable sort's order is the order the ties would be sorted into.
        return [item for _, item in keyed]
    ordered: List[Any] = []
    for _, group in itertools.groupby(keyed, key=_FIRST):
        tied = [item for _, item in group]
        if len(tied) > 1:
            tied.sort(key=lambda item: _content_text(cap, item))
        ordered.extend(tied)
    return ordered


_FIRST = operator.itemgetter(0)


def _order_key(cap: Capturer, item: Any) -> Tuple[str, str]:
    kind = type(item)
    label = f"{kind.__module__}.{kind.__qualname__}"
    if type(kind) is type and kind in SCALARS:
        return label, repr(item)
    try:
        return label, _order_text(cap, kind, item)
    except Exception:  # noqa: BLE001 - only an order is wanted here
        # The item's own code failed (a __class__ or metaclass property): it orders first, and
        # the walk of the item reports the failure where the item is, not on its set.
        return label, ""


def _order_text(cap: Capturer, kind: type, item: Any) -> str:
    if issubclass(kind, (type, types.FunctionType, types.BuiltinFunctionType, types.ModuleType)):
        return f"{getattr(item, '__module__', '')}.{getattr(item, '__qualname__', item.__name__)}"
    if issubclass(kind, enum.Enum):
        return f"{kind.__qualname__}.{item._name_}"
    if kind is tuple or kind is frozenset:
        return _content_text(cap, item)
    try:
        text = repr(item)
    except Exception:  # noqa: BLE001 - a broken __repr__ orders like an address
        text = " at 0x"
    return text if " at 0x" not in text else _content_text(cap, item)


def _content_text(cap: Capturer, item: Any) -> str:
    # What the item captures to, in a probe that leaves nothing behind: deterministic, because
    # the capture is. An item that cannot be captured orders first (dumps fails on it anyway).
    from . import probe_text

    try:
        return probe_text(cap, item)
    except Exception:  # noqa: BLE001 - only an order is wanted here
        return ""

"""Data globals unchanged since an earlier dumps: what that dumps made of them, made again.

``values.data_global`` asks here for a data global whose marshal bytes it has seen before (a
first dumps imports none of this). The entry for those bytes is captured by the general walk
from marshal's own copy of the value, and kept only when it is exact to reuse; a hit makes the
nodes, ids, hints and direct entries the walk makes, in its order. It never keeps a payload, nor
anything of the live value but what its bytes, made again at every dumps, prove.
"""

from __future__ import annotations

import itertools
import marshal
import sys

from .._fmt.write import keep_text
from .._model import DictValue, Ref, Value, ValueNode
from . import Capturer, Namespace, Need
from .values import DATA, _dict_value, _list_value, _value_node, leaf_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, List

REFUSED = object()


def _marshal_is_exact() -> bool:
    # The cache holds only values with no object reached twice (see _data_entry); a marshal that
    # wrote [x, x] as [[0], [0]] would let one stand for the other. CPython's does not (it writes
    # a reference to x), and refuses a subclass of a built-in type (marshal.c checks exact
    # types); another implementation's is asked both, once.
    shared = [0]
    try:
        if marshal.dumps([shared, shared]) == marshal.dumps([[0], [0]]):
            return False
        if marshal.dumps(True) == marshal.dumps(1) or marshal.dumps(0.0) == marshal.dumps(-0.0):
            return False
    except Exception:  # noqa: BLE001 - no marshal of lists: no cache
        return False
    if sys.implementation.name == "cpython":
        return True
    for kind, item in ((str, "a"), (int, 1), (float, 0.5), (tuple, ()), (list, []), (dict, {})):
        try:
            marshal.dumps(type("Sub", (kind,), {})(item))
        except ValueError:
            continue
        return False
    return True


EXACT = _marshal_is_exact()


def kept_global(cap: Capturer, namespace: Any, name: str, obj: Any, key: bytes, entry: Any) -> bool:
    """Capture the data global ``name`` of ``namespace``, ``obj``, whose marshal bytes ``key``
    were seen before (``entry``: their entry, or ``values._SEEN``), from the entry for them, made
    now if need be; False, nothing done, when the general walk must take it (see
    ``values.data_global``)."""
    if type(entry) is not tuple:
        if entry is REFUSED:
            return False
        entry = _data_entry(cap, key, name) if EXACT else REFUSED
        if entry is not REFUSED:
            # The text of what a namespace section holds when the value is written in place.
            keep_text(entry[4] if entry[4] is not None else entry[0].value)
        DATA[key] = entry
    if entry is REFUSED:
        return False
    top, top_plain, positions, leaves, written = entry
    inner: List[Any] = []
    if positions:
        items = list(obj.values()) if type(obj) is dict else obj
        inner = [items[index] for index in positions]
        memo = cap.memo
        for item in inner:
            if id(item) in memo:
                return False  # reached already: the walk refers to it (not written in place)
    if written is None:  # a leaf of scalars (values.leaf_value's node)
        ref = cap.private_ref(name, obj, top)
        if top_plain:
            cap.plain[id(top.value)] = top.value
        if cap.direct is None:
            cap.direct = []
        cap.direct.append((namespace, name, ref, None))
        namespace.values[name] = ref
        return True
    # A list or dict of scalars and leaves (save_container's nodes): the container first, then
    # its leaves in item order, as the walk reserves their ids.
    ref = cap.private_ref(name, obj)
    plain = cap.plain
    refs: List[Ref] = []
    for item, (node, leaf_plain) in zip(inner, leaves):
        refs.append(cap.private_ref(name, item, node))
        if leaf_plain:
            plain[id(node.value)] = node.value
    held = list(top.items)
    if type(top) is DictValue:
        for index, leaf_ref in zip(positions, refs):
            held[index] = (held[index][0], leaf_ref)
        value: Value = _dict_value(tuple(held))
    else:
        for index, leaf_ref in zip(positions, refs):
            held[index] = leaf_ref
        value = _list_value(tuple(held))
    node_id = ref.id
    cap.nodes[node_id] = _value_node(value)
    direct = (written, tuple([leaf_ref.id for leaf_ref in refs]))
    if cap.direct_values is None:
        cap.direct_values = {}
    cap.direct_values[node_id] = direct
    if cap.direct is None:
        cap.direct = []
    cap.direct.append((namespace, name, ref, direct))
    namespace.values[name] = ref
    return True


def _data_entry(cap: Capturer, key: bytes, name: str) -> Any:
    # What the general capture makes of the value ``key`` describes, captured from marshal's
    # copy of it (no other thread holds that copy: what is kept is what the bytes say, however
    # the live value changes meanwhile), when it is written in place in its namespace: a leaf of
    # scalars, or a list or dict of scalars and leaves (see Capturer.direct). Anything else
    # (shared or nested objects, bytes, long runs of ints the writer packs) is REFUSED.
    from .modules import walked_global

    copy = marshal.loads(key)  # noqa: S302 - bytes marshal.dumps just made of the live value
    probe = Capturer(cap.overrides, cap.dispatch)
    probe.int_runs = {}
    namespace = Namespace("", "", {name: copy})
    try:
        leaf = leaf_value(probe, copy, name)
        if leaf is None:
            step = walked_global(probe, namespace, name, copy, name, [])
            probe._run([(step, Need(copy, name, name))])
        else:
            probe.direct = [(namespace, name, leaf, None)]
    except Exception:  # noqa: BLE001 - what marshal takes and no data handler does (a code object)
        return REFUSED
    if probe.packs_ints or probe.int_runs or not probe.direct or len(probe.direct) != 1:
        return REFUSED
    nodes = list(probe.nodes.values())
    if not all([type(node) is ValueNode for node in nodes]) or any(map(_holds_bytes, nodes)):
        return REFUSED
    _, _, top_ref, direct = probe.direct[0]
    top = nodes[0]
    if direct is None:
        return (top, probe.plain.get(id(top.value)) is top.value, (), (), None)  # type: ignore[union-attr]
    value = top.value  # type: ignore[union-attr]
    held = [item for _, item in value.items] if type(value) is DictValue else list(value.items)  # type: ignore[union-attr]
    positions = tuple([index for index, item in enumerate(held) if type(item) is Ref])
    leaves = tuple([(node, probe.plain.get(id(node.value)) is node.value) for node in nodes[1:]])  # type: ignore[union-attr]
    if len(leaves) != len(positions) or len(direct[1]) != len(positions):
        return REFUSED
    return (value, False, positions, leaves, direct[0])


def _holds_bytes(node: Any) -> bool:
    # Whether the container ``node`` holds bytes (marshal writes every buffer so: see
    # data_global): a leaf's items, or a dict's keys and values.
    value = node.value
    items = value.items
    if type(value) is DictValue:
        items = itertools.chain.from_iterable(items)
    return bytes in set(map(type, items))

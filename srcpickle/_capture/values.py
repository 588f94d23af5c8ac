"""Capture handlers for plain data: tuples, frozensets, lists, dicts, sets and bytearrays.

Every container becomes a node, so the walk never recurses through data; whether a node is
written inline or as a section of its own is decided when the capture ends (``inline``, which
``_capture.finish`` calls for a capture that made a container section: only these handlers make
one, so a dumps without containers imports neither, issue 9).
Sets and frozensets are walked in an order that depends on neither hashes nor addresses, so that
the nodes their items become are made, and named, in the same order in every run.
"""

from __future__ import annotations

import builtins
import enum
import itertools
import marshal
import operator
import types

from .._fmt import MAX_NESTING
from .._fmt.write import INT_RUN_MIN, KEPT_TEXTS, format_value, set_order_key
from .._model import (
    INT_PACK_MIN,
    SCALAR_TYPES,
    BytearrayValue,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Node,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    iter_refs,
    map_values,
    node_values,
)
from .._records import one_field_maker
from . import (
    LEAF_KINDS,
    PRIVATE,
    SCALARS,
    UNKNOWN,
    Capturer,
    Need,
    Step,
    _namespace_node,
    all_scalars,
    new_ref,
    sanitize,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

# A tuple or frozenset referred to from several places is written once, as a section, when its
# inline text would hold more values than this; smaller ones are repeated inline (a section
# costs more than a short tuple).
SHARED_INLINE_LIMIT = 64

# What exec and eval store as the "__builtins__" of a globals dict that lacks one.
_BUILTINS_DICT = vars(builtins)

# The records of a container, made for a third of the cost of a call of their class (every
# container a capture meets makes two).
_value_node = one_field_maker(ValueNode)
_tuple_value = one_field_maker(TupleValue)
_list_value = one_field_maker(ListValue)
_dict_value = one_field_maker(DictValue)
_frozenset_value = one_field_maker(FrozenSetValue)


def save_tuple(cap: Capturer, obj: Tuple[Any, ...], need: Need) -> Step:
    """A tuple: a node written inline unless shared (and large) or nested too deep."""
    ref = cap.private_ref(need.hint, obj)
    node_id = ref.id
    items: List[Value] = []
    hint = need.hint
    for index, item in enumerate(obj):
        kind = type(item)
        plain = type(kind) is type
        if plain and kind in SCALARS:
            items.append(item)
            continue
        if not (plain and kind in LEAF_KINDS):
            # No leaf (a function, an instance): straight to the walker, which tells what it
            # reached already as cap.known does (issue 9: two calls less per such item).
            items.append((yield Need(item, f"{need.path}[{index}]", hint)))
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
    ref = cap.private_ref(need.hint, obj)
    node_id = ref.id
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
    """A list, dict, set or bytearray: a node with identity, inline when referred to once (and
    named, as a tuple is, only when it stays a section)."""
    ref = cap.private_ref(need.hint, obj)
    node_id = ref.id
    value: Value
    path, hint = need.path, need.hint
    if isinstance(obj, list):
        items = tuple(obj)
        plain = scalar_items(cap, items)
        if plain is not None:  # plain data, as it is
            value = _list_value(plain)
            cap.plain[id(value)] = value
        else:
            found: List[Value] = []
            # The leaves made here, and the items with them written in (see Capturer.direct)
            # while every item is a scalar or such a leaf.
            leaves: Optional[List[str]] = []
            for index, item in enumerate(items):
                kind = type(item)
                plain_kind = type(kind) is type
                if plain_kind and kind in SCALARS:
                    found.append(item)
                    continue
                if not (plain_kind and kind in LEAF_KINDS):
                    # No leaf (a function, an instance): straight to the walker, which tells
                    # what it reached already as cap.known does (a list of 200 functions).
                    leaves = None
                    found.append((yield Need(item, f"{path}[{index}]", hint)))
                    continue
                known = cap.known(item)
                if known is UNKNOWN:
                    known = leaf_value(cap, item, hint)
                    if known is None:
                        leaves = None
                        known = yield Need(item, f"{path}[{index}]", hint)
                    elif leaves is not None:
                        leaves.append(known.id)
                else:
                    leaves = None
                found.append(known)
            value = _list_value(tuple(found))
            if leaves:
                if cap.direct_values is None:
                    cap.direct_values = {}
                cap.direct_values[node_id] = (_list_value(_written_in(cap, value.items)), tuple(leaves))
    elif isinstance(obj, dict):
        pairs: List[Tuple[Value, Value]] = []
        leaves = []  # (as for a list)
        for key, item in list(obj.items()):
            if type(type(key)) is type and type(key) in SCALARS:
                key_value = key
            else:
                leaves = None
                key_value = yield Need(key, f"{path}<key>", hint)
            if item is _BUILTINS_DICT and key_value == "__builtins__":
                # A globals dict exec or eval filled in: the builtins of the loading Python, not
                # a copy of this one's (a copy names builtins other versions lack).
                item = builtins
            kind = type(item)
            if type(kind) is type and kind in SCALARS:
                item_value = item
            elif type(kind) is not type or kind not in LEAF_KINDS:
                leaves = None  # (no leaf: straight to the walker, as for a list)
                item_value = yield Need(item, f"{path}[{key!r}]", hint)
            else:
                item_value = cap.known(item)
                if item_value is UNKNOWN:
                    item_value = leaf_value(cap, item, hint)
                    if item_value is None:
                        leaves = None
                        item_value = yield Need(item, f"{path}[{key!r}]", hint)
                    elif leaves is not None:
                        leaves.append(item_value.id)
                else:
                    leaves = None
            pairs.append((key_value, item_value))
        value = _dict_value(tuple(pairs))
        if leaves:
            written = _written_in(cap, tuple(map(_SECOND, pairs)))
            if cap.direct_values is None:
                cap.direct_values = {}
            cap.direct_values[node_id] = (_dict_value(tuple(zip(map(_FIRST, pairs), written))), tuple(leaves))
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


def _written_in(cap: Capturer, items: Tuple[Value, ...]) -> Tuple[Value, ...]:
    # ``items`` (scalars and references to leaves just made) with each leaf's value in place of
    # its reference: what finish's inline makes of them when each is referred to once.
    nodes = cap.nodes
    return tuple([item if type(item) is not Ref else nodes[item.id].value for item in items])  # type: ignore[union-attr]


def scalar_items(cap: Capturer, items: Tuple[Any, ...]) -> Optional[Tuple[Any, ...]]:
    """The items of a list or tuple value when ``all_scalars(items)``, else None: ``items``, or
    an equal tuple of the same exact ints kept from an earlier dumps of them (see
    ``_fmt.packed.packed_int32_run``). A long run of exact ints among them is noted in
    ``cap.int_runs`` when wanted (see ``capture``), so that the writer does not pass over the
    items' types a second time (22M instructions for 100,000 ints, issue 9)."""
    # (a run starting with anything else goes by all_scalars, which stops at the first object)
    if len(items) < INT_PACK_MIN or type(items[0]) is not int:
        return items if all_scalars(items) else None
    # (imported here: a dumps without a long run of ints does not import it, issue 9)
    from .._fmt.packed import pack_ints, packed_int32_run

    if len(items) >= INT_RUN_MIN:
        run = packed_int32_run(items)
        if run is not None:  # (proven exact ints: the pass below and the packing not needed)
            cap.packs_ints = True
            items = run[0]
            if cap.int_runs is not None:
                cap.int_runs[id(items)] = run
            return items
    try:
        kinds = set(map(type, items))  # (the one pass, as all_scalars makes it)
    except Exception:  # noqa: BLE001 - a class its metaclass cannot hash is no scalar type
        return None
    if kinds == _INT_ONLY:
        # Packed from format 3 when every int has at most 64 bits (pack_ints): the payload is
        # format 3 then, and the writer takes the packed bytes from int_runs.
        packed = pack_ints(items)
        if packed is not None:
            cap.packs_ints = True
        if cap.int_runs is not None and len(items) >= INT_RUN_MIN:
            cap.int_runs[id(items)] = (items, packed)
        return items
    return items if all_scalars(kinds) else None


_INT_ONLY = frozenset({int})


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
    if type(kind) is not type or kind not in LEAF_KINDS:  # (see _capture.SCALARS)
        return None
    if kind is list:
        plain = scalar_items(cap, tuple(obj))
        if plain is None:
            return None
        value = _list_value(plain)
        cap.plain[id(value)] = value
        return cap.private_ref(hint, obj, _value_node(value))
    if kind is tuple:
        plain = scalar_items(cap, obj)
        if plain is None:
            return None
        return cap.private_ref(hint, obj, _value_node(_tuple_value(plain)))
    if kind is dict:
        pairs = tuple(obj.items())
        # (the pairs taken, not the live dict: what is checked is what is written)
        if not all_scalars(itertools.chain.from_iterable(pairs)):
            return None
        pairs_value = _dict_value(pairs)
        cap.plain[id(pairs_value)] = pairs_value
        return cap.private_ref(hint, obj, _value_node(pairs_value))
    if not all_scalars(obj):  # (a frozenset)
        return None
    # Scalars in the order they are written in (finish sorts every set so, by their texts):
    # in_order's order matters for the nodes its items make, which scalars do not.
    items = tuple(obj)
    members = _frozenset_value(tuple(sorted(items, key=set_order_key(items))))
    cap.plain[id(members)] = members  # (sorted as finish sorts it: nothing to sort again)
    return cap.private_ref(hint, obj, _value_node(members))


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
        # A Flag combination's _name_ is 'R|W' from 3.11 and None before, which ordered it
        # after R on one and before it on the other: what every Python agrees on, as the
        # member's section id (objects.made_by_call), its own name or else its value.
        named = kind.__members__.get(item._name_) is item
        return f"{kind.__qualname__}.{item._name_ if named else repr(item._value_)}"
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


# ---------------------------------------------------------------- sections, once captured

_MAKERS = {kind: one_field_maker(kind) for kind in (TupleValue, ListValue, SetValue, FrozenSetValue)}


def inline(
    root: Value,
    nodes: Dict[str, Node],
    counts: Dict[str, int],
    hints: Dict[str, str],
    plain: Dict[int, Value],
    plain_nodes: Set[str],
    private_sections: bool = False,
) -> Tuple[Value, Dict[str, Node]]:
    # Only value sections have private ids (every container: see Capturer.private_id).
    # One plain loop sorts them (no comprehension's function each): the values, those referred
    # to once (inline), the shared tuples and frozensets, and whether a private id is shared.
    values: Dict[str, Value] = {}
    inline: Set[str] = set()
    shared: List[str] = []
    private_shared = False
    for node_id, node in nodes.items():
        if type(node) is ValueNode:
            container = values[node_id] = node.value
            if counts.get(node_id, 0) == 1:
                inline.add(node_id)
                continue
            if node_id[0] == PRIVATE:
                private_shared = True
            if isinstance(container, (TupleValue, FrozenSetValue)):
                shared.append(node_id)
    if not values and not private_sections:
        # No container section (the only place a set, which gets sorted, or a section to inline
        # or name can be): every value stays as it is, as in most dumps of a function.
        return root, nodes
    # A shared tuple or frozenset small enough is repeated inline (sizes bottom-up, iteratively).
    sizes: Dict[str, int] = {}
    for start in shared:
        _size(start, values, inline, sizes)
    repeated = False
    for node_id in shared:
        if sizes.get(node_id, SHARED_INLINE_LIMIT + 1) <= SHARED_INLINE_LIMIT:
            inline.add(node_id)
            repeated = True
    # Past half the nesting a reader accepts, a container stays a section of its own, so that deep
    # data (a list nested 10,000 levels) is written as a chain of sections the reader takes.
    # Measured only when it can matter: when every inline container is referred to once, a chain
    # of them holds each at most once (a cycle would refer to where it is entered twice), so no
    # depth reaches the limit with fewer of them than that; a repeated shared tuple can be met
    # again below itself (a cycle through a list), which only the walk breaks.
    pending: List[Tuple[Value, int]] = []
    if inline and (repeated or len(inline) >= MAX_NESTING // 2 - 1):
        pending = [(root, 0)]
        pending += [
            (v, 0) for node_id, node in nodes.items() if node_id not in inline for v in node_values(node)
        ]
    depths: Dict[str, int] = {}
    walked = bool(pending)
    while pending:
        value, depth = pending.pop()
        if plain.get(id(value)) is value:
            continue  # no reference inside
        for ref in iter_refs(value):
            if ref.id not in inline:
                continue
            if depth + 1 >= MAX_NESTING // 2:
                inline.discard(ref.id)
                pending.append((values[ref.id], 0))
            elif depths.get(ref.id, -1) < depth + 1:
                depths[ref.id] = depth + 1
                pending.append((values[ref.id], depth + 1))
    # Only containers have private ids (value sections): names are made when one of them stays
    # a section.
    # (a private id referred to once stays inline unless the depth walk above took it out)
    private_left = (
        private_shared
        or private_sections
        or walked
        and not inline.issuperset([node_id for node_id in values if node_id[0] == PRIVATE])
    )
    names = _names(nodes, inline, hints, values, root) if private_left else {}

    # ``sub`` gives back the very value it was given when nothing in it changes, so that a node
    # with nothing to inline, rename or sort is kept as it is (copying a node is most of the cost
    # of a small dump).
    def sub(value: Any) -> Any:
        # By exact type (no subclass of a value class exists), the most common first (the value
        # is Any: mypy narrows by isinstance, which the exact types are checked without).
        kind = type(value)
        while kind is Ref:  # (the value an inline reference stands for, without a call)
            node_id = value.id
            if node_id not in inline:
                new = names.get(node_id)
                return value if new is None else new_ref(new)
            value = values[node_id]
            kind = type(value)
        if kind is TupleValue or kind is ListValue:
            held = value.items
            if plain.get(id(value)) is value or SCALAR_TYPES.issuperset(map(type, held)):
                return value  # nothing to inline or rename in plain data (C loops)
            # (a scalar is its own value: not asked)
            items = tuple([v if type(v) in SCALAR_TYPES else sub(v) for v in held])
            return value if _same(items, held) else _MAKERS[kind](items)
        if kind is SetValue or kind is FrozenSetValue:
            if plain.get(id(value)) is value:
                return value  # a frozenset of scalars, sorted when it was made
            held = value.items
            if SCALAR_TYPES.issuperset(map(type, held)):
                items = tuple(sorted(held, key=set_order_key(held)))
            else:
                items = tuple(sorted([sub(v) for v in held], key=format_value))
            return value if _same(items, held) else _MAKERS[kind](items)
        if kind is DictValue:
            held = value.items
            if plain.get(id(value)) is value:
                return value
            # Keys and values apart, each compared with the old in C loops (no generator).
            keys = [k if type(k) in SCALAR_TYPES else sub(k) for k, _ in held]
            found = [v if type(v) in SCALAR_TYPES else sub(v) for _, v in held]
            if all(map(operator.is_, keys, map(_FIRST, held))) and _same_values(found, held):
                return value
            return _dict_value(tuple(zip(keys, found)))
        return value  # a scalar or a bytearray

    # What ``sub`` gave for each value of a node that changes, so that making its copy does not
    # do the work again (the value is kept beside its answer: an id is only unique while alive).
    done: Dict[int, Tuple[Value, Value]] = {}

    def sub_once(value: Value) -> Value:
        known = done.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        new_value: Value = sub(value)
        return new_value

    result: Dict[str, Node] = {}
    for node_id, node in nodes.items():
        if node_id in plain_nodes:
            result[names.get(node_id, node_id)] = node  # (a function section of scalars only)
            continue
        if node_id in inline:
            continue
        kind = type(node)
        if kind is ImportNode or kind is RefNode:
            result[names.get(node_id, node_id)] = node  # (no value: nothing to inline, rename or sort)
            continue
        if kind is NamespaceNode:
            # Most of a dump's values are a namespace's globals: each looked at once.
            pairs = node.globals  # type: ignore[union-attr]
            held = [v if type(v) in SCALARS else sub(v) for _, v in pairs]
            if not _same_values(held, pairs):
                node = _namespace_node(node.module, tuple(zip(map(_FIRST, pairs), held)))  # type: ignore[union-attr]
            result[names.get(node_id, node_id)] = node
            continue
        if kind is FunctionNode and _holds_no_container(node):  # type: ignore[arg-type]
            result[names.get(node_id, node_id)] = node  # (nothing to inline, rename or sort)
            continue
        changed = False
        for value in _held_values(node):
            if type(value) in SCALARS:
                continue
            new_value = sub(value)
            if new_value is not value:
                done[id(value)] = (value, new_value)
                changed = True
        result[names.get(node_id, node_id)] = map_values(node, sub_once) if changed else node
    root = sub(root)
    # ``sub`` calls itself through its own cell: a cycle that kept every value of the dump alive
    # until a collection found it (with gc off, as in a timing loop, never). Rebinding the cell
    # frees them by reference counting now.
    sub = _unbound
    return root, result


def _unbound(value: Any) -> Any:
    raise AssertionError("inline's sub called after its inline returned")


def _holds_no_container(node: FunctionNode) -> bool:
    # What _held_values gives of most functions, none a container or a reference: no closure,
    # attributes or body imports, and scalar defaults, keyword defaults and doc (None, a text).
    return (
        not node.closure
        and not node.attributes
        and not node.body_imports
        and not node.overloads
        and not node.scope_names
        and type(node.defaults) in SCALARS
        and type(node.kwdefaults) in SCALARS
        and type(node.doc) in SCALARS
    )


def _held_values(node: Node) -> Iterable[Value]:
    # node_values, without a function's references to its namespace and class (never a value
    # section, so never inlined or renamed): most nodes of a dump are functions.
    if type(node) is FunctionNode:
        held: List[Value] = [v for _, v in node.closure]
        held += (node.defaults, node.kwdefaults, node.doc)
        if node.attributes:
            held += [v for _, v in node.attributes]
        held += node.body_imports
        held += node.overloads
        held += [v for _, v in node.scope_names]
        return held
    return node_values(node)


def _same(new: Tuple[Value, ...], old: Tuple[Value, ...]) -> bool:
    return all(map(operator.is_, new, old))  # (C loops: no generator)


def _same_values(new: List[Value], old: Tuple[Tuple[str, Value], ...]) -> bool:
    return all(map(operator.is_, new, map(_SECOND, old)))


_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


def _size(start: str, values: Dict[str, Any], inline: Set[str], sizes: Dict[str, int]) -> int:
    # The number of values ``start`` holds when written inline, its inline children included,
    # computed children first with an explicit stack (a shared child counts as its size when it
    # is small enough to be repeated, else as one reference).
    stack: List[Tuple[str, bool]] = [(start, False)]
    active: Set[str] = set()
    while stack:
        node_id, ready = stack.pop()
        if node_id in sizes:
            continue
        children = [ref.id for ref in iter_refs(values[node_id]) if ref.id in values]
        if not ready:
            active.add(node_id)
            stack.append((node_id, True))
            stack.extend((child, False) for child in children if child not in sizes and child not in active)
            continue
        active.discard(node_id)
        total = len(getattr(values[node_id], "items", ())) or 1
        for child in children:
            child_size = sizes.get(child, 1)
            repeated = (
                isinstance(values[child], (TupleValue, FrozenSetValue)) and child_size <= SHARED_INLINE_LIMIT
            )
            total += child_size if child in inline or repeated else 1
        sizes[node_id] = total
    return sizes[start]


def _names(
    nodes: Dict[str, Node], inline: Set[str], hints: Dict[str, str], values: Dict[str, Value], root: Value
) -> Dict[str, str]:
    # The sections of objects with no name of their own (containers, instances) are named from
    # where they were found and what they hold, never from how many alike ones were met before:
    # a count renamed every later item of a list when one was inserted at its front, and the
    # first global to sort took the name of a shared value from the alias before it. A section a
    # single global holds is that global; the root is its hint; one several globals hold is its
    # kind, and any other the global it was found under, each with a digest of its contents
    # (`ITEMS-3fa2c1`), so that an insertion or a new alias renames nothing else.
    # (Nothing here is the walk's order: a loaded namespace dumped again gives the same names.)
    sections = [node_id for node_id in nodes if node_id[0] == PRIVATE and node_id not in inline]
    taken = {node_id for node_id in nodes if node_id[0] != PRIVATE}
    holders: Dict[str, List[str]] = {}
    for node in nodes.values():
        if type(node) is NamespaceNode:
            for name, value in node.globals:
                if type(value) is Ref and value.id[0] == PRIVATE and value.id not in inline:
                    holders.setdefault(value.id, []).append(name)
    root_id = root.id if type(root) is Ref else ""
    names: Dict[str, str] = {}
    by_base: Dict[str, List[Tuple[str, str]]] = {}
    reached: Optional[Dict[str, Set[str]]] = None
    for node_id in sections:
        hint = hints.get(node_id, "tuple")
        held_by = holders.get(node_id, ())
        if len(held_by) == 1 and held_by[0] not in taken:
            taken.add(held_by[0])
            names[node_id] = held_by[0]
            continue
        if node_id == root_id and sanitize(hint) not in taken:
            taken.add(sanitize(hint))
            names[node_id] = sanitize(hint)
            continue
        if not held_by:
            # Reached through the containers of two or more globals (``B = [x]; C = [x]``), it
            # takes its kind too: the hint, the first of them the walk met, went to the next
            # global to sort first (h92).
            if reached is None:
                reached = _reached_by(nodes, inline, values)
            reaching = reached.get(node_id, ())
            held_by = sorted(reaching) if len(reaching) > 1 else ()
        base = sanitize(_kind_label(nodes[node_id], hint) if held_by else hint)
        by_base.setdefault(base, []).append((_digest(nodes[node_id], values, inline, hints), node_id))
    for base, found in by_base.items():
        # Equal digests (alike contents) are told apart in document order: the only order left
        # between objects nothing else tells apart, and one that renames only alike ones.
        found.sort(key=_FIRST)
        for digest, node_id in found:
            name = stem = f"{base}-{digest[:_DIGEST_CHARS]}"
            number = 2
            while name in taken:
                name = f"{stem}-{number}"
                number += 1
            taken.add(name)
            names[node_id] = name
    return names


def _reached_by(nodes: Dict[str, Node], inline: Set[str], values: Dict[str, Value]) -> Dict[str, Set[str]]:
    # The globals whose values refer to each nameless section, directly or through containers
    # written inline (by the section's id).
    reached: Dict[str, Set[str]] = {}
    for node in nodes.values():
        if type(node) is not NamespaceNode:
            continue
        for name, value in node.globals:
            stack, seen = [value], set()
            while stack:
                for ref in iter_refs(stack.pop()):
                    ref_id = ref.id
                    if ref_id[0] != PRIVATE:
                        continue
                    if ref_id not in inline:
                        reached.setdefault(ref_id, set()).add(name)
                    elif ref_id not in seen:
                        seen.add(ref_id)
                        stack.append(values[ref_id])
    return reached


# Hex digits of a content digest in a section's name: enough that two objects found under one
# name rarely share them (a shared prefix is told apart by a number, in digest order).
_DIGEST_CHARS = 6


def _kind_label(node: Node, hint: str) -> str:
    # What a section several globals hold is called instead of one of their names (which would
    # change with the next alias to sort first): its container kind, or its hint's class part.
    if type(node) is ValueNode:
        return _CONTAINER_LABELS.get(type(node.value), "value")
    return hint if hint.endswith(".instance") else "instance"


_CONTAINER_LABELS: Dict[type, str] = {
    DictValue: "dict",
    ListValue: "list",
    TupleValue: "tuple",
    SetValue: "set",
    FrozenSetValue: "frozenset",
    BytearrayValue: "bytearray",
}


def _digest(node: Node, values: Dict[str, Value], inline: Set[str], hints: Dict[str, str]) -> str:
    # A digest of what the section holds as it will be written (inline containers spelled out),
    # where a reference to another nameless section counts as its hint: its name is being chosen
    # too, and a cycle through it must not go round.
    import hashlib  # (only when a nameless section is left: issue 9)

    parts: List[str] = [type(node).__name__]
    for value in node_values(node):
        _shape(value, values, inline, hints, parts, 0)
        parts.append("|")
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _shape(
    value: Value,
    values: Dict[str, Value],
    inline: Set[str],
    hints: Dict[str, str],
    out: List[str],
    depth: int,
) -> None:
    kind = type(value)
    if kind is Ref:
        node_id = value.id  # type: ignore[union-attr]
        if node_id in inline and depth < MAX_NESTING:
            _shape(values[node_id], values, inline, hints, out, depth + 1)
        elif node_id[0] == PRIVATE:
            out.append("@" + hints.get(node_id, "tuple"))
        else:
            out.append("@" + node_id)
        return
    if kind in SCALAR_TYPES:
        out.append(format_value(value))
        return
    items = getattr(value, "items", None)
    if not isinstance(items, tuple) or kind is BytearrayValue:
        out.append(format_value(value))
        return
    out.append(kind.__name__ + "(")
    if kind is DictValue:
        for key, item in items:
            _shape(key, values, inline, hints, out, depth + 1)
            out.append(":")
            _shape(item, values, inline, hints, out, depth + 1)
            out.append(",")
    elif kind is SetValue or kind is FrozenSetValue:
        texts = []
        for item in items:
            held: List[str] = []
            _shape(item, values, inline, hints, held, depth + 1)
            texts.append("".join(held))
        out.append(",".join(sorted(texts)))
    else:
        for item in items:
            _shape(item, values, inline, hints, out, depth + 1)
            out.append(",")
    out.append(")")


# ------------------------------------------------- data globals unchanged since an earlier dumps

# What the capture of a data global made, by the marshal bytes of its value (see data_global):
# an entry (kept.kept_global), kept.REFUSED for a value the general walk must take, or _SEEN for
# a value met once. Bounded by the bytes of its keys (a value is kept once, with its nodes, and
# only while small) and its entries; cleared when full. Safe under threads: an entry is made
# whole before it is stored, and never changed.
DATA: Dict[bytes, Any] = {}
DATA_MAX_ENTRIES = 256
# The marshal bytes of a value the cache takes, at most (a value of a few hundred items): a
# larger one is walked as before, never kept.
DATA_MAX_KEY = 4096
# The items of a container asked about at all (marshal then writes at most a few KiB of it).
_DATA_MAX_ITEMS = 512
# What an entry is for a value met once (see data_global).
_SEEN = object()
# Tests turn the cache off to compare with the general walk.
DATA_CACHE_ON = True


def data_global(cap: Capturer, namespace: Any, name: str, obj: Any) -> bool:
    """Capture the data global ``name`` of ``namespace``, ``obj`` (an exact list, tuple, dict or
    frozenset that the capture has not reached), as ``modules.leaf_global`` and ``walked_global``
    would, from what an earlier dumps made of a value with the same marshal bytes; False, nothing
    done, when that cannot be proven and the general walk must take it.

    ``marshal.dumps`` is an exact, C-speed description of a container of scalars: it accepts
    exact built-in types only (a subclass of int or str is refused), keeps int, bool, float,
    complex and str apart, writes floats bit for bit and dict items in order, and writes an object
    reached twice as a reference to its first place. Equal bytes are therefore an equal value,
    written the same, except for bytes, which every buffer (bytearray, memoryview, array) is
    written as: a value holding bytes is never kept. What the bytes cannot say, the value's
    context in this payload, is checked here: none of its containers reached already (else the
    walk refers to it, and it is no longer written in place). The value is read fresh at every
    dumps (its bytes are the proof, made again each time): a changed global shows up.
    """
    if not DATA_CACHE_ON or cap.parent is not None or len(obj) > _DATA_MAX_ITEMS:
        return False
    try:
        key = marshal.dumps(obj)
    except ValueError:  # (an object marshal refuses, or nested too deep for it)
        return False
    if len(key) > DATA_MAX_KEY:
        return False
    entry: Any = DATA.get(key)
    if entry is None or entry is _SEEN:
        if len(DATA) >= DATA_MAX_ENTRIES:
            DATA.clear()
            KEPT_TEXTS.clear()
        if entry is None:
            # Seen once: walked as before. An entry is made for a value seen again (a first dumps
            # pays no second capture, nor does a value that changes at every dumps).
            DATA[key] = _SEEN
            return False
    return _kept_global(cap, namespace, name, obj, key, entry)


def _kept_global(cap: Capturer, namespace: Any, name: str, obj: Any, key: bytes, entry: Any) -> bool:
    # kept.kept_global, imported by the first value seen again (a first dumps does not need
    # it), then bound in this one's place.
    global _kept_global
    from .kept import kept_global

    _kept_global = kept_global
    return kept_global(cap, namespace, name, obj, key, entry)

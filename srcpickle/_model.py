"""The payload data model, shared by capture, the text format and rebuild.

A ``Payload`` is a graph: a root value plus named nodes. Values are plain Python scalars, ``Ref``
(a pointer to a node by id) and the container literals below. Nodes are the things with identity:
synthetic modules (``NamespaceNode``), functions, cells, imports, by-reference objects and shared or
self-referencing containers.

This module imports only the standard library and never executes payload content.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import types

    # Type checkers see real dataclasses (``record`` is plain ``type`` to them); at run time the
    # same classes come from _records, which makes them without the cost of the dataclasses
    # module: ``metaclass=record`` makes each one with its methods (see there), and the decorator
    # then leaves it as it is.
    from dataclasses import dataclass, field
    from dataclasses import replace as replace
    from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple, TypeAlias, Union

    record = type
else:
    from ._records import dataclass, field, record, replace

FORMAT_NAME = "srcpickle-payload"
# The newest version this srcpickle writes. A payload is written in the lowest version that can
# express it (see ``format_needed``), so that older readers load whatever they can. Readers accept
# every version in READABLE_FORMATS; a released version is never removed from that set, so every
# payload ever written keeps loading.
FORMAT_VERSION = 3
READABLE_FORMATS = frozenset({1, 2, 3})
# The __future__ features a payload may name (the loader maps each to its compiler flag).
FUTURE_FEATURES = ("annotations",)

# The names a function section's ``attribute`` entries never hold: the function's own data
# attributes on every Python a payload loads on (3.9 to 3.13, PyPy), which setting would change
# the function itself instead of its ``__dict__``; ``__annotations__`` only from format 3. One
# fixed list, the same on every Python: a loader puts every other name into the function's
# ``__dict__`` as it is (``__text_signature__``, ``__call__``; ``__type_params__`` and
# ``__builtins__``, data attributes only from 3.12 and 3.10, stay entries of the dict there).
FUNCTION_FIELDS = frozenset(
    {
        "__annotations__",
        "__class__",
        "__closure__",
        "__code__",
        "__defaults__",
        "__dict__",
        "__doc__",
        "__globals__",
        "__kwdefaults__",
        "__module__",
        "__name__",
        "__qualname__",
    }
)


@dataclass(frozen=True)
class Ref(metaclass=record):
    """A reference to the node with this id."""

    id: str


@dataclass(frozen=True)
class TupleValue(metaclass=record):
    items: Tuple[Value, ...]


@dataclass(frozen=True)
class ListValue(metaclass=record):
    items: Tuple[Value, ...]


@dataclass(frozen=True)
class SetValue(metaclass=record):
    items: Tuple[Value, ...]


@dataclass(frozen=True)
class FrozenSetValue(metaclass=record):
    items: Tuple[Value, ...]


@dataclass(frozen=True)
class DictValue(metaclass=record):
    items: Tuple[Tuple[Value, Value], ...]


@dataclass(frozen=True)
class BytearrayValue(metaclass=record):
    data: bytes


# Type aliases as text (PEP 613): the loader imports no typing at run time (issue 9).
Scalar: TypeAlias = "Union[None, bool, int, float, complex, str, bytes]"
Container: TypeAlias = "Union[TupleValue, ListValue, SetValue, FrozenSetValue, DictValue, BytearrayValue]"
Value: TypeAlias = "Union[Scalar, Ref, Container]"


@dataclass(frozen=True)
class Distribution(metaclass=record):
    """Where an imported module comes from: ``stdlib``, or a distribution name and version."""

    name: str
    version: Optional[str] = None

    @property
    def is_stdlib(self) -> bool:
        return self.name == "stdlib"

    @property
    def is_local(self) -> bool:
        """The module came from no installed distribution the writer found (a module of the
        user's own, on ``sys.path``, dumped by reference): only its top-level package is named,
        and no ``pip install`` gives it back."""
        return self.version is None and not self.is_stdlib

    def __str__(self) -> str:
        return self.name if self.version is None else f"{self.name} {self.version}"


@dataclass(frozen=True)
class NamespaceNode(metaclass=record):
    """A synthetic module: the shared globals of the functions captured from one module."""

    module: str
    globals: Tuple[Tuple[str, Value], ...] = ()
    kind = "namespace"


@dataclass(frozen=True)
class ImportNode(metaclass=record):
    """A module imported by reference, with the submodules the sources reach through it."""

    module: str
    distribution: Distribution
    submodules: Tuple[str, ...] = ()
    kind = "import"


@dataclass(frozen=True)
class RefNode(metaclass=record):
    """An importable object by reference: ``getattr`` along ``qualname`` from ``module``."""

    module: str
    qualname: str
    distribution: Distribution
    kind = "ref"


@dataclass(frozen=True)
class CellNode(metaclass=record):
    """A closure cell; ``empty`` when the variable was unassigned at dumps time."""

    contents: Value = None
    empty: bool = False
    kind = "cell"


@dataclass(frozen=True)
class ValueNode(metaclass=record):
    """A container with identity: shared by several referrers or part of a cycle, or nested too
    deep to be written inline. Format 1 holds lists, dicts, sets and bytearrays; format 2 adds
    tuples and frozensets (shared, or nested deeper than one line holds)."""

    value: Container
    kind = "value"


@dataclass(frozen=True)
class FunctionNode(metaclass=record):
    """A function by source.

    ``source`` is the verbatim text with the common leading whitespace ``indent`` removed from
    each non-empty line (``def``) or the lambda expression exactly as cut (``lambda``);
    ``line`` is its first line in the original file; ``scope`` the compile-time qualname of what
    encloses it (``make_adder.<locals>``, ``Model``), empty at module level.
    """

    name: str
    qualname: str
    module: str
    namespace: str
    kind: str  # "def" or "lambda"
    source: str
    line: int
    indent: str = ""
    scope: str = ""
    file: str = ""
    signature: str = ""
    future: Tuple[str, ...] = ()
    imported: Tuple[str, ...] = ()
    closure: Tuple[Tuple[str, Value], ...] = ()
    defaults: Value = None
    kwdefaults: Value = None
    annotations: Tuple[Tuple[str, str], ...] = ()
    doc: Value = None
    attributes: Tuple[Tuple[str, Value], ...] = ()
    # Modules the body imports when it runs (``import json`` inside the def): checked and
    # imported at load like every import, so a missing one is reported before anything runs.
    body_imports: Tuple[Value, ...] = ()
    # Format 2: the id of the class section whose source holds this function (a method captured
    # through its class): its code is the def at ``line`` in that class's compiled statement, and
    # the node has no source, indent, scope, file, future or imported names of its own.
    in_class: str = ""
    # Format 3. The ``typing.overload`` stubs of this implementation (``typing.get_overloads``),
    # registered again at load: typing keeps them by module and qualname, not in the function.
    overloads: Tuple[Value, ...] = ()
    # Format 3. The names of the class body that encloses a generic def (3.12+, ``scope`` a
    # class) read by its type parameters' lazily evaluated bounds, constraints and defaults
    # (``def m[T: Limit]`` under ``Limit = int``), with their values: a function dumped without
    # its class has no class body to read them from at load.
    scope_names: Tuple[Tuple[str, Value], ...] = ()


@dataclass(frozen=True)
class ReduceNode(metaclass=record):
    """An object rebuilt by a call, as the pickle reduce protocol describes it:
    ``obj = callable(*args, **kwargs)``, then ``state`` (``__setstate__`` or ``__dict__``),
    then ``listitems`` appended and ``dictitems`` set."""

    callable: Value
    args: Value = TupleValue(())
    kwargs: Value = None
    state: Value = None
    listitems: Value = None
    dictitems: Value = None
    # The sixth item of a reduce result: called as state_setter(obj, state) instead.
    state_setter: Value = None
    kind = "reduce"


@dataclass(frozen=True)
class ClassNode(metaclass=record):
    """A class by source: its class statement is executed again in its namespace at load, so
    decorators, metaclasses and ``__init_subclass__`` act as when it was first defined.

    ``closure`` holds the enclosing function's variables its methods use (a class defined in a
    function); ``attributes`` the state captured from the live class, set after the statement
    runs, so changes made after the definition win.
    """

    name: str
    qualname: str
    module: str
    namespace: str
    source: str
    line: int
    indent: str = ""
    scope: str = ""
    file: str = ""
    future: Tuple[str, ...] = ()
    imported: Tuple[str, ...] = ()
    closure: Tuple[Tuple[str, Value], ...] = ()
    attributes: Tuple[Tuple[str, Value], ...] = ()
    # Names the class statement binds that were deleted from the class afterwards.
    deleted: Tuple[str, ...] = ()
    # Format 2. A class nested in another class's statement: the id of that class's section; the
    # class is the one the outer statement binds under ``name`` (no source of its own).
    in_class: str = ""
    # Format 2. A class made by a call rather than a class statement (``type(...)``, the
    # functional Enum API, ``make_dataclass``): the value that makes it, usually a reduce section.
    made_by: Value = None
    # Format 2. ABCs this class was registered with as a virtual subclass (``ABC.register``).
    registered_with: Tuple[Value, ...] = ()
    # Format 3. Classes by reference (a built-in or a library's class) registered with this ABC
    # as virtual subclasses (``Shape.register(tuple)``): they have no section to say so from.
    registry: Tuple[Value, ...] = ()
    # Format 3. As FunctionNode.scope_names, for a generic class nested in a class statement
    # (``class Inner[T: Limit]`` under ``Limit = int``) dumped without it.
    scope_names: Tuple[Tuple[str, Value], ...] = ()
    kind = "class"


@dataclass(frozen=True)
class GuardNode(metaclass=record):
    """Format 3. A module-level import guarded against its failure (``try: import ujson`` /
    ``except ImportError: ujson = None``) in the module of the namespace ``namespace``: where a
    module of ``tries`` cannot be found at load, the namespace's globals ``fallbacks`` take the
    values the handler assigns, and the globals ``unbound`` (bound by the try, not by the
    handler) are left out, instead of the payload being refused."""

    namespace: str
    tries: Tuple[Value, ...]
    fallbacks: Tuple[Tuple[str, Value], ...] = ()
    unbound: Tuple[str, ...] = ()
    kind = "guard"


class KeptGuards:
    """Format 3. What a load decided of the ``guard`` sections of one namespace, kept beside the
    module it built (as its ``__loader__``, srcpickle being what loaded it), so that dumping what
    was loaded writes those guards again: a loaded module has no file whose ``try`` the capture
    could read. Data only, shared by every load of one payload text: ``nodes`` are the payload's
    sections before the guards were decided, ``namespace`` the namespace's id among them,
    ``guards`` each guard's id, section and whether the load took its fallbacks (a module it
    tries was not found), ``built`` the ids of the sections the load built."""

    __slots__ = ("nodes", "namespace", "guards", "built")

    def __init__(
        self,
        nodes: Dict[str, Node],
        namespace: str,
        guards: Tuple[Tuple[str, GuardNode, bool], ...],
        built: FrozenSet[str],
    ) -> None:
        self.nodes = nodes
        self.namespace = namespace
        self.guards = guards
        self.built = built

    def __repr__(self) -> str:
        return (
            f"<srcpickle guards of namespace {self.namespace!r}: {', '.join(g for g, _, _ in self.guards)}>"
        )


REDUCE_FIELDS = ("callable", "args", "kwargs", "state", "listitems", "dictitems", "state_setter")

Node: TypeAlias = (
    "Union[NamespaceNode, ImportNode, RefNode, CellNode, ValueNode, FunctionNode, ReduceNode, ClassNode, "
    "GuardNode]"
)

NODE_KINDS = {
    "namespace": NamespaceNode,
    "import": ImportNode,
    "ref": RefNode,
    "cell": CellNode,
    "value": ValueNode,
    "function": FunctionNode,
    "reduce": ReduceNode,
    "class": ClassNode,
    "guard": GuardNode,
}


def node_kind(node: Node) -> str:
    """The section keyword of ``node`` (``function``, ``cell``, ...)."""
    return "function" if isinstance(node, FunctionNode) else node.kind


@dataclass(frozen=True)
class Payload(metaclass=record):
    """A parsed or captured payload: header fields, the root value and the nodes by id.

    ``nodes`` keeps the order in which the document lists them (deterministic: the capture's
    traversal order).
    """

    root: Value
    nodes: Dict[str, Node] = field(default_factory=dict)
    requires_python: Tuple[int, int] = (3, 9)
    # What in the sources needs ``requires_python`` ("a match statement in classify"), if any.
    requires_python_for: str = ""
    written_by: str = ""
    # The version it was read from (or will be written in): not part of its value, which is the
    # same in every version that can express it.
    format_version: int = field(default=FORMAT_VERSION, compare=False)
    # Where each node's section (a function's source block) starts in the parsed text: error
    # messages use it; it is not part of the payload's value.
    positions: Dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def functions(self) -> Iterator[Tuple[str, FunctionNode]]:
        """Each function node with its id, in document order."""
        for node_id, node in self.nodes.items():
            if isinstance(node, FunctionNode):
                yield node_id, node

    def sources(self) -> Iterator[Tuple[str, Union[FunctionNode, ClassNode]]]:
        """Each node that carries a source text of its own (functions and classes) with its id,
        in order; methods and nested classes written inside their class's source, and classes
        made by calls, are not among them (see ``code_nodes``)."""
        for node_id, node in self.nodes.items():
            if isinstance(node, (FunctionNode, ClassNode)) and has_source(node):
                yield node_id, node

    def code_nodes(self) -> Iterator[Tuple[str, Union[FunctionNode, ClassNode]]]:
        """Every function and class node with its id, in order."""
        for node_id, node in self.nodes.items():
            if isinstance(node, (FunctionNode, ClassNode)):
                yield node_id, node

    def imports(self) -> Iterator[Tuple[str, Union[ImportNode, RefNode]]]:
        """Each import and by-reference node with its id, in document order."""
        for node_id, node in self.nodes.items():
            if isinstance(node, (ImportNode, RefNode)):
                yield node_id, node

    @property
    def root_node(self) -> Optional[Node]:
        """The node the root refers to, or None when the root is a plain value."""
        return self.nodes.get(self.root.id) if isinstance(self.root, Ref) else None


def has_source(node: Union[FunctionNode, ClassNode]) -> bool:
    """Whether a function or class node carries a source of its own (format 1 nodes always do)."""
    if isinstance(node, ClassNode):
        return not node.in_class and node.made_by is None
    return not node.in_class


def carries_annotations(node: FunctionNode) -> bool:
    """Whether ``node`` carries its function's live annotations (format 3), which a loader sets
    instead of evaluating its ``annotation`` texts."""
    return any(name == "__annotations__" for name, _ in node.attributes)


def format_needed(payload: Payload) -> int:
    """The lowest format version that can express ``payload``: 1 unless it uses a format 2
    addition (a value section holding a tuple or frozenset, a method or nested class written
    inside its class's source, a class made by a call, virtual subclass registrations) or the
    format 3 ones (a function's live ``__annotations__``, which its source does not give; an ABC's
    registry of classes by reference; a float nan other than ``float("nan")``; a function's
    ``typing.overload`` stubs; a guard section)."""
    version = nodes_format(payload.nodes)
    if version < 3:
        # (the root too: a root that is plain data is written inline in the header)
        if holds_in_payload(payload, holds_unusual_nan):
            return 3
    return version


def written_format(payload: Payload, needed: Optional[int] = None) -> int:
    """The format a writer writes ``payload`` in when not told one: the lowest that expresses it
    (``format_needed``, given as ``needed`` when known), or format 3 for a payload of format 3
    (captured as such, or parsed from one) that format 3 writes smaller (``smaller_in_format_3``).
    A payload parsed from format 1 or 2 is written again in its own format, as it was (the golden
    corpora re-write byte for byte); ``dumps`` writes format 3 for every payload that format 3
    writes smaller (the capture computes it)."""
    version = format_needed(payload) if needed is None else needed
    if version < 3 and payload.format_version >= 3 and smaller_in_format_3(payload):
        return 3
    return version


def smaller_in_format_3(payload: Payload) -> bool:
    """Whether format 3 writes ``payload`` smaller, so that ``dumps`` writes it in format 3: it
    holds a long run of ints (``packs_ints``), or two function or class sections with a source
    of their own name one namespace (``shares_namespace``)."""
    return shares_namespace(payload.nodes) or packs_any_ints(payload)


def shares_namespace(nodes: Dict[str, Node]) -> bool:
    """Whether two function or class nodes of ``nodes`` with a source of their own name one
    namespace: format 3 writes their module and file once, in the namespace's section. (A
    method written inside its class's source has no file to share: a class and its methods
    alone stay format 2.)"""
    seen = set()
    for node in nodes.values():
        if isinstance(node, (FunctionNode, ClassNode)) and has_source(node):
            if node.namespace in seen:
                return True
            seen.add(node.namespace)
    return False


def packs_any_ints(payload: Payload) -> bool:
    """Whether a list or tuple of ``payload`` (its root or a node's value) ``packs_ints``."""
    return holds_in_payload(payload, holds_packed_ints)


# Format 3. A list or tuple of at least this many items, each an exact int (not a bool) of at
# most 64 bits, is written as one packed literal (``[*ints('<i3', 100000, 'BASE64')]``, see
# ``_fmt.packed.pack_ints``). Shorter lists stay decimal, which a person reads at a glance (64 small
# ints are about 250 characters in decimal, 88 packed), and a payload holding only such lists
# stays format 1 or 2.
INT_PACK_MIN = 64


def packs_ints(items: Tuple[Value, ...]) -> bool:
    """Whether a list or tuple of ``items`` is written as a packed run of ints (format 3)."""
    if len(items) < INT_PACK_MIN or type(items[0]) is not int or set(map(type, items)) != _INT_ONLY:
        return False
    from struct import error, pack  # imported where used: most payloads hold no long run of ints

    try:
        pack(f"<{len(items)}q", *items)
    except (error, OverflowError):  # (CPython says struct.error, PyPy may say OverflowError)
        return False
    return True


_INT_ONLY = frozenset({int})


def _is_packed_run(value: Value) -> bool:
    return isinstance(value, (TupleValue, ListValue)) and packs_ints(value.items)


def _holds_more_than_scalars(items: Tuple[Value, ...]) -> bool:
    return not SCALAR_TYPES.issuperset(map(type, items))  # (C loops: plain data skipped fast)


def holds_packed_ints(value: Value) -> bool:
    """Whether ``value`` is, or holds written inline, a list or tuple that ``packs_ints``."""
    return _holds(value, _is_packed_run, _holds_more_than_scalars)


def _holds(value: Value, found: Callable[[Value], bool], walked: Callable[[Tuple[Value, ...]], bool]) -> bool:
    """Whether ``value``, or a value it holds written inline (a dict's keys and values, the items
    of a list, tuple, set or frozenset where ``walked(items)``), is ``found``."""
    stack = [value]
    while stack:
        current = stack.pop()
        if found(current):
            return True
        if isinstance(current, DictValue):
            for pair in current.items:
                stack.extend(pair)
        elif isinstance(current, (TupleValue, ListValue, SetValue, FrozenSetValue)) and walked(current.items):
            stack.extend(current.items)
    return False


def holds_in_payload(payload: Payload, holds: Callable[[Value], bool]) -> bool:
    """Whether ``holds`` is true of the root of ``payload`` or of a value of one of its nodes."""
    return holds(payload.root) or any(
        holds(value) for node in payload.nodes.values() for value in node_values(node)
    )


def nodes_format(nodes: Dict[str, Node]) -> int:
    """``format_needed`` of a payload holding ``nodes`` (without making the payload)."""
    # One pass (every dumps asks this twice): a format 3 addition anywhere decides at once.
    version = 1
    for node in nodes.values():
        if isinstance(node, FunctionNode):
            if node.attributes and carries_annotations(node):
                return 3
            if node.overloads or node.scope_names:
                return 3
            if node.in_class:
                version = 2
        elif isinstance(node, ValueNode):
            if isinstance(node.value, (TupleValue, FrozenSetValue)):
                version = 2
        elif isinstance(node, GuardNode):
            return 3
        elif isinstance(node, ClassNode):
            if node.registry or node.scope_names:
                return 3
            if node.in_class or node.made_by is not None or node.registered_with:
                version = 2
    return version


# The scalar types a value can be (checked by exact type: fast on large containers of data).
SCALAR_TYPES = frozenset({type(None), bool, int, float, complex, str, bytes})

# The bits of float("nan") on every Python srcpickle runs on (IEEE 754 binary64, the quiet nan
# with no sign and no payload): the one nan formats 1 and 2 can write.
PLAIN_NAN_BITS = 0x7FF8000000000000


def float_bits(value: float) -> int:
    """The 64 bits of the IEEE 754 double ``value``, as an unsigned int."""
    import struct  # imported where used: only a nan needs its bits

    return int(struct.unpack("<Q", struct.pack("<d", value))[0])


def is_unusual_nan(value: object) -> bool:
    """Whether ``value`` is a float nan (or a complex with a nan part) whose bits are not
    ``PLAIN_NAN_BITS``: one with its sign bit set (``-float("nan")``, ``inf * 0``) or payload
    bits (R's NA), which only format 3 writes."""
    if isinstance(value, complex):
        return is_unusual_nan(value.real) or is_unusual_nan(value.imag)
    return isinstance(value, float) and value != value and float_bits(value) != PLAIN_NAN_BITS


def _may_hold_a_nan(items: Tuple[Value, ...]) -> bool:
    kinds = set(map(type, items))  # C loops: a list of ints is skipped fast
    return float in kinds or complex in kinds or not SCALAR_TYPES.issuperset(kinds)


def holds_unusual_nan(value: Value) -> bool:
    """Whether ``value`` is, or holds written inline, a nan that ``is_unusual_nan``."""
    return _holds(value, is_unusual_nan, _may_hold_a_nan)


def iter_refs(value: Value) -> Iterator[Ref]:
    """Every ``Ref`` inside ``value``, depth first (with an explicit stack: values written inline
    nest at most ``MAX_NESTING`` deep, but this also serves values being built)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if type(current) in SCALAR_TYPES:
            continue
        if isinstance(current, Ref):
            yield current
        elif isinstance(current, DictValue):
            for key, item in reversed(current.items):
                stack.append(item)
                stack.append(key)
        elif isinstance(current, (TupleValue, ListValue, SetValue, FrozenSetValue)):
            if not SCALAR_TYPES.issuperset(map(type, current.items)):  # C loops: plain data skipped fast
                stack.extend(item for item in reversed(current.items) if type(item) not in SCALAR_TYPES)


def map_values(node: Node, change: Callable[[Value], Value]) -> Node:
    """A copy of ``node`` with ``change`` applied to every value it holds (see ``node_values``)."""
    if isinstance(node, NamespaceNode):
        # Both fields by position: the records' quick way in (replace() takes keywords).
        return NamespaceNode(node.module, tuple([(n, change(v)) for n, v in node.globals]))
    if isinstance(node, CellNode):
        return replace(node, contents=change(node.contents))
    if isinstance(node, ValueNode):
        return ValueNode(change(node.value))  # type: ignore[arg-type]
    if isinstance(node, ReduceNode):
        return replace(
            node,
            **{key: change(getattr(node, key)) for key in REDUCE_FIELDS},
        )
    if isinstance(node, ClassNode):
        return replace(
            node,
            closure=tuple((n, change(v)) for n, v in node.closure),
            attributes=tuple((n, change(v)) for n, v in node.attributes),
            made_by=change(node.made_by),
            registered_with=tuple(change(v) for v in node.registered_with),
            registry=tuple(change(v) for v in node.registry),
            scope_names=tuple((n, change(v)) for n, v in node.scope_names),
        )
    if isinstance(node, FunctionNode):
        return replace(
            node,
            closure=tuple((n, change(v)) for n, v in node.closure),
            defaults=change(node.defaults),
            kwdefaults=change(node.kwdefaults),
            doc=change(node.doc),
            attributes=tuple((n, change(v)) for n, v in node.attributes),
            body_imports=tuple(change(v) for v in node.body_imports),
            overloads=tuple(change(v) for v in node.overloads),
            scope_names=tuple((n, change(v)) for n, v in node.scope_names),
        )
    if isinstance(node, GuardNode):
        return replace(
            node,
            tries=tuple(change(v) for v in node.tries),
            fallbacks=tuple((n, change(v)) for n, v in node.fallbacks),
        )
    return node


def node_values(node: Node) -> Iterator[Value]:
    """Every value a node holds, in field order (used to follow references)."""
    if isinstance(node, NamespaceNode):
        for _, value in node.globals:
            yield value
    elif isinstance(node, CellNode):
        yield node.contents
    elif isinstance(node, ValueNode):
        yield node.value
    elif isinstance(node, ReduceNode):
        for key in REDUCE_FIELDS:
            yield getattr(node, key)
    elif isinstance(node, ClassNode):
        yield Ref(node.namespace)
        if node.in_class:
            yield Ref(node.in_class)
        yield node.made_by
        for _, value in node.closure:
            yield value
        for _, value in node.attributes:
            yield value
        yield from node.registered_with
        yield from node.registry
        for _, value in node.scope_names:
            yield value
    elif isinstance(node, FunctionNode):
        yield Ref(node.namespace)
        if node.in_class:
            yield Ref(node.in_class)
        for _, value in node.closure:
            yield value
        yield node.defaults
        yield node.kwdefaults
        yield node.doc
        for _, value in node.attributes:
            yield value
        yield from node.body_imports
        yield from node.overloads
        for _, value in node.scope_names:
            yield value
    elif isinstance(node, GuardNode):
        yield Ref(node.namespace)
        yield from node.tries
        for _, value in node.fallbacks:
            yield value


def reduce_cycles(nodes: Dict[str, Node]) -> Set[str]:
    """The ids of the reduce nodes of ``nodes`` that need themselves to be built: made by a call
    whose callable or arguments reach them again (through containers or other reduce nodes'
    arguments; a reduce node's state, set after it is made, is no such need). No loader can
    build one, so the loader refuses such a payload and the capture refuses to write it.

    They lie exactly on a cycle of the "needs" graph: in a strongly connected component of more
    than one node or with an edge to itself (one pass of Tarjan's algorithm, iterative, so a
    chain of 100k sections is no recursion; linear in nodes plus references).
    """
    if ReduceNode not in set(map(type, nodes.values())):  # (a C loop, no generator)
        return set()  # only a reduce node can need itself (most payloads have none)
    builds = (ReduceNode, ValueNode)  # (a class, function or import node needs nothing built)
    needs: Dict[str, List[str]] = {}
    for node_id, node in nodes.items():
        kind = type(node)
        if kind is ReduceNode:
            values: List[Value] = [node.callable, node.args, node.kwargs]  # type: ignore[union-attr]
        elif kind is ValueNode:
            values = [node.value]  # type: ignore[union-attr]
        else:
            continue
        targets = [r.id for value in values for r in iter_refs(value) if type(nodes.get(r.id)) in builds]
        if targets:
            needs[node_id] = targets
    # A node that needs nothing is on no cycle, nor is one that needs only such nodes: pruned
    # first, each once (a list of 1,000 instances made from scalars: no search; a chain of
    # 10,000 calls: linear), the search left to what remains.
    if not needs:
        return set()
    waiting = {node_id: len(targets) for node_id, targets in needs.items()}
    needed_by: Dict[str, List[str]] = {}
    done = []
    for node_id, targets in needs.items():
        for target in targets:
            if target in waiting:
                needed_by.setdefault(target, []).append(node_id)
            else:
                waiting[node_id] -= 1  # a target that needs nothing
        if not waiting[node_id]:
            done.append(node_id)
    while done:
        for source in needed_by.get(done.pop(), ()):
            waiting[source] -= 1
            if not waiting[source]:
                done.append(source)
    needs = {node_id: targets for node_id, targets in needs.items() if waiting[node_id]}
    if not needs:
        return set()
    on_cycle = _nodes_on_cycles(needs)
    return {node_id for node_id in on_cycle if type(nodes[node_id]) is ReduceNode}


def _nodes_on_cycles(edges: Dict[str, List[str]]) -> Set[str]:
    """The nodes of ``edges`` (node -> the nodes it needs) that lie on a cycle."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    result: Set[str] = set()
    for root in edges:
        if root in index:
            continue
        # Each frame: a node and the position of the next of its edges to follow.
        work: List[Tuple[str, int]] = [(root, 0)]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, position = work[-1]
            targets = edges.get(node, [])
            if position < len(targets):
                work[-1] = (node, position + 1)
                target = targets[position]
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in targets:
                    result.update(component)
    return result


def errors() -> types.ModuleType:
    """The ``srcpickle.errors`` module, imported by its first use: a dumps or loads that succeeds
    never needs it, and creating its nineteen classes cost ``import srcpickle`` ~2.2M instructions
    (issue 9). An except clause's expression is evaluated only when an exception reaches it, so
    ``except errors().SourceMismatchError:`` imports nothing on the path that raises nothing."""
    from . import errors as module

    return module

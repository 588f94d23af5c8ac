"""The builder every rebuild handler runs in: objects by node id, and the trampoline.

Building goes in phases, so that nothing runs before the objects it may need exist:

1. every object that has identity before its contents: fresh modules for namespaces, imported
   modules and ``ref`` objects, empty cells, empty containers, and every function, made from its
   compiled code (decorators and default expressions in the source never run);
2. every namespace gets the globals whose values run no code (modules, functions, literal data);
3. every node is completed, in document order: a container filled, a cell set, a call made (a
   ``reduce`` section, a class made by a call), a class statement run. A node that needs another
   (a call's arguments, a class's bases) has it completed first; a node's completion is a
   generator that yields the ids it needs, and ``drive`` runs them with an explicit stack, so a
   chain of 10,000 objects costs memory, never a ``RecursionError``;
4. the state captured from each live class is set on it (``attribute``, ``deleted``,
   ``registered-with``), every namespace gets its final globals, annotations are evaluated;
5. the root value is made.

Before payload code runs (a class statement, a call), the globals that code reads are set in its
namespace, as far as they can be built by then (``provide``): the statement's own names, and those
of every class and function of the payload that may run inside it (a base's
``__init_subclass__``, a metaclass, a descriptor's ``__set_name__``, a decorator).

Exceptions raised by payload code while it builds come out as ``LoadError`` naming the section,
with the original exception chained.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Generator, List, Optional, Set, Tuple, Union

from .._fmt.read import known_ints
from .._model import (
    SCALAR_TYPES,
    BytearrayValue,
    ClassNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    ListValue,
    Payload,
    ReduceNode,
    Ref,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    iter_refs,
    node_kind,
)
from ..errors import LoadError, PayloadFormatError, SrcpickleError
from .compiler import Compiled

STARTED = 1
DONE = 2


class Blocked(Exception):
    """A completion running softly needs a node in progress whose object does not exist yet."""


class Hard:
    """What a step yields for a node it needs once it did something that cannot be undone (made
    its object): never ``Blocked``, and what it starts does not run softly."""

    __slots__ = ("node_id",)

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id


class Soft:
    """What a step yields to have a node completed if it can be now: the answer is whether its
    object is available (a node in progress further up, whose object does not exist yet, is not)."""

    __slots__ = ("node_id",)

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id


# A step yields node ids it needs completed (or Soft requests) and gets None (or a bool) back.
Step = Generator[Union[str, Soft, Hard], Optional[bool], Any]
Handler = Callable[["Builder", str, Any], Step]


def _waiting_on_made(
    stack: List[Tuple[Step, str, bool, bool]], node_id: str, objects: Dict[str, Any]
) -> Optional[Tuple[int, int]]:
    # Each step of the stack waits for the node of the step above it. From node_id's step, the
    # steps up to the first node whose object is made (start, end: stack[start:end]), or None:
    # the last of them waits for a node that is there as ``require`` means it (in progress with
    # its object made), and each of the others for the one above it.
    start = next((index for index, entry in enumerate(stack) if entry[1] == node_id), None)
    if start is None:
        return None
    for end in range(start + 1, len(stack)):
        if stack[end][1] in objects:
            return start, end
    return None


class Builder:
    """Builds a payload's objects (see the module docstring for the phases)."""

    def __init__(
        self,
        payload: Payload,
        compiled: Dict[str, Compiled],
        complete: Dict[type, Handler],
        reuse_classes: bool = True,
    ) -> None:
        self.payload = payload
        self.nodes = payload.nodes
        self.compiled = compiled
        self.handlers = complete
        self.objects: Dict[str, Any] = {}
        self.state: Dict[str, int] = {}
        # Globals set before any payload code ran, and globals set to a stand-in (an empty
        # container whose contents could not be built yet), by namespace id.
        self.assigned: Dict[str, Set[str]] = {}
        self.stand_ins: Dict[str, Set[str]] = {}
        # Function and class nodes whose globals were provided (see provide).
        self.provided: Set[str] = set()
        # Each class built -> its node id (to find a built class's payload node: a base's hooks).
        self.class_nodes: Dict[int, str] = {}
        # Nested classes by the class section they are written in.
        self.members: Dict[str, List[str]] = {}
        # The class section made by each call section that makes a class (its made-by).
        self.makers: Dict[str, str] = {}
        # Synthetic file names registered, by the node id whose source they hold.
        self.filenames: Dict[str, str] = {}
        # Which value sections (transitively) hold a class or a call: building them runs code.
        self._runs_code: Dict[str, bool] = {}
        # Whether the step running now runs softly (see drive).
        self.soft = False
        # Whether a class statement loaded before in this process gives the class it made then
        # (see classes.class_key); never under an allow-list.
        self.reuse_classes = reuse_classes
        # Class sections that gave a live class of this process, whose state is left as it is.
        self.originals: Set[str] = set()
        # What the work outside drive is building now: (node id, which part of it), for the
        # error of an exception it raises (see wrap); ("", "") for the payload as a whole.
        self.at: Tuple[str, str] = ("", "")

    # ---------------------------------------------------------------------------- driving

    def complete(self, node_id: str) -> None:
        """Complete ``node_id`` and everything it needs first."""
        if self.state.get(node_id) is None:
            self.drive(self._completion(node_id), node_id)

    def drive(self, first: Step, node_id: str = "") -> Any:
        """Run ``first`` (the completion of ``node_id``, if any) and every completion it leads to,
        without recursion; return its result.

        A completion started because a step asked for a node softly (``Soft``) runs *softly*:
        when it needs a node in progress further up whose object does not exist yet, it is
        ``Blocked``: it is undone (it will be started again when needed) and the step that asked
        is told the node is not available, instead of failing.
        """
        # (step, node id, started by a soft request, runs softly)
        stack: List[Tuple[Step, str, bool, bool]] = [(first, node_id, False, False)]
        sent: Any = None
        error: Optional[BaseException] = None
        while stack:
            step, node_id, asked_softly, soft = stack[-1]
            self.soft = soft
            try:
                wanted = step.throw(error) if error is not None else step.send(sent)
                error = None
            except StopIteration as stop:
                stack.pop()
                if node_id:
                    self.state[node_id] = DONE
                    sent = True  # what a step that needed this node is told: it is available
                else:
                    sent = stop.value
                continue
            except Blocked as exc:
                stack.pop()
                if node_id and node_id not in self.objects:
                    del self.state[node_id]  # undone: started again when something needs it
                if asked_softly:
                    sent, error = False, None
                elif not stack:
                    raise LoadError(f"a section cannot be built: {exc}") from None
                else:
                    error = exc
                continue
            except SrcpickleError as exc:
                stack.pop()
                if not stack:
                    raise
                error = exc
                continue
            except Exception as exc:  # payload code (or a library it called) failed
                stack.pop()
                wrapped = self._wrap(node_id, exc)
                if not stack:
                    raise wrapped from exc
                wrapped.__cause__ = exc
                error = wrapped
                continue
            asks_softly = isinstance(wanted, Soft)
            asks_hard = isinstance(wanted, Hard)
            wanted_id = wanted if isinstance(wanted, str) else wanted.node_id
            progress = self.state.get(wanted_id)
            if progress == DONE:
                sent = True
            elif progress == STARTED:
                if wanted_id in self.objects:
                    sent = True  # in progress further up, but its object exists: a cycle
                elif asks_softly:
                    sent = False
                elif soft and not asks_hard:
                    error = Blocked(wanted_id)
                elif (span := _waiting_on_made(stack, wanted_id, self.objects)) is not None:
                    # The node wanted waits further down, through the steps above it, for a
                    # node whose object is made now (an instance whose state holds its own bound
                    # method, or a partial of one): as pickle does, those steps go on with that
                    # object, before the ones above them, which then have what they wait for.
                    start, end = span
                    waiting = stack[start:end]
                    del stack[start:end]
                    stack.extend(waiting)
                    sent = True
                else:
                    node = self.nodes[wanted_id]
                    error = PayloadFormatError(
                        f"{node_kind(node)} section @{wanted_id} is needed to build itself "
                        "(its own constructor arguments, bases or class statement need it)",
                        self.payload.positions.get(wanted_id) or None,
                    )
            else:
                runs_softly = (soft and not asks_hard) or asks_softly
                stack.append((self._completion(wanted_id), wanted_id, asks_softly, runs_softly))
                sent = None
        self.soft = False
        return sent

    def _completion(self, node_id: str) -> Step:
        self.state[node_id] = STARTED
        node = self.nodes[node_id]
        return self.handlers[type(node)](self, node_id, node)

    def wrap(self, exc: BaseException) -> LoadError:
        """The ``LoadError`` for ``exc``, raised by the work done outside ``drive`` (the first
        phases, the root value) on what ``at`` names, as ``drive`` makes it for its steps."""
        node_id, part = self.at
        return self._wrap(node_id, exc, part)

    def _wrap(self, node_id: str, exc: BaseException, part: str = "") -> LoadError:
        if not node_id:
            what = part or "the payload"
            return LoadError(
                f"building {what} raised {type(exc).__name__}: {exc}; the original exception is chained"
            )
        node = self.nodes[node_id]
        what = f"{node_kind(node)} section @{node_id}"
        qualname = getattr(node, "qualname", None)
        if qualname:
            about = [qualname]
        elif node_id in self.objects and not part:
            about = [f"a {type(self.objects[node_id]).__qualname__} object"]
        elif isinstance(node, ReduceNode) and isinstance(node.callable, Ref):
            about = [f"made by @{node.callable.id}"]
        else:
            about = []
        if part:
            about.append(part)
        if about:
            what += f" ({', '.join(about)})"
        detail = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, RecursionError):
            # srcpickle builds without recursion: the recursion is in code that ran.
            detail += (
                " (code that ran while building it recursed without end: the object's own "
                "__getattr__, __setstate__ or __init__, say, called before its state was set)"
            )
        return LoadError(f"building {what} raised {detail}; the original exception is chained")

    # ------------------------------------------------------------------------------ values

    def require(self, value: Value) -> Step:
        """Have every node ``value`` refers to completed (or in progress with its object made)."""
        for ref in iter_refs(value):
            if self.state.get(ref.id) != DONE:
                yield ref.id

    def require_now(self, value: Value) -> Step:
        """``require``, for a step past the point of no return (see ``Hard``)."""
        for ref in iter_refs(value):
            if self.state.get(ref.id) != DONE:
                yield Hard(ref.id)

    def require_data(self, value: Value) -> Step:
        """Have the value sections ``value`` refers to completed: what it needs to be built, when
        it runs no code (functions, cells and modules exist from the first phase)."""
        for ref in iter_refs(value):
            if self.state.get(ref.id) != DONE and isinstance(self.nodes[ref.id], ValueNode):
                yield ref.id

    def available(self, value: Value) -> Step:
        """Complete what ``value`` refers to where that can be done now; whether all of it is."""
        ready = True
        for ref in iter_refs(value):
            if self.state.get(ref.id) != DONE and not (yield Soft(ref.id)):
                ready = False
        return ready

    def materialize(self, value: Value) -> Any:
        """The object ``value`` stands for; every node it refers to must have its object."""
        if type(value) in SCALAR_TYPES:
            return value
        if isinstance(value, Ref):
            try:
                return self.objects[value.id]
            except KeyError:
                raise PayloadFormatError(
                    f"section @{value.id} is needed before it can be built",
                    self.payload.positions.get(value.id) or None,
                ) from None
        if isinstance(value, TupleValue):
            return tuple(self.materialize(item) for item in value.items)
        if isinstance(value, FrozenSetValue):
            return frozenset(self.materialize(item) for item in value.items)
        if isinstance(value, (ListValue, DictValue, SetValue, BytearrayValue)):
            container = empty_container(value)
            fill_container(container, value, self.materialize)
            return container
        return value

    def runs_code(self, value: Value) -> bool:
        """Whether building ``value`` runs payload code: it holds (through containers) a class or
        a call."""
        for ref in iter_refs(value):
            if self._node_runs_code(ref.id):
                return True
        return False

    def _node_runs_code(self, start: str) -> bool:
        known = self._runs_code.get(start)
        if known is not None:
            return known
        # Depth first over the value sections reachable from start, with an explicit stack.
        order: List[str] = []
        seen = {start}
        stack = [start]
        found = False
        while stack:
            node_id = stack.pop()
            order.append(node_id)
            node = self.nodes[node_id]
            if isinstance(node, (ClassNode, ReduceNode)):
                found = True
                break
            if isinstance(node, ValueNode):
                for ref in iter_refs(node.value):
                    cached = self._runs_code.get(ref.id)
                    if cached:
                        found = True
                        break
                    if cached is None and ref.id not in seen:
                        seen.add(ref.id)
                        stack.append(ref.id)
                if found:
                    break
        if found:
            self._runs_code[start] = True
        else:
            for node_id in order:
                self._runs_code[node_id] = False
        return found

    def is_kind(self, value: Value, kinds: Tuple[type, ...]) -> bool:
        """Whether ``value`` is a reference to a node of one of ``kinds``."""
        return isinstance(value, Ref) and isinstance(self.nodes.get(value.id), kinds)

    def is_function(self, value: Value) -> bool:
        """Whether ``value`` refers to a function section."""
        return self.is_kind(value, (FunctionNode,))


def empty_container(value: Value) -> Any:
    """A new empty list, dict, set or bytearray of the kind ``value`` describes."""
    if isinstance(value, ListValue):
        return []
    if isinstance(value, DictValue):
        return {}
    if isinstance(value, SetValue):
        return set()
    if isinstance(value, BytearrayValue):
        return bytearray()
    raise PayloadFormatError(f"a value section cannot hold {type(value).__name__} here")


def fill_container(container: Any, value: Value, materialize: Callable[[Value], Any]) -> None:
    """Put the items of ``value`` into ``container`` (made by ``empty_container``)."""
    if isinstance(value, ListValue):
        # C loops: long lists of numbers; none for a run of ints the parser made
        if known_ints(value.items) or SCALAR_TYPES.issuperset(map(type, value.items)):
            container.extend(value.items)  # plain data, as it is
        else:
            container.extend(materialize(item) for item in value.items)
    elif isinstance(value, DictValue):
        for key, item in value.items:
            container[materialize(key)] = materialize(item)
    elif isinstance(value, SetValue):
        container.update(materialize(item) for item in value.items)
    elif isinstance(value, BytearrayValue):
        container.extend(value.data)

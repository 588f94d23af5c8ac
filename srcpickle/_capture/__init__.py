"""Walk an object graph into a ``Payload``: the walker, and the dispatch of each object to its handler.

Functions and classes of the user's own go by source, with what their code reads captured by
value; modules, functions and classes of the standard library and of installed distributions go by
reference; other objects go as the call that makes them. One handler per kind of object, chosen by
``dispatch`` the way pickle dispatches ``save_*`` per type: plain data (``values``), modules and
the globals code reads from them (``modules``), functions and cells (``functions``), classes
(``classes``), other objects (``objects``). They run in one walker (``Capturer``, here) that
follows the graph with an explicit stack, so deep data costs memory, never a ``RecursionError``.
Walking the graph and choosing each object's handler are one concern, in one module: a first
dumps imports it once (issue 9), and the handlers of each kind on first need.

A handler captures one kind of object. It is a generator: to get the payload value of an object it
reaches (an item, a global, a cell's contents) it yields a ``Need`` and receives the value back.
``Capturer.value`` drives the handlers with an explicit stack instead of recursion, so a list
nested 10,000 deep or a linked list of 10,000 instances costs memory, never a ``RecursionError``;
the order in which objects are reached (and so the document order and every node id) is exactly
that of a recursive depth-first walk.

Every object with identity is visited once (the memo, keyed by ``id()``, with the object kept
alive until the capture ends), so shared references and cycles come out as references between
nodes.

The traversal order is fixed (globals sorted by name, cells in ``co_freevars`` order, set items
in an order independent of hashes and addresses), so the same object always gives the same
payload.
"""

from __future__ import annotations

import functools
import sys
import types

from .. import __version__
from .._deps import (
    MIN_PYTHON,
    NO_OVERRIDES,
    REGISTERED_BY_VALUE,
    SHARED_PACKAGES,
    Overrides,
    is_user_module,
)
from .._model import (
    INT_PACK_MIN,
    ClassNode,
    FunctionNode,
    ImportNode,
    KeptGuards,
    ListValue,
    NamespaceNode,
    Node,
    Payload,
    ReduceNode,
    Ref,
    TupleValue,
    Value,
    ValueNode,
    errors,
    nodes_format,
    packs_ints,
    reduce_cycles,
    shares_namespace,
)
from .._records import check_record_maker, fields_reader, one_field_maker, positional_maker

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from _contextvars import ContextVar
    from typing import (
        Any,
        Callable,
        Dict,
        Generator,
        Iterable,
        List,
        Optional,
        Sequence,
        Set,
        Tuple,
        TypeAlias,
    )

    from ..errors import UnsupportedObjectError

__all__ = ["capture", "probe_text"]

# The scalar types and the leaf containers (lists, tuples, dicts and frozensets that may hold only
# scalars), as sets: one hash, not a tuple's up to seven comparisons (issue 9). A live object's type
# is never compared with a kind by == (``kind in (list, dict)``): that runs its metaclass's __eq__,
# user code that may raise, or lie (a metaclass whose __eq__ answers True made any instance "a
# list"). One object's type is looked up only when its metaclass is type itself (``type(kind) is
# type``), whose hash and == go by identity; a set of types is hashed in one C loop, where a
# metaclass's __hash__ that raises makes it "not all scalars" (its __eq__ runs only for a class
# whose hash equals a scalar type's).
SCALARS = frozenset({type(None), bool, int, float, complex, str, bytes})
LEAF_KINDS = frozenset({list, tuple, dict, frozenset})


def all_scalars(values: Any) -> bool:
    """Whether every one of ``values`` (live objects) is of a scalar type, in one C loop."""
    try:
        return SCALARS.issuperset(map(type, values))
    except Exception:  # noqa: BLE001 - a class its metaclass cannot hash is no scalar type
        return False


# How deep the walk may go before it refuses: far past any real data (the tests use 10,000), but
# bounded, so that an object graph that grows as it is walked (a __reduce__ that makes a new
# object every time) ends with an error instead of exhausting memory.
MAX_DEPTH = 100_000
# A path (where an object was found, for error messages) longer than this keeps its start and its
# end around the depth it reached: each object's path extends its holder's, so unbounded paths
# cost memory quadratic in the nesting (a dict nested 20,000 deep took 1 GB, 100,000 deep more
# than the machine had), and a message with 100,000 "['k']" is unreadable anyway.
MAX_PATH = 400
# The characters kept at each end of a shortened path.
_PATH_END = 150
# Ids of nodes that stay inline unless shared or nested too deep (tuples, frozensets) start with
# this character, which no written id can hold; the survivors get a real id when the capture ends.
PRIVATE = "\x00"
# The types of the singletons, with no importable name on every Python (NoneType is in PyPy's
# builtins and in types from 3.10, in neither on CPython 3.9): made as type(singleton).
SINGLETON_TYPES: Dict[type, Any] = {type(None): None, type(NotImplemented): NotImplemented, type(...): ...}
UNKNOWN = object()
# The pickler's flag, set while it captures (see _capture.capture): the classes a send captures
# by value are tracked as the originals of what comes back (_rebuild.classes.track_original).
# Made by the first send (sending_flag), so that no dumps imports _contextvars for it: an import,
# even of an empty module, costs a first dumps ~0.3M instructions (issue 9).
_SENDING: Dict[str, ContextVar[bool]] = {}
# Ref(node_id), for a third of the cost: one is made per node of every capture.
new_ref = one_field_maker(Ref)
# The references Capturer.ref and private_ref gave, by node id, for every capture of the process:
# a Ref is an immutable record of its id alone, so one serves every capture that names that id
# (a warm dumps names the same ids again; making a Ref costs ~0.4 us, a lookup a tenth of it).
# A capture keeps its own in Capturer._refs, so that clearing this table never gives it two
# references to one node. Bounded: cleared when full.
_REFS: Dict[str, Ref] = {}
_REFS_GET = _REFS.get
_REFS_MAX = 4096


def _shared_ref(node_id: str) -> Ref:
    # A new Ref(node_id), kept in _REFS (threads: two may make one each; either serves).
    ref = new_ref(node_id)
    if len(_REFS) >= _REFS_MAX:
        _REFS.clear()
    _REFS[node_id] = ref
    return ref


# The kinds of objects dispatch tells apart (here, not in .objects, so that dispatching a function
# or data does not import the handlers of other objects: issue 9).
BUILTIN_CALLABLES = (types.BuiltinFunctionType, types.BuiltinMethodType)
# Methods of built-in classes taken from the class (str.upper, object.__init__): by reference.
# (On PyPy these types are the plain function type or classmethod: nothing to add there.)
_PYTHON_LEVEL: Tuple[type, ...] = (
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    classmethod,
    staticmethod,
)
DESCRIPTORS = tuple(
    t
    for t in (types.MethodDescriptorType, types.WrapperDescriptorType, types.ClassMethodDescriptorType)
    if t not in _PYTHON_LEVEL
)
# The qualified name of what typing.NewType returns before Python 3.10 (and on PyPy 3.9).
NEWTYPE_FUNCTION = "NewType.<locals>.new_type"


class Need:
    """What a handler yields: the payload value of ``obj``, found at ``path``.

    ``hint`` names the node if one is made; ``chains`` are the attribute chains the code reads
    through ``obj`` when it is a module (``None``: not known, so everything in it).
    """

    __slots__ = ("obj", "path", "hint", "chains")

    def __init__(
        self, obj: Any, path: str, hint: str = "value", chains: Optional[List[Tuple[str, ...]]] = None
    ) -> None:
        self.obj = obj
        self.path = path
        self.hint = hint
        self.chains = chains


# Texts at run time: a subscripted typing alias costs a first dumps tens of microseconds each.
Step: TypeAlias = "Generator[Need, Value, Any]"
Handler: TypeAlias = "Callable[[Capturer, Any, Need], Step]"


class Namespace:
    """A namespace being captured: its globals grow as code of its module is visited."""

    # What a load decided of the guards of the module srcpickle built this namespace from (its
    # ``__loader__``: see _model.KeptGuards), and what this capture made of it (guards.kept_state).
    kept: Optional[KeptGuards] = None
    kept_state: Any = None
    # Everything in the module is being captured (it is passed around whole): set before that
    # walk, which may reach the module again (``import selfmod`` in selfmod, a package and its
    # submodule holding each other).
    whole = False

    def __init__(self, node_id: str, module: str, globals_: Dict[str, Any]) -> None:
        self.node_id = node_id
        self.module = module
        self.dict = globals_
        self.values: Dict[str, Value] = {}


# is_user_module's answers under no overrides (no module named by the call, none registered),
# for every capture of the process, by module name: (the module, its top-level package's name,
# that package, its __file__, the answer). For an imported module is_user_module reads nothing
# else but folder facts read once per process, so an answer holds while sys.modules holds those
# very objects and the file name is the same: a module imported again, a package's file name
# changed or a module not imported yet is asked again. Bounded: cleared when full.
_USER_ANSWERS: Dict[str, Tuple[Any, str, Any, Any, bool]] = {}
_USER_ANSWERS_MAX = 4096


def _plain_user_module(module_name: str) -> bool:
    # (a dumps of one function asks once for its module: ~0.7 us of file and folder tests)
    modules = sys.modules
    entry = _USER_ANSWERS.get(module_name)
    if entry is not None:
        module, top_name, top, path, known = entry
        if (
            modules.get(module_name) is module
            and modules.get(top_name) is top
            and getattr(top, "__file__", None) == path
        ):
            return known
    module = modules.get(module_name)
    top_name = module_name.partition(".")[0]
    top = modules.get(top_name)
    known = is_user_module(module_name, NO_OVERRIDES)
    if (
        module is None
        or modules.get(module_name) is not module
        or modules.get(top_name) is not top
        or REGISTERED_BY_VALUE  # (registered by another thread meanwhile: not a plain answer)
    ):
        return known  # not imported, or changed while asked: asked again next time
    if len(_USER_ANSWERS) >= _USER_ANSWERS_MAX:
        _USER_ANSWERS.clear()
    _USER_ANSWERS[module_name] = (module, top_name, top, getattr(top, "__file__", None), known)
    return known


class Capturer:
    """One capture: ``value(obj, path)`` walks ``obj``; ``nodes`` holds what it found.

    ``dispatch`` picks the handler for an object; ``parent`` makes a *probe*, a capture that
    treats everything its parent has already reached as done and is then thrown away (used to
    find out whether an object can be captured at all, without leaving half of it behind).
    """

    # Whether a node that needs a later format than 1 and is neither a value section nor a
    # class's was made (a function carrying its live annotations): a class attribute until
    # then, so that a capture does not set it.
    later_format = False
    # The item tuples of list and tuple values that hold exact ints only, when the caller wants
    # them (see capture): set then (a class attribute, so that other captures set nothing).
    # Each such run's items and what ``_fmt.packed.pack_ints`` made of them (None: a wider int).
    int_runs: Optional[Dict[int, Tuple[Tuple[Value, ...], Optional[Tuple[int, bytes]]]]] = None
    # Whether a list or tuple value is a packed run of ints (format 3, see _model.packs_ints).
    packs_ints = False
    # Containers a namespace's global holds that finish may write into the namespace section
    # itself (see _write_in_direct): (namespace, name, its reference, None for a leaf of
    # scalars, else its entry of direct_values: the value with its leaves written in, and their
    # ids, by node id). Class attributes until a capture makes its own (most make none).
    direct: Optional[List[Tuple[Namespace, str, Ref, Optional[Tuple[Value, Tuple[str, ...]]]]]] = None
    direct_values: Optional[Dict[str, Tuple[Value, Tuple[str, ...]]]] = None
    # The module of the root function or class (an instance's class): its functions and classes
    # are named by their qualname alone, those of any other module but __main__ with the
    # module's name after it (see functions._place_id).
    root_module = "__main__"
    # Fields every capture has, only ever assigned anew (never changed in place): class
    # attributes until then, so that making a capture sets fewer (every dumps makes one).
    # The Python the sources need, and for what (see needs_python).
    requires: Tuple[Tuple[int, int], str] = (MIN_PYTHON, "")
    # The count of private ids given (see private_id).
    _private = 0
    # Whether a section other than a container's has a private id (an instance: see
    # objects.reduce), named by finish from what it holds rather than when it was met.
    private_sections = False
    # The stack of the walk under way (see run), to name the object an error is part of.
    walking: Sequence[Tuple[Optional[Step], Need]] = ()

    def __init__(
        self,
        overrides: Overrides,
        dispatch: Callable[[Capturer, Any], Handler],
        parent: Optional[Capturer] = None,
    ) -> None:
        self.overrides = overrides
        self.dispatch = dispatch
        self.parent = parent
        self.nodes: Dict[str, Optional[Node]] = {}
        self.memo: Dict[int, str] = {}
        self.keep: List[Any] = []  # objects whose id() is memoised stay alive until the end
        self.namespaces: Dict[int, Namespace] = {}
        self.submodules: Dict[str, Set[str]] = {}
        self.ref_counts: Dict[str, int] = {}
        self.hints: Dict[str, str] = {}  # private id -> the name its section gets if it has one
        # The list, dict and frozenset values made of scalars only (a frozenset's already in
        # written order), by id(): a list of 100,000 numbers is not looked through again to find
        # that it holds no reference, nor a frozenset sorted again.
        self.plain: Dict[int, Value] = {}
        # The function sections whose values are all scalars or containers of scalars: nothing
        # in them for finish to inline, rename or sort (most functions of a dump).
        self.plain_nodes: Set[str] = set()
        # The class section whose statement defines a method or a nested class (with that
        # class's verified source), by id() of the method or class (see found_in).
        self.members: Dict[int, Tuple[str, Any]] = {}
        # Every class captured by value (node id, class), for the registrations of ABCs.
        self.classes: List[Tuple[str, type]] = []
        # The lines of each source file this capture has read, by file name (see capture_source).
        self.file_lines: Dict[str, List[str]] = {}
        # is_user_module's answers for imported modules, for this capture only: the overrides
        # are this call's, and a module's file does not move while the walk runs (a dump
        # asks for the same module at every global and function it meets).
        self._user_modules: Dict[Optional[str], bool] = {}
        self._refs: Dict[str, Ref] = {}

    # Tables most captures never fill, each made by its first use: every dumps makes a capture,
    # and an empty dict made and freed costs it ~300 instructions (issue 9).
    _orphans: Optional[Dict[str, Dict[str, Any]]] = None
    # The next number to try after each base of ids taken (see new_id).
    _numbers: Optional[Dict[str, int]] = None
    _imports_by_name: Optional[Dict[str, str]] = None
    _found_in: Optional[Dict[int, Dict[str, Any]]] = None
    _library_globals: Optional[Dict[str, Dict[int, List[str]]]] = None

    @property
    def orphans(self) -> Dict[str, Dict[str, Any]]:
        """Globals of classes whose module is gone and that have no method to lead to them."""
        if self._orphans is None:
            self._orphans = {}
        return self._orphans

    @property
    def imports_by_name(self) -> Dict[str, str]:
        """Body imports of modules not imported in this process, by module name."""
        if self._imports_by_name is None:
            self._imports_by_name = {}
        return self._imports_by_name

    @property
    def found_in(self) -> Dict[int, Dict[str, Any]]:
        """Context a handler leaves for the handler of a class it is about to reach, by id(): the
        namespace it was found in as a global."""
        if self._found_in is None:
            self._found_in = {}
        return self._found_in

    @property
    def library_globals(self) -> Dict[str, Dict[int, List[str]]]:
        """The globals of library modules by the id() of their value (see
        objects.library_globals)."""
        if self._library_globals is None:
            self._library_globals = {}
        return self._library_globals

    def is_user_module(self, module_name: Optional[str]) -> bool:
        """Whether objects of ``module_name`` are captured by value (``_deps.is_user_module``
        under this capture's overrides)."""
        if type(module_name) is not str:  # (a class may say anything is its module)
            return is_user_module(module_name, self.overrides)
        known = self._user_modules.get(module_name)
        if known is None:
            if self.overrides.rules or REGISTERED_BY_VALUE:
                known = is_user_module(module_name, self.overrides)
            else:
                known = _plain_user_module(module_name)
            if module_name in sys.modules:  # a module not imported yet may be by the walk
                self._user_modules[module_name] = known
        return known

    # ----------------------------------------------------------------------------- node ids

    def new_id(self, base: str, obj: Any, suffix: str = "", always: bool = False) -> str:
        """Reserve a node id made from ``base`` for ``obj``; when another node has ``base`` (or
        ``always``), from ``base-suffix`` if a ``suffix`` is given, and only then from its place
        in document order."""
        base = sanitize(base)
        node_id = base
        nodes = self.nodes
        if node_id not in nodes and not (suffix and always):
            # A base no node has (most ids of a dumps), to be used as it is: the search below
            # would give it and store 2 as its next number, which its absence stands for.
            nodes[node_id] = None
            self.memo[id(obj)] = node_id
            self.keep.append(obj)
            return node_id
        if suffix and (always or node_id in nodes):
            # A name of the object's own (the global holding a lambda) rather than a number:
            # a number counts the alike nodes met before, so one new global that sorts first
            # renamed every later one, and their references, in a reviewed diff.
            base = node_id = f"{base}-{sanitize(suffix)}"
        # The smallest free suffix from 2: ids are never given back, so the search for a base
        # goes on from where it stopped (a chain of 10,000 lists named alike stays linear).
        numbers = self._numbers
        if numbers is None:
            numbers = self._numbers = {}
        number = numbers.get(base, 2)
        while node_id in nodes:
            node_id = f"{base}-{number}"
            number += 1
        numbers[base] = number
        self.nodes[node_id] = None
        self.memo[id(obj)] = node_id
        self.keep.append(obj)
        return node_id

    def private_id(self, hint: str, obj: Any) -> str:
        """Reserve an id for a node that is written inline unless shared or too deep: it takes no
        name now (so the names of other nodes do not depend on it), one when it ends up a section."""
        self._private += 1
        node_id = f"{PRIVATE}{self._private}"
        self.hints[node_id] = hint
        self.nodes[node_id] = None
        self.memo[id(obj)] = node_id
        self.keep.append(obj)
        return node_id

    def private_ref(self, hint: str, obj: Any, node: Optional[Node] = None) -> Ref:
        """``ref(private_id(hint, obj))`` in one step, the node set to ``node`` when it is made
        already (a leaf of data): what the handlers of containers do for every container, so
        its first reference costs no second call (issue 9)."""
        self._private += 1
        node_id = f"{PRIVATE}{self._private}"
        self.hints[node_id] = hint
        self.nodes[node_id] = node
        self.memo[id(obj)] = node_id
        self.keep.append(obj)
        self.ref_counts[node_id] = 1  # (a new id: its first reference)
        ref = _REFS_GET(node_id)
        if ref is None:
            ref = _shared_ref(node_id)
        self._refs[node_id] = ref
        return ref

    def ref(self, node_id: str) -> Ref:
        """A reference to ``node_id``, counted (a container referred to once is written inline)."""
        count = self.ref_counts.get(node_id, 0)
        self.ref_counts[node_id] = count + 1
        if count:
            # Referred to again: the first reference serves (a record, immutable).
            return self._refs[node_id]
        ref = _REFS_GET(node_id)
        if ref is None:
            ref = _shared_ref(node_id)
        self._refs[node_id] = ref
        return ref

    def needs_python(self, version: Tuple[int, int], what: str) -> None:
        """Record that a source needs ``version`` (for ``what``)."""
        if version > self.requires[0]:
            self.requires = (version, what)

    # -------------------------------------------------------------------------------- walking

    def known(self, obj: Any) -> Any:
        """The value of ``obj`` when no handler is needed (a scalar, or an object already
        reached), else ``UNKNOWN``."""
        kind = type(obj)
        if type(kind) is type and kind in SCALARS:
            return obj
        node_id = self.memo.get(id(obj))
        if node_id is not None:
            return self.ref(node_id)
        if self.parent is not None and self.parent.knows(obj):
            return Ref(PRIVATE + "parent")
        return UNKNOWN

    def knows(self, obj: Any) -> bool:
        """Whether this capture (or its parent) has reached ``obj``."""
        return id(obj) in self.memo or (self.parent is not None and self.parent.knows(obj))

    def value(self, obj: Any, path: str, hint: str = "value", chains: Any = None) -> Value:
        """The payload value of ``obj`` (found at ``path``), walking everything it reaches."""
        found = self.known(obj)
        if found is not UNKNOWN:
            return found  # type: ignore[no-any-return]
        return self.run(Need(obj, path, hint, chains))

    def run(self, need: Need) -> Value:
        """Drive the handler of ``need`` and every handler it leads to, without recursion."""
        # A need's step is made when it is first driven, inside the try below: choosing the
        # handler asks the object about itself (a __getattr__ may run), and a failure there is
        # reported like any other (no wrapping generator per object to do it: issue 9).
        stack: List[Tuple[Optional[Step], Need]] = [(None, need)]
        outer, self.walking = self.walking, stack
        try:
            return self._run(stack)
        finally:
            self.walking = outer

    def _run(self, stack: List[Tuple[Optional[Step], Need]]) -> Value:
        sent: Value = None
        error: Optional[BaseException] = None
        while stack:
            step, current = stack[-1]
            try:
                if step is None:  # (a new step: nothing sent, nothing thrown yet)
                    obj = current.obj
                    try:
                        step = self.dispatch(self, obj)(self, obj, current)
                    except StopIteration as exc:  # (an object's own code: not the step's end)
                        raise RuntimeError("generator raised StopIteration") from exc  # as PEP 479
                    stack[-1] = (step, current)
                    wanted = next(step)
                elif error is not None:
                    wanted = step.throw(error)
                    error = None
                else:
                    wanted = step.send(sent)
            except StopIteration as stop:
                stack.pop()
                sent = stop.value
                continue
            except errors().SrcpickleError as exc:
                stack.pop()
                error = exc
                if not stack:
                    raise
                continue
            except RecursionError as exc:
                stack.pop()
                error = self.unsupported(
                    current.obj,
                    current.path,
                    "it nests deeper than this Python's recursion limit inside one object "
                    f"({sys.getrecursionlimit()}) while srcpickle asked it how to rebuild it",
                )
                error.__cause__ = exc
                if not stack:
                    raise error from exc
                continue
            except Exception as exc:  # the object's own code (a __getattr__, a __reduce__) failed
                stack.pop()
                error = self.failed(current.obj, current.path, exc)
                error.__cause__ = exc
                if not stack:
                    raise error from exc
                continue
            found = self.known(wanted.obj)
            if found is not UNKNOWN:
                sent = found
                continue
            if len(stack) >= MAX_DEPTH:
                error = self.unsupported(
                    wanted.obj,
                    wanted.path,
                    f"the objects holding it nest more than {MAX_DEPTH} levels deep (an object "
                    "graph that grows as it is walked?)",
                )
                continue
            if len(wanted.path) > MAX_PATH:
                wanted.path = shortened_path(wanted.path, len(stack))
            stack.append((None, wanted))
            sent = None
        return sent

    # --------------------------------------------------------------------------------- errors

    def failed(self, obj: Any, path: str, exc: Exception) -> UnsupportedObjectError:
        """The error for ``obj`` (at ``path``) whose capture raised ``exc``, not a srcpickle error."""
        from .failures import failed  # (only when a capture fails: issue 9)

        return failed(self, obj, path, exc)

    def unsupported(self, obj: Any, path: str, reason: str) -> UnsupportedObjectError:
        """The error for ``obj`` (at ``path``) that cannot be captured, with ``reason``."""
        from .failures import unsupported

        return unsupported(self, obj, path, reason)

    # ---------------------------------------------------------------------------- namespaces

    def namespace(self, globals_: Dict[str, Any], module: str) -> Namespace:
        """The namespace node of a module's globals dict, made on first use."""
        namespace = self.namespaces.get(id(globals_))
        if namespace is None:
            base = sanitize(module or "namespace")
            nodes = self.nodes
            if base not in nodes:
                # new_id's answer for a base no node has (most namespaces), without its memo
                # entry, which the lines below would take back at once (issue 9).
                nodes[base] = None
                node_id = base
            else:
                earlier = self.memo.get(id(globals_))
                node_id = self.new_id(base, globals_)
                # The dict reached as a value (attrs' exec'd globals read by a class body) stays
                # a dict: the namespace section loads as a module, which a subscript cannot read.
                if earlier is None:
                    del self.memo[id(globals_)]
                else:
                    self.memo[id(globals_)] = earlier
            namespace = Namespace(node_id, module, globals_)
            loader = globals_.get("__loader__")
            if type(loader) is KeptGuards:
                namespace.kept = loader
            self.namespaces[id(globals_)] = namespace
        return namespace


def sending_flag() -> ContextVar[bool]:
    """The context variable ``srcpickle.Pickler`` sets while it captures (made on first use)."""
    flag = _SENDING.get("flag")
    if flag is None:
        from _contextvars import ContextVar  # what contextvars re-exports, one import fewer

        # (two threads' first sends: setdefault keeps one flag, which both then use)
        flag = _SENDING.setdefault("flag", ContextVar("srcpickle_sending", default=False))
    return flag


def sending() -> bool:
    """Whether this capture runs inside a send of ``srcpickle.Pickler``."""
    flag = _SENDING.get("flag")
    return flag is not None and flag.get()


def shortened_path(path: str, depth: int) -> str:
    """``path`` with its middle replaced by the depth it reached (``depth`` objects in)."""
    return f"{path[:_PATH_END]} ...({depth} objects in)... {path[-_PATH_END:]}"


@functools.lru_cache(maxsize=4096)
def sanitize(base: str) -> str:
    """``base`` as a node id: characters the format reserves become ``_``."""
    # A module name or qualname (dots, <locals>, <lambda> between identifiers) holds neither
    # spaces nor reserved characters: checked by C calls, not a generator per character.
    if base.replace(".", "").replace("<", "").replace(">", "").isidentifier():
        return base
    return "".join(c if not c.isspace() and c not in ",()[]{}:=@'\"" else "_" for c in base) or "node"


# The type of what functools.lru_cache makes (a function on PyPy): sanitize's, rather than a
# wrapper made for it (update_wrapper on a builtin raises and catches an AttributeError per
# missing attribute, at every import of this module: issue 9).
LRU_CACHE_WRAPPER = type(sanitize)
# The globals of PyPy's lru_cache wrappers, functions of functools: a function of the user's that
# functools.wraps an lru_cache wrapper gets its cache_parameters too, but not these globals.
_FUNCTOOLS_GLOBALS = vars(functools)


def is_lru_cache_wrapper(obj: Any) -> bool:
    """Whether ``obj`` is what ``functools.lru_cache`` made (not a function wrapping one)."""
    return (
        type(obj) is LRU_CACHE_WRAPPER
        and callable(getattr(obj, "cache_parameters", None))
        and (
            LRU_CACHE_WRAPPER is not types.FunctionType
            or getattr(obj, "__globals__", None) is _FUNCTOOLS_GLOBALS
        )
    )


# The hints of a need that name no place of the object's own (see id_suffix).
PLACELESS_HINTS = frozenset(("value", "root", "probe"))


def id_suffix(obj: Any, hint: str) -> str:
    """What tells a function or class (``obj``, found under ``hint``) from another of its
    qualname in its node id: the global, attribute or variable it was found in (lambdas, the
    closures or classes of one factory), or its module when that has its name (a helper of one
    name in two modules); none when it was found in no named place (the items of the root)."""
    # Neither moves when other code is added, as a count of the alike ones met before does.
    if hint in PLACELESS_HINTS or not hint.isidentifier():
        return ""
    if hint != obj.__name__:
        return hint
    module = obj.__module__
    return module if type(module) is str and module != "__main__" else ""


def cell_suffix(owner_suffix: str) -> str:
    """The suffix for the ids of the cells of a closure whose id has ``owner_suffix`` after its
    qualname: the same name (``cell.make.n-add2`` for ``make.<locals>.add-add2``); none for a
    number, which the cell's own count gives."""
    return "" if owner_suffix.isdigit() else owner_suffix


def short_repr(obj: Any) -> str:
    """A one-line description of ``obj`` without its address."""
    try:
        text = object.__repr__(obj) if not isinstance(obj, type) else repr(obj)
    except Exception:  # noqa: BLE001 - a metaclass __repr__ may fail; the type name is enough
        text = f"<{type(obj).__qualname__} object>"
    text = text.split(" at 0x")[0] + (">" if " at 0x" in text else "")
    return text if len(text) <= 80 else text[:77] + "..."


def is_function(obj: Any) -> bool:
    """Whether ``obj`` is a Python function with code (PyPy's built-ins are functions without)."""
    return type(obj) is types.FunctionType and isinstance(obj.__code__, types.CodeType)


# ---------------------------------------- dispatch: the handler of each kind of object


def _bind(name: str, handler: Handler) -> None:
    # The handler imported by its wrapper below takes the wrapper's place, so dispatch returns
    # it from then on: a warm dumps runs no import statement per object (a container each).
    globals()[name] = handler


def save_function(cap: Capturer, fn: types.FunctionType, need: Need) -> Step:
    """``functions.save_function``, imported with the first function met (issue 9): with the
    source recovery and scope resolution it imports (``_source``), half of the
    capture side's import, which a first dumps of data alone does not need."""
    from .functions import save_function as save

    _bind("save_function", save)
    return save(cap, fn, need)


def save_class(cap: Capturer, cls: type, need: Need) -> Step:
    """``classes.save_class``, importing the class machinery on the first class met (issue 9):
    it is a third of the capture side's import, which a first dumps of functions and data does
    not need."""
    from .classes import save_class as save

    _bind("save_class", save)
    return save(cap, cls, need)


# The handlers of objects other than functions, modules and containers (.references, .objects:
# references, reductions, calls) are imported by the first such object met (issue 9): a first
# dumps of a function that reads only data and functions of the user's own does not need them.
def save_by_reference(cap: Capturer, obj: Any, need: Need) -> Step:
    """``references.save_by_reference``, imported when first needed."""
    from .references import save_by_reference as save

    _bind("save_by_reference", save)
    return save(cap, obj, need)


def save_reduce(cap: Capturer, obj: Any, need: Need) -> Step:
    """``objects.save_reduce``, imported when first needed."""
    from .objects import save_reduce as save

    _bind("save_reduce", save)
    return save(cap, obj, need)


def save_lru_cache(cap: Capturer, obj: Any, need: Need) -> Step:
    """``objects.save_lru_cache``, imported when first needed."""
    from .objects import save_lru_cache as save

    _bind("save_lru_cache", save)
    return save(cap, obj, need)


def save_module(cap: Capturer, obj: Any, need: Need) -> Step:
    """``modules.save_module``, imported when first needed (with the handling of globals: see
    ``functions.global_value``)."""
    from .modules import save_module as save

    _bind("save_module", save)
    return save(cap, obj, need)


# Likewise the containers' (.values), which a function reading only scalars and functions (a
# closure over numbers, a lambda with a default) does not need.
def save_tuple(cap: Capturer, obj: Any, need: Need) -> Step:
    """``values.save_tuple``, imported when first needed."""
    from .values import save_tuple as save

    _bind("save_tuple", save)
    return save(cap, obj, need)


def save_frozenset(cap: Capturer, obj: Any, need: Need) -> Step:
    """``values.save_frozenset``, imported when first needed."""
    from .values import save_frozenset as save

    _bind("save_frozenset", save)
    return save(cap, obj, need)


def save_container(cap: Capturer, obj: Any, need: Need) -> Step:
    """``values.save_container``, imported when first needed."""
    from .values import save_container as save

    _bind("save_container", save)
    return save(cap, obj, need)


def dispatch(cap: Capturer, obj: Any) -> Handler:
    """The handler for ``obj``: pickle's save_* dispatch, by kind of object."""
    kind = type(obj)
    if kind is types.FunctionType and kind is not LRU_CACHE_WRAPPER and _own_function(cap, obj):
        # The most common object of a dumps first: a function of the user's own (what the
        # checks below give it, without them). PyPy's lru_cache wrapper is a Python function.
        if not isinstance(obj.__code__, types.CodeType):
            return save_by_reference
        if obj.__qualname__ != NEWTYPE_FUNCTION:
            return save_function
    if kind is tuple:
        return save_tuple
    if kind is frozenset:
        return save_frozenset
    if kind is list or kind is dict or kind is set or kind is bytearray:  # (by identity: see SCALARS)
        return save_container
    if isinstance(obj, types.ModuleType):
        return save_module
    # An importable object of a library is itself on the loading side, whatever wraps it
    # (lru_cache, cached_property, wraps): decided before any handler could take it by value.
    # Only what can carry a name is asked: callables and descriptors.
    if kind is type and obj in SINGLETON_TYPES:
        return save_class
    if kind is types.FunctionType and _own_function(cap, obj):
        pass  # library_name's answer for a function of the user's own, without asking it
    elif callable(obj) or hasattr(kind, "__get__"):
        from .references import library_name

        if library_name(cap, obj) is not None:
            return save_by_reference
    if kind is LRU_CACHE_WRAPPER and is_lru_cache_wrapper(obj):
        # Checked before plain functions: PyPy's lru_cache wrapper is a Python function.
        return save_lru_cache
    if kind is types.FunctionType and obj.__module__ == "functools":
        from .objects import LRU_CACHE_METHODS, save_lru_cache_method

        if obj.__qualname__ in LRU_CACHE_METHODS:
            # PyPy's fib.cache_info: a closure over the cache's lock, made as CPython's is.
            return save_lru_cache_method
    if is_function(obj):
        # typing.NewType's function before 3.10 goes as the NewType call, as on later Pythons.
        if obj.__qualname__ == NEWTYPE_FUNCTION:
            from .objects import is_newtype

            if is_newtype(obj):
                return save_reduce
        return save_function
    if kind is types.FunctionType:  # PyPy's built-in functions are functions of builtin code
        return save_by_reference
    # Not isinstance(obj, type): before 3.11 a generic alias (list[int]) answers __class__
    # with its origin's, and is no class to find by source.
    if issubclass(kind, type):
        return save_class
    # PyPy's bound methods are BuiltinMethodType too: they go by reduce, as on CPython; so does
    # a built-in method bound to an instance ([].append: getattr(instance, name)).
    if isinstance(obj, BUILTIN_CALLABLES) and kind is not types.MethodType:
        if isinstance(getattr(obj, "__self__", None), (types.ModuleType, type, type(None))):
            return save_by_reference
    if isinstance(obj, DESCRIPTORS):
        return save_by_reference
    return save_reduce


def _own_function(cap: Capturer, fn: types.FunctionType) -> bool:
    # A function that names itself by a module of the user's own (a text, and no __self__ in
    # its __dict__ to name it otherwise: see reference_name) has no library name.
    module = fn.__module__
    return type(module) is str and "__self__" not in fn.__dict__ and cap.is_user_module(module)


def capture(obj: Any, overrides: Overrides, int_runs: Optional[Dict[int, Any]] = None) -> Payload:
    """The ``Payload`` of ``obj``.

    ``int_runs``, when given, receives what the capture proved about the items of its long list
    and tuple values: the item tuples that hold exact ints only, by id() (each kept beside its
    id, so an entry holds for that very tuple only: a tuple and its ints never change), each
    with its packed bytes (``_fmt.packed.pack_ints``), for ``_fmt.write.write_bytes``, which then does not
    look at each item's type again nor pack the run again.
    """
    cap = Capturer(overrides, dispatch)
    if int_runs is not None:
        cap.int_runs = int_runs
    # (the root's own module, or its class's for an instance: read as the walk reads it, which
    # reports an object that refuses, by its path)
    kind = type(obj)
    try:
        module = obj.__module__ if kind is types.FunctionType or issubclass(kind, type) else kind.__module__
    except Exception:  # noqa: BLE001
        module = None
    if type(module) is str and module != "builtins":
        cap.root_module = module
    root = cap.value(obj, "root", "root")
    # Guards are looked for only in a namespace the code read globals of (add_guards passes the
    # others by), of a file that may hold one: plain data, a function reading no global (a closure
    # over numbers) and one whose module has no top-level try never import the guards (issue 9).
    for namespace in cap.namespaces.values():
        if namespace.values and (namespace.kept is not None or _may_guard(cap, namespace)):
            add_guards(cap)
            break
    if not cap.classes:
        return finish(cap, root)  # (no class by value: no registration to look up)
    from .classes import add_registrations

    add_registrations(cap)
    payload = finish(cap, root)
    if sending():
        # Sent by the pickler: what comes back from the other side loads as these classes. (The
        # loader's class tracking, a fifth of the capture side's import with the builder it
        # imports, only then: issue 9.)
        from .._rebuild.classes import track_original

        for node_id, cls in cap.classes:
            node = payload.nodes.get(node_id)
            if isinstance(node, ClassNode):
                track_original(node, cls)
    return payload


def probe_text(parent: Capturer, obj: Any) -> str:
    """The payload text ``obj`` captures to, in a capture that treats what ``parent`` reached as
    done and leaves nothing behind (an order for set items, a test of whether ``obj`` can be
    captured at all).

    Raises:
        DumpError: ``obj`` cannot be captured.
    """
    from .._fmt.write import write_captured

    cap = Capturer(parent.overrides, dispatch, parent=parent)
    root = cap.value(obj, "probe", hint="probe")
    return write_captured(finish(cap, root))


# Whether a file's lines hold one starting with "try" (guards.add_guards reads only the
# top-level try statements, each a line "try:" in column 0), by file name, beside the very list of
# lines asked about: a warm dumps looks it up, never scans the lines again. Bounded: cleared when
# full.
_TRY_LINES: Dict[str, Tuple[List[str], bool]] = {}
_TRY_LINES_MAX = 1024


def _may_guard(cap: Capturer, namespace: Namespace) -> bool:
    """Whether ``add_guards`` may find a guard in ``namespace``'s module: no when the lines of its
    file this capture read have no ``try`` statement (at any indentation: a guard may sit in a
    top-level ``if``) and no ``with`` line naming ``suppress``; yes when it read none of them."""
    filename = namespace.dict.get("__file__")
    if not isinstance(filename, str):
        return False  # (add_guards passes it by too)
    lines = cap.file_lines.get(filename)
    if lines is None:
        return True  # (add_guards reads them: not known here)
    known = _TRY_LINES.get(filename)
    if known is None or known[0] is not lines:
        if len(_TRY_LINES) >= _TRY_LINES_MAX:
            _TRY_LINES.clear()
        text = "".join(lines)
        # (a file with neither word, most of them, is told by two scans in C, not a call a line)
        found = ("try" in text or "suppress" in text) and any(map(_may_open_guard, lines))
        known = _TRY_LINES[filename] = (lines, found)
    return known[1]


def _may_open_guard(line: str) -> bool:
    # What guards._read_guards opens a guard with, read loosely: a line it would not open with
    # at worst imports the guards module for nothing.
    stripped = line.lstrip()
    return stripped.startswith("try") or (stripped.startswith("with") and "suppress" in line)


def add_guards(cap: Capturer) -> None:
    """``guards.add_guards``, its module imported by the first dumps that calls it (which then
    puts the real function in this one's place: warm dumps call it directly)."""
    from .guards import add_guards as real

    globals()["add_guards"] = real
    real(cap)


# The written-by header: this srcpickle on this interpreter.
WRITTEN_BY = f"srcpickle {__version__}, {sys.implementation.name} {sys.version.split()[0]}"


def finish(cap: Capturer, root: Value) -> Payload:
    """The ``Payload`` of what ``cap`` captured, ``root`` its root value: namespaces written,
    containers referred to once (and small shared tuples) written inline, deep nesting split
    into sections, and the sections left of tuples and frozensets named."""
    dropped = _write_in_direct(cap) if cap.direct else None
    for namespace in cap.namespaces.values():
        cap.nodes[namespace.node_id] = _namespace_node(
            namespace.module, tuple(sorted(namespace.values.items()))
        )
    for node_id, names in cap.submodules.items():
        node = cap.nodes[node_id]
        assert isinstance(node, ImportNode)
        if not names:
            continue  # no submodule reached: the node as made
        # Importing the deepest also imports its parents (one name is its own deepest: the
        # common ``os.path``, without the walk over pairs).
        if len(names) == 1:
            deepest: Iterable[str] = names
        else:
            deepest = {n for n in names if not any(o.startswith(n + ".") for o in names)}
        dist = node.distribution
        # (SHARED_PACKAGES is empty in most processes: one test per node then)
        if SHARED_PACKAGES and node.module.partition(".")[0] in SHARED_PACKAGES:
            from .modules import split_by_distribution  # (a package spread over distributions)

            dist, deepest = split_by_distribution(cap, node, deepest)
        cap.nodes[node_id] = _import_node(node.module, dist, tuple(sorted(deepest)))
    # One plain loop (no comprehension's function per dumps): the nodes made, and whether any is
    # a value section (only those are inlined or named; without one _inline keeps everything).
    nodes: Dict[str, Node] = {}
    has_values = has_reduce = False
    packs = cap.packs_ints
    # The namespaces of the function sections with a source of their own met so far, and
    # whether two name one (_model.shares_namespace, asked here rather than in a pass of its
    # own: a class section, rarer, is left to it).
    sourced: Set[str] = set()
    shares = False
    for node_id, made in cap.nodes.items():
        if made is not None:
            if dropped and node_id in dropped:
                # Written into its namespace section: what inline would make of it. A run of
                # ints among them is seen as below.
                held = made.value  # type: ignore[union-attr]
                # (packs_ints asked only from its length on: a call less per short value)
                if (
                    not packs
                    and type(held) in _RUNS
                    and len(held.items) >= INT_PACK_MIN  # type: ignore[union-attr]
                    and packs_ints(held.items)  # type: ignore[union-attr, arg-type]
                ):
                    packs = True
                continue
            nodes[node_id] = made
            if type(made) is FunctionNode:
                if not shares:
                    held_in_class, owner = _owner_fields(made)
                    if not held_in_class:
                        if owner in sourced:
                            shares = True
                        sourced.add(owner)
            elif type(made) is ValueNode:
                has_values = True
                # Every list and tuple is a value section until inlined: a long run of ints
                # the walk made item by item (not through values.scalar_items) is seen here.
                if not packs and type(made.value) in _RUNS:
                    items = made.value.items  # type: ignore[union-attr]
                    packs = len(items) >= INT_PACK_MIN and packs_ints(items)  # type: ignore[arg-type]
            elif type(made) is ReduceNode:
                has_reduce = True
    if has_reduce:
        # The loader refuses a payload with an object made from itself (pickle recurses until
        # RecursionError): refused here instead, where the user can still be told which object.
        cycles = reduce_cycles(nodes)
        if cycles:
            from .failures import made_from_itself

            raise made_from_itself(cap, cycles)
    if has_values or cap.private_sections:
        # (only the handlers of containers make a value section: imported with them, the
        # sections' layout costs a dumps without containers nothing, issue 9)
        from .values import inline

        root, nodes = inline(
            root, nodes, cap.ref_counts, cap.hints, cap.plain, cap.plain_nodes, cap.private_sections
        )
    if len(nodes) > 2:
        # The root's section first, then the others by id: in the walk's order, an object met
        # earlier than before (a new global that sorts first) moved every section first reached
        # through it (a class, its methods, a reference) above the others, a diff of lines that
        # did not change. Ids do not depend on the walk's order either (new_id, values._names).
        root_id = root.id if type(root) is Ref else ""
        order = sorted(nodes)
        if root_id in nodes:
            order.remove(root_id)
            order.insert(0, root_id)
        nodes = {node_id: nodes[node_id] for node_id in order}
    # Only a value (a section, or written into a namespace's), a class by value (its section,
    # its methods written in it) or a function carrying its live annotations can need a later
    # format than 1: nodes_format is asked only then (most dumps of functions: a call and a pass
    # over the nodes less).
    version = nodes_format(nodes) if has_values or dropped or cap.classes or cap.later_format else 1
    if packs or (version < 3 and (shares or (cap.classes and shares_namespace(nodes)))):
        # Format 3 writes these smaller: a long run of ints packed (_model.packs_ints), the
        # module and file of two sections of one namespace once (_model.shares_namespace).
        version = 3
    # Every field by position: the records' quick way in (a small dump makes few objects).
    return _payload(root, nodes, cap.requires[0], cap.requires[1], WRITTEN_BY, version, {})


# The value types a packed run of ints may be.
_RUNS = (ListValue, TupleValue)
# What finish reads of every function section (see _records.fields_reader).
_owner_fields = fields_reader(FunctionNode, "in_class", "namespace")


def _write_in_direct(cap: Capturer) -> Set[str]:
    # The containers a namespace's global holds, referred to from there only, that hold only
    # scalars (a leaf) or scalars and leaves referred to from them only (cap.direct): written
    # into the namespace's globals as inline writes them (a leaf's value is never changed by it:
    # plain data, a frozenset sorted when made), their sections dropped, so that a dumps of a
    # function reading data globals skips inline (a tenth of its instructions, issue 9). Any
    # other reference to one of them (counted by Capturer.ref) leaves it to inline.
    counts, nodes = cap.ref_counts, cap.nodes
    dropped: Set[str] = set()
    for namespace, name, ref, direct in cap.direct or ():
        node_id = ref.id
        if counts.get(node_id) != 1 or namespace.values.get(name) is not ref:
            continue
        if direct is None:
            namespace.values[name] = nodes[node_id].value  # type: ignore[union-attr]
            dropped.add(node_id)
            continue
        value, leaves = direct
        if all([counts.get(leaf) == 1 for leaf in leaves]):
            namespace.values[name] = value
            dropped.add(node_id)
            dropped.update(leaves)
    return dropped


# NamespaceNode(...) and Payload(...) with every field by position, each stored by name: a
# third of the cost of the records' own __init__ (every dumps makes one of each). The
# parameters are the records' fields in order (checked at import).
def _namespace_node(module: str, globals: Tuple[Tuple[str, Value], ...]) -> NamespaceNode:
    node: NamespaceNode = _new(NamespaceNode)
    held = node.__dict__
    held["module"] = module
    held["globals"] = globals
    return node


def _payload(
    root: Value,
    nodes: Dict[str, Node],
    requires_python: Tuple[int, int],
    requires_python_for: str,
    written_by: str,
    format_version: int,
    positions: Dict[str, int],
) -> Payload:
    payload: Payload = _new(Payload)
    held = payload.__dict__
    held["root"] = root
    held["nodes"] = nodes
    held["requires_python"] = requires_python
    held["requires_python_for"] = requires_python_for
    held["written_by"] = written_by
    held["format_version"] = format_version
    held["positions"] = positions
    return payload


_new = object.__new__
check_record_maker(NamespaceNode, _namespace_node)
check_record_maker(Payload, _payload)
# The records finish makes again, without the call through their type's __init__ slot (a
# dumps of a function reading data makes a few: ~4k instructions each that way).
_import_node = positional_maker(ImportNode)

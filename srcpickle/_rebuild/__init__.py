"""Turn a parsed ``Payload`` back into live objects.

Order of work, so that nothing from a payload runs before every check has passed: the Python
version, the modules the allow-list names, compiling every source (compiling executes nothing),
finding every imported module, the distribution versions, every other route the allow-list
refuses (``allow``: through imports in the code, references, reflection, annotations); then the
build (``builder``), one handler per kind of
section: namespaces, imports and references (``namespaces``), containers and cells (``values``),
functions (``functions``), classes (``classes``), objects made by calls (``objects``).

This package imports only the standard library. ``compiler.compile_source`` is also used at
capture time, to verify that a captured source compiles to the live code.
"""

from __future__ import annotations

from .._fmt import docstring_from_code, source_docstring
from .._fmt.read import parse, parse_deferring_docs
from .._lru import BoundedCache
from .._model import (
    CellNode,
    ClassNode,
    FunctionNode,
    GuardNode,
    ImportNode,
    KeptGuards,
    NamespaceNode,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    ValueNode,
    errors,
)
from .._names import NameCheck, Names, check_names, may_read_newer_builtins
from .._records import with_field
from .checks import (
    check_imports,
    check_keywords,
    check_modules,
    check_python,
    check_versions,
    imported_modules,
)
from .compiler import (
    LOADED_CLASSES,
    LOADED_FILES,
    SCOPE_NAME,
    Compiled,
    compile_all,
    compile_node,
    compile_source,
    creation_names,
    held_objects,
    loaded_file,
    module_text,
    skeleton,
)
from .plan import Plan, make_plan, run_imports, run_plan

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Sequence, Tuple, Union

    from .builder import Builder, Handler

__all__ = [
    "LOADED_CLASSES",
    "LOADED_FILES",
    "SCOPE_NAME",
    "check_imports",
    "check_python",
    "check_versions",
    "compile_all",
    "compile_node",
    "compile_source",
    "creation_names",
    "held_objects",
    "loaded_file",
    "module_text",
    "skeleton",
]

# What each kind of section makes in the first phase, and how it is completed (see builder):
# made on the first build by the builder. A payload of functions and data is built by its plan,
# and its first load does not import the builder's modules.
_HANDLERS: Optional[Tuple[Dict[type, Any], Dict[type, Handler]]] = None


def _handlers() -> Tuple[Dict[type, Any], Dict[type, Handler]]:
    global _HANDLERS
    if _HANDLERS is None:
        from .classes import complete_class
        from .functions import complete_function
        from .namespaces import (
            complete_namespace,
            create_import,
            create_namespace,
            create_ref,
            nothing_to_complete,
        )
        from .objects import complete_reduce
        from .values import complete_cell, complete_value, create_cell, create_value

        create = {
            NamespaceNode: create_namespace,
            ImportNode: create_import,
            RefNode: create_ref,
            CellNode: create_cell,
            ValueNode: create_value,
        }
        complete: Dict[type, Handler] = {
            NamespaceNode: complete_namespace,
            ImportNode: nothing_to_complete,
            RefNode: nothing_to_complete,
            CellNode: complete_cell,
            ValueNode: complete_value,
            FunctionNode: complete_function,
            ClassNode: complete_class,
            ReduceNode: complete_reduce,
        }
        _HANDLERS = (create, complete)
    return _HANDLERS


class Prepared:
    """What loading one payload text again can reuse: its parse, its compiled code, the modules
    the checks look for, and the plan of its build (None when the builder builds it: see
    ``plan``). All of it depends on the text alone (and this Python)."""

    __slots__ = ("payload", "compiled", "modules", "names", "versions", "plan", "guards")

    def __init__(
        self, payload: Payload, compiled: Dict[str, Compiled], guards: Optional[Dict[str, KeptGuards]] = None
    ) -> None:
        self.payload = payload
        self.compiled = compiled
        # What was decided of the guards of each namespace that has any (see guards.keep_guards).
        self.guards = guards
        self.modules = imported_modules(payload)
        # The names its code reads from those modules (itertools.pairwise), and the builtins a
        # newer Python added that it reads (anext), looked up at every load, as check() looks
        # them up: only a payload that imports something or holds such a builtin's text has
        # any. Which of them loading needs is worked out only when one is not plainly there.
        self.names: NameCheck = Names(payload) if self.modules or may_read_newer_builtins(payload) else ()
        # names_versions(payload), from the modules (each import section gives at least one).
        self.versions = any(dist.version for _, dist in self.modules) if self.modules else False
        self.plan = make_plan(payload, compiled)


# Payloads loaded before, by their exact text: what ``Prepared`` keeps, which depends on nothing
# but that text (and this Python). The checks that depend on the caller or the environment
# (allowed imports, modules installed, versions) run at every load all the same.
PREPARED_ENTRIES = 256
PREPARED_BYTES = 8 << 20
# A payload larger than 4 MiB is parsed every time: parsing is linear, and keeping the parse of
# more text would cost more memory than it saves time (one such parse fills half of
# PREPARED_BYTES).
PREPARED_MAX_PAYLOAD = 4 << 20
_PREPARED: BoundedCache[Prepared] = BoundedCache(PREPARED_ENTRIES, PREPARED_BYTES)


def load_data(
    data: Union[bytes, str],
    *,
    allowed_imports: Optional[Sequence[str]] = None,
    strict: bool = False,
    typecheck: bool = False,
) -> Any:
    """Parse, check and build the payload ``data`` (see ``srcpickle.loads``)."""
    key: Any = bytes(data) if isinstance(data, (bytearray, memoryview)) else data
    cacheable = isinstance(key, (bytes, str)) and len(key) <= PREPARED_MAX_PAYLOAD
    prepared = _PREPARED.get(key) if cacheable else None
    if allowed_imports is not None:
        allowed_imports = _allow_list(allowed_imports)
    if prepared is not None:
        payload = prepared.payload
        check_python(payload)
        if allowed_imports is not None:
            _check_allowed_names(payload, allowed_imports)
    else:
        # Under an allow-list every field is read before compiling (check_allowed): no doc
        # waits for the compiled code.
        if allowed_imports is None:
            payload, deferred = parse_deferring_docs(data)
        else:
            payload, deferred = parse(data), []
        check_python(payload)
        check_keywords(payload)
        _check_allowed_names(payload, allowed_imports)
        whole = payload
        payload, guards = _decide_guards(payload)
        compiled = compile_all(payload)
        if deferred:
            _docs_from_code(payload, compiled, deferred)
            if guards:
                # The sections kept for a re-dump (KeptGuards.nodes, from before the guards were
                # decided) get their docs too: a losing side's unbuilt function is copied as it is.
                _docs_from_code(whole, compiled, deferred)
        prepared = Prepared(payload, compiled, guards)
        if cacheable:
            prepared = _PREPARED.put(key, prepared, len(key))
    compiled = prepared.compiled
    if prepared.modules:
        check_modules(prepared.modules, payload)
    if prepared.versions:
        check_versions(payload, strict)
    if allowed_imports is not None:
        _check_allowed_routes(payload, compiled, allowed_imports)
    # The names the code reads from the imported modules are looked up once the modules are
    # imported (step 1 of either way of building), before anything of the payload runs: a module
    # that fails while it is imported fails there, once, as it always did.
    if typecheck:
        _check_typeguard()
    elif prepared.plan is not None:
        return _run_planned(prepared.plan, payload, compiled, prepared.names, prepared.guards)
    # Under an allow-list, a load never writes into a class it did not make: no class loaded
    # before is reused (see classes.class_key).
    return _build_checked(
        payload, compiled, typecheck, allowed_imports is None, prepared.names, prepared.guards
    )


def _run_planned(
    plan: Plan,
    payload: Payload,
    compiled: Dict[str, Compiled],
    names: NameCheck,
    guards: Optional[Dict[str, KeptGuards]] = None,
) -> Any:
    objects: Dict[str, Any] = {}
    if plan.imports:
        try:
            run_imports(plan, objects)
        except errors().SrcpickleError:
            raise
        except Exception as exc:  # noqa: BLE001 - wrapped as the builder wraps it
            from .builder import Builder

            builder = Builder(payload, compiled, _handlers()[1])
            builder.at = (_importing(plan, objects), "")
            raise builder.wrap(exc) from exc
    if names:
        check_names(payload, names)
    try:
        root = run_plan(plan, objects)
    except Exception:  # noqa: BLE001, S110 - the builder raises the error it always raised
        pass
    else:
        if guards:
            from .guards import keep_guards

            keep_guards(objects, guards)
        return root
    # Outside the handler: the builder's error does not carry the plan's as its context.
    return _build_checked(payload, compiled, False, True, (), guards)


def _docs_from_code(payload: Payload, compiled: Dict[str, Compiled], deferred: Sequence[str]) -> None:
    # The docs the parse left to the compiled code (see parse_deferring_docs), put into the
    # nodes of this load's own parse before anything reads them.
    nodes = payload.nodes
    for node_id in deferred:
        node = nodes.get(node_id)
        if type(node) is not FunctionNode:
            continue  # (a section a guard's losing side alone reached: gone)
        entry = compiled.get(node_id)
        if entry is None:  # (no source compiled of its own: none the reader lets through)
            found = source_docstring(node.source, "def")
            doc = found[0] if found else None
        else:
            verbatim = not (node.indent or node.scope or node.closure) and node.source[:1] not in " \t\f"
            doc = docstring_from_code(entry[1], node.source, verbatim)
        nodes[node_id] = with_field(node, "doc", doc)


def _decide_guards(payload: Payload) -> Tuple[Payload, Optional[Dict[str, KeptGuards]]]:
    # Format 3 guards of module-level imports, decided here before the checks (see .guards), with
    # what was decided for each namespace (None: no guard). Their module is imported by the
    # loads of a payload that holds one: importing it to find none cost a first loads of any
    # other format 3 payload ~0.4M instructions (issue 9). The types of the nodes are gathered by
    # C loops (has_guards asks the same of each node).
    if payload.format_version < 3 or GuardNode not in set(map(type, payload.nodes.values())):
        return payload, None
    from .guards import decide_guards

    return decide_guards(payload)


def _importing(plan: Plan, objects: Dict[str, Any]) -> str:
    # The import section that failed: the first one without its object.
    return next((node_id for node_id, _ in plan.imports if node_id not in objects), "")


def _allow_list(allowed_imports: Optional[Sequence[str]]) -> Optional[Sequence[str]]:
    # One string is one module, not its letters.
    return [allowed_imports] if isinstance(allowed_imports, str) else allowed_imports


def _check_allowed_names(payload: Payload, allowed_imports: Optional[Sequence[str]]) -> None:
    # The allow-list's module is imported only by the loads that pass one.
    if allowed_imports is not None:
        from .allow import check_allowed

        check_allowed(payload, allowed_imports)


def _check_allowed_routes(
    payload: Payload, compiled: Dict[str, Compiled], allowed_imports: Optional[Sequence[str]]
) -> None:
    if allowed_imports is not None:
        from .allow import check_routes

        check_routes(payload, compiled, allowed_imports)


def _build_checked(
    payload: Payload,
    compiled: Dict[str, Compiled],
    typecheck: bool,
    reuse_classes: bool,
    names: NameCheck = (),
    guards: Optional[Dict[str, KeptGuards]] = None,
) -> Any:
    # Every error raised while building is a LoadError naming what was being built (drive wraps
    # the errors of the steps it runs; here, those of the work around them), the original chained.
    from .builder import Builder

    builder = Builder(payload, compiled, _handlers()[1], reuse_classes)
    try:
        root = build(builder, typecheck, names)
    except errors().SrcpickleError:
        raise
    except Exception as exc:  # noqa: BLE001 - wrapped, with the original chained
        raise builder.wrap(exc) from exc
    if guards:
        from .guards import keep_guards

        keep_guards(builder.objects, guards)
    return root


def _check_typeguard() -> None:
    import importlib.util

    if importlib.util.find_spec("typeguard") is None:
        from ..errors import MissingDependencyError

        raise MissingDependencyError(
            "loads(typecheck=True) checks calls with typeguard, which is not installed here; "
            "nothing was executed. To install it: pip install typeguard",
            ("typeguard",),
        )


def build(builder: Builder, typecheck: bool = False, names: NameCheck = ()) -> Any:
    """Build the objects of a checked payload (see ``builder`` for the phases); return the root.
    ``builder.at`` says what is being built outside ``builder.drive``, for the error."""
    from .classes import finish_class
    from .functions import create_function, register_overloads, set_annotations
    from .namespaces import prefill

    creators = _handlers()[0]
    nodes = builder.nodes
    for node_id, node in nodes.items():
        if isinstance(node, ClassNode):
            if node.in_class:
                builder.members.setdefault(node.in_class, []).append(node_id)
            if isinstance(node.made_by, Ref):
                builder.makers[node.made_by.id] = node_id
        make = creators.get(type(node))
        if make is not None:
            builder.at = (node_id, "")
            make(builder, node_id, node)
    if names:
        builder.at = ("", "")
        check_names(builder.payload, names)
    for node_id, node in nodes.items():
        if isinstance(node, FunctionNode):
            builder.at = (node_id, "")
            create_function(builder, node_id, node)
    prefill(builder)
    builder.at = ("", "")
    for node_id in nodes:
        builder.complete(node_id)
    # The state captured from each live class wins over what making it again gave, including
    # what later statements did to it (a subclass's __init_subclass__ appending to a registry).
    for node_id, node in nodes.items():
        if isinstance(node, ClassNode):
            builder.drive(finish_class(builder, node_id, node), node_id)
    for node_id, node in nodes.items():
        if isinstance(node, FunctionNode):
            builder.at = (node_id, "its annotations")
            set_annotations(builder, node_id, node)
            if node.overloads:
                builder.drive(register_overloads(builder, node_id, node), node_id)
    if typecheck:
        from .._typecheck import check_methods, checked

        # The functions handed back are checked, and the methods of the classes handed back;
        # calls between loaded functions go through their namespace and stay unchecked.
        wrapped: Dict[int, Any] = {}
        for node_id, node in nodes.items():
            if isinstance(node, FunctionNode):
                builder.at = (node_id, "its type checks")
                original = builder.objects[node_id]
                builder.objects[node_id] = checked(original)
                if builder.objects[node_id] is not original:
                    wrapped[id(original)] = builder.objects[node_id]
        for node_id, node in nodes.items():
            if isinstance(node, ClassNode) and wrapped and node_id not in builder.originals:
                builder.at = (node_id, "its type checks")
                check_methods(builder.objects[node_id], wrapped)
    builder.at = ("", "")
    root = builder.payload.root
    builder.drive(builder.require(root))
    builder.at = ("", "the payload's root value")
    return builder.materialize(root)

"""Rebuild handlers for functions.

A function is made in the first phase from its compiled code (``types.FunctionType`` with its
namespace and cells): its ``def`` statement never runs, so decorators and default expressions in
the source are never evaluated. Completing it sets what was captured: qualname, module, docstring,
defaults, keyword defaults and attributes. Annotations are evaluated last, in its globals, once
every namespace is complete (as the ``def`` statement would have; one that fails stays text).
"""

from __future__ import annotations

import _thread
import sys
import types
import weakref

from .._model import FunctionNode, carries_annotations
from .compiler import BATCH_FILENAME, Compiled, hold_source, source_root, synthetic_filename

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, Optional, Tuple

    from .builder import Builder, Step


def create_function(builder: Builder, node_id: str, node: FunctionNode) -> None:
    """Phase 1: the function, from the code of its source (or of its class's source)."""
    _, compiled, _ = builder.compiled[node_id]
    code = named_code(compiled, source_filename(builder, node_id), node.qualname)
    hold(builder, node_id, code)
    cells = {name: builder.objects[ref.id] for name, ref in node.closure}  # type: ignore[union-attr]
    closure = tuple(cells[name] for name in code.co_freevars) or None
    namespace = builder.objects[node.namespace].__dict__
    fn = types.FunctionType(code, namespace, node.name, None, closure)
    builder.objects[node_id] = fn


def source_filename(builder: Builder, node_id: str) -> str:
    """The synthetic file name of the source that holds ``node_id``'s code."""
    root_id = source_root(builder.payload, node_id)
    filename = builder.filenames.get(root_id)
    if filename is None:
        _, code, text = builder.compiled[root_id]
        # compile_node compiled the text under its synthetic name (a batch's code was placed
        # under it): read, not hashed again.
        filename = code.co_filename
        if not filename.startswith("<srcpickle-"):
            root = builder.nodes[root_id]
            filename = synthetic_filename(text, root.module, root.qualname, root.file)  # type: ignore[union-attr]
        builder.filenames[root_id] = filename
    return filename


def hold(builder: Builder, node_id: str, holder: Any) -> None:
    """Keep the source that holds ``node_id``'s code in ``linecache`` while ``holder`` (its code,
    or the class made from it) is alive (see ``compiler.hold_source``)."""
    root_id = source_root(builder.payload, node_id)
    root = builder.nodes[root_id]
    text = builder.compiled[root_id][2]
    hold_source(source_filename(builder, node_id), text, root.file, holder)  # type: ignore[union-attr]


# The compiled code of a source under its synthetic file name and qualname, per compiled code
# object (weakly: the entry goes with the compiled code, which the loader's caches bound): a
# payload loaded again makes its functions and runs its class statements from the same code
# objects (no copy, and no finalizer, per load). A code object never changes, and the name and
# qualname are the key.
_NAMED: weakref.WeakKeyDictionary[types.CodeType, Dict[Tuple[str, Optional[str]], types.CodeType]] = (
    weakref.WeakKeyDictionary()
)
_NAMED_LOCK = _thread.allocate_lock()


def named_code(code: types.CodeType, filename: str, qualname: Optional[str] = None) -> types.CodeType:
    """``code`` named ``filename`` (with every code inside it) and, where code objects carry
    one (3.11+), ``qualname`` (when given: a class statement's module code keeps its own)."""
    if code.co_filename == filename and (
        qualname is None or sys.version_info < (3, 11) or code.co_qualname == qualname
    ):
        # Compiled under its synthetic name (compiler.compile_node), as most are: no copy.
        return code
    key = (filename, qualname)
    with _NAMED_LOCK:
        try:
            names = _NAMED.get(code)
        except TypeError:  # PyPy's code objects may not be weakly referenceable
            names = None
        found = names.get(key) if names is not None else None
    if found is not None:
        return found
    if qualname is not None and sys.version_info >= (3, 11) and code.co_qualname != qualname:
        named = replace_filename(code, filename, co_qualname=qualname)  # (one replace, not two)
    else:
        named = replace_filename(code, filename)
    with _NAMED_LOCK:
        try:
            names = _NAMED.setdefault(code, {})
        except TypeError:
            return named
        # A few names per code object (the same source loaded under another module name): past
        # that, start again rather than grow.
        if len(names) >= 8:
            names.clear()
        return names.setdefault(key, named)


def replace_filename(code: types.CodeType, filename: str, **changes: Any) -> types.CodeType:
    """``code`` and every code inside it, named ``filename``; ``changes`` (other fields to
    replace, as ``code.replace`` takes them) apply to ``code`` itself."""
    consts = code.co_consts
    if types.CodeType in set(map(type, consts)):  # (C loops: most codes hold no other code)
        consts = tuple([replace_filename(c, filename) if type(c) is types.CodeType else c for c in consts])
    return code.replace(co_filename=filename, co_consts=consts, **changes)


def complete_function(builder: Builder, node_id: str, node: FunctionNode) -> Step:
    """Set the captured qualname, module, docstring, defaults and attributes."""
    for value in (node.doc, node.defaults, node.kwdefaults, *(v for _, v in node.attributes)):
        yield from builder.require(value)
    fn = builder.objects[node_id]
    fn.__qualname__ = node.qualname
    fn.__module__ = node.module or None
    fn.__doc__ = builder.materialize(node.doc)
    if node.defaults is not None:
        fn.__defaults__ = builder.materialize(node.defaults)
    if node.kwdefaults is not None:
        fn.__kwdefaults__ = builder.materialize(node.kwdefaults)
    set_attributes(fn, [(name, builder.materialize(value)) for name, value in node.attributes])


def set_attributes(fn: types.FunctionType, attributes: Iterable[Tuple[str, Any]]) -> None:
    """Put the captured attributes into ``fn.__dict__`` as they were there (a name that is a
    function attribute on this Python only, ``__type_params__`` on 3.12, stays a dict entry);
    format 3's live ``__annotations__`` set the function's annotations."""
    held = fn.__dict__
    for name, value in attributes:
        if name == "__annotations__":
            fn.__annotations__ = value
        else:
            held[name] = value


def set_annotations(builder: Builder, node_id: str, node: FunctionNode) -> None:
    """Phase 4: evaluate the annotations in the function's globals (text when that fails, or
    under ``from __future__ import annotations``)."""
    fn = builder.objects[node_id]
    generic = generic_scope(builder.compiled[node_id])
    if generic is not None:
        # A generic def (3.12+): its scope of type parameters, imported with the first one met
        # (issue 9: most processes never load one).
        from .generics import class_cells, set_type_parameters

        # Format 3: the names of its class body its type parameters read (see generics).
        body = {name: builder.materialize(value) for name, value in node.scope_names}
        if carries_annotations(node):
            # Format 3: the live annotations, set with the attributes; a generic def still
            # gets its type parameters (typing.get_type_hints of 3.13 reads them).
            set_type_parameters(generic, fn, class_cells(builder, node), annotations=False, body=body)
            return
        if set_type_parameters(generic, fn, class_cells(builder, node), body=body):
            return
    elif carries_annotations(node):
        return  # format 3: the live annotations, set with the attributes
    future = node.future
    scope: Optional[Dict[str, Any]] = None
    if node.in_class:
        root = builder.nodes[source_root(builder.payload, node_id)]
        future = getattr(root, "future", ())
        # A method of a generic class (``class Box[T]``, 3.12) reads the type parameters the
        # class statement made, which are no globals.
        parameters = getattr(builder.objects.get(node.in_class), "__type_params__", None)
        if isinstance(parameters, tuple):  # (a payload may have set anything there)
            scope = {getattr(p, "__name__", ""): p for p in parameters} or None
    annotations: Dict[str, Any] = {}
    for name, text in node.annotations:
        annotations[name] = (
            text if "annotations" in future else evaluate_annotation(text, fn.__globals__, scope)
        )
    put_annotations(fn, annotations)


def register_overloads(builder: Builder, node_id: str, node: FunctionNode) -> Step:
    """Phase 4, format 3: register the function's ``typing.overload`` stubs again (see
    ``_overloads``), once they and it are complete."""
    from .._overloads import register_overloads as register

    stubs = []
    for value in node.overloads:
        yield from builder.require(value)
        stub = builder.materialize(value)
        if not isinstance(stub, types.FunctionType):
            from ..errors import LoadError

            raise LoadError(
                f"function {node.qualname} has {stub!r} among its overloads, which is not a function"
            )
        stubs.append(stub)
    register(builder.objects[node_id], stubs)


def put_annotations(fn: types.FunctionType, annotations: Dict[str, Any]) -> None:
    """Make ``annotations`` those of ``fn``, in the dict it has: a wrapper the payload built
    before the annotations were evaluated (``lru_cache``'s, whose ``update_wrapper`` took that
    dict by reference) shows them too, as the original wrapper did."""
    held = fn.__annotations__
    if type(held) is dict:
        held.clear()
        held.update(annotations)
    else:
        fn.__annotations__ = annotations


def generic_scope(compiled: Compiled) -> Optional[types.CodeType]:
    """The scope of type parameters (``def first[T]``, Python 3.12) that holds the function's
    code in its module code, or None."""
    if sys.version_info < (3, 12):
        return None  # no such scope before 3.12: no walk of every load's module code
    module_code, code, _ = compiled
    if module_code.co_filename == BATCH_FILENAME:
        return None  # a def compiled in a batch was found in its module code itself (no such scope)
    stack = [module_code]
    while stack:
        holder = stack.pop()
        for const in holder.co_consts:
            if const is code:
                return holder if holder.co_name.startswith("<generic parameters of ") else None
            if isinstance(const, types.CodeType):
                stack.append(const)
    return None


def evaluate_annotation(text: str, namespace: Dict[str, Any], scope: Optional[Dict[str, Any]] = None) -> Any:
    """``text`` evaluated in ``namespace`` (with the names of ``scope`` first), as the def
    statement evaluated it; a name that only existed for type checkers (imported under
    TYPE_CHECKING) leaves the annotation as its text."""
    try:
        return eval(text, namespace, scope)  # noqa: S307 - the payload's own code, after all checks
    except Exception:  # noqa: BLE001 - any failure leaves the text
        return text

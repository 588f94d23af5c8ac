"""Module-level imports guarded against their failure, found for the globals a capture reads.

A module that ran::

    try:
        import ujson
        HAS_UJSON = True
    except ImportError:
        ujson = None
        HAS_UJSON = False

works where ujson is missing. Its globals hold what the ``try`` body bound in this process; the
payload also says what the ``except`` clause would have bound (format 3 ``guard`` section, see
``_model.GuardNode``), so that a loader without ujson takes those values instead of refusing the
payload. Read: the module's top-level ``try`` statements (a line ``try:`` in column 0), those in
the branches of a top-level ``if`` (``if sys.version_info >= (3, 11):``, a platform test), and
``with contextlib.suppress(ImportError): import ujson`` (a ``try`` whose handler is ``pass``),
each statement parsed alone, once per file text. A guard in a function, a class body or any other
statement is not read: its import stays required.

What the handler binds is captured from this process, never by running the handler: a literal
(``None``, ``False``, ``()``), a global or builtin of the module by its (dotted) name
(``ujson = json``, ``dumps = json.dumps``), an import (``import json as ujson``, ``from json
import dumps``) of a module this process has imported or that the standard library has, or
nothing (``pass``: a name the body bound keeps what the last top-level statement before the
guard bound it to, ``x = None`` or an import, captured the same way; a name never bound before
is left unbound; one bound before by running code, a call or a def, makes the guard one that is
not written). A guard whose handler binds a
name the code reads in any other way (a call, a class statement), or whose body did not bind
what this process holds, is not written: its import stays required, as before.

A namespace srcpickle loaded has no file to read: its guards are written again from what the load
decided of them (see "guards of a loaded namespace" below).
"""

from __future__ import annotations

import _ast as ast
import builtins
import sys

from .._astparse import catches, iter_child_nodes, parse
from .._model import (
    SCALAR_TYPES,
    ClassNode,
    DictValue,
    FrozenSetValue,
    FunctionNode,
    GuardNode,
    ImportNode,
    KeptGuards,
    ListValue,
    NamespaceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    iter_refs,
    map_values,
    node_values,
    replace,
)
from .._source import IMPORT_ERROR_CATCHERS, cached_lines, per_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Optional, Set, Tuple, TypeAlias

    from . import Capturer, Namespace

# What a name is bound to by a statement of a try body or an except clause:
# ("import", module, attribute or None), ("expr", expression node), ("unknown", None, None).
Binding: TypeAlias = "Tuple[str, Any, Any]"


class Guard:
    """One top-level ``try`` whose handler catches ``ImportError``."""

    __slots__ = ("tries", "bound", "fallbacks", "earlier", "line", "suppressor")

    def __init__(self, line: int, suppressor: str = "") -> None:
        self.line = line
        # ``with suppress(ImportError):``: the name the module calls contextlib.suppress by.
        self.suppressor = suppressor
        # The modules the body imports (absolute names), in order.
        self.tries: List[str] = []
        # What the body (and its else clause) binds, by name.
        self.bound: Dict[str, Binding] = {}
        # What the handler binds, by name.
        self.fallbacks: Dict[str, Binding] = {}
        # What a top-level statement before the guard bound a name to that the body binds and
        # the handler does not: where the import fails, the name keeps that binding.
        self.earlier: Dict[str, Binding] = {}


class _FileGuards:
    def __init__(self, lines: List[str]) -> None:
        self.lines_ref = lines
        self.guards = _read_guards(lines)


_FILES: Dict[str, _FileGuards] = {}


def add_guards(cap: Capturer) -> None:
    """Add a ``guard`` section for each guarded top-level import of a captured module whose
    names the captured code reads (see the module's docstring)."""
    for namespace in list(cap.namespaces.values()):
        if namespace.kept is not None:
            if namespace.values:
                _add_kept_guards(cap, namespace)
            continue
        filename = namespace.dict.get("__file__")
        if not isinstance(filename, str) or not namespace.values:
            continue
        lines = cap.file_lines.get(filename)
        if lines is None:
            lines = cached_lines(filename, namespace.dict)
        if not lines:
            continue
        found = _FILES.get(filename)  # (the cache's quick way: a warm dumps takes no lock)
        if found is None or found.lines_ref is not lines:
            found = per_file(_FILES, filename, lines, _FileGuards)
        for guard in found.guards:
            read = sorted((set(guard.bound) | set(guard.fallbacks)) & set(namespace.values))
            if read:
                node = _guard_node(cap, namespace, guard, read)
                if node is not None:
                    node_id = cap.new_id(f"guard.{namespace.module}.{guard.tries[0]}", node)
                    cap.nodes[node_id] = node
                    cap.later_format = True  # (format 3: see finish)


def _guard_node(cap: Capturer, namespace: Namespace, guard: Guard, read: List[str]) -> Optional[GuardNode]:
    held = namespace.dict
    if guard.suppressor and not _is_suppress(guard.suppressor, held):
        return None  # a suppress of the module's own: what it catches is not known
    modules = []
    for name in guard.tries:
        module = sys.modules.get(name)
        if module is None:
            return None  # the try failed here (or never ran): the globals are the handler's
        if cap.is_user_module(name):
            return None  # code of the user's own goes by value: it travels with the payload
        modules.append(module)
    for name in read:
        binding = guard.bound.get(name)
        if binding is not None and binding[0] == "import" and _imported(binding) is not held.get(name):
            return None  # what the module holds is not what its try imported: decided elsewhere
    fallbacks: List[Tuple[str, Any]] = []
    unbound = []
    for name in read:
        binding = guard.fallbacks.get(name)
        if binding is None:
            binding = guard.earlier.get(name)
            if binding is None:
                unbound.append(name)  # (never bound before: where the import fails, it is not)
                continue
        found, value = _fallback(binding, held)
        if not found:
            return None
        fallbacks.append((name, value))
    where = f"{namespace.module}.<guard of line {guard.line}>"
    tries: Tuple[Value, ...] = tuple(cap.value(module, f"{where}.tries") for module in modules)
    captured = tuple((name, cap.value(value, f"{where}.{name}")) for name, value in fallbacks)
    return GuardNode(namespace.node_id, tries, captured, tuple(unbound))


_MISSING = object()


# --------------------------------------------------------------- guards of a loaded namespace
#
# A namespace srcpickle loaded holds no file to read its guards from: the load kept what it
# decided of them (_model.KeptGuards), and a capture of what it loaded writes them again, with
# the ids they had, so that dumps(loads(p)) == p. Where the load found every module a guard
# tries, the globals hold what its try bound, as in the process that wrote the payload, and the
# guard's values are those it carried: its literals, and its sections, copied (an import or a
# reference, a function of the namespace the load did not build: sections the capture cannot
# make from this process, whose modules the load did not import) or, where the capture reached
# that very section again, that one. Where the load took the fallbacks, the globals the guard
# covers are written as the try bound them (the sections the payload carried), the fallbacks
# from what the namespace holds: the payload still says the module is optional. A guard one of
# whose values cannot be made again so (a class, a call, a cell), or whose globals no longer
# hold what the load bound them to, is not written: where its fallbacks were taken, the globals
# are written as they are, as before guards were kept.


class _KeptState:
    # What one capture made of a namespace's kept guards.
    __slots__ = ("original", "restored", "writable", "copied")

    def __init__(self, original: Dict[str, Value]) -> None:
        # The namespace's globals in the payload it was loaded from.
        self.original = original
        # The globals written as the guard's try bound them (its fallbacks taken at the load).
        self.restored: Dict[str, Value] = {}
        # The ids of the guards to write again.
        self.writable: Set[str] = set()
        # Section ids of the loaded payload and the values this capture made of them.
        self.copied: Dict[str, Value] = {}


def _kept_state(cap: Capturer, namespace: Namespace) -> _KeptState:
    state = namespace.kept_state
    if state is not None:
        return state  # type: ignore[no-any-return]
    kept = namespace.kept
    assert kept is not None
    node = kept.nodes.get(kept.namespace)
    state = _KeptState(dict(node.globals) if node is not None else {})  # type: ignore[union-attr]
    held = namespace.dict
    for guard_id, guard, taken in kept.guards:
        if not taken:
            state.writable.add(guard_id)
            continue
        names = [name for name, _ in guard.fallbacks] + list(guard.unbound)
        if not all(_still_fallback(guard, name, held) for name in names):
            continue  # (rebound since: written as it is, without the guard)
        restored = {}
        for name in names:
            if name not in state.original:
                break  # (a fallback for a name the try did not bind: nothing to restore)
            restored[name] = _copy_value(cap, namespace, state, state.original[name], copy=False)
            if restored[name] is _MISSING:
                break
        else:
            state.writable.add(guard_id)
            state.restored.update(restored)
    namespace.kept_state = state
    return state


def _still_fallback(guard: GuardNode, name: str, held: Dict[str, Any]) -> bool:
    # Whether the global ``name`` still holds what the load's fallbacks bound it to (a literal
    # compared, a section's object taken as it is), or is still unbound.
    if name in guard.unbound:
        return name not in held
    value = dict(guard.fallbacks)[name]
    if type(value) in SCALAR_TYPES:
        found = held.get(name, _MISSING)
        return type(found) is type(value) and found == value
    return name in held


def kept_global(cap: Capturer, namespace: Namespace, name: str) -> bool:
    """Whether the global ``name`` of a loaded namespace is one a guard covers whose fallbacks
    the load took: then written as the guard's try bound it (see above), and True."""
    state = _kept_state(cap, namespace)
    if name not in state.restored:
        return False
    if name not in namespace.values:
        namespace.values[name] = _copy_value(cap, namespace, state, state.original[name])
    return True


def _add_kept_guards(cap: Capturer, namespace: Namespace) -> None:
    kept = namespace.kept
    assert kept is not None
    state = _kept_state(cap, namespace)
    read_before = set(namespace.values)
    for guard_id, guard, taken in kept.guards:
        if guard_id not in state.writable:
            continue
        covered = [name for name, _ in guard.fallbacks] + list(guard.unbound)
        read = {name for name in covered if name in read_before}
        if not read:
            continue
        if not taken and not all(
            _same(namespace.values.get(name), state.original.get(name, _MISSING)) for name in read
        ):
            continue  # (rebound since it was loaded: what it holds is not what the try bound)
        copied = [*guard.tries, *(value for name, value in guard.fallbacks if name in read and not taken)]
        if any(_copy_value(cap, namespace, state, value, copy=False) is _MISSING for value in copied):
            continue  # (a class, a call: not made again here, the import stays required)
        where = f"{namespace.module}.<guard {guard_id}>"
        tries = tuple(_copy_value(cap, namespace, state, value) for value in guard.tries)
        fallbacks = []
        for name, value in guard.fallbacks:
            if name in read:
                if taken:
                    value = cap.value(namespace.dict[name], f"{where}.{name}")
                else:
                    value = _copy_value(cap, namespace, state, value)
                fallbacks.append((name, value))
        unbound = tuple(name for name in guard.unbound if name in read)
        node = GuardNode(namespace.node_id, tries, tuple(fallbacks), unbound)
        node_id = cap.new_id(guard_id, node)
        cap.nodes[node_id] = node
        cap.later_format = True  # (format 3: see finish)


def _names_read(node: Any) -> Set[str]:
    # The names the code of a function or class section loads (its globals among them), from
    # its source.
    mode = "eval" if getattr(node, "kind", "") == "lambda" else "exec"
    try:
        code = compile(node.source, "<srcpickle>", mode, dont_inherit=True)
    except (SyntaxError, ValueError):
        return set()
    names: Set[str] = set()
    pending = [code]
    while pending:
        current = pending.pop()
        names.update(current.co_names)
        pending.extend(const for const in current.co_consts if hasattr(const, "co_names"))
    return names


def _same(found: Any, original: Any) -> bool:
    return type(found) is type(original) and found == original


def _copy_value(
    cap: Capturer, namespace: Namespace, state: _KeptState, value: Value, copy: bool = True
) -> Any:
    """The value of this capture that stands for ``value`` of the loaded payload (see above), or
    ``_MISSING`` where it cannot be made; ``copy=False`` only asks whether it can."""
    if type(value) in SCALAR_TYPES:
        return value
    if isinstance(value, Ref):
        return _copy_section(cap, namespace, state, value.id, copy)
    if isinstance(value, (TupleValue, ListValue, SetValue, FrozenSetValue)):
        items = [_copy_value(cap, namespace, state, item, copy) for item in value.items]
        return _MISSING if _MISSING in items else type(value)(tuple(items))
    if isinstance(value, DictValue):
        pairs = [
            (_copy_value(cap, namespace, state, key, copy), _copy_value(cap, namespace, state, item, copy))
            for key, item in value.items
        ]
        return _MISSING if any(_MISSING in pair for pair in pairs) else DictValue(tuple(pairs))
    return _MISSING


def _copy_section(cap: Capturer, namespace: Namespace, state: _KeptState, node_id: str, copy: bool) -> Any:
    kept = namespace.kept
    assert kept is not None
    if node_id == kept.namespace:
        return cap.ref(namespace.node_id) if copy else True
    made = state.copied.get(node_id)
    if made is not None:
        if not copy:
            return True
        return cap.ref(made.id) if isinstance(made, Ref) else made
    node = kept.nodes.get(node_id)
    if isinstance(node, (ImportNode, RefNode)):
        found = _live(node)
        if not copy:
            return True
        if found is not _MISSING and not cap.is_user_module(node.module):
            made = cap.value(found, f"{namespace.module}.<guard>")
            state.copied[node_id] = made
            return made
        return _reserve(cap, state, node_id, node)
    if node_id in kept.built and cap.nodes.get(node_id) is not None:
        # (a section the load built and this capture reached again: that object)
        return cap.ref(node_id) if copy else True
    if not copy:
        return _copyable(kept, node_id, set()) or _MISSING
    return _copy_node(cap, namespace, state, node_id)


def _copyable(kept: KeptGuards, node_id: str, seen: Set[str]) -> bool:
    # Whether the section ``node_id`` of the loaded payload, and every section it reaches, can be
    # copied into a capture of its namespace: sections of that namespace only, no guard.
    pending = [node_id]
    while pending:
        current = pending.pop()
        if current in seen or current == kept.namespace:
            continue
        seen.add(current)
        node = kept.nodes.get(current)
        if node is None or isinstance(node, (GuardNode, NamespaceNode)):
            return False
        if isinstance(node, (ImportNode, RefNode)):
            continue
        if isinstance(node, (FunctionNode, ClassNode)):
            if node.namespace != kept.namespace:
                return False
            if node.in_class:
                pending.append(node.in_class)
        if isinstance(node, ClassNode):
            pending.extend(_members(kept, current))
        for value in node_values(node):
            pending.extend(ref.id for ref in iter_refs(value))
    return True


def _members(kept: KeptGuards, class_id: str) -> List[str]:
    # The sections written inside a class's statement (its methods, nested classes), in order.
    return [
        node_id
        for node_id, node in kept.nodes.items()
        if isinstance(node, (FunctionNode, ClassNode)) and node.in_class == class_id
    ]


def _copy_node(cap: Capturer, namespace: Namespace, state: _KeptState, node_id: str) -> Ref:
    # A section of the loaded payload the load did not build (a fallback's function, class,
    # object made by a call, cell: the module it stands in for was found), copied as it came
    # with what it reaches, its ids kept where this capture has not taken them.
    kept = namespace.kept
    assert kept is not None
    node: Any = kept.nodes[node_id]
    ref = _reserve(cap, state, node_id, None)  # (first: a cycle back to it finds it)
    # In the order the capture reaches them: the globals its source reads, the classes its
    # class statement holds, its values (the methods among its attributes), the other methods.
    if isinstance(node, (FunctionNode, ClassNode)) and node.source:
        for name in sorted(_names_read(node)):
            if name in state.original and name not in namespace.values and name in namespace.dict:
                namespace.values[name] = cap.value(namespace.dict[name], f"{namespace.module}.{name}")
    members = _members(kept, node_id) if isinstance(node, ClassNode) else []
    for member in members:
        if member not in state.copied and isinstance(kept.nodes[member], ClassNode):
            _copy_node(cap, namespace, state, member)
    made: Any = map_values(node, lambda value: _copy_value(cap, namespace, state, value))
    if isinstance(node, (FunctionNode, ClassNode)):
        in_class = _copy_section(cap, namespace, state, node.in_class, True).id if node.in_class else ""
        made = replace(made, namespace=namespace.node_id, in_class=in_class)
    cap.nodes[ref.id] = made
    for member in members:  # (the methods its attributes did not reach)
        if member not in state.copied:
            _copy_node(cap, namespace, state, member)
    return ref


def _values_of(node: FunctionNode) -> List[Value]:
    return [
        *(value for _, value in node.closure),
        node.defaults,
        node.kwdefaults,
        node.doc,
        *(value for _, value in node.attributes),
        *node.body_imports,
        *node.overloads,
    ]


def _reserve(cap: Capturer, state: _KeptState, node_id: str, node: Any) -> Ref:
    # The section ``node`` under the id it had (another if this capture holds that one).
    new_id = cap.new_id(node_id, object())
    cap.nodes[new_id] = node
    ref = cap.ref(new_id)
    state.copied[node_id] = ref
    return ref


def _live(node: Any) -> Any:
    # The object an import or reference section names, from the modules this process imported
    # (none is imported here), or _MISSING.
    module = sys.modules.get(node.module)
    if module is None:
        return _MISSING
    if isinstance(node, ImportNode):
        return module
    found: Any = module
    for part in node.qualname.split("."):
        found = getattr(found, part, _MISSING)
        if found is _MISSING:
            return _MISSING
    return found


def _imported(binding: Binding) -> Any:
    # The object an import of the try body bound, as this process holds it.
    _, module, attribute = binding
    if attribute is None:
        return sys.modules.get(module, _MISSING)
    return getattr(sys.modules.get(module), attribute, _MISSING)


def _fallback(binding: Binding, held: Dict[str, Any]) -> Tuple[bool, Any]:
    # What the handler's statement binds, from this process, or (False, None) when that cannot
    # be known without running it.
    kind, first, second = binding
    if kind == "import":
        module = sys.modules.get(first)
        if module is None:
            from .._deps import is_stdlib

            if not is_stdlib(first):
                return False, None
            import importlib

            try:
                module = importlib.import_module(first)
            except ImportError:
                return False, None
        if second is None:
            return True, module
        value = getattr(module, second, _MISSING)
        return value is not _MISSING, value
    if kind != "expr":
        return False, None
    expression = first
    if isinstance(expression, ast.Constant):
        return True, expression.value
    parts: List[str] = []
    while isinstance(expression, ast.Attribute):
        parts.append(expression.attr)
        expression = expression.value
    if isinstance(expression, ast.Name):
        if expression.id in held:
            value = held[expression.id]
        elif hasattr(builtins, expression.id):
            value = getattr(builtins, expression.id)
        else:
            return False, None
        for part in reversed(parts):
            value = getattr(value, part, _MISSING)
            if value is _MISSING:
                return False, None
        return True, value
    if not parts and isinstance(expression, (ast.Tuple, ast.List, ast.Dict, ast.UnaryOp)):
        import ast as full_ast  # (literal_eval: only for a handler that binds a container)

        try:
            return True, full_ast.literal_eval(expression)
        except ValueError:
            return False, None
    return False, None


def _read_guards(lines: List[str]) -> List[Guard]:
    """The guards of a module's top-level ``try`` statements whose handlers catch ImportError,
    of those in the branches of a top-level ``if``, and of ``with suppress(ImportError):``."""
    guards: List[Guard] = []
    index = 0
    while index < len(lines):
        if not lines[index].startswith(_OPENERS):
            index += 1
            continue
        start = index
        index += 1
        while index < len(lines):
            line = lines[index]
            if line[:1] not in ("", " ", "\t", "\n", "\r", "#") and not line.startswith(_CLAUSES):
                break
            index += 1
        opener = lines[start]
        if opener.startswith("if ") and not any(
            line.lstrip().startswith(_NESTED) for line in lines[start:index]
        ):
            continue  # (an if without a guard in it, such as a script's main block: not parsed)
        if opener.startswith("with ") and "suppress" not in opener:
            continue
        try:
            tree = parse("\n" * start + "".join(lines[start:index]))
        except (SyntaxError, ValueError):
            continue  # (a string spanning column 0 inside the statement: not read)
        _block_guards(lines, start, tree.body, [], guards)
    return guards


def _block_guards(
    lines: List[str], start: int, statements: List[ast.stmt], before: List[ast.stmt], guards: List[Guard]
) -> None:
    # The guards of ``statements`` (a top-level statement, or a branch of a top-level if, which
    # ``before`` ran ahead of, in the enclosing branches), in order.
    for index, statement in enumerate(statements):
        if isinstance(statement, ast.If):
            # Either branch may be the one that ran; the capture checks that the globals hold
            # what a guard's try imported (see _guard_node).
            ran = [*before, *statements[:index]]
            _block_guards(lines, start, statement.body, ran, guards)
            _block_guards(lines, start, statement.orelse, ran, guards)
            continue
        guard = _guard_of(statement)
        if guard is not None:
            kept = set(guard.bound) - set(guard.fallbacks)
            if kept:
                # What the statements of its own block bound before it, else the last top-level
                # statement before the block.
                guard.earlier = _bound_by(reversed([*before, *statements[:index]]), kept)
                left = kept - set(guard.earlier)
                if left:
                    guard.earlier.update(_earlier_bindings(lines, start, left))
            guards.append(guard)


def _bound_by(statements: Iterable[ast.stmt], names: Set[str]) -> Dict[str, Binding]:
    # What the first of ``statements`` (latest first) that binds each of ``names`` bound it to.
    found: Dict[str, Binding] = {}
    for statement in statements:
        bound: Dict[str, Binding] = {}
        _module_bindings(statement, bound)
        for name in (names - set(found)) & set(bound):
            found[name] = bound[name]
        if len(found) == len(names):
            break
    return found


def _earlier_bindings(lines: List[str], end: int, names: Set[str]) -> Dict[str, Binding]:
    """What the last top-level statement before line index ``end`` that binds each of ``names``
    bound it to (``x = None``, ``x: T = None``, ``x, y = None, False``, an import), or
    ``_BY_CODE`` where that statement binds it by running code (a def, ``x += 1``, a call's
    result, a store inside a block: ``if c:`` / ``for x in ...`` / an earlier ``try``). Read from
    the lines where top-level statements start (column 0), each candidate statement parsed
    alone, so a module costs no parse of its whole text."""
    found: Dict[str, Binding] = {}
    pending = set(names)
    index = end
    while pending and index > 0:
        index -= 1
        line = lines[index]
        if line[:1] in ("", " ", "\t", "\n", "\r", "#", "@", ")", "]", "}") or _is_clause(line):
            continue  # (inside a statement that starts on an earlier line)
        if line.startswith(("def ", "async def ", "class ")):
            # A def or class statement binds what the guard cannot capture: no guard is written.
            defined = line.split("(")[0].split(":")[0].split()[-1]
            if defined in pending:
                found[defined] = _BY_CODE
                pending.discard(defined)
            continue
        stop = _statement_end(lines, index, end)
        text = "".join(lines[index:stop])
        candidates = {name for name in pending if name in text}
        if not candidates:
            continue
        try:
            tree = parse("\n" * index + text)
        except (SyntaxError, ValueError):
            continue  # (a line of a string spanning column 0, or a continued expression)
        bound: Dict[str, Binding] = {}
        for statement in tree.body:
            _module_bindings(statement, bound)
        for name in candidates & set(bound):
            found[name] = bound[name]
            pending.discard(name)
    return found


def _statement_end(lines: List[str], index: int, end: int) -> int:
    # The index after the last line of the top-level statement starting at ``index``: its
    # indented, blank and comment lines, a bracket closing in column 0, and the clauses of a
    # compound statement (else, except, finally, elif).
    stop = index + 1
    while stop < end and (
        lines[stop][:1] in ("", " ", "\t", "\n", "\r", "#", ")", "]", "}") or _is_clause(lines[stop])
    ):
        stop += 1
    return stop


def _is_clause(line: str) -> bool:
    # Whether a column-0 line goes on a compound statement (``except ...:``, ``else:``), not
    # a statement of its own such as ``except_count = 0``.
    if line.startswith("except"):
        return line[6:7] in (" ", "\t", ":", "*", "(")
    return line.startswith(_CLAUSES[1:])


def _module_bindings(statement: ast.AST, bound: Dict[str, Binding]) -> None:
    # The module globals a top-level ``statement`` binds, with how: a literal, a name or an
    # import as _fallback reads them; ``_BY_CODE`` for every other way (a def, ``x += 1``, a
    # call's result unpacked, a store inside a block or a loop, an except clause's name).
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        _bindings(statement, bound, [])
        return
    if isinstance(statement, ast.AnnAssign):
        if isinstance(statement.target, ast.Name):
            if statement.value is not None:
                bound[statement.target.id] = ("expr", statement.value, None)
            return  # (an annotation alone binds nothing)
    elif isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Name):
                bound[target.id] = ("expr", statement.value, None)
            elif (
                isinstance(target, (ast.Tuple, ast.List))
                and isinstance(statement.value, (ast.Tuple, ast.List))
                and len(target.elts) == len(statement.value.elts)
                and all(isinstance(item, ast.Name) for item in target.elts)
                and not any(isinstance(item, ast.Starred) for item in statement.value.elts)
            ):
                # ``x, y = None, False``: each name its own item (all evaluated before any is bound,
                # so an item naming another target reads its value from before: by code then).
                stored = {item.id for item in target.elts}  # type: ignore[attr-defined]
                for item, value in zip(target.elts, statement.value.elts):
                    reads = any(isinstance(sub, ast.Name) and sub.id in stored for sub in _walk(value))
                    bound[item.id] = _BY_CODE if reads else ("expr", value, None)  # type: ignore[attr-defined]
            else:
                _stored_by_code(target, bound)
        return
    _stored_by_code(statement, bound)


def _stored_by_code(node: ast.AST, bound: Dict[str, Binding]) -> None:
    # Every module global ``node`` binds (not in the bodies of the functions, classes and
    # comprehensions it holds, whose names are their own), as bound by running code.
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, ast.Name):
            if not isinstance(current.ctx, ast.Load):
                bound[current.id] = _BY_CODE  # (a store, or a del: unbound by code)
            continue
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[current.name] = _BY_CODE
            # (its decorators, defaults and bases run here: a walrus in them binds a global)
            pending.extend(current.decorator_list)
            continue
        if isinstance(current, (ast.Import, ast.ImportFrom)):
            for alias in current.names:
                if alias.name != "*":
                    bound[(alias.asname or alias.name).partition(".")[0]] = _BY_CODE
            continue
        if isinstance(current, ast.ExceptHandler) and current.name:
            bound[current.name] = _BY_CODE
        elif isinstance(current, _MATCH_CAPTURES):
            captured = getattr(current, "name", None) or getattr(current, "rest", None)
            if captured:
                bound[captured] = _BY_CODE
        elif isinstance(current, _COMPREHENSIONS + (ast.Lambda,)):
            # Their targets are their own; a walrus in them binds in the module, by code.
            for sub in _walk(current):
                if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                    bound[sub.target.id] = _BY_CODE
            continue
        pending.extend(iter_child_nodes(current))


_COMPREHENSIONS: Tuple[type, ...] = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# (match statements: 3.10+; their capture patterns bind names, as an assignment does)
_MATCH_CAPTURES: Tuple[type, ...] = tuple(
    getattr(ast, kind) for kind in ("MatchAs", "MatchStar", "MatchMapping") if hasattr(ast, kind)
)


# An earlier binding made by running code (a def, a class, ``x += 1``): _fallback cannot capture
# it, so the guard is not written and its import stays required, as for a handler's call.
_BY_CODE: Binding = ("code", None, None)


_OPENERS = ("try:", "if ", "with ")
_NESTED = ("try:", "with ")
_CLAUSES = ("except", "else:", "else :", "elif ", "finally:", "finally :")


def _guard_of(statement: ast.AST) -> Optional[Guard]:
    if isinstance(statement, ast.With):
        return _suppress_guard(statement)
    if not isinstance(statement, ast.Try):
        return None
    handler = next((h for h in statement.handlers if catches(h.type, IMPORT_ERROR_CATCHERS)), None)
    if handler is None:
        return None
    guard = Guard(getattr(statement, "lineno", 0))
    for part in (statement.body, statement.orelse):
        for sub in part:
            _bindings(sub, guard.bound, guard.tries)
    _unused: List[str] = []
    for sub in handler.body:
        _bindings(sub, guard.fallbacks, _unused)
    if not guard.tries:
        return None  # no import tried: not an import guard
    return guard


def _suppress_guard(statement: ast.With) -> Optional[Guard]:
    # ``with suppress(ImportError): import ujson``: a try whose handler binds nothing.
    if len(statement.items) != 1:
        return None
    call = statement.items[0].context_expr
    if not isinstance(call, ast.Call) or call.keywords:
        return None
    func = call.func
    if isinstance(func, ast.Name):
        name = func.id
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        name = f"{func.value.id}.{func.attr}"
    else:
        return None
    if not any(catches(arg, IMPORT_ERROR_CATCHERS) for arg in call.args):
        return None
    guard = Guard(getattr(statement, "lineno", 0), name)
    for sub in statement.body:
        _bindings(sub, guard.bound, guard.tries)
    return guard if guard.tries else None


def _is_suppress(name: str, held: Dict[str, Any]) -> bool:
    # Whether ``name`` (``suppress``, ``contextlib.suppress``) is contextlib.suppress in the module.
    import contextlib

    head, _, attribute = name.partition(".")
    found = held.get(head, _MISSING)
    if attribute:
        found = getattr(found, attribute, _MISSING) if found is contextlib else _MISSING
    return found is contextlib.suppress


def _bindings(statement: ast.AST, bound: Dict[str, Binding], imports: List[str]) -> None:
    # The names ``statement`` binds, with how; the modules it imports appended to ``imports``.
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            imports.append(alias.name)
            if alias.asname:
                bound[alias.asname] = ("import", alias.name, None)
            else:
                top = alias.name.partition(".")[0]
                bound[top] = ("import", top, None)
        return
    if isinstance(statement, ast.ImportFrom):
        if statement.level or not statement.module:
            for alias in statement.names:
                bound[alias.asname or alias.name] = ("unknown", None, None)
            return
        imports.append(statement.module)
        for alias in statement.names:
            if alias.name != "*":
                bound[alias.asname or alias.name] = ("import", statement.module, alias.name)
        return
    if isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets):
        for target in statement.targets:
            bound[target.id] = ("expr", statement.value, None)  # type: ignore[attr-defined]
        return
    if isinstance(statement, (ast.Pass, ast.Expr)):
        return  # (a call such as warnings.warn binds nothing)
    for sub in _walk(statement):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            bound[sub.id] = ("unknown", None, None)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[sub.name] = ("unknown", None, None)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            for alias in sub.names:
                bound[(alias.asname or alias.name).partition(".")[0]] = ("unknown", None, None)


def _walk(node: ast.AST) -> List[ast.AST]:
    from .._astparse import walk

    return list(walk(node))

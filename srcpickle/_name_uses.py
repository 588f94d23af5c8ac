"""The dotted names a payload's sources read, by a full reading of their syntax trees (see
``_names``, whose module docstring gives the rules): each use with its guards and annotation flags
(``name_uses``), the ones loading needs (``needed_names``) and the ones this environment lacks
(``missing_names``).

Apart from ``_names`` so that ``import srcpickle`` does not load it: a first load asks only
whether ``_names.candidate_names`` are all there, which most payloads answer yes; this module is
imported when some are not, and by ``check``, ``migrate`` and the capture side's readers of names
(issue 9).
"""

from __future__ import annotations

import _ast
import collections
import importlib
import sys

from . import _astparse
from ._model import ClassNode, Distribution, FunctionNode, NamespaceNode, Payload
from ._names import _children, _newer_builtins, parse_source, targets, walk

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

    from ._names import Needed, Parsed


# Exceptions a try statement catches to run where a name is missing (an except naming one of
# these, a tuple holding one, or a bare except).
_GUARD_EXCEPTIONS = frozenset(
    {"AttributeError", "ImportError", "ModuleNotFoundError", "NameError", "Exception", "BaseException"}
)


# Names a test reads to run only where something exists: a branch under such a test is guarded.
_GUARD_TESTS = frozenset(
    {"hasattr", "getattr", "version_info", "hexversion", "implementation", "platform", "TYPE_CHECKING"}
)


class NameUse(
    collections.namedtuple(
        "NameUse", ("name", "module", "qualname", "line", "annotation", "guarded"), defaults=(False, False)
    )
):
    """A dotted name a source reads from an imported module (``collections.Mapping``): the full
    name, where (node qualname, line in the original file), whether only an annotation reads it
    (loading does not need it: an annotation that fails to evaluate stays text) and whether it is
    read under a guard (code written to run where it is missing). A namedtuple of ``collections``,
    not ``typing.NamedTuple``: the loader imports this module, and no ``typing`` (issue 9).
    """

    __slots__ = ()

    name: str
    module: str
    qualname: str
    line: int
    annotation: bool
    guarded: bool

    @property
    def needed(self) -> bool:
        """Whether loading or calling needs the name (see the module docstring)."""
        return not (self.annotation or self.guarded)


_FUNCTIONS = (_ast.FunctionDef, _ast.AsyncFunctionDef, _ast.Lambda)


def bound_names(tree: _ast.Module) -> Tuple[Set[str], Dict[str, Tuple[str, str]]]:
    """Names the fragment binds below its top statement (parameters, assignments, loop and
    ``with`` targets, ...) and the names bound by ``import`` statements inside it, each with the
    module and the dotted name inside it it binds. A name bound both ways counts as local."""
    local: Set[str] = set()
    imported: Dict[str, Tuple[str, str]] = {}
    declared_global: Set[str] = set()
    for statement in tree.body:
        for node in walk(statement):
            if node is statement and isinstance(
                node, (_ast.FunctionDef, _ast.AsyncFunctionDef, _ast.ClassDef)
            ):
                continue
            if isinstance(node, _ast.Name) and not isinstance(node.ctx, _ast.Load):
                local.add(node.id)
            elif isinstance(node, _ast.arg):
                local.add(node.arg)
            elif isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef, _ast.ClassDef)):
                local.add(node.name)
            elif isinstance(node, _ast.ExceptHandler) and node.name:
                local.add(node.name)
            elif isinstance(node, _ast.Global):
                declared_global.update(node.names)
            elif isinstance(node, _ast.Import):
                for alias in node.names:
                    if alias.asname:
                        imported[alias.asname] = (alias.name, "")
                    else:
                        top = alias.name.split(".")[0]
                        imported[top] = (top, "")
            elif isinstance(node, _ast.ImportFrom) and not node.level and node.module:
                for alias in node.names:
                    if alias.name != "*":
                        imported[alias.asname or alias.name] = (node.module, alias.name)
            elif type(node).__name__ in ("MatchAs", "MatchStar") and getattr(node, "name", None):
                local.add(node.name)
    local -= declared_global
    for name in set(imported) & local:
        del imported[name]
    return local, imported


def _is_guard_test(test: Any) -> bool:
    for node in walk(test):
        if isinstance(node, _ast.Name) and node.id in _GUARD_TESTS:
            return True
        if isinstance(node, _ast.Attribute) and node.attr in _GUARD_TESTS:
            return True
    return False


def _flagged(
    tree: Any,
    top: Any,
    class_source: bool,
    evaluated: bool = True,
    catches: frozenset[str] = _GUARD_EXCEPTIONS,
) -> Iterator[Tuple[Any, bool, bool]]:
    """Every node of ``tree`` with whether it is in an annotation that loading and calling do not
    need and whether it is under a guard (a try statement guards when a handler catches one of
    ``catches``). ``top`` is the source's own statement (or lambda): a
    function's decorators and default expressions are never evaluated by loading, and are left
    out, as are its own annotations (which stay text where they fail). Every other annotation a
    def or class statement holds is evaluated where the statement runs, unless ``evaluated`` is
    False (``from __future__ import annotations``): a class source's (``class_source``), when the
    statement runs at load; a nested def's or a local class's, when the function holding it
    runs. A variable's annotation in a function's body is never evaluated."""
    # (node, in an annotation nothing needs, guarded, the innermost scope is a function's, the
    # annotations of the parameters below are evaluated)
    todo: List[Tuple[Any, bool, bool, bool, bool]] = [(tree, False, False, False, False)]
    while todo:
        node, annotation, guarded, in_function, parameters_evaluated = todo.pop()
        yield node, annotation, guarded
        if node is top and isinstance(top, _FUNCTIONS) and not class_source:
            skipped = {id(d) for d in getattr(top, "decorator_list", [])}
            skipped |= {id(d) for d in top.args.defaults} | {
                id(d) for d in top.args.kw_defaults if d is not None
            }
        else:
            skipped = set()
        guarded_parts: Set[int] = set()
        if isinstance(node, (_ast.If, _ast.While, _ast.IfExp)) and _is_guard_test(node.test):
            guarded_parts = {id(child) for child in _children(node) if child is not node.test}
        elif type(node).__name__ in ("Try", "TryStar") and any(
            _astparse.catches(handler.type, catches) for handler in node.handlers
        ):
            guarded_parts = {id(child) for child in node.body}
        elif isinstance(node, _ast.BoolOp):
            # hasattr(module, "name") and module.name: what follows a guard test is guarded.
            for index, value in enumerate(node.values[:-1]):
                if _is_guard_test(value):
                    guarded_parts = {id(later) for later in node.values[index + 1 :]}
                    break
        # The annotations this node holds, each with whether something evaluates it.
        roots: Dict[int, bool] = {}
        # The children that are the body of a scope this node opens, and its kind.
        body: Set[int] = set()
        if isinstance(node, _FUNCTIONS):
            own = evaluated and not (node is top and not class_source)
            if not isinstance(node, _ast.Lambda) and node.returns is not None:
                roots[id(node.returns)] = own
            parameters_evaluated = own  # for the arguments child, where the def stands
            body = {id(child) for child in node.body} if isinstance(node.body, list) else {id(node.body)}
        elif isinstance(node, _ast.ClassDef):
            body = {id(child) for child in node.body}
        elif isinstance(node, _ast.arg) and node.annotation is not None:
            roots[id(node.annotation)] = parameters_evaluated
        elif isinstance(node, _ast.AnnAssign):
            roots[id(node.annotation)] = evaluated and not in_function
        for child in _children(node):
            if id(child) in skipped:
                continue
            # A def's parameters, decorators and return annotation are evaluated where it
            # stands; its body runs in a scope of its own, a function's; a class body in a
            # class's.
            inner = (not isinstance(node, _ast.ClassDef)) if id(child) in body else in_function
            is_annotation = annotation or roots.get(id(child)) is False
            todo.append(
                (child, is_annotation, guarded or id(child) in guarded_parts, inner, parameters_evaluated)
            )


def _chains(
    tree: Any, top: Any, class_source: bool, evaluated: bool = True
) -> Iterator[Tuple[str, Tuple[str, ...], int, bool, bool]]:
    """Every maximal ``name.a.b`` chain read in ``tree``: the root name, the attributes, the
    line, and the flags of ``_flagged``. A chain that is assigned or deleted (``mod.x = 1``) is
    read up to its last attribute."""
    flagged = list(_flagged(tree, top, class_source, evaluated))
    inner = {id(node.value) for node, _, _ in flagged if isinstance(node, _ast.Attribute)}
    for node, annotation, guarded in flagged:
        if id(node) in inner:
            continue
        if isinstance(node, _ast.Name):
            if isinstance(node.ctx, _ast.Load):
                yield node.id, (), node.lineno, annotation, guarded
            continue
        if not isinstance(node, _ast.Attribute):
            continue
        base, parts = _astparse.attribute_chain(node)
        if not isinstance(base, _ast.Name):
            continue
        if not isinstance(node.ctx, _ast.Load):
            parts = parts[:-1]
        yield base.id, parts, node.lineno, annotation, guarded


def annotation_tree(text: str) -> Optional[_ast.Expression]:
    """The expression of an annotation's text; a string annotation (``"collections.Mapping"``)
    gives the expression inside the string."""
    try:
        tree = _astparse.parse_expression(text)
        if isinstance(tree.body, _ast.Constant) and isinstance(tree.body.value, str):
            tree = _astparse.parse_expression(tree.body.value.strip())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return tree


def name_uses(payload: Payload, parsed_sources: Optional[Parsed] = None) -> List[NameUse]:
    """Every dotted name the payload's sources and annotations read from imported modules (the
    namespace's imports and the sources' own ``import`` statements), by static reading of the
    sources; sorted and without duplicates. ``parsed_sources``: sources parsed already."""
    uses: Set[NameUse] = set()
    known = parsed_sources or {}
    for node_id, node in payload.sources():
        if not node.source:
            continue
        found = targets(payload, node.namespace)
        newer = _newer_builtins(node.source)
        if not found and not newer and "import" not in node.source and not isinstance(node, FunctionNode):
            continue  # nothing it reads can come from a module (a function's annotations may)
        parsed = None
        if found or newer or "import" in node.source:
            parsed = known[node_id] if node_id in known else parse_source(node)
        closure = {name for name, _ in node.closure}
        if parsed is not None:
            tree, offset = parsed
            local, imported = bound_names(tree)
            class_source = isinstance(node, ClassNode)
            evaluated = "annotations" not in node.future
            top = tree.body[0].value if offset else (tree.body[0] if tree.body else None)  # type: ignore[attr-defined]
            held = _global_names(payload, node.namespace) if newer else set()
            for root, parts, line, annotation, guarded in _chains(tree, top, class_source, evaluated):
                where = node.line + line - 1 - offset
                if root in imported:
                    module, inside = imported[root]
                elif root in local or root in closure or root not in found:
                    if root in newer and root not in local and root not in closure and root not in held:
                        # A builtin: read from the builtins module, whatever attributes follow.
                        uses.add(
                            NameUse(f"builtins.{root}", "builtins", node.qualname, where, annotation, guarded)
                        )
                    continue
                else:
                    module, inside = found[root]
                dotted = ".".join(p for p in (module, inside, *parts) if p)
                uses.add(NameUse(dotted, module, node.qualname, where, annotation, guarded))
        if isinstance(node, FunctionNode):
            for _, text in node.annotations:
                expression = annotation_tree(text)
                if expression is None:
                    continue
                for root, parts, _, _, _ in _chains(expression, None, False):
                    if root in closure:
                        continue
                    # A root the namespace does not hold (a string annotation is never evaluated
                    # at dump time) reads as the module of that name, when there is one.
                    module, inside = found.get(root, (root, ""))
                    dotted = ".".join(p for p in (module, inside, *parts) if p)
                    uses.add(NameUse(dotted, module, node.qualname, node.line, annotation=True))
    return sorted(uses, key=lambda u: (u.name, u.qualname, u.line, u.annotation, u.guarded))


def _global_names(payload: Payload, namespace_id: str) -> Set[str]:
    namespace = payload.nodes.get(namespace_id)
    return {name for name, _ in namespace.globals} if isinstance(namespace, NamespaceNode) else set()


def follow(dotted: str, module: str) -> Tuple[bool, str]:
    """Import ``module`` and follow the rest of ``dotted`` as attributes (or submodules): whether
    it was found, and what failed."""
    # Loading imported the payload's modules just before: most are in sys.modules already.
    obj: Any = sys.modules.get(module)
    if obj is None:
        try:
            obj = importlib.import_module(module)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - any failure to import is the finding
            return False, f"importing {module} fails here: {type(exc).__name__}: {exc}"
    path = module
    for attr in dotted[len(module) + 1 :].split(".") if dotted != module else []:
        path = f"{path}.{attr}"
        try:
            obj = getattr(obj, attr)
            continue
        except AttributeError:
            pass
        except Exception as exc:  # noqa: BLE001 - a module __getattr__ that raises
            return False, f"reading {path} fails here: {type(exc).__name__}: {exc}"
        try:
            obj = importlib.import_module(path)
        except Exception:  # noqa: BLE001 - not a submodule either
            owner = path.rsplit(".", 1)[0]
            return False, f"{owner} has no attribute {attr!r} here"
    return True, ""


def needed_names(payload: Payload, parsed_sources: Optional[Parsed] = None) -> Tuple[Needed, ...]:
    """The names loading or calling the payload's functions needs from imported modules (see the
    module docstring), each once, with where the first reader is. Depends on the text alone.
    ``parsed_sources``: sources parsed already (``name_uses``)."""
    distributions: Dict[str, Distribution] = {}
    for _, node in payload.imports():
        distributions.setdefault(node.module, node.distribution)
    first: Dict[str, NameUse] = {}
    for use in name_uses(payload, parsed_sources):
        if use.needed and use.name not in first:
            first[use.name] = use
    # A builtin is the standard library's (no import section names the builtins module).
    distributions.setdefault("builtins", Distribution("stdlib"))
    return tuple(
        (
            name,
            use.module,
            distributions.get(use.module) or Distribution(use.module.split(".")[0]),
            f"{use.qualname}, line {use.line}",
        )
        for name, use in sorted(first.items())
    )


def missing_names(needed: Tuple[Needed, ...]) -> List[Tuple[Needed, str]]:
    """Each of ``needed`` (see ``needed_names``) that this environment lacks, with what failed.
    A name of a module that cannot be found here is left out, as ``check`` leaves it: a module of
    an import section was reported missing before, and one a source imports itself that nothing
    recorded (an optional plugin) is the code's business."""
    from ._rebuild.checks import _module_findable

    missing = []
    for entry in needed:
        if not _module_findable(entry[1].split(".")[0]):
            continue
        found, why = follow(entry[0], entry[1])
        if not found:
            missing.append((entry, why))
    return missing

"""The annotations of a function being captured: their texts as written, the globals they name
(forward references in typing objects included), and whether the live ones must be carried
instead of the written ones.

Imported by the capture of the first function that has annotations (or reads a typing object):
a function without any, the most common, does not pay for this code (issue 9). Reads objects;
never modifies them and never imports anything.
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import sys
import types

from .. import _astparse
from .._astparse import Annotations
from .._source import SourceInfo, parameters, source_segment, syntax_of
from . import Capturer, Step
from .functions import _TYPING_MODULES, CodeFacts, global_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Set, Tuple


def annotation_texts(fn: types.FunctionType, facts: CodeFacts) -> List[Tuple[str, str]]:
    """Each annotation of ``fn`` as written: the source text of its expression, or the string
    ``from __future__ import annotations`` stored. The written texts are its code's
    (``facts.written_texts``): no dumps after the first reads the def's syntax tree again."""
    live: Dict[str, Any] = getattr(fn, "__annotations__", None) or {}
    if not live:
        return []
    stored = "annotations" in facts.info.future
    result = []
    for name, value in live.items():
        if stored and isinstance(value, str):
            result.append((name, value))
            continue
        written = facts.written_texts
        if written is None:
            # (an annotation that is no string under the future import, set after the def)
            written = facts.written_texts = written_texts(facts.info)
        if name in written:
            result.append((name, written[name]))
    return result


def written_texts(info: SourceInfo) -> Dict[str, str]:
    """The text of each annotation the def ``info`` writes (its parameters' and its return's),
    as the file gives it, else as ``ast.unparse`` writes its expression; {} for a lambda."""
    node = info.node
    written: Dict[str, ast.AST] = {}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for arg in parameters(node):
            if arg.annotation is not None:
                written[arg.arg] = arg.annotation
        if node.returns is not None:
            written["return"] = node.returns
    texts: Dict[str, str] = {}
    for name, expression in written.items():
        text = source_segment(info, expression)
        if text is None:
            import ast as ast_module  # only for a node whose text the file does not give

            text = ast_module.unparse(expression)
        texts[name] = text
    return texts


def annotation_names(info: SourceInfo) -> Annotations:
    """The globals the annotations of the def ``info`` (and of the defs and classes its body
    defines) name, with the attribute chains followed from each: evaluated again at load, or, when
    strings (quoted, ``"Pet"`` or ``Optional["Pet"]``, or under ``from __future__ import
    annotations``), by ``typing.get_type_hints`` and ``typecheck=True`` in the function's globals.
    A string in ``Literal[...]`` and the metadata of ``Annotated[...]`` name nothing; a name the
    module never bound (an import only for type checkers) is left out by the capture of globals."""
    if not syntax_of(info.node, info.file_text).annotated:
        return Annotations()  # (lambdas among them) without importing _annotated (issue 9)
    from .._annotated import function_annotations  # once per code object (CodeFacts keeps it)

    return function_annotations(info.node, "annotations" in info.future)


def evaluated_annotation_names(info: SourceInfo) -> Tuple[str, ...]:
    """The names the annotations of the def ``info`` read when its def statement ran (not those
    in strings, which it never evaluates; none under ``from __future__ import annotations``)."""
    node = info.node
    if "annotations" in info.future or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return ()
    exprs: List[ast.AST] = [a.annotation for a in parameters(node) if a.annotation is not None]
    if node.returns is not None:
        exprs.append(node.returns)
    # The type parameters of the def and of its class statement (``def push[W]``, ``class
    # Stack[V]``, 3.12) are made by the statements themselves, at load as here: no variable.
    made = {getattr(p, "name", "") for p in getattr(node, "type_params", ())}.union(info.type_params)
    return tuple(sorted({n.id for e in exprs for n in _astparse.walk(e) if isinstance(n, ast.Name)} - made))


# A typing object is walked this far for its forward references (a real alias holds a handful).
_FORWARD_WALK = 1000


def forward_globals(cap: Capturer, namespace: Any, typed: List[Any], path: str, bindings: Any) -> Step:
    """Capture the globals that the forward references inside the typing objects ``typed`` name
    (``PetList = List["Pet"]`` read by an annotation: ``get_type_hints`` and ``typecheck=True``
    evaluate ``"Pet"`` in the function's globals), and theirs in turn."""
    from .._annotated import string_names

    held = namespace.dict
    seen: Set[int] = set()
    pending = list(typed)
    steps = 0
    while pending and steps < _FORWARD_WALK:
        steps += 1
        obj = pending.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        text = _forward_text(obj)
        if text is not None:
            names, chains = string_names(text)
            for name in names:
                if name not in held:
                    continue  # a builtin, or a name only a type checker imports: as before
                if name not in namespace.values:
                    where = f"{path}.<forward reference {text!r}>[{name!r}]"
                    yield from global_value(cap, namespace, name, where, chains.get(name, []), bindings)
                pending.append(held[name])
            continue
        if type(obj).__module__ not in _TYPING_MODULES:
            continue
        parts = getattr(obj, "__args__", None)
        if isinstance(parts, tuple):
            generic = type(obj) is types.GenericAlias
            # list["Pet"] keeps the string, which get_type_hints reads as a forward reference.
            pending.extend(part for part in parts if generic or not isinstance(part, str))
        for attribute in ("__bound__", "__constraints__", "__origin__"):
            part = getattr(obj, attribute, None)
            if isinstance(part, tuple):
                pending.extend(part)
            elif part is not None:
                pending.append(part)


def _forward_text(obj: Any) -> Optional[str]:
    # The string a forward reference (typing.ForwardRef, or a string in list["Pet"]) evaluates.
    if isinstance(obj, str):
        return obj
    if type(obj).__name__ == "ForwardRef" and type(obj).__module__ == "typing":
        text = getattr(obj, "__forward_arg__", None)
        return text if isinstance(text, str) else None
    return None


def _annotation_replaced(fn: types.FunctionType, facts: CodeFacts, live: Dict[str, Any]) -> bool:
    # Whether a live annotation is not what its written expression gives in the function's
    # globals now, which the loader evaluates (fn.__annotations__["x"] = float after the def,
    # or a name it reads bound to another object since). Decided for a constant, a name and a
    # chain of module attributes; another expression (List[int]) is taken as written.
    if "annotations" in facts.info.future:
        # (the text is the live string: only another object differs)
        return any(type(value) is not str for value in live.values())
    written = facts.written_annotations
    if written is None:
        written = facts.written_annotations = _written_annotations(facts.info)
    held = fn.__globals__
    builtins = held.get("__builtins__")
    builtins = vars(builtins) if isinstance(builtins, types.ModuleType) else builtins or {}
    for name, constant, path in written:
        if name not in live:
            continue
        value = live[name]
        if not path:
            if type(value) is not type(constant) or value != constant:
                return True
            continue
        root = path[0]
        found = held[root] if root in held else builtins.get(root, _UNDECIDED)
        for attribute in path[1:]:
            # Only through modules: a class's attribute may be a descriptor that runs code.
            found = (
                vars(found).get(attribute, _UNDECIDED) if isinstance(found, types.ModuleType) else _UNDECIDED
            )
        if found is not _UNDECIDED and found is not value:
            return True
    return False


def _written_annotations(info: SourceInfo) -> Tuple[Tuple[str, Any, Tuple[str, ...]], ...]:
    # (name, constant, ()) for an annotation written as a constant, (name, None, (root, attr,
    # ...)) for a name or attribute chain; other expressions are left out (not decided).
    node = info.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return ()  # (a lambda writes none: live ones differ by name, carried)
    written = [(arg.arg, arg.annotation) for arg in parameters(node) if arg.annotation is not None]
    if node.returns is not None:
        written.append(("return", node.returns))
    found: List[Tuple[str, Any, Tuple[str, ...]]] = []
    for name, expr in written:
        if isinstance(expr, ast.Constant):
            found.append((name, expr.value, ()))
            continue
        chain: List[str] = []
        while isinstance(expr, ast.Attribute):
            chain.append(expr.attr)
            expr = expr.value
        if isinstance(expr, ast.Name):
            found.append((name, None, (expr.id, *reversed(chain))))
    return tuple(found)


# What a name or attribute an annotation reads resolves to when that cannot be told without
# running code (or the name is a local of an enclosing scope, which _reads_enclosing judges).
_UNDECIDED = object()


def _reads_enclosing(fn: types.FunctionType, facts: CodeFacts, in_class: str) -> bool:
    # A name the def's annotations read when it ran that is neither a global nor a builtin now:
    # a local of an enclosing function or class body. The type parameters of the function and,
    # for a method that travels with its class (``in_class``), of the classes it is defined in
    # (``class Box[T]``, 3.12) are the loader's to make again; a method dumped alone is compiled
    # in a class header without them.
    if not facts.evaluated:
        return False
    held = fn.__globals__
    builtins = held.get("__builtins__")
    builtins = vars(builtins) if isinstance(builtins, types.ModuleType) else builtins or {}
    missing = [name for name in facts.evaluated if name not in held and name not in builtins]
    if missing and sys.version_info >= (3, 12):
        parameters = _type_parameter_names(fn, bool(in_class))
        missing = [name for name in missing if name not in parameters]
    return bool(missing)


def _type_parameter_names(fn: types.FunctionType, classes: bool) -> Set[str]:
    found: Set[str] = set()
    scopes: List[Any] = [fn]
    enclosing: Any = fn.__globals__
    for part in fn.__qualname__.split(".")[:-1] if classes else ():
        # (the class dict itself: no metaclass hook runs)
        enclosing = (enclosing if isinstance(enclosing, dict) else vars(enclosing)).get(part)
        if not isinstance(enclosing, type):
            break  # (a function's locals cannot be reached)
        scopes.append(enclosing)
    for scope in scopes:
        for parameter in getattr(scope, "__type_params__", None) or ():
            found.add(getattr(parameter, "__name__", ""))
    return found

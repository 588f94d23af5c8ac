"""Unions of types written with ``|`` in code that runs after loading: Python 3.10 syntax in effect.

``isinstance(x, int | str)`` in a function's body, ``Alias = int | None`` in a class body, the
annotations of a def nested in a function: ``type.__or__`` is new in Python 3.10, so on 3.9 the
expression raises ``TypeError`` when it runs, long after ``loads`` said yes. The grammar accepts
``|`` on every Python, so only the values of its operands tell a union from an ``|`` of numbers or
sets: capture has them (a function's globals, closure and the builtins), and a ``|`` whose two
sides are types (or ``None``, a ``list[int]``, a ``typing`` form) raises the payload's
``requires-python`` to 3.10, so that an older Python refuses it before anything runs and
``check`` says so. Operands capture cannot know (a local variable, an attribute of an argument)
decide nothing; a ``|`` under a guard (``if sys.version_info >= (3, 10):``, a ``try`` catching
``Exception``), in an annotation nothing evaluates, or in a decorator or default expression of
the dumped function (loading never evaluates those) needs nothing, as ``_names`` reads names.

Never evaluates anything but names and attributes of modules.
"""

from __future__ import annotations

import _ast as ast
import builtins
import types

from .._source import SourceInfo, source_segment

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Set, Tuple

_UNKNOWN = object()
# What an operand is: a type-like value, None, or something else (or not known).
_TYPE, _NONE = 1, 2
_GENERIC_ALIAS = getattr(types, "GenericAlias", None)


def written_union(
    info: SourceInfo,
    bit_ors: Iterable[ast.AST],
    globals_: Mapping[str, Any],
    cells: Iterable[Tuple[str, Any]],
    class_source: bool,
) -> Optional[str]:
    """The text of the first ``X | Y`` of types in ``info``'s source that runs when its code does
    (see the module's docstring), or None. ``bit_ors`` are the ``|`` operations of its syntax
    (``Syntax.bit_ors``); ``globals_`` the namespace its code runs in and ``cells`` the (name,
    cell) pairs of its closure, whose values stand before the globals of the same name."""
    bit_ors = list(bit_ors)
    if not bit_ors:
        return None
    local = _local_names(info.node)
    # Only the few names the operands read are looked up: a copy of the module's dict (with its
    # thousands of globals) at every dumps cost more than the rest of this check.
    closure: Dict[str, Any] = {}
    for name, cell in cells:
        try:
            closure[name] = cell.cell_contents
        except ValueError:  # an empty cell: not known (neither a global nor a builtin)
            closure[name] = _UNKNOWN

    def resolve(name: str) -> Any:
        if name in local:
            return _UNKNOWN
        if name in closure:
            return closure[name]
        if name in globals_:
            return globals_[name]
        return getattr(builtins, name, _UNKNOWN)

    # The operands first (most | are of numbers, sets or flags): the walk for guards only then.
    unions = [node for node in bit_ors if _kind(node, resolve) == _TYPE]
    if not unions:
        return None
    from .._name_uses import _flagged

    evaluated = "annotations" not in info.future
    wanted = {id(node) for node in unions}
    needless: Set[int] = set()
    top = info.node
    if not class_source and isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        # The dumped function's defaults and decorators: loading never evaluates them (a
        # default's value is captured as a value, a union as types.UnionType).
        own = [*top.args.defaults, *(d for d in top.args.kw_defaults if d is not None)]
        own += getattr(top, "decorator_list", [])
        needless.update(id(inner) for part in own for inner in _walk(part))
    for node, annotation, guarded in _flagged(info.node, info.node, class_source, evaluated):
        if id(node) in wanted and (annotation or guarded):
            needless.add(id(node))
        elif type(node).__name__ in ("Try", "TryStar") and _catches_type_error(node.handlers):
            # try: isinstance(x, int | str) except TypeError: ... runs on 3.9 as written.
            needless.update(id(inner) for part in node.body for inner in _walk(part))
    for node in unions:
        if id(node) not in needless:
            return source_segment(info, node) or "X | Y"
    return None


def _kind(node: Any, resolve: Callable[[str], Any]) -> int:
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, ast.BitOr):
            return 0
        left, right = _kind(node.left, resolve), _kind(node.right, resolve)
        # None | None is no union on any Python.
        return _TYPE if left and right and (left, right) != (_NONE, _NONE) else 0
    if isinstance(node, ast.Constant):
        return _NONE if node.value is None else 0
    if isinstance(node, ast.Subscript):
        # list[int], typing.Optional[int], dict[str, int]: an alias of a type-like value.
        return _TYPE if _kind(node.value, resolve) == _TYPE else 0
    value = _value(node, resolve)
    if value is _UNKNOWN:
        return 0
    if value is None:
        return _NONE
    return _TYPE if _type_like(value) else 0


def _value(node: Any, resolve: Callable[[str], Any]) -> Any:
    # A name's value, or an attribute chain's through modules only (typing.Optional, np.int64):
    # no other object's attribute is read (a property would run).
    if isinstance(node, ast.Name):
        return resolve(node.id)
    if isinstance(node, ast.Attribute):
        owner = _value(node.value, resolve)
        if not isinstance(owner, types.ModuleType):
            return _UNKNOWN
        return getattr(owner, node.attr, _UNKNOWN)
    return _UNKNOWN


def _type_like(value: Any) -> bool:
    if isinstance(value, type):
        # A metaclass with an | of its own made something of classes before 3.10 too.
        metaclass: Any = type(value)
        return not any(
            "__or__" in vars(meta) or "__ror__" in vars(meta)
            for meta in metaclass.__mro__
            if meta is not type and meta is not object
        )
    if _GENERIC_ALIAS is not None and type(value) is _GENERIC_ALIAS:
        return True
    # typing.Optional, List[int], a TypeVar: typing's objects have no | before 3.10.
    return getattr(type(value), "__module__", "") == "typing"


# The exceptions a handler catches the TypeError of an | of types on Python 3.9 with.
_CATCHING = frozenset({"TypeError", "Exception", "BaseException"})


def _catches_type_error(handlers: Any) -> bool:
    for handler in handlers:
        if handler.type is None:
            return True
        for node in _walk(handler.type):
            if getattr(node, "id", None) in _CATCHING or getattr(node, "attr", None) in _CATCHING:
                return True
    return False


def _walk(node: Any) -> Any:
    todo = [node]
    while todo:
        node = todo.pop()
        yield node
        for field in getattr(node, "_fields", ()):
            child = getattr(node, field, None)
            if isinstance(child, list):
                todo.extend(item for item in child if isinstance(item, ast.AST))
            elif isinstance(child, ast.AST):
                todo.append(child)


def _local_names(statement: Any) -> Set[str]:
    # Every name the statement binds anywhere (a parameter, an assignment, an import, a def, a
    # loop or comprehension variable): its value is not known before the code runs. A name bound
    # in a nested scope only shadows there, but deciding nothing is the safe side.
    local: Set[str] = set()
    for node in _walk(statement):
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                local.add(node.id)
        elif isinstance(node, ast.arg):
            local.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node is not statement:
                local.add(node.name)
        elif isinstance(node, ast.alias):
            local.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            local.add(node.name)
        elif type(node).__name__ in ("MatchAs", "MatchStar") and getattr(node, "name", None):
            local.add(node.name)
        elif type(node).__name__ == "MatchMapping" and getattr(node, "rest", None):
            local.add(node.rest)
    return local

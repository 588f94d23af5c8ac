"""Resolve what a function's code refers to: globals, module attribute chains, annotations.

The code object is the authority on which names are globals (its ``*_GLOBAL`` instructions, and
``*_NAME`` in nested class bodies), so nothing the code uses is missed and nothing local is taken
for a global. The verified source's syntax tree adds what bytecode cannot say: which submodules an
attribute chain such as ``os.path.join`` reaches, and the text of each annotation as written.

Reads objects; never modifies them and never imports anything.
"""

from __future__ import annotations

import ast
import collections
import dis
import enum
import inspect
import linecache
import sys
import types
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

from ._source import SourceInfo, parameters, source_segment

_GLOBAL_OPS = frozenset({"LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL"})
# In class bodies (not optimized), names fall back to the module's globals.
_NAME_OPS = frozenset({"LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"})
_CO_OPTIMIZED = inspect.CO_OPTIMIZED


def code_globals(code: types.CodeType) -> List[str]:
    """The global names ``code`` and every code nested in it use, sorted."""
    names: Set[str] = set()
    _collect_globals(code, names, top=True)
    return sorted(names)


def _collect_globals(code: types.CodeType, names: Set[str], top: bool) -> None:
    class_body = not top and not code.co_flags & _CO_OPTIMIZED
    for instruction in dis.get_instructions(code):
        if instruction.opname in _GLOBAL_OPS or (class_body and instruction.opname in _NAME_OPS):
            names.add(str(instruction.argval))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _collect_globals(const, names, top=False)


def attribute_chains(node: ast.AST) -> Dict[str, List[Tuple[str, ...]]]:
    """For each name, every ``name.a.b...`` attribute chain in ``node`` (tuples of attribute
    names), in one walk of the tree."""
    found: Dict[str, Set[Tuple[str, ...]]] = {}
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Attribute):
            continue
        parts: List[str] = []
        current: ast.AST = sub
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if isinstance(current, ast.Name):
            found.setdefault(current.id, set()).add(tuple(reversed(parts)))
    # Keep only maximal chains: ``os.path.join`` covers ``os.path``.
    return {
        name: sorted(c for c in chains if not any(o != c and o[: len(c)] == c for o in chains))
        for name, chains in found.items()
    }


def submodules_reached(module: types.ModuleType, chains: List[Tuple[str, ...]]) -> Set[str]:
    """The submodules of ``module`` that the attribute ``chains`` pass through."""
    found: Set[str] = set()
    for chain in chains:
        obj: Any = module
        prefix = module.__name__
        for attr in chain:
            child = getattr(obj, attr, None)
            name = f"{prefix}.{attr}"
            if not isinstance(child, types.ModuleType) or sys.modules.get(name) is not child:
                break
            found.add(name)
            obj, prefix = child, name
    # Importing the deepest also imports its parents.
    return {n for n in found if not any(o.startswith(n + ".") for o in found)}


def annotation_texts(fn: types.FunctionType, info: SourceInfo) -> List[Tuple[str, str]]:
    """Each annotation of ``fn`` as written: the source text of its expression, or the string
    ``from __future__ import annotations`` stored."""
    live: Dict[str, Any] = getattr(fn, "__annotations__", None) or {}
    if not live:
        return []
    written: Dict[str, ast.AST] = {}
    if isinstance(info.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for arg in parameters(info.node):
            if arg.annotation is not None:
                written[arg.arg] = arg.annotation
        if info.node.returns is not None:
            written["return"] = info.node.returns
    result = []
    for name, value in live.items():
        if "annotations" in info.future and isinstance(value, str):
            result.append((name, value))
        elif name in written:
            text = source_segment(info, written[name])
            result.append((name, text if text is not None else ast.unparse(written[name])))
    return result


def annotation_names(info: SourceInfo) -> List[str]:
    """Global names the annotation expressions of ``info`` read (evaluated again at load)."""
    if "annotations" in info.future or not isinstance(info.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    exprs: List[ast.AST] = [a.annotation for a in parameters(info.node) if a.annotation is not None]
    if info.node.returns is not None:
        exprs.append(info.node.returns)
    return sorted({n.id for e in exprs for n in ast.walk(e) if isinstance(n, ast.Name)})


class _Text:
    """Shows as its text inside ``inspect.Signature``'s formatting."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _default_text(value: Any) -> str:
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    # Never a repr that may hold a memory address, nor an implementation's type name (PyPy's
    # builtins are not CPython's): the signature text must be the same everywhere.
    if isinstance(value, type):
        return f"<class {value.__qualname__}>"
    if callable(value) and isinstance(getattr(value, "__qualname__", None), str):
        return f"<function {value.__qualname__}>"
    return f"<{type(value).__qualname__} object>"


def signature_text(fn: types.FunctionType, annotations: List[Tuple[str, str]]) -> str:
    """The signature of ``fn`` with annotations as written and deterministic default texts."""
    try:
        signature = inspect.signature(fn, follow_wrapped=False)
    except (TypeError, ValueError):
        return ""
    texts = dict(annotations)
    empty = inspect.Parameter.empty
    params = [
        p.replace(
            annotation=_Text(texts[p.name]) if p.name in texts else empty,
            default=_Text(_default_text(p.default)) if p.default is not empty else empty,
        )
        for p in signature.parameters.values()
    ]
    returns = _Text(texts["return"]) if "return" in texts else inspect.Signature.empty
    return str(signature.replace(parameters=params, return_annotation=returns))


# Attributes the interpreter, the standard library's class machinery (dataclasses, enum, typing,
# abc) or the class statement itself maintain; never captured as class state.
_MANAGED = frozenset(
    {
        "__dict__",
        "__weakref__",
        "__module__",
        "__qualname__",
        "__doc__",
        "__slots__",
        "__annotations__",
        "__firstlineno__",
        "__static_attributes__",
        "__classcell__",
        "__classdictcell__",
        # abc, typing.NamedTuple and typing.Protocol machinery, made again when the class is.
        "_fields",
        "_field_defaults",
        "_is_protocol",
        "_is_runtime_protocol",
    }
)


# Data types whose class attributes are captured as they are, however the body made them.
_PLAIN_DATA = frozenset(
    {int, float, complex, str, bytes, bool, type(None), tuple, list, dict, set, frozenset, bytearray}
) | frozenset({collections.OrderedDict, collections.defaultdict, collections.deque, collections.Counter})


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_sunder(name: str) -> bool:
    return len(name) > 2 and name.startswith("_") and name.endswith("_") and not name.startswith("__")


def _mangle(name: str, class_name: str) -> str:
    owner = class_name.lstrip("_")
    if name.startswith("__") and not name.endswith("__") and owner:
        return f"_{owner}{name}"
    return name


def _body_assignments(node: ast.ClassDef, with_values_only: bool = False) -> Tuple[Set[str], Dict[str, Any]]:
    """Names the class body binds (private names mangled, as in the class dict) and the literal
    values of those it assigns a literal; ``with_values_only`` leaves out annotations without a
    value (``x: int``), which bind nothing."""
    names: Set[str] = set()
    literals: Dict[str, Any] = {}
    for statement in node.body:
        targets: List[ast.AST] = []
        value = None
        if isinstance(statement, ast.Assign):
            targets, value = list(statement.targets), statement.value
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            targets, value = [statement.target], getattr(statement, "value", None)
            if with_values_only and value is None:
                continue
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(_mangle(statement.name, node.name))
        for target in targets:
            if isinstance(target, ast.Name):
                name = _mangle(target.id, node.name)
                names.add(name)
                if value is not None and not isinstance(statement, ast.AugAssign):
                    try:
                        literals[name] = ast.literal_eval(value)
                    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                        pass
    return names, literals


def class_deletions(cls: type, info: SourceInfo) -> List[str]:
    """Names the class statement assigns that the live class no longer has (``del C.x``)."""
    assert isinstance(info.node, ast.ClassDef)
    bound, _ = _body_assignments(info.node, with_values_only=True)
    return sorted(name for name in bound if name not in vars(cls))


def class_overrides(
    cls: type, info: SourceInfo, own: Callable[[Optional[str]], bool]
) -> List[Tuple[str, Any]]:
    """The state of ``cls`` that running its class statement again would not reproduce: values
    changed or added after the definition, and methods of the user's own (``own(module)``)
    replaced or added later."""
    assert isinstance(info.node, ast.ClassDef)
    names, literals = _body_assignments(info.node)
    first = info.line
    last = info.node.end_lineno or first

    def from_statement(fn: Any) -> bool:
        code = getattr(fn, "__code__", None)
        return (
            code is not None
            and first <= code.co_firstlineno <= last
            and fn.__qualname__.startswith(cls.__qualname__ + ".")
        )

    def generated(value: Any) -> bool:
        # A function made by exec() (dataclass's __init__), or one of a library (namedtuple's
        # _make): the decorator or metaclass that made it runs again at load and makes it again.
        inner = getattr(value, "__func__", value)
        code = getattr(inner, "__code__", None)
        if code is None:
            return False
        return not linecache.getlines(code.co_filename) or not own(getattr(inner, "__module__", None))

    overrides = []
    for name, value in list(vars(cls).items()):
        # _abc_*: the ABC caches (PyPy's pure-Python abc keeps several).
        if name in _MANAGED or name.startswith("_abc_"):
            continue
        if isinstance(value, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            continue
        if isinstance(cls, enum.EnumMeta) and name in cls._member_map_:
            continue  # an Enum member: the statement makes it again, with its identity
        if name in names:
            if info.lost:
                # The statement runs again with None for the lost variables: the data it made,
                # and methods whose defaults may hold them, come from the live class instead.
                inner = getattr(value, "__func__", value)
                if not isinstance(inner, types.FunctionType):
                    overrides.append((name, value))
                elif (inner.__defaults__ or inner.__kwdefaults__) and not generated(value):
                    overrides.append((name, value))
            elif name in literals:
                if type(value) is type(literals[name]) and value == literals[name]:
                    continue
                if isinstance(
                    value,
                    (int, float, complex, str, bytes, bool, type(None), tuple, list, dict, set, frozenset),
                ):
                    overrides.append((name, value))
            elif isinstance(getattr(value, "__func__", value), types.FunctionType):
                if not generated(value) and not from_statement(getattr(value, "__func__", value)):
                    overrides.append((name, value))
            elif type(value) in _PLAIN_DATA:
                # Made by an expression (OrderedDict(), float("2")): what running it again gives
                # is not known here, and the value may have changed since; the live one wins.
                overrides.append((name, value))
            continue
        if _is_dunder(name) or _is_sunder(name) or generated(value):
            continue  # made by a decorator or metaclass, which run again at load
        overrides.append((name, value))
    return overrides


def body_imports(node: ast.AST) -> List[str]:
    """The absolute module names imported by statements inside a function's body, sorted."""
    names: Set[str] = set()
    body = node.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    for statement in body:
        for sub in ast.walk(statement):
            if isinstance(sub, ast.Import):
                names.update(alias.name for alias in sub.names)
            elif isinstance(sub, ast.ImportFrom) and not sub.level and sub.module:
                names.add(sub.module)
    return sorted(names)

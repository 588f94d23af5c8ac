"""Resolve what a function's code refers to: globals, module attribute chains, annotations.

The code object is the authority on which names are globals (its ``*_GLOBAL`` instructions, and
``*_NAME`` in nested class bodies), so nothing the code uses is missed and nothing local is taken
for a global. The verified source's syntax tree adds what bytecode cannot say: which submodules an
attribute chain such as ``os.path.join`` reaches, and the text of each annotation as written.

Reads objects; never modifies them and never imports anything.
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import keyword
import sys
import types
import weakref

from . import _astparse
from ._astparse import Annotations
from ._rebuild.compiler import add_names_used, opcode_numbers
from ._source import SourceInfo, imported_modules, parameters, source_segment, syntax_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, FrozenSet, List, Set, Tuple


_GLOBAL_OPS = frozenset({"LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL"})
# In class bodies (not optimized), names fall back to the module's globals.
_NAME_OPS = frozenset({"LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"})
# The instructions above by number, read from the bytecode itself (add_names_used): those of a
# function, those of a class body, and SETUP_ANNOTATIONS. Made on first use from
# compiler.opcode_numbers, which does not import opcode (issue 9).
_CODES: List[Tuple[FrozenSet[int], FrozenSet[int], int]] = []
# Code flags (inspect's CO_* constants, without importing inspect: ~2 ms on a first dumps).
_CO_OPTIMIZED = 0x1
_CO_VARARGS = 0x4
_CO_VARKEYWORDS = 0x8


def code_globals(code: types.CodeType) -> List[str]:
    """The global names ``code`` and every code nested in it use, sorted (a new list)."""
    try:
        known = _GLOBALS.get(code)
    except TypeError:  # PyPy's code objects may not be weakly referenceable
        known = None
    if known is None:
        names: Set[str] = set()
        _collect_globals(code, names, top=True)
        known = tuple(sorted(names))
        try:
            _GLOBALS[code] = known
        except TypeError:
            pass
    return list(known)


# The names each code object reads: its instructions never change, so the answer is kept as long
# as the code object lives (a WeakKeyDictionary's reads and writes are safe across threads; two
# threads computing the same entry store the same tuple).
_GLOBALS: weakref.WeakKeyDictionary[types.CodeType, Tuple[str, ...]] = weakref.WeakKeyDictionary()


def _opcodes() -> Tuple[FrozenSet[int], FrozenSet[int], int]:
    if not _CODES:
        opmap = opcode_numbers()
        function = frozenset(opmap[name] for name in _GLOBAL_OPS if name in opmap)
        names = frozenset(opmap[name] for name in _NAME_OPS if name in opmap)
        # (threads: each makes equal values, and the slice assignment is one step)
        _CODES[:] = [(function, function | names, opmap["SETUP_ANNOTATIONS"])]
    return _CODES[0]


def _collect_globals(code: types.CodeType, names: Set[str], top: bool) -> None:
    function_codes, class_codes, setup_annotations = _CODES[0] if _CODES else _opcodes()
    class_body = not top and not code.co_flags & _CO_OPTIMIZED
    wanted = class_codes if class_body else function_codes
    had_annotations = "__annotations__" in names
    ops = add_names_used(code, wanted, names)
    if class_body and not had_annotations and setup_annotations in ops:
        # A class body that annotates (x: int) stores in the __annotations__ of its own
        # namespace, which SETUP_ANNOTATIONS made: it never reads the module's.
        names.discard("__annotations__")
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _collect_globals(const, names, top=False)


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
            if text is None:
                import ast as ast_module  # only for a node whose text the file does not give

                text = ast_module.unparse(written[name])
            result.append((name, text))
    return result


def annotation_names(info: SourceInfo) -> Annotations:
    """The globals the annotations of the def ``info`` (and of the defs and classes its body
    defines) name, with the attribute chains followed from each: evaluated again at load, or, when
    strings (quoted, ``"Pet"`` or ``Optional["Pet"]``, or under ``from __future__ import
    annotations``), by ``typing.get_type_hints`` and ``typecheck=True`` in the function's globals.
    A string in ``Literal[...]`` and the metadata of ``Annotated[...]`` name nothing; a name the
    module never bound (an import only for type checkers) is left out by the capture of globals."""
    if not syntax_of(info.node, info.file_text).annotated:
        return Annotations()  # (lambdas among them) without importing _annotated (issue 9)
    from ._annotated import function_annotations  # once per code object (CodeFacts keeps it)

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


def default_text(value: Any) -> str:
    """The text a default value shows as in a signature: deterministic, with no address."""
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    # Never a repr that may hold a memory address, nor an implementation's type name (PyPy's
    # builtins are not CPython's): the signature text must be the same everywhere.
    if isinstance(value, type):
        return f"<class {value.__qualname__}>"
    if type(value).__module__ == "typing":
        # List["Pet"], Optional[int]: typing's repr, the same on every Python, where the test
        # below read the __qualname__ that 3.10+ forwards to the origin (<function Optional>)
        # and 3.9 lacks (a re-dump there wrote other bytes).
        text = repr(value)
        if " at 0x" not in text:
            return text if len(text) <= 60 else text[:57] + "..."
    if callable(value) and isinstance(getattr(value, "__qualname__", None), str):
        return f"<function {value.__qualname__}>"
    return f"<{type(value).__qualname__} object>"


# Attributes of a function that make inspect.signature answer from something other than its code
# and defaults: signature_text asks inspect itself then.
SIGNATURE_ATTRIBUTES = frozenset(
    {"__signature__", "_partialmethod", "__partialmethod__", "__text_signature__"}
)
_EMPTY = object()


def signature_text(fn: types.FunctionType, annotations: List[Tuple[str, str]]) -> str:
    """The signature of ``fn`` with annotations as written and deterministic default texts.

    The text is ``str(inspect.signature(fn, follow_wrapped=False))`` with each annotation's
    text and each default's ``default_text``; it is written here from the code object and the
    defaults as inspect reads them (``_signature.inspected_signature_text`` is that reference, and answers
    for a function whose attributes change what inspect reads), without importing inspect.
    """
    code = fn.__code__
    if not isinstance(code, types.CodeType) or SIGNATURE_ATTRIBUTES.intersection(vars(fn)):
        from ._signature import inspected_signature_text  # (PyPy's builtin code, overrides)

        return inspected_signature_text(fn, annotations)
    names = code.co_varnames
    count = code.co_argcount
    kwonly = code.co_kwonlyargcount
    varargs = bool(code.co_flags & _CO_VARARGS)
    varkw = bool(code.co_flags & _CO_VARKEYWORDS)
    if not all(map(_parameter_name, names[: count + kwonly + varargs + varkw])):
        from ._signature import inspected_signature_text

        return inspected_signature_text(fn, annotations)
    # inspect takes a default that is its own marker of "no default" for none (only a process
    # that imported inspect can hold that marker).
    no_default = getattr(sys.modules.get("inspect"), "_empty", _EMPTY)
    defaults = fn.__defaults__ or ()
    positional = names[:count]
    first_default = count - len(defaults)
    if not (annotations or kwonly or varargs or varkw or code.co_posonlyargcount):
        # Positional parameters alone, without annotations (most functions): the text below,
        # without the closure made per call and the lists it fills.
        plain = list(positional[:first_default])
        for offset, name in enumerate(positional[first_default:]):
            default = defaults[offset]
            plain.append(name if default is no_default else f"{name}={default_text(default)}")
        return f"({', '.join(plain)})"
    texts = dict(annotations)
    parts: List[str] = []
    # As inspect pairs them: the last len(defaults) positional parameters take the defaults.
    parts += [_parameter(texts, no_default, name, _EMPTY) for name in positional[:first_default]]
    parts += [
        _parameter(texts, no_default, name, defaults[offset])
        for offset, name in enumerate(positional[first_default:])
    ]
    if code.co_posonlyargcount:
        parts.insert(code.co_posonlyargcount, "/")
    if varargs:
        parts.append(_parameter(texts, no_default, names[count + kwonly], _EMPTY, "*"))
    elif kwonly:
        parts.append("*")
    kwdefaults = fn.__kwdefaults__
    for name in names[count : count + kwonly]:
        default = _EMPTY if kwdefaults is None else kwdefaults.get(name, _EMPTY)
        parts.append(_parameter(texts, no_default, name, default))
    if varkw:
        parts.append(_parameter(texts, no_default, names[count + kwonly + varargs], _EMPTY, "**"))
    text = f"({', '.join(parts)})"
    return text + f" -> {texts['return']}" if "return" in texts else text


def _parameter(texts: Dict[str, str], no_default: Any, name: str, default: Any, prefix: str = "") -> str:
    # One parameter of signature_text (a module-level function: a closure's cells are made at
    # every call of the function that holds it, the shortcut's calls among them).
    text = f"{name}: {texts[name]}" if name in texts else name
    if default is not _EMPTY and default is not no_default:
        text += (" = " if name in texts else "=") + default_text(default)
    return prefix + text


def _parameter_name(name: str) -> bool:
    # What inspect.Parameter accepts as a name (it refuses others, and the signature is "").
    return name.isidentifier() and not keyword.iskeyword(name)


def body_imports(node: ast.AST) -> List[str]:
    """The absolute module names imported by statements inside a function's body, sorted."""
    names: Set[str] = set()
    body = node.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    for statement in body:
        for sub in _astparse.walk(statement):
            names.update(imported_modules(sub))
    return sorted(names)

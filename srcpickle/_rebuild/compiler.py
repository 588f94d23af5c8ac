"""Compile the sources of a payload the way every load does, and register them for tracebacks.

Each function or class source is compiled inside a *skeleton* of its enclosing scopes (the
``def``/``class`` headers its qualified name names), placed at its original line numbers, so that
the code object is the one the original file produced: nested qualnames, private-name mangling,
``__class__`` for zero-argument ``super()``, cell loads for free variables. Capture uses the same
functions to verify a source before writing it.

Compiled text is registered in ``linecache`` under a synthetic file name for as long as a function
or class made from it is alive, so tracebacks and ``inspect.getsource`` work, and a process that
loads payload after payload does not grow.

Imports only the standard library; compiling executes nothing.
"""

from __future__ import annotations
import __future__

import _thread
import atexit
import itertools
import operator
import sys
import types
import weakref

from .. import _sourcelines
from .._fmt.read import format_error
from .._lru import BoundedCache
from .._model import (
    ClassNode,
    FunctionNode,
    ImportNode,
    NamespaceNode,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    has_source,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import ast
    from typing import (
        Any,
        Callable,
        Dict,
        FrozenSet,
        Iterable,
        List,
        Optional,
        Sequence,
        Set,
        Tuple,
        TypeAlias,
        Union,
    )

# The enclosing function a nested def or a lambda with free variables is compiled in, so that its
# free variables compile to cell loads exactly as in the original. It is never called.
SCOPE_NAME = "__srcpickle_scope__"
# The function put around a source that has free variables but no enclosing function (a lambda
# made by a comprehension of a module or class body): named apart from SCOPE_NAME, which stands
# for a lambda's scope, since a loaded function dumped again reads its scope from this text, and
# this one is no scope of the original.
HOLDER_NAME = "__srcpickle_cells__"

# Synthetic file name -> the original file's name, for every source of a live loaded function or
# class, so that capturing a loaded function again records the file it came from.
LOADED_FILES: Dict[str, str] = {}
# Each class this process loaded -> its synthetic file name and namespace (a class without methods
# has no code object or globals that would name them).
LOADED_CLASSES: weakref.WeakKeyDictionary[type, Tuple[str, Dict[str, Any]]] = weakref.WeakKeyDictionary()
# Reentrant: a garbage collection inside a critical section below may finalize a code object,
# whose finalizer (_release_source) takes the lock again in the same thread. The lock of the
# entries' dict (linecache's, or the pending one until linecache is imported: _sourcelines).
_file_lock = _sourcelines.LOCK
# Synthetic file name -> id() of each live object holding its linecache entry (a code object
# compiled from its text, a class made from it); the entry goes with the last of them. A set, not
# a count: an object is counted once however often it is held, and a release run by a collection
# in the middle of hold_source cannot make a count wrong.
_HOLDERS: Dict[str, Set[int]] = {}
_PYTHON = sys.version.split()[0]


def _sha256_function() -> Callable[[bytes], Any]:
    # SHA-256 from the interpreter's own module where it has one (_sha256 up to 3.11, _sha2
    # from 3.12): importing hashlib loads OpenSSL, which costs a fresh process about 2 ms before
    # its first load. The digests are the same.
    import importlib

    for name in ("_sha256", "_sha2"):
        try:
            return importlib.import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


sha256 = _sha256_function()


def future_flags(features: Iterable[str]) -> int:
    """The compiler flags for the named ``__future__`` features."""
    flags = 0
    for feature in features:
        flags |= getattr(__future__, feature).compiler_flag
    return flags


# Type aliases as text (PEP 613): the loader imports no typing at run time.
Scope: TypeAlias = "Tuple[str, str]"  # (name, "def" | "class" | "if")
# A global name -> (module, attribute or None) as an import statement bound it.
Bindings: TypeAlias = "Dict[str, Tuple[str, Optional[str]]]"
# How a source sits in its module text (see _layout): the chain of enclosing scopes, the free
# variables the holder def takes, the holder's index, the re-indented body, its indentation.
Layout: TypeAlias = "Tuple[List[Scope], List[str], int, str, str]"


def skeleton(scope: str, freevars: Sequence[str]) -> Tuple[List[Scope], List[str], int]:
    """The enclosing scopes a source is compiled in, from its ``scope`` (the compile-time qualname
    of what encloses it, e.g. ``make.<locals>.Model``): the chain of ``def``/``class`` headers,
    the free variables that become parameters, and the index of the ``def`` that takes them.

    Compiling inside the same scopes gives the same code as the original: nested qualnames,
    private name mangling in methods, ``__class__`` for zero-argument ``super()``.
    """
    chain: List[Scope] = []
    parts = scope.split(".") if scope else []
    index = 0
    # Whether a class encloses it, and the index of the innermost def, noted as the chain is made
    # (generators over the chain cost a first load of a closure about 20k instructions each).
    in_class = False
    last_def = -1
    while index < len(parts):
        name = parts[index]
        is_def = index + 1 < len(parts) and parts[index + 1] == "<locals>"
        index += 2 if is_def else 1
        if not name.isidentifier():
            name, is_def = SCOPE_NAME, True  # a lambda's scope: a def stands in for it
        if is_def:
            last_def = len(chain)
        else:
            in_class = True
        chain.append((name, "def" if is_def else "class"))
    if in_class:
        params = [v for v in freevars if v != "__class__" and v != "__classdict__"]
    else:
        params = list(freevars)
    if params and last_def < 0:
        chain.insert(0, (HOLDER_NAME, "def"))
        last_def = 0
    return chain, params, last_def if params else -1


def module_text(
    kind: str,
    source: str,
    line: int,
    indent: str,
    freevars: Sequence[str],
    imported: Sequence[str] = (),
    name: str = "",
    scope: str = "",
    bindings: Optional[Bindings] = None,
    future: Sequence[str] = (),
) -> str:
    """The text the loader compiles for one source (``def``, ``lambda`` or ``class`` statement),
    its lines placed at their original numbers.

    A ``def`` or ``class`` is re-indented by exactly the ``indent`` removed at capture (so
    multi-line strings get their original contents back) and placed inside the headers of its
    enclosing scopes (see ``skeleton``), one indentation step each, on the lines just above it;
    an indented statement with no enclosing scope goes under ``if 1:``. A lambda starts its
    line, parenthesised from the line above (the innermost header's, or its own below the
    headers); at line 1, a lambda is a statement of its own (parenthesised unless it is one
    alone). For a class, each
    enclosing ``def`` returns what it defines, so the loader can run the chain and get the class.

    ``imported`` names the globals the defining module bound with an import statement: CPython
    3.11+ compiles method calls on those differently, so ``if 0:`` followed by an import
    statement for each ends the text (never executed), written as ``bindings`` says the module
    imported it (``from math import pi as PI``), else as ``import NAME``.
    """
    layout = _layout(kind, source, indent, freevars, scope)
    return _module_text(layout, kind, source, line, imported, name, bindings, future)


def _module_text(
    layout: Layout,
    kind: str,
    source: str,
    line: int,
    imported: Sequence[str],
    name: str,
    bindings: Optional[Bindings],
    future: Sequence[str],
) -> str:
    # module_text's work from the source's layout, which compile_source and source_statement
    # need too: worked out once per source (the skeleton and a re-indented copy of the source).
    chain, params, holder, body, actual = layout
    unit = "\t" if actual.startswith("\t") else " "
    headers = []
    for depth, (scope_name, scope_kind) in enumerate(chain):
        if scope_kind == "def":
            args = ", ".join(params) if depth == holder else ""
            headers.append(f"{unit * depth}def {scope_name}({args}):")
        elif scope_kind == "class":
            headers.append(f"{unit * depth}class {scope_name}:")
        else:
            headers.append(f"{unit * depth}if 1:")
    padding = "\n" * _padding(kind, line, chain)
    if kind == "lambda":
        # The lambda starts its own line, at column 0, inside parentheses opened on the line
        # above (they let a lambda cut out of a bracketed expression span lines): that line is
        # the user's text alone, which tracebacks, their carets and inspect.getsource show. Where
        # no line above is free (line 1, or the headers of its scopes need every line above it),
        # a lambda at line 1 is an expression statement of its own: bare when it is one alone
        # (one line, or its lines break inside its own brackets), else in parentheses, the
        # opening one before it on its line; in a scope it follows the header on its line.
        if not chain:
            if line >= 2:
                text = padding + f"{SCOPE_NAME} = (\n" + source + "\n)\n"
            elif "\n" not in source or _one_statement(source + "\n", future):
                text = source + "\n"
            else:
                text = "(" + source + "\n)\n"
        else:
            last = headers[-1] + (" return (" if chain[-1][1] == "def" else f" {SCOPE_NAME} = (")
            if line > len(chain):
                lines = headers[:-1] + [last, source]
            else:
                lines = headers[:-1] + [last + source]
            text = padding + "\n".join(lines) + "\n)\n"
    else:
        text = padding + ("\n".join(headers) + "\n" if headers else "") + body + "\n"
        if kind == "class":
            for depth in reversed(range(len(chain))):
                if chain[depth][1] == "def":
                    child = chain[depth + 1][0] if depth + 1 < len(chain) else name
                    inside = unit * (depth + 1) if depth + 1 < len(chain) else actual
                    text += f"{inside}return {child}\n"
    if imported:
        text += imports_text(imported, bindings)
    if future and text.startswith("\n"):
        # On the first (padding) line, as in the original file: the compile flags already set
        # the features; the text says so to whoever reads it again (dumping a loaded class).
        text = f"from __future__ import {', '.join(future)}" + text
    return text


def _one_statement(text: str, future: Sequence[str]) -> bool:
    # Whether ``text`` parses as one expression statement (parsed only: nothing is compiled).
    import _ast

    try:
        tree = compile(text, "<lambda>", "exec", _ast.PyCF_ONLY_AST | future_flags(future), True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    body: List[Any] = getattr(tree, "body", [])
    return len(body) == 1 and isinstance(body[0], _ast.Expr)


def _padding(kind: str, line: int, chain: Sequence[Scope]) -> int:
    # The empty lines that put a source at its line, below the headers of its scopes (and below
    # the line that opens a lambda's parentheses: see _module_text).
    if kind == "lambda" and not chain:
        return max(line - 2, 0)
    return max(line - 1 - len(chain), 0)


def movable_lines(
    kind: str, source: str, line: int, indent: str, freevars: Sequence[str], scope: str, future: Sequence[str]
) -> int:
    """How many lines higher ``source`` can be compiled than ``line`` with the same text apart
    from fewer empty lines above it (``module_text`` keeps the first, which states the
    ``__future__`` features): compiling there and moving the code down by as many lines costs
    less than the interpreter's walk over every empty line."""
    chain = _layout(kind, source, indent, freevars, scope)[0]
    padding = _padding(kind, line, chain)
    return padding - 1 if future and padding else padding


def imports_text(imported: Sequence[str], bindings: Optional[Bindings] = None) -> str:
    """The never executed ``if 0:`` block of import statements that ends a module text (see
    ``module_text``), or "" when nothing was imported."""
    if not imported:
        return ""
    return "if 0:\n" + "".join(f"    {_import_statement(n, (bindings or {}).get(n))}\n" for n in imported)


def _import_statement(name: str, binding: Optional[Tuple[str, Optional[str]]]) -> str:
    if binding is None:
        return f"import {name}"
    module, attribute = binding
    if attribute is None:
        return f"import {module}" if module == name else f"import {module} as {name}"
    return f"from {module} import {attribute}" + ("" if attribute == name else f" as {name}")


def _layout(kind: str, source: str, indent: str, freevars: Sequence[str], scope: str) -> Layout:
    if not scope and not freevars and (kind == "lambda" or not indent) and source[:1] not in " \t":
        # A top-level source (most of them): no scopes, nothing to re-indent. The general way
        # below gives the same, for a dozen more calls on a first load (issue 9).
        return [], [], -1, source, ""
    chain, params, holder = skeleton(scope, freevars)
    body = source if kind == "lambda" else _reindent(source, indent)
    actual = body[: len(body) - len(body.lstrip(" \t"))]
    if kind != "lambda":
        if actual and not chain:
            chain = [("", "if")]
        elif chain and len(actual) < len(chain):
            # Not as deep as its scopes: not written by srcpickle, but keep it compilable.
            actual = " " * len(chain)
            body = _reindent(source, actual)
    return chain, params, holder, body, actual


def _reindent(source: str, indent: str) -> str:
    return "\n".join([indent + text if text else text for text in source.split("\n")])


def compile_source(
    kind: str,
    source: str,
    line: int,
    indent: str,
    freevars: Sequence[str],
    future: Iterable[str],
    filename: str,
    imported: Sequence[str] = (),
    name: str = "",
    scope: str = "",
    bindings: Optional[Bindings] = None,
) -> Tuple[types.CodeType, types.CodeType, str]:
    """Compile one source the way every load does.

    Returns the module code, the code of the function (``def``, ``lambda``) or class body
    (``class``) the source defines, and the module text.

    Raises:
        SyntaxError: the source does not compile on this Python.
        ValueError: the source compiles but holds no such function or class at ``line``.
    """
    module_code, code, text, _ = _compile_source(
        kind, source, line, indent, freevars, future, filename, imported, name, scope, bindings
    )
    return module_code, code, text


def _compile_source(
    kind: str,
    source: str,
    line: int,
    indent: str,
    freevars: Sequence[str],
    future: Iterable[str],
    filename: str,
    imported: Sequence[str],
    name: str,
    scope: str,
    bindings: Optional[Bindings],
    synthetic: Optional[Tuple[str, str, str]] = None,
) -> Tuple[types.CodeType, types.CodeType, str, Layout]:
    # compile_source, and the layout of the text (for the statement check). With ``synthetic``
    # (module, qualname, file), the text is compiled under its synthetic file name instead of
    # ``filename`` (see compile_node).
    future = tuple(future)
    layout = _layout(kind, source, indent, freevars, scope)
    chain = layout[0]
    padding = _padding(kind, line, chain)
    shift = padding - 1 if future and padding else padding
    moves = kind != "class" and shift >= MOVE_MIN_LINES
    short = ""
    if moves and not future:
        # The text is its padding and then the text at line - shift, which has none: made once
        # (two texts cost a new source ~9k instructions), and its padding known, not counted.
        short = _module_text(layout, kind, source, line - shift, imported, name, bindings, future)
        text = "\n" * shift + short
        if short[:1] != "\n":
            _LAST_PADDING[0] = (text, shift)
    else:
        text = _module_text(layout, kind, source, line, imported, name, bindings, future)
    if synthetic is not None:
        filename = synthetic_filename(text, *synthetic)
    flags = future_flags(future) if future else 0
    module_code = None
    if moves:
        # The compiler walks every empty line above the source (about 25 us per thousand): the
        # same text with fewer of them compiles to the same code, moved up by as many lines
        # (capture verifies sources this way, and a test holds every interpreter to it). A code
        # holding a line number as a constant (a class body inside the def, 3.13) is compiled
        # at its line, as is a source that does not compile (its error's line is the text's).
        if not short:
            short = _module_text(layout, kind, source, line - shift, imported, name, bindings, future)
        try:
            moved = moved_code(compile_text(short, filename, flags), shift)
        except SyntaxError:
            moved = None
        if moved is not None and not _holds_class_body(moved):
            module_code = moved
    if module_code is None:
        module_code = compile_text(text, filename, flags)
    container = module_code
    for scope_name, scope_kind in chain:
        if scope_kind != "if":
            container = _last_code(container.co_consts, lambda c, n=scope_name: c.co_name == n)  # type: ignore[misc]
    first_line = max(line, len(chain)) if kind == "lambda" else max(line, len(chain) + 1)
    code = None
    for const in container.co_consts:  # the last match (see _last_code)
        if type(const) is types.CodeType and const.co_firstlineno == first_line:
            if _may_be(const, kind, name):
                code = const
    if code is None:
        raise ValueError("the source holds no function at the recorded line")
    while code.co_name.startswith("<generic parameters of "):
        # Python 3.12+ wraps a def or class with type parameters (def f[T]) in a scope of its own.
        code = _last_code(code.co_consts, lambda c: c.co_firstlineno == first_line and _may_be(c, kind, name))
    if (code.co_name == "<lambda>") != (kind == "lambda") or (kind == "class" and code.co_name != name):
        raise ValueError(f"the source holds no {kind} at line {line}")
    return module_code, code, text, layout


# A def or lambda whose source has at least this many empty lines above it is compiled with
# fewer of them and moved down (see _compile_source); below it, moving costs about what it saves.
MOVE_MIN_LINES = 64


def moved_code(code: types.CodeType, lines: int) -> types.CodeType:
    """``code`` and every code nested in it moved ``lines`` lines down: line numbers are stored
    relative to each code's first line, so the code is the one compiled that much lower."""
    consts = code.co_consts
    if _holds_code(consts):
        consts = tuple([moved_code(c, lines) if type(c) is types.CodeType else c for c in consts])
    return code.replace(co_firstlineno=code.co_firstlineno + lines, co_consts=consts)


def _holds_code(consts: Tuple[Any, ...]) -> bool:
    # Whether a code's constants hold a code (C loops: most codes hold none).
    return types.CodeType in set(map(type, consts))


def _holds_class_body(module_code: types.CodeType) -> bool:
    # Whether a code nested in ``module_code`` is a class body (not an optimized scope).
    pending = [c for c in module_code.co_consts if isinstance(c, types.CodeType)]
    while pending:
        code = pending.pop()
        if not code.co_flags & CO_OPTIMIZED:
            return True
        if _holds_code(code.co_consts):
            pending.extend([c for c in code.co_consts if type(c) is types.CodeType])
    return False


# Module code compiled lately, by exactly what was compiled: the text, the file name and the
# flags. Compiling the same text again gives the same code, so loading a payload again, loading
# another payload holding the same source, or verifying a source again at capture compiles nothing.
# Bounded in entries and in characters of text held.
COMPILE_CACHE_ENTRIES = 512
COMPILE_CACHE_CHARS = 16 << 20
_COMPILED: BoundedCache[types.CodeType] = BoundedCache(COMPILE_CACHE_ENTRIES, COMPILE_CACHE_CHARS)


def compile_text(text: str, filename: str, flags: int) -> types.CodeType:
    """``compile(text, filename, "exec", flags, dont_inherit=True)``, shared with earlier calls
    that compiled exactly the same.

    Raises:
        SyntaxError, ValueError: as ``compile``.
    """
    key = (text, filename, flags)
    code = _COMPILED.get(key)
    if code is None:
        # By position: a call with keywords sets up compile()'s keyword parser on a process's
        # first call (a few microseconds of a first load).
        code = compile(text, filename, "exec", flags, True)
        code = _COMPILED.put(key, code, len(text))
    return code


_GLOBAL_OPS = frozenset(
    {"LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS"}
)


def creation_names(
    module_code: types.CodeType, everything: bool = False, scopes: Sequence[str] = ()
) -> List[str]:
    """Global names a compiled class statement reads, sorted: with ``everything``, also those its
    methods read; otherwise only what runs while the class is created (bases, decorators, the
    class body, inside the enclosing ``scopes`` it is compiled in), which must exist before the
    statement executes."""
    key = (everything, frozenset(scopes))
    with _CREATION_LOCK:
        try:
            known = _CREATION.get(module_code)
        except TypeError:  # PyPy's code objects may not be weakly referenceable
            known = None
        found = known.get(key) if known is not None else None
    if found is not None:
        return list(found)
    names: Set[str] = set()
    _collect_creation(module_code, names, everything, key[1] | {SCOPE_NAME, HOLDER_NAME})
    # Every class body reads __name__ (for __module__) and an annotated one __annotations__: the
    # class statement's own, not module state to capture.
    names.difference_update((SCOPE_NAME, HOLDER_NAME, "__name__", "__annotations__"))
    result = tuple(sorted(names))
    with _CREATION_LOCK:
        try:
            _CREATION.setdefault(module_code, {})[key] = result
        except TypeError:
            pass
    return list(result)


# The answers of creation_names per code object (weakly: an entry goes with its code), which
# never change: reading a code's instructions with dis costs a class payload most of its load
# (each load provides the globals every class and function of the payload reads).
_CREATION: weakref.WeakKeyDictionary[types.CodeType, Dict[Tuple[bool, frozenset], Tuple[str, ...]]] = (  # type: ignore[type-arg]
    weakref.WeakKeyDictionary()
)
_CREATION_LOCK = _thread.allocate_lock()


# LOAD_GLOBAL's and EXTENDED_ARG's numbers, and those of _GLOBAL_OPS: made on first use (opcode is
# an import, which a process loading only functions does not pay).
_OPCODES: List[Tuple[int, int, FrozenSet[int]]] = []
# From CPython 3.11, LOAD_GLOBAL's argument is the name's index shifted left once (its low bit
# says whether a NULL is pushed too), as dis reads it; PyPy 3.9/3.10 has the older bytecode.
_LOAD_GLOBAL_SHIFT = 1 if sys.implementation.name == "cpython" and sys.version_info >= (3, 11) else 0


def _opcodes() -> Tuple[int, int, FrozenSet[int]]:
    if not _OPCODES:
        opmap = opcode_numbers()
        wanted = frozenset(opmap[name] for name in _GLOBAL_OPS if name in opmap)
        _OPCODES[:] = [(opmap["LOAD_GLOBAL"], opmap["EXTENDED_ARG"], wanted)]  # (threads: equal)
    return _OPCODES[0]


# The numbers of the instructions that read and write globals, SETUP_ANNOTATIONS and
# EXTENDED_ARG, as opcode.opmap gives them on the interpreters srcpickle runs on (test_caches checks
# each against opcode): importing opcode for them costs a process without dataclasses or inspect
# about as much as the rest of its first dumps of a small function (issue 9). Another interpreter
# asks opcode.
_CLASSIC_OPCODES = {
    "LOAD_GLOBAL": 116,
    "STORE_GLOBAL": 97,
    "DELETE_GLOBAL": 98,
    "LOAD_NAME": 101,
    "SETUP_ANNOTATIONS": 85,
    "EXTENDED_ARG": 144,
}
_KNOWN_OPCODES: Dict[str, Dict[str, int]] = {
    "cpython-39": _CLASSIC_OPCODES,
    "cpython-310": _CLASSIC_OPCODES,
    "cpython-311": _CLASSIC_OPCODES,
    "cpython-312": {**_CLASSIC_OPCODES, "LOAD_FROM_DICT_OR_GLOBALS": 175},
    "cpython-313": {
        "LOAD_GLOBAL": 91,
        "STORE_GLOBAL": 113,
        "DELETE_GLOBAL": 66,
        "LOAD_NAME": 92,
        "LOAD_FROM_DICT_OR_GLOBALS": 90,
        "SETUP_ANNOTATIONS": 37,
        "EXTENDED_ARG": 71,
    },
    "pypy39": _CLASSIC_OPCODES,
}
OPCODE_NAMES = frozenset(_KNOWN_OPCODES["cpython-313"])


def opcode_numbers() -> Dict[str, int]:
    """The numbers of the instructions in ``OPCODE_NAMES`` this interpreter has (a name it lacks
    is absent), as ``opcode.opmap`` gives them, without importing opcode on a known interpreter."""
    known = _KNOWN_OPCODES.get(sys.implementation.cache_tag or "")
    if known is not None:
        return known
    import opcode

    return {name: opcode.opmap[name] for name in OPCODE_NAMES if name in opcode.opmap}


def add_names_used(code: types.CodeType, wanted: FrozenSet[int], names: Set[str]) -> bytes:
    """Add to ``names`` the names the instructions of ``code`` numbered in ``wanted`` use (not
    its nested codes'), as ``dis`` reads them; return its opcodes (the even bytes).

    Read from the bytecode itself rather than through ``dis.get_instructions``, which makes an
    Instruction (positions, labels, reprs) of every instruction and cache entry: for capture
    (a function's globals, ``_capture.functions``) and for the names a class statement reads (issue 9).
    """
    load_global, extended_arg, _ = _opcodes()
    co_names = code.co_names
    raw = code.co_code  # the unspecialized instructions (inline caches as zeros), as dis reads
    # Two bytes an instruction (an opcode, an argument byte): the opcodes alone are the even
    # bytes, and an inline cache's are zeros. Without EXTENDED_ARG (most code), each wanted
    # instruction is found by bytes.find (a C loop) and its argument is the byte after it.
    ops = raw[::2]
    if extended_arg not in ops:
        for op in wanted:
            shift = _LOAD_GLOBAL_SHIFT if op == load_global else 0
            index = ops.find(op)
            while index != -1:
                names.add(co_names[raw[2 * index + 1] >> shift])
                index = ops.find(op, index + 1)
    else:
        # EXTENDED_ARG prefixes give an argument's higher bytes.
        extended = 0
        for offset in range(0, len(raw), 2):
            op = raw[offset]
            if op == extended_arg:
                extended = (extended | raw[offset + 1]) << 8
                continue
            arg = extended | raw[offset + 1]
            extended = 0
            if op in wanted:
                names.add(co_names[arg >> _LOAD_GLOBAL_SHIFT if op == load_global else arg])
    return ops


def _collect_creation(code: types.CodeType, names: Set[str], everything: bool, scopes: frozenset) -> None:  # type: ignore[type-arg]
    add_names_used(code, _opcodes()[2], names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            # Class bodies (not optimized), comprehensions and the enclosing scopes run while
            # the class is created.
            runs_now = not const.co_flags & 0x1 or const.co_name.startswith("<") or const.co_name in scopes
            if everything or runs_now:
                _collect_creation(const, names, everything, scopes)


def _may_be(code: types.CodeType, kind: str, name: str) -> bool:
    # Whether ``code``, found at the line a ``kind`` source starts, may be its code. A class
    # statement's bases and keywords on its first line (class Local(Base, hook=lambda: 3)) are
    # compiled after its body, their lambdas and comprehensions (before 3.12) at that line too.
    return kind != "class" or code.co_name == name or code.co_name.startswith("<generic parameters of ")


def _last_code(consts: Tuple[Any, ...], accept: Callable[[types.CodeType], bool]) -> types.CodeType:
    # The compiler adds a function's code constant after those of its decorators and defaults,
    # so the last match is the function itself, not a lambda in its defaults.
    found = [c for c in consts if isinstance(c, types.CodeType) and accept(c)]
    if not found:
        raise ValueError("the source holds no function at the recorded line")
    return found[-1]


def _ascii(name: str) -> str:
    # File names must survive an ASCII file system encoding (PyPy without a locale).
    if name.isascii():
        return name
    return name.encode("ascii", "backslashreplace").decode("ascii")


def synthetic_filename(text: str, module: str, qualname: str, file: str) -> str:
    """The synthetic file name ``text`` (compiled from a source of ``file``) is registered under
    in ``linecache``: the same for the same text from the same file. Registers nothing (see
    ``hold_source``).

    Worked out anew at each call: a loaded source's code carries it (``compile_node`` compiles
    under it), which is where the loader reads it again, and a cache of names by text cost each
    new source more (~6k instructions: a look-up that misses, a put and an eviction) than the
    digest it saved a text compiled again."""
    # The text's leading empty lines (most of a source far down its file) are hashed as their
    # number: the same text gives the same name, and SHA-256 (the interpreter's own, about 7 ns
    # a byte) reads a def at line 3,000 in 1 us rather than 20.
    padding = _leading_newlines(text)
    digest = sha256(f"{file}\n{padding}\n{text[padding:]}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if not (module.isascii() and qualname.isascii()):  # (most names are: no calls)
        module, qualname = _ascii(module), _ascii(qualname)
    return f"<srcpickle-{digest} {module}.{qualname}>"


def hold_source(filename: str, text: str, file: str, holder: Any) -> None:
    """Register ``text`` in ``linecache`` under ``filename`` (from ``synthetic_filename``) for as
    long as ``holder`` is alive: a code object (with every code nested in it, since a function a
    loaded function makes when called shares its file), or a class made from the text (whose
    methods may all have been replaced). The entry goes when the last holder of it dies.

    Registering and holding are one step, taken before anything else of the load can fail: an
    entry never exists without a holder (a load that fails leaves nothing behind), and an entry
    another holder is about to release is kept for this one.
    """
    pending: List[Any] = [holder]
    held = []
    with _file_lock:
        while pending:
            current = pending.pop()
            if isinstance(current, types.CodeType):
                if _holds_code(current.co_consts):
                    pending.extend([c for c in current.co_consts if type(c) is types.CodeType])
            # By identity: code objects with the same contents compare equal, and each one alive
            # must hold the entry.
            if _hold(filename, id(current)):
                held.append(current)
        # Only now, with this holder counted, no release can remove the entry before it is used.
        # (linecache's cache, or the pending entries while no code has imported linecache)
        cache = _sourcelines.entries()
        if filename not in cache:
            # mtime None: linecache.checkcache leaves the entry alone (the attrs approach). Lines
            # end at "\n" only, as a file's do: str.splitlines would also split at \x0c, \x85...
            # The padding above the source (most of a text) is one list repetition, not a loop.
            padding = _leading_newlines(text)
            lines = ["\n"] * padding
            lines += map(operator.add, text[padding:].split("\n"), _NEWLINES)  # (a C loop)
            if lines and lines[-1] == "\n":
                lines.pop()
            cache[filename] = (len(text), None, lines, filename)
        LOADED_FILES[filename] = file
    for current in held:
        # A weak reference with a callback (made in C; weakref.finalize made a Python object
        # and registry entry per holder). Kept until it fires: a callback runs only while its
        # reference lives.
        watcher = weakref.ref(current, _holder_died)
        _WATCHERS[id(watcher)] = (watcher, filename, id(current))


# The weak reference watching each holder of a linecache entry, by its id: (itself, the entry's
# file name, the holder's id).
_WATCHERS: Dict[int, Tuple[Any, str, int]] = {}
# Not empty once the interpreter exits (see _release_all): a holder dying then releases nothing
# (the module's globals may be gone, and the process with them).
_EXITING: List[bool] = []


def _release_all() -> None:
    # At exit, every entry goes at once, as weakref.finalize's atexit hook released each (before
    # the interpreter's last collections, which would walk every line list linecache still holds).
    _EXITING.append(True)
    with _file_lock:
        pop = _sourcelines.current().pop
        for filename in LOADED_FILES:
            pop(filename, None)
        LOADED_FILES.clear()
        _HOLDERS.clear()
        _WATCHERS.clear()


atexit.register(_release_all)


def _holder_died(
    watcher: Any,
    exiting: List[bool] = _EXITING,
    watchers: Dict[int, Tuple[Any, str, int]] = _WATCHERS,
) -> None:
    # The callback of a holder's weak reference (see hold_source). What it reads is bound here,
    # not looked up in the module's globals, which interpreter shutdown clears.
    if exiting:
        return
    entry = watchers.pop(id(watcher), None)
    if entry is not None:
        _release_source(entry[1], entry[2])


# Endless "\n": what hold_source adds to each line of a text.
_NEWLINES = itertools.repeat("\n")


# The last text _leading_newlines counted, with its count: a new source's text is counted for its
# synthetic file name at compile time and again when hold_source registers it (~6k instructions
# each for a def at line 1,000). One entry, replaced whole (a tuple), so threads cannot mix them.
_LAST_PADDING: List[Tuple[str, int]] = [("", 0)]


def _leading_newlines(text: str) -> int:
    """How many "\\n" start ``text`` (``len(text) - len(text.lstrip("\\n"))``)."""
    last = _LAST_PADDING[0]
    if last[0] is text:
        return last[1]
    padding = _count_leading_newlines(text)
    _LAST_PADDING[0] = (text, padding)
    return padding


def _count_leading_newlines(text: str) -> int:
    # str.lstrip("\n") tests each character against its argument, about 7 ns a character: a
    # tenth of a compile's time for a source at line 500. lstrip() with no argument is ten times
    # faster; what it strips is all padding unless it holds another whitespace character.
    count = len(text) - len(text.lstrip())
    if text.count("\n", 0, count) == count:
        return count
    return len(text) - len(text.lstrip("\n"))


def _hold(filename: str, key: int) -> bool:
    # Whether the object ``key`` was added to the holders of ``filename`` (False: it held it
    # already). A collection between two of these lines may run _release_source in this thread
    # and drop the set it emptied: the object is added again, to the set that is current.
    while True:
        holders = _HOLDERS.setdefault(filename, set())
        if key in holders:
            return False
        holders.add(key)
        if _HOLDERS.get(filename) is holders:
            return True


def _release_source(filename: str, key: int) -> None:
    with _file_lock:
        holders = _HOLDERS.get(filename)
        if holders is None:
            return
        holders.discard(key)
        if holders:
            return
        _HOLDERS.pop(filename, None)
        LOADED_FILES.pop(filename, None)
        _sourcelines.current().pop(filename, None)


Compiled: TypeAlias = "Tuple[types.CodeType, types.CodeType, str]"
CO_OPTIMIZED = 0x1


def compile_all(payload: Payload) -> Dict[str, Compiled]:
    """Compile every source of ``payload``, and find the code of every method and nested class
    written inside a class's source: node id -> (module code, the node's code, module text);
    a class made by a call has none.

    Raises:
        PayloadFormatError: a source does not compile here, or does not hold what a node records.
    """
    # payload.sources() and the code nodes written inside a class's source, in one pass.
    sources: List[Tuple[str, Union[FunctionNode, ClassNode]]] = []
    pending = []
    for node_id, node in payload.nodes.items():
        if isinstance(node, (FunctionNode, ClassNode)):
            if node.in_class:
                pending.append((node_id, node))
            elif has_source(node):
                sources.append((node_id, node))
    if _POSITIONS and len(sources) >= BATCH_MIN and _plannable(payload, sources):
        batched = _compile_batches(payload, sources)
        compiled: Dict[str, Compiled] = {}
        for node_id, node in sources:
            compiled[node_id] = batched.get(node_id) or compile_node(payload, node_id, node)
    else:
        compiled = {}
        for node_id, node in sources:
            compiled[node_id] = compile_node(payload, node_id, node)
    while pending:
        waiting = []
        for node_id, node in pending:
            if node.in_class in compiled:
                compiled[node_id] = _member(payload, compiled[node.in_class], node_id, node)
            else:
                waiting.append((node_id, node))
        if len(waiting) == len(pending):
            node_id, node = waiting[0]
            raise format_error(
                f"{node.qualname} is written inside class section @{node.in_class}, which has no "
                "source to hold it (a class made by a call, or a cycle of nested classes)",
                payload.positions.get(node_id) or None,
            )
        pending = waiting
    return compiled


# Up to this many top-level defs of a payload are compiled in one ``compile()`` (see
# _compile_batches): one compile costs ~5 us plus ~25 us per def, each def alone ~60 us.
BATCH_DEFS = 64
# Fewer defs than this are compiled alone: a def compiled alone before (a helper in many
# payloads) is found in the compile cache, where a batch holding it compiles it again.
BATCH_MIN = 4
# The file name a batch is compiled under: no source's own (``<srcpickle-DIGEST MODULE.QUALNAME>``,
# see synthetic_filename), so the module code of a batch is told from a source's own (see
# own_module_code).
BATCH_FILENAME = "<srcpickle defs>"
# A batch member: its line, node id, node and bindings of its imported names.
_Member: TypeAlias = "Tuple[int, str, FunctionNode, Bindings]"


def _plannable(payload: Payload, sources: List[Tuple[str, Union[FunctionNode, ClassNode]]]) -> bool:
    # Whether batches pay: a payload of more than one source without classes or calls, which
    # the plan builds. The builder reads each def's own module code (own_module_code), which a
    # def compiled in a batch then compiles alone too.
    if len(sources) < BATCH_MIN:
        return False
    return not any(type(node) is ClassNode or type(node) is ReduceNode for node in payload.nodes.values())


def _compile_batches(
    payload: Payload, sources: List[Tuple[str, Union[FunctionNode, ClassNode]]]
) -> Dict[str, Compiled]:
    """The compiled code of the top-level defs of ``payload`` that compile together, up to
    ``BATCH_DEFS`` in one ``compile()``, as ``compile_node`` compiles each alone.

    Each def is its own module text at its own lines, and the defs of a batch share what else a
    def's code depends on: the ``__future__`` features and the block of imports after them (the
    same text). A def is taken from the batch only when its code passes the statement check of
    ``compile_node`` (the positions of its code, ``_only_the_def``): then its source is one def
    statement, and the other defs of the batch only bind their names, which changes nothing in
    its code (a test holds every interpreter to the same code, positions included, as compiled
    alone). Its code is named as ``compile_node`` names it. Every other def, and every def of a
    batch that does not compile, is compiled alone by the caller (with its own errors).
    """
    groups: Dict[Tuple[str, Tuple[str, ...]], List[_Member]] = {}
    for node_id, node in sources:
        if (
            type(node) is not FunctionNode
            or node.kind != "def"
            or node.scope
            or node.indent
            or node.closure
            or node.source[:1] in ("", " ", "\t")
        ):
            continue
        future = tuple(node.future)
        if future and node.line < 2:
            continue  # alone, its text has no line stating the features; a batch's would
        try:
            bindings = _bindings(payload, node)
        except (ValueError, AttributeError):
            continue
        key = (imports_text(node.imported, bindings), future)
        groups.setdefault(key, []).append((node.line, node_id, node, bindings))
    found: Dict[str, Compiled] = {}
    for (imports, future), members in groups.items():
        if len(members) < BATCH_MIN:
            continue
        members.sort(key=lambda member: member[0])
        chunk: List[_Member] = []
        end = 0
        for member in members:
            if member[0] <= end:
                continue  # overlaps the def before it: alone
            chunk.append(member)
            end = member[0] + member[2].source.count("\n")
            if len(chunk) == BATCH_DEFS:
                found.update(_compile_batch(payload, chunk, imports, future))
                chunk = []
        if len(chunk) >= BATCH_MIN:
            found.update(_compile_batch(payload, chunk, imports, future))
    return found


def _compile_batch(
    payload: Payload, chunk: List[_Member], imports: str, future: Tuple[str, ...]
) -> Dict[str, Compiled]:
    # The defs of ``chunk`` (in line order, apart) compiled together; see _compile_batches.
    # Without __future__ features, the empty lines above the first def are left out and every
    # code moved down by as many lines (as _compile_source does for one def).
    shift = 0 if future or chunk[0][0] - 1 < MOVE_MIN_LINES else chunk[0][0] - 1
    parts = []
    next_line = 1 + shift
    for line, _, node, _ in chunk:
        parts.append("\n" * (line - next_line))
        parts.append(node.source)
        parts.append("\n")
        next_line = line + node.source.count("\n") + 1
    text = "".join(parts)
    if future and text.startswith("\n"):
        text = f"from __future__ import {', '.join(future)}" + text
    try:
        module_code = compile_text(text + imports, BATCH_FILENAME, future_flags(future))
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return {}
    codes: Dict[Tuple[int, str], Optional[types.CodeType]] = {}
    for const in module_code.co_consts:
        if isinstance(const, types.CodeType) and const.co_flags & CO_OPTIMIZED:
            key = (const.co_firstlineno + shift, const.co_name)
            codes[key] = None if key in codes else const
    found: Dict[str, Compiled] = {}
    for line, node_id, node, bindings in chunk:
        code = codes.get((line, node.name))
        if code is None or code.co_freevars or (shift and _holds_class_body(code)):
            continue
        layout = _layout("def", node.source, "", (), "")
        own = _module_text(layout, "def", node.source, line, node.imported, node.name, bindings, future)
        # Named as compile_node names the code of the same text alone.
        code = _placed(code, shift, synthetic_filename(own, node.module, node.qualname, node.file))
        if _only_the_def(node, "def", layout, code, bindings, module_code, own):
            found[node_id] = (module_code, code, own)
    return found


def _placed(code: types.CodeType, lines: int, filename: str) -> types.CodeType:
    # ``code`` and every code in it moved ``lines`` lines down (see moved_code) and named
    # ``filename``: the code the same source compiles to alone, under that name.
    consts = code.co_consts
    if _holds_code(consts):
        consts = tuple([_placed(c, lines, filename) if type(c) is types.CodeType else c for c in consts])
    return code.replace(co_firstlineno=code.co_firstlineno + lines, co_filename=filename, co_consts=consts)


def own_module_code(payload: Payload, node_id: str, compiled: Compiled) -> types.CodeType:
    """The module code of ``node_id``'s source compiled alone: ``compiled[0]``, unless the source
    was compiled in a batch with others (see ``_compile_batches``), whose module code holds theirs
    too; then it is compiled alone now (the builder reads what a source's module code reads).

    Raises:
        PayloadFormatError: as ``compile_node``.
    """
    module_code = compiled[0]
    if module_code.co_filename != BATCH_FILENAME:
        return module_code
    node = payload.nodes[node_id]
    assert isinstance(node, FunctionNode)
    return compile_node(payload, node_id, node)[0]


def source_root(payload: Payload, node_id: str) -> str:
    """The id of the node whose source holds ``node_id``'s code (itself, or the class section a
    method or nested class is written in)."""
    seen: Set[str] = set()
    node = payload.nodes[node_id]
    while isinstance(node, (FunctionNode, ClassNode)) and node.in_class and node_id not in seen:
        seen.add(node_id)
        node_id = node.in_class
        node = payload.nodes[node_id]
    return node_id


def _member(
    payload: Payload, owner: Compiled, node_id: str, node: Union[FunctionNode, ClassNode]
) -> Compiled:
    where = payload.positions.get(node_id) or None
    owner_body = owner[1]
    if owner_body.co_flags & CO_OPTIMIZED:
        raise format_error(f"{node.qualname} is written inside @{node.in_class}, which is not a class", where)
    try:
        code = member_code(owner_body, node.line)
    except ValueError:
        raise format_error(
            f"the source of class @{node.in_class} holds no def or class of {node.qualname} "
            f"at line {node.line}",
            where,
        ) from None
    if isinstance(node, ClassNode):
        if code.co_flags & CO_OPTIMIZED or code.co_name != node.name:
            raise format_error(f"line {node.line} of @{node.in_class} is not class {node.name}", where)
    else:
        if not code.co_flags & CO_OPTIMIZED or code.co_name == "<lambda>":
            raise format_error(f"line {node.line} of @{node.in_class} is not a def", where)
        freevars = [name for name, _ in node.closure]
        if set(code.co_freevars) != set(freevars):
            raise format_error(
                f"the closure of {node.qualname} names {sorted(freevars)} but its code uses "
                f"{sorted(code.co_freevars)}",
                where,
            )
    return owner[0], code, owner[2]


def member_code(container: types.CodeType, line: int) -> types.CodeType:
    """The code of the def or class statement that starts at ``line`` directly in the compiled
    class body ``container``.

    Raises:
        ValueError: there is none.
    """
    code = _last_code(container.co_consts, lambda c: c.co_firstlineno == line)
    while code.co_name.startswith("<generic parameters of "):
        # Python 3.12+ wraps a def or class with type parameters (def f[T]) in a scope of its own.
        code = _last_code(code.co_consts, lambda c: c.co_firstlineno == line)
    return code


def compile_node(payload: Payload, node_id: str, node: Union[FunctionNode, ClassNode]) -> Compiled:
    """Compile one function or class node of ``payload`` as every load does.

    Raises:
        PayloadFormatError: the source does not compile here, or does not define what the node
            records, at the payload line and column of the fault.
    """
    kind = "class" if isinstance(node, ClassNode) else node.kind
    freevars = [name for name, _ in node.closure] if node.closure else []
    where = payload.positions.get(node_id) or None
    try:
        bindings = _bindings(payload, node)
        module_code, code, text, layout = _compile_source(
            kind,
            node.source,
            node.line,
            node.indent,
            freevars,
            node.future,
            "",
            node.imported,
            node.name,
            node.scope,
            bindings,
            # Compiled under the synthetic file name its functions and classes carry (see
            # synthetic_filename): functions.named_code then has nothing to rename (a second
            # copy of every code object per new source, ~28k instructions a function).
            (node.module, node.qualname, node.file),
        )
    except SyntaxError as exc:
        line, column = _payload_position(payload.positions.get(node_id, 0), node, exc)
        raise format_error(
            f"the source of {node.qualname} does not compile on Python {_PYTHON}: {exc.msg}",
            line,
            column,
        ) from exc
    except (ValueError, AttributeError) as exc:
        raise format_error(
            f"the source of {node.qualname} does not define the recorded {kind}: {exc}", where
        ) from exc
    except (MemoryError, RecursionError) as exc:
        raise format_error(
            f"the source of {node.qualname} is too deeply nested to compile ({type(exc).__name__})", where
        ) from exc
    used = set(code.co_freevars)
    if kind != "class" and used != set(freevars):
        raise format_error(
            f"the closure of {node.qualname} names {sorted(freevars)} but its source uses {sorted(used)}",
            where,
        )
    if _only_the_def(node, kind, layout, code, bindings, module_code, text):
        return module_code, code, text
    try:
        source_statement(node, text, compact=True, chain=layout[0])
    except _ExtraStatement as exc:
        block = payload.positions.get(node_id, 0)
        index = -1 if exc.lineno is None else exc.lineno - node.line
        inside = bool(block) and 0 <= index < len(node.source.split("\n"))
        raise format_error(
            f"the source of {node.qualname} holds more than its {kind}: {exc}; a source block holds "
            "exactly one def, lambda or class statement",
            block + index if inside else where,
        ) from None
    return module_code, code, text


# Code objects carry the start and end, line and column, of each instruction's syntax (CPython
# 3.11+; PyPy's are not those of CPython's compiler).
_POSITIONS = sys.implementation.name == "cpython" and sys.version_info >= (3, 11)


def _only_the_def(
    node: Union[FunctionNode, ClassNode],
    kind: str,
    layout: Layout,
    code: types.CodeType,
    bindings: Bindings,
    module_code: Optional[types.CodeType] = None,
    text: str = "",
) -> bool:
    """Whether the module text of a def holds nothing but the def and the loader's own lines, as
    ``source_statement`` would find (True), read from the compiled code without a syntax tree of
    the source (40 us of a 5-line def's 100); False when it cannot tell, and
    ``source_statement`` decides.

    The def's code was found at the source's first line, inside the loader's headers of its
    scopes (lines of their own above it), and is a function's (not a class body, lambda or
    comprehension): the source starts with the def statement, which nothing can precede on its
    line. Every position in its
    code lies inside that statement, so the statement ends at or after the last of them; after
    that, a line that holds anything but a comment could start another statement. No text of the
    source after the last position but blank space and comments: the def is all there is. The
    import block after it is one ``if 0:`` of one import statement a line when every name in it
    is an identifier (the names come from the payload).
    """
    if not _POSITIONS or not code.co_flags & CO_OPTIMIZED:
        return False
    if node.imported and not _plain_imports(node.imported, bindings):
        return False
    lines = layout[3].split("\n")
    # UTF-8 bytes before the source's first line on its line of the text (a lambda's header).
    prefix = 0
    if kind == "def":
        if node.line <= len(layout[0]):
            return False  # the headers of its scopes push the source below its line
        if not code.co_name.isidentifier():
            return False  # "<genexpr>", "<listcomp>": an expression at the first line
    elif kind == "lambda":
        found = _lambda_prefix(node, layout, code, module_code, text)
        if found is None:
            return False
        prefix = found
    else:
        return False
    if kind == "def" and _after_last_line_blank(code, node.line, lines):
        return True
    positions = getattr(code, "co_positions")()  # noqa: B009 - 3.11+, and mypy checks as 3.9
    # A list, not a generator: a def has dozens of positions, each a resumption of a generator.
    ends = [(p[1], p[3]) for p in positions if p[1] is not None and p[3] is not None]
    end = max(ends) if ends else None
    if end is None:
        return False
    index = end[0] - node.line
    column = end[1] - (prefix if index == 0 else 0)
    if not 0 <= index < len(lines) or column < 0:
        return False
    try:
        # Columns count UTF-8 bytes.
        rest = lines[index].encode("utf-8")[column:].decode("utf-8")
    except UnicodeError:
        return False
    for line in [rest, *lines[index + 1 :]]:
        text = line.lstrip(" \t\f")  # what _blank_or_comment reads
        if text and not text.startswith("#"):
            return False
    return True


_LINE_OF_RANGE = operator.itemgetter(2)


def _after_last_line_blank(code: types.CodeType, first_line: int, lines: List[str]) -> bool:
    """For ``_only_the_def``, a def's shortcut without its positions (co_positions makes a tuple
    of four numbers per code unit: ~5 us of a 4-line def, a fifth of its compile): True when
    every line of its text after the last line holding one of its instructions is blank or a
    comment. That line ends the def: its statement reaches at least there, and a line after it
    that holds any text (a closing bracket, the end of a string, another statement) makes this
    False, and the positions decide. Nothing after the def's end on that line can start a
    statement: a def's suite takes the rest of the line it ends on (``return 1; x = 2``), and
    whatever else may follow there (a comment, a ``;``) is no statement."""
    last = max(filter(None, map(_LINE_OF_RANGE, code.co_lines())), default=0)
    index = last - first_line
    if not 0 <= index < len(lines):
        return False
    for line in lines[index + 1 :]:
        text = line.lstrip(" \t\f")  # what _blank_or_comment reads
        if text and not text.startswith("#"):
            return False
    return True


def _lambda_prefix(
    node: Union[FunctionNode, ClassNode],
    layout: Layout,
    code: types.CodeType,
    module_code: Optional[types.CodeType],
    text: str,
) -> Optional[int]:
    """For ``_only_the_def``, a lambda's source that starts with its ``lambda`` (nothing before
    it on the line), compiled as the only code of the scope it is in (no other lambda beside it,
    in its defaults or a tuple): the expression in the loader's parentheses is that lambda,
    up to where its code's positions end. The UTF-8 length of the loader's text before the
    source on its line; None when that cannot be told."""
    source = node.source
    if module_code is None or not source.startswith("lambda"):
        return None
    if len(source) > 6 and ("a" + source[6]).isidentifier():
        return None  # a longer name ("lambdas", "lambdaé")
    chain = layout[0]
    if node.line < max(len(chain), 1):
        return None  # the headers of its scopes push the source below its line
    container = module_code
    for scope_name, scope_kind in chain:
        if scope_kind != "if":
            container = _last_code(container.co_consts, lambda c, n=scope_name: c.co_name == n)  # type: ignore[misc]
    if [c for c in container.co_consts if isinstance(c, types.CodeType)] != [code]:
        return None
    first = layout[3].partition("\n")[0]
    # The start of the text's line ``node.line``: past its leading empty lines at once (one
    # character each), then past the headers' lines one by one.
    start = min(_leading_newlines(text), node.line - 1)
    for _ in range(node.line - 1 - start):
        start = text.find("\n", start) + 1
        if not start:
            return None
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    if not line.endswith(first):
        return None
    return len(line[: len(line) - len(first)].encode("utf-8"))


def _plain_imports(imported: Sequence[str], bindings: Bindings) -> bool:
    # Whether every name imports_text writes is an identifier or a dotted name of them.
    for name in imported:
        module, attribute = bindings.get(name, (name, None))
        if not name.isidentifier() or not all(part.isidentifier() for part in module.split(".")):
            return False
        if attribute is not None and not attribute.isidentifier():
            return False
    return True


class _ExtraStatement(ValueError):
    """A module text holds a statement that is neither srcpickle's nor the source's one, at line
    ``lineno`` of the text (None when unknown)."""

    def __init__(self, message: str, lineno: Optional[int]) -> None:
        super().__init__(message)
        self.lineno = lineno


def source_statement(
    node: Union[FunctionNode, ClassNode],
    text: str,
    compact: bool = False,
    chain: Optional[List[Scope]] = None,
) -> ast.AST:
    """The syntax tree of the one statement (``def``, ``class``) or lambda that ``node``'s source
    is, found in its module ``text`` (see ``module_text``): everything else in the text is the
    loader's own scaffolding. With ``compact``, the text's padding lines are not parsed (a third of
    the time for a function at line 1,000), and only the verdict is meant: the tree's line numbers
    are then not the text's (the error's are). ``chain`` is the source's chain of enclosing
    scopes when the caller has it (see ``skeleton``), else it is worked out again.

    A class's module text is executed, so a statement after the class (or beside it inside its
    scopes) would run; a writer never writes one, and a reader refuses it.

    Raises:
        ValueError: the text holds another statement, or the source is not what ``node`` says.
    """
    # _ast, not ast: the node classes without the ast module's import (see _astparse).
    import _ast

    from .. import _astparse

    kind = "class" if isinstance(node, ClassNode) else node.kind
    skipped = kept = 0
    if compact:
        # The padding: blank lines at the start, after the __future__ line if there is one.
        head = text.partition("\n")[0] + "\n" if text.startswith("from __future__") else ""
        rest = text[len(head) :]
        stripped = rest[_leading_newlines(rest) :]
        skipped, kept, text = len(rest) - len(stripped), head.count("\n"), head + stripped
    tree = _astparse.parse_module(text, future_flags(node.future))

    def line(statement: Optional[ast.AST]) -> Optional[int]:
        number: Optional[int] = getattr(statement, "lineno", None)
        return number + skipped if number is not None and number > kept else number

    def extra(message: str, statement: Optional[ast.AST]) -> _ExtraStatement:
        return _ExtraStatement(message.format(line=line(statement) or "?"), line(statement))

    def only(statements: List[ast.stmt], what: str) -> ast.stmt:
        if len(statements) != 1:
            raise extra(
                f"line {{line}} holds a statement beside {what}", statements[1] if statements else None
            )
        return statements[0]

    body = list(tree.body)
    if node.future and body and isinstance(body[0], _ast.ImportFrom) and body[0].module == "__future__":
        body.pop(0)
    if node.imported:
        last = body[-1] if body else None
        if not (
            isinstance(last, _ast.If)
            and isinstance(last.test, _ast.Constant)
            and last.test.value == 0
            and not last.orelse
            and all(isinstance(s, (_ast.Import, _ast.ImportFrom)) for s in last.body)
        ):
            raise extra("the text after its source (line {line}) is not the loader's import block", last)
        body.pop()
    if chain is None:
        chain = _layout(kind, node.source, node.indent, [name for name, _ in node.closure], node.scope)[0]
    current = body
    for depth, (scope_name, scope_kind) in enumerate(chain):
        header = only(current, "its enclosing scope")
        expected = {"def": _ast.FunctionDef, "class": _ast.ClassDef, "if": _ast.If}[scope_kind]
        if not isinstance(header, expected) or getattr(header, "name", scope_name) != scope_name:
            raise extra("line {line} is not its enclosing scope", header)
        current = list(header.body)  # type: ignore[attr-defined]
        if kind == "class" and scope_kind == "def":
            child = chain[depth + 1][0] if depth + 1 < len(chain) else node.name
            last = current[-1] if current else None
            if not (
                isinstance(last, _ast.Return) and isinstance(last.value, _ast.Name) and last.value.id == child
            ):
                raise extra("a statement follows the class at line {line}", last)
            current.pop()
    statement = only(current, f"the {kind}")
    if kind == "lambda":
        value = statement.value if isinstance(statement, (_ast.Return, _ast.Assign, _ast.Expr)) else None
        if not isinstance(value, _ast.Lambda):
            raise extra("the source is not one lambda expression", statement)
        return value
    wanted = _ast.ClassDef if kind == "class" else (_ast.FunctionDef, _ast.AsyncFunctionDef)
    if not isinstance(statement, wanted):
        raise extra(f"line {{line}} is not a {kind} statement", statement)
    return statement


def _bindings(payload: Payload, node: Union[FunctionNode, ClassNode]) -> Bindings:
    # How the defining module imported each of the node's imported names, from what its
    # namespace holds: the synthetic text binds them the same way, so that dumping the loaded
    # function again records the same imports.
    bindings: Bindings = {}
    if not node.imported:
        return bindings  # (most sources)
    namespace = payload.nodes.get(node.namespace)
    values = dict(namespace.globals) if isinstance(namespace, NamespaceNode) else {}
    for name in node.imported:
        value = values.get(name)
        target = payload.nodes.get(value.id) if isinstance(value, Ref) else None
        if isinstance(target, ImportNode):
            bindings[name] = (target.module, None)
        elif isinstance(target, RefNode) and "." not in target.qualname:
            bindings[name] = (target.module, target.qualname)
    return bindings


def _payload_position(
    block: int, node: Union[FunctionNode, ClassNode], exc: SyntaxError
) -> Tuple[Optional[int], Optional[int]]:
    # Where a compile error lies in the payload: the compiled text puts source line k at line
    # node.line + k, behind a prefix (re-added indentation, a lambda's header) that the payload's
    # source block replaces with its four-space indentation.
    if not block or exc.lineno is None:
        return None, None
    index = exc.lineno - node.line
    source_lines = node.source.split("\n")
    if not 0 <= index < len(source_lines):
        return block, None
    compiled_line = (exc.text or "").rstrip("\r\n")
    prefix = len(compiled_line) - len(source_lines[index])
    column = None if exc.offset is None else max(exc.offset - prefix, 1) + len("    ")
    return block + index, column


def held_objects(value: Any) -> Tuple[Any, ...]:
    """A class attribute and what it wraps: a staticmethod's or classmethod's function, a
    property's getter, setter and deleter.

    Only attributes its type defines are read: a ``__getattr__`` hook answers any name with code
    of its own (pydantic's placeholder validator of a model not fully defined rebuilds the model,
    which changed the class dict capture was walking), and reading must change nothing.
    """
    kind = type(value)
    names = _BUILT_IN_WRAPPED.get(kind)
    if names is None:
        names = _wrapped_names(kind)
    if not names:
        return (value,)
    return (value, *(getattr(value, name, None) for name in names))


# What a method wrapper holds: staticmethod's and classmethod's ``__func__``, property's getter,
# setter and deleter.
_WRAPPED = ("__func__", "fget", "fset", "fdel")


def _wrapped_names(kind: type) -> Tuple[str, ...]:
    # The names of _WRAPPED that ``kind`` (or a base) defines.
    return tuple(name for name in _WRAPPED if any(name in vars(base) for base in kind.__mro__))


# The answers for the types most class attributes have: the dict of a built-in type never
# changes, so its answer is worked out once (a class's may, and is read every time).
_BUILT_IN_WRAPPED = {
    kind: _wrapped_names(kind)
    for kind in (
        types.FunctionType,
        staticmethod,
        classmethod,
        property,
        type(None),
        bool,
        int,
        float,
        str,
        bytes,
        tuple,
        list,
        dict,
        frozenset,
        set,
        type,
        types.BuiltinFunctionType,
        types.MemberDescriptorType,
        types.GetSetDescriptorType,
        types.WrapperDescriptorType,
        types.MethodDescriptorType,
        types.ClassMethodDescriptorType,
    )
}


def loaded_file(filename: str) -> Optional[str]:
    """The original file name of a function loaded in this process, or None."""
    return LOADED_FILES.get(filename)


def class_file(cls: type) -> Optional[str]:
    """The synthetic file name of the class statement that made ``cls`` in this process (a
    loaded class, or a class nested in one), while ``cls`` holds its lines; None for any other
    class (one made by a call has no statement)."""
    try:
        loaded = LOADED_CLASSES.get(cls)
    except TypeError:  # a metaclass whose classes are unhashable
        return None
    if loaded is None or not loaded[0] or loaded[0] not in _HOLDERS:
        return None
    return loaded[0]


def show_class_sources() -> None:
    """Have ``inspect`` find a loaded class's source in the lines the loader registered for it,
    as it finds a loaded function's: now if inspect is imported, else when it is.

    inspect looks for a class in the file of the module its ``__module__`` names (``getfile``,
    which ``getsourcefile``, ``findsource``, ``getsourcelines`` and ``getsource`` ask), and a
    class carries nothing else that names a file: for a loaded class that module is not loaded
    (``TypeError``), or is another file (a script's ``__main__``, a module of the same name),
    whose lines it would show. So ``inspect.getfile`` is wrapped, once: for a class
    ``class_file`` knows it answers the synthetic file name, and for anything else it is the
    original. Called by each load that makes a class from its source; a process that loads none
    keeps inspect as it is.
    """
    inspect = sys.modules.get("inspect")
    # (read again each time: a reload of inspect, or code of the user's, may set getfile anew)
    if inspect is not None and getattr(inspect, "getfile", None) in _GETFILE_WRAPPERS:
        return
    _sourcelines.when_inspect_imported(_wrap_getfile)


# The wrappers of inspect.getfile made (one, unless inspect's getfile was set anew).
_GETFILE_WRAPPERS: List[Any] = []


def _wrap_getfile(inspect: Any) -> None:
    # (called with _sourcelines.LOCK held)
    original = getattr(inspect, "getfile", None)
    if original is None:
        return  # inspect is still running its own import (another thread): the next load wraps
    if original not in _GETFILE_WRAPPERS:
        import functools

        @functools.wraps(original)
        def getfile(object: Any) -> str:
            if isinstance(object, type):
                filename = class_file(object)
                if filename is not None:
                    return filename
            return original(object)  # type: ignore[no-any-return]

        _GETFILE_WRAPPERS.append(getfile)
        inspect.getfile = getfile

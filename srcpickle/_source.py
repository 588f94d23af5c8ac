"""Recover the exact source of a function or lambda, and verify it against the live code.

Sources come from ``linecache`` (files, zip imports, IPython cells, and functions srcpickle itself
loaded). Each file is parsed once with the interpreter's own parser (``ast``), which accepts exactly
the grammar the live code was compiled with, and the parse is reused for every function of that
file. A candidate source is compiled the way the loader will compile it and compared with the live
code object; only a source that compiles to the same code is accepted, so an edited file, an
``exec``-made function or a lambda twin never yields a payload that does something else.

Must never return a source it has not verified.
"""

from __future__ import annotations
import __future__

import ast
import linecache
import os
import sys
import threading
import types
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple, Union

from . import _astparse
from ._rebuild import (
    LOADED_CLASSES,
    SCOPE_NAME,
    compile_source,
    creation_names,
    held_objects,
    loaded_file,
)
from .errors import SourceMismatchError, SourceUnavailableError, UnsupportedObjectError

CO_NESTED = 0x10
_CODE_FIELDS = (
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_names",
    "co_name",
    "co_code",
)
FunctionAst = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]


@dataclass(frozen=True)
class SourceInfo:
    """A verified source: text, placement, and the parse it came from."""

    kind: str  # "def" or "lambda"
    source: str
    line: int
    indent: str
    file: str
    future: Tuple[str, ...]
    imported: Tuple[str, ...]
    node: Union[FunctionAst, ast.ClassDef]
    file_text: str
    # For a class: the verified compiled module code and the cells it closes over, by name.
    compiled: Optional[types.CodeType] = None
    cells: Tuple[Tuple[str, Any], ...] = ()
    scope: str = ""
    # What the defining module's import statements bound each name to (see _module_imports).
    bindings: Dict[str, Tuple[str, Optional[str]]] = field(default_factory=dict)
    # For a class: enclosing variables only its body read, whose values are gone.
    lost: Tuple[str, ...] = ()


class _ParsedFile:
    def __init__(self, lines: List[str]) -> None:
        self.lines_ref = lines  # kept alive so the identity check below stays sound
        self.lines = [line.rstrip("\r\n") for line in lines]
        self.text = "".join(lines)
        self.tree = _astparse.parse(self.text)
        self.defs: Dict[int, List[FunctionAst]] = {}
        self.lambdas: Dict[int, List[ast.Lambda]] = {}
        self.classes: Dict[str, List[Tuple[str, ast.ClassDef]]] = {}
        # id(def, lambda or class node) -> the compile-time qualname of what encloses it.
        self.scopes: Dict[int, str] = {}
        self.import_names, self.import_bindings = _module_imports(self.tree)
        self.future_annotations = any(
            isinstance(s, ast.ImportFrom)
            and s.module == "__future__"
            and any(a.name == "annotations" for a in s.names)
            for s in self.tree.body
        )
        # id(class node) -> the functions (def or lambda) enclosing it, outermost first.
        self.enclosing: Dict[int, List[ast.AST]] = {}
        self._index(self.tree, "", [])

    def _index(self, node: ast.AST, scope: str, functions: List[ast.AST]) -> None:
        inner = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            self.scopes[id(node)] = scope
            self.enclosing[id(node)] = functions
            name = "<lambda>" if isinstance(node, ast.Lambda) else node.name
            if name == SCOPE_NAME:
                name = "<lambda>"  # the loader's stand-in for a lambda's scope (skeleton())
            qualname = f"{scope}.{name}" if scope else name
            inner = qualname if isinstance(node, ast.ClassDef) else qualname + ".<locals>"
            if isinstance(node, ast.Lambda):
                self.lambdas.setdefault(node.lineno, []).append(node)
            else:
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                if isinstance(node, ast.ClassDef):
                    self.classes.setdefault(node.name, []).append((qualname, node))
                else:
                    self.defs.setdefault(first, []).append(node)
            # Decorators, defaults, annotations and bases belong to the enclosing scope.
            for child in _outer_parts(node):
                self._index(child, scope, functions)
            inside = functions if isinstance(node, ast.ClassDef) else [*functions, node]
            for child in _inner_parts(node):
                self._index(child, inner, inside)
            return
        for child in ast.iter_child_nodes(node):
            self._index(child, inner, functions)

    def class_free_names(self, node: ast.ClassDef) -> Tuple[List[str], List[str]]:
        """Variables of enclosing functions that a class statement reads, from the syntax tree
        (PyPy has no ``symtable`` module): those its body reads, and those its decorators, bases
        and keywords read."""
        bound: Set[str] = set()
        for function in self.enclosing.get(id(node), []):
            bound |= _bound_names(function)
        header = {n.id for part in _outer_parts(node) for n in ast.walk(part) if isinstance(n, ast.Name)}
        read: Set[str] = set()
        assigned: Set[str] = set()
        pending: List[ast.AST] = list(node.body)
        while pending:
            sub = pending.pop()
            if isinstance(sub, ast.Name):
                (read if isinstance(sub.ctx, ast.Load) else assigned).add(sub.id)
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assigned.add(sub.name)
                pending.extend(_outer_parts(sub))  # its own body is a scope of its own
            elif not isinstance(sub, ast.Lambda):
                pending.extend(ast.iter_child_nodes(sub))
        return sorted((read & bound) - assigned), sorted(header & bound)


def parameters(node: ast.AST) -> List[ast.arg]:
    """The parameters of a def or lambda node, in signature order."""
    args = node.args  # type: ignore[attr-defined]
    found = [*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg]
    return [arg for arg in found if arg is not None]


def _bound_names(function: ast.AST) -> Set[str]:
    """Names a function binds: its parameters and what its body assigns, defines or imports."""
    names = {arg.arg for arg in parameters(function)}
    pending: List[ast.AST] = list(_inner_parts(function))
    while pending:
        sub = pending.pop()
        if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in sub.names)
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(sub))
    return names


def _outer_parts(node: ast.AST) -> List[ast.AST]:
    parts: List[ast.AST] = list(getattr(node, "decorator_list", []))
    if isinstance(node, ast.ClassDef):
        return parts + list(node.bases) + [k.value for k in node.keywords]
    args = node.args  # type: ignore[attr-defined]
    parts += list(args.defaults) + [d for d in args.kw_defaults if d is not None]
    if not isinstance(node, ast.Lambda):
        parts += [a.annotation for a in parameters(node) if a.annotation is not None]
        if node.returns is not None:  # type: ignore[attr-defined]
            parts.append(node.returns)  # type: ignore[attr-defined]
    return parts


def _inner_parts(node: ast.AST) -> List[ast.AST]:
    body = node.body  # type: ignore[attr-defined]
    return [body] if isinstance(node, ast.Lambda) else list(body)


Binding = Tuple[str, Optional[str]]


def _module_imports(tree: ast.Module) -> Tuple[Set[str], Dict[str, Binding]]:
    """The names module-level import statements bind, and for absolute imports what each name
    was imported as: ``(module, None)`` for ``import module [as name]``, ``(module, attribute)``
    for ``from module import attribute [as name]``."""
    names: Set[str] = set()
    bindings: Dict[str, Binding] = {}
    pending: List[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                names.add(name)
                bindings[name] = (alias.name if alias.asname else name, None)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    name = alias.asname or alias.name
                    names.add(name)
                    if not node.level and node.module:
                        bindings[name] = (node.module, alias.name)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return names, bindings


# One parse per file: keyed by file name, valid while linecache hands out the same lines list
# (linecache replaces the list when the file changes on disk).
_PARSED: Dict[str, _ParsedFile] = {}
_PARSED_LOCK = threading.Lock()


def _parsed(filename: str, lines: List[str]) -> _ParsedFile:
    with _PARSED_LOCK:
        cached = _PARSED.get(filename)
        if cached is not None and cached.lines_ref is lines:
            return cached
    parsed = _ParsedFile(lines)
    with _PARSED_LOCK:
        _PARSED[filename] = parsed
    return parsed


def same_code(a: types.CodeType, b: types.CodeType) -> bool:
    """Whether two code objects do the same thing (positions, file names and qualnames aside)."""
    if any(getattr(a, f, None) != getattr(b, f, None) for f in _CODE_FIELDS):
        return False
    if (a.co_flags ^ b.co_flags) & ~CO_NESTED:
        return False
    if getattr(a, "co_exceptiontable", b"") != getattr(b, "co_exceptiontable", b""):
        return False
    if len(a.co_consts) != len(b.co_consts):
        return False
    for x, y in zip(a.co_consts, b.co_consts):
        if isinstance(x, types.CodeType) and isinstance(y, types.CodeType):
            if not same_code(x, y):
                return False
        elif type(x) is not type(y) or (x != y and repr(x) != repr(y)):
            return False
    return True


def _describe_missing(filename: str) -> str:
    if filename == "<stdin>":
        return "it was typed at the interactive prompt, which keeps no source"
    if filename.startswith("<") and filename.endswith(">"):
        return f"it was made by exec() or compile() from a string (its file is {filename!r})"
    if not os.path.exists(filename):
        return f"its file {filename} no longer exists"
    return f"its file {filename} cannot be read"


def _source_lines(filename: str, module_globals: Optional[Dict[str, Any]]) -> List[str]:
    if loaded_file(filename) is not None:
        return linecache.getlines(filename)
    # checkcache drops lines of a file edited since they were read (the live code may be the new
    # version) but also of a file deleted since: those lines are kept, verification judges them.
    before = linecache.cache.get(filename)
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, module_globals)
    if not lines and before is not None and len(before) == 4 and not os.path.exists(filename):
        linecache.cache[filename] = before
        lines = linecache.getlines(filename)
    return lines


def capture_source(fn: types.FunctionType, global_names: Iterable[str]) -> SourceInfo:
    """Find, cut out and verify the source of ``fn``, which reads ``global_names``.

    Raises:
        SourceUnavailableError: no source exists for ``fn`` (exec, REPL, deleted file).
        SourceMismatchError: the source found does not compile to ``fn``'s code (edited file).
    """
    code = fn.__code__
    filename = code.co_filename
    lines = _source_lines(filename, fn.__globals__)
    if not lines:
        raise SourceUnavailableError(
            f"cannot find the source of {fn.__qualname__}: {_describe_missing(filename)}. "
            "Define it in a file (a script, a module or a notebook cell) and dump it again."
        )
    try:
        parsed = _parsed(filename, lines)
    except SyntaxError as exc:
        raise SourceMismatchError(
            f"the file of {fn.__qualname__} ({filename}) no longer parses ({exc.msg}, line "
            f"{exc.lineno}): it was edited after import. Re-import the module and dump again."
        ) from exc
    future = ("annotations",) if code.co_flags & __future__.annotations.compiler_flag else ()
    original = loaded_file(filename)
    file = original if original is not None else _display_name(filename)
    for imported in _imported_choices(parsed, global_names):
        for candidate in _candidates(parsed, code):
            info = _extract(parsed, candidate, file, future, imported)
            try:
                _, compiled, _ = compile_source(
                    info.kind,
                    info.source,
                    info.line,
                    info.indent,
                    code.co_freevars,
                    future,
                    filename,
                    imported,
                    scope=info.scope,
                )
            except (SyntaxError, ValueError):
                continue
            if same_code(compiled, code):
                return info
    where = f"{file}, line {code.co_firstlineno}"
    raise SourceMismatchError(
        f"the source of {fn.__qualname__} at {where} does not match its live code: the file was "
        "edited after the function was defined, or the code was compiled from another text. "
        "Re-run or re-import the code so that it matches the file, then dump again."
    )


def _imported_choices(parsed: _ParsedFile, names: Iterable[str]) -> List[Tuple[str, ...]]:
    # The names the module imported, as the compiler saw them; IPython compiles each statement
    # of a cell on its own, so a function there never saw the cell's imports: try without too.
    imported = tuple(sorted(parsed.import_names.intersection(names)))
    return [imported, ()] if imported else [()]


def _display_name(filename: str) -> str:
    if filename.startswith("<") and filename.endswith(">"):
        return filename
    return os.path.basename(filename)


def _candidates(parsed: _ParsedFile, code: types.CodeType) -> List[FunctionAst]:
    line = code.co_firstlineno
    if code.co_name != "<lambda>":
        return [n for n in parsed.defs.get(line, []) if n.name == code.co_name]  # type: ignore[union-attr]
    lambdas: List[FunctionAst] = list(parsed.lambdas.get(line, []))
    positions = _positions(code)
    if positions:
        # Python 3.11+: a lambda's instructions lie inside its own span; try the tightest
        # enclosing candidate first. Verification still decides.
        def rank(node: Any) -> Tuple[bool, int, int]:
            start = (node.lineno, node.col_offset)
            end = (node.end_lineno, node.end_col_offset)
            inside = all(start <= p[:2] and p[2:] <= end for p in positions)
            return (not inside, node.end_lineno - node.lineno, node.end_col_offset - node.col_offset)

        lambdas.sort(key=rank)
    return lambdas


def _positions(code: types.CodeType) -> List[Tuple[int, int, int, int]]:
    if not hasattr(code, "co_positions") or sys.implementation.name != "cpython":
        return []
    return [p for p in code.co_positions() if None not in p]


def _extract(
    parsed: _ParsedFile, node: FunctionAst, file: str, future: Tuple[str, ...], imported: Tuple[str, ...]
) -> SourceInfo:
    lines = parsed.lines
    scope = parsed.scopes.get(id(node), "")
    if isinstance(node, ast.Lambda):
        assert node.end_lineno is not None and node.end_col_offset is not None
        first = lines[node.lineno - 1].encode("utf-8")
        if node.end_lineno == node.lineno:
            text = first[node.col_offset : node.end_col_offset].decode("utf-8")
        else:
            middle = lines[node.lineno : node.end_lineno - 1]
            last = lines[node.end_lineno - 1].encode("utf-8")[: node.end_col_offset].decode("utf-8")
            text = "\n".join([first[node.col_offset :].decode("utf-8"), *middle, last])
        return SourceInfo(
            "lambda", text, node.lineno, "", file, future, imported, node, parsed.text, scope=scope
        )
    start, source, indent = cut_block(parsed, node)
    return SourceInfo(
        "def",
        source,
        start,
        indent,
        file,
        future,
        imported,
        node,
        parsed.text,
        scope=scope,
        bindings=parsed.import_bindings,
    )


def cut_block(parsed: _ParsedFile, node: Union[FunctionAst, ast.ClassDef]) -> Tuple[int, str, str]:
    """The first line, dedented text and removed indentation of a def or class statement.

    The indentation common to its code lines is removed, unless a line inside a multi-line
    string does not start with it (or would be left empty): such a block is kept as it is, so
    that the loader gets every string back exactly.
    """
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])  # type: ignore[union-attr]
    end = node.end_lineno or start
    block = parsed.lines[start - 1 : end]
    inside = _string_interior_lines(node)
    code = [t for number, t in enumerate(block, start) if t.strip() and number not in inside]
    indent = os.path.commonprefix([t[: len(t) - len(t.lstrip())] for t in code]) if code else ""
    for number, text in enumerate(block, start):
        if number in inside and text and not (text.startswith(indent) and len(text) > len(indent)):
            indent = ""
    body = []
    for number, text in enumerate(block, start):
        if number in inside:
            body.append(text[len(indent) :] if text else text)
        else:
            # Outside strings a blank line is blank, whatever spaces an editor left on it.
            body.append(text[len(indent) :] if text.strip() else "")
    return start, "\n".join(body), indent


def _string_interior_lines(node: ast.AST) -> Set[int]:
    lines: Set[int] = set()
    for sub in ast.walk(node):
        is_text = isinstance(sub, ast.Constant) and isinstance(sub.value, (str, bytes))
        if is_text or isinstance(sub, ast.JoinedStr):
            first, last = sub.lineno, sub.end_lineno or sub.lineno  # type: ignore[attr-defined]
            lines.update(range(first + 1, last + 1))
    return lines


def source_segment(info: SourceInfo, node: Optional[ast.AST]) -> Optional[str]:
    """The text of a sub-node of ``info.node`` as written in the file."""
    if node is None:
        return None
    return ast.get_source_segment(info.file_text, node)


def class_functions(cls: type) -> List[Tuple[str, types.FunctionType]]:
    """The functions in ``cls.__dict__``, looking through staticmethod, classmethod and property."""
    found = []
    for name, value in vars(cls).items():
        for inner in held_objects(value):
            # (PyPy's built-in classes have functions of builtin code, with no source.)
            if isinstance(inner, types.FunctionType) and isinstance(inner.__code__, types.CodeType):
                found.append((name, inner))
    return found


def _from_statement(fn: types.FunctionType, filename: str, node: ast.ClassDef) -> bool:
    code = fn.__code__
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return code.co_filename == filename and first <= code.co_firstlineno <= (node.end_lineno or 0)


def _class_files(cls: type, methods: List[Tuple[str, types.FunctionType]]) -> List[str]:
    # Where the class statement may be: the file srcpickle loaded it from, its module's file, then
    # the files of methods that carry its qualname (a module that is gone, a notebook cell).
    loaded = LOADED_CLASSES.get(cls)
    if loaded is not None:
        return [loaded[0]]
    files = []
    module_file = getattr(sys.modules.get(cls.__module__), "__file__", None)
    if module_file:
        files.append(module_file)
    for _, fn in methods:
        name = fn.__code__.co_filename
        if fn.__qualname__.startswith(cls.__qualname__ + ".") and name not in files:
            files.append(name)
    return files


def capture_class_source(cls: type) -> SourceInfo:
    """Find and verify the class statement of ``cls``: every method it defines must compile to
    the live method's code.

    Raises:
        SourceUnavailableError: no source file holds the class.
        SourceMismatchError: the class statement found does not match the live methods.
    """
    methods = class_functions(cls)
    files = _class_files(cls, methods)
    for filename in files:
        if loaded_file(filename) is None:
            linecache.checkcache(filename)
        lines = linecache.getlines(filename)
        if lines and cls.__name__ in _parsed_or_none(filename, lines):
            return _verified_class(cls, methods, filename, lines)
    reason = _describe_missing(files[0]) if files else "its module has no file"
    raise SourceUnavailableError(
        f"cannot find the source of class {cls.__qualname__}: {reason}. "
        "Define it in a file (a script, a module or a notebook cell) and dump it again."
    )


def _parsed_or_none(filename: str, lines: List[str]) -> Dict[str, List[Tuple[str, ast.ClassDef]]]:
    try:
        return _parsed(filename, lines).classes
    except SyntaxError:
        return {}


def _verified_class(
    cls: type, methods: List[Tuple[str, types.FunctionType]], filename: str, lines: List[str]
) -> SourceInfo:
    try:
        parsed = _parsed(filename, lines)
    except SyntaxError as exc:
        raise SourceMismatchError(
            f"the file of class {cls.__qualname__} ({filename}) no longer parses: it was edited "
            "after import. Re-import the module and dump again."
        ) from exc
    candidates = sorted(parsed.classes.get(cls.__name__, []), key=lambda c: c[0] != cls.__qualname__)
    original = loaded_file(filename)
    file = original if original is not None else _display_name(filename)
    for _, node in candidates:
        own = [(n, f) for n, f in methods if _from_statement(f, filename, node)]
        if methods and not own and len(candidates) > 1:
            continue
        # The enclosing function's variables the class's own methods close over; their cells
        # are the class's closure (methods made by decorators have closures of their own).
        cells: Dict[str, Any] = {}
        flags = 0
        for _, f in own:
            flags |= f.__code__.co_flags
            for var, cell in zip(f.__code__.co_freevars, f.__closure__ or ()):
                if var not in ("__class__", "__classdict__"):
                    cells.setdefault(var, cell)
        # Variables only the class body reads (``value = base_value``) were consumed when the
        # class was made and kept nowhere: they are passed as None, and the class's attributes
        # captured whole (class_overrides) put back what the body made of them.
        body_names, header_names = parsed.class_free_names(node)
        implicit = {"__class__", "__classdict__"}
        # A base named by a variable of the enclosing function is still known: the class's
        # own __bases__, by position. A decorator or keyword named so is gone.
        bases = [b.id if isinstance(b, ast.Name) else None for b in node.bases]
        for var in sorted(set(header_names) - set(cells)):
            if var in bases and len(bases) == len(cls.__bases__):
                cells[var] = types.CellType(cls.__bases__[bases.index(var)])
            else:
                raise UnsupportedObjectError(
                    f"the decorators or keywords of class {cls.__qualname__} read {var!r}, a variable "
                    "of the function that defined the class, and its value was not kept: make it a "
                    "global of the module (or a default argument) and dump again"
                )
        lost = tuple(sorted(set(body_names) - set(cells) - implicit))
        for var in lost:
            cells[var] = types.CellType(None)
        freevars = tuple(sorted(cells))
        own_future = flags & __future__.annotations.compiler_flag
        # A class without methods of its own (a plain dataclass) has no code to say it: the file.
        future = ("annotations",) if own_future or parsed.future_annotations else ()
        first, source, indent = cut_block(parsed, node)
        scope = parsed.scopes.get(id(node), "")
        try:
            plain = compile_source(
                "class", source, first, indent, freevars, future, filename, (), cls.__name__, scope
            )
        except (SyntaxError, ValueError):
            continue
        names = creation_names(plain[0], everything=True)
        for imported in _imported_choices(parsed, names):
            module_code, body, _ = (
                compile_source(
                    "class", source, first, indent, freevars, future, filename, imported, cls.__name__, scope
                )
                if imported
                else plain
            )
            if all(_matches(body, f) for _, f in own):
                return SourceInfo(
                    "class",
                    source,
                    first,
                    indent,
                    file,
                    future,
                    imported,
                    node,
                    parsed.text,
                    module_code,
                    tuple((var, cells[var]) for var in freevars),
                    scope,
                    parsed.import_bindings,
                    lost,
                )
    raise SourceMismatchError(
        f"the source of class {cls.__qualname__} in {file} does not match the live class: the file "
        "was edited after the class was defined. Re-run or re-import the code so that it matches "
        "the file, then dump again."
    )


def _matches(body: types.CodeType, fn: types.FunctionType) -> bool:
    code = fn.__code__
    for const in body.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_name == code.co_name and const.co_firstlineno == code.co_firstlineno:
                return same_code(const, code)
            if not const.co_flags & 0x1 and _matches(const, fn):  # a nested class body
                return True
    return False

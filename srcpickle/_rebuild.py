"""Turn a parsed ``Payload`` back into live objects.

Order of work, so that nothing from a payload runs before every check has passed: the Python
version, the import allow-list, compiling every source (compiling executes nothing), finding every
imported module; then imports, then objects. Functions are built with ``types.FunctionType`` from
code objects taken out of the compiled source: decorators and default expressions in the source
are never run; defaults, annotations and attributes come from the captured values.

This module imports only the standard library. ``compile_source`` is also used at capture time,
to verify that a captured source compiles to the live code.
"""

from __future__ import annotations
import __future__

import builtins
import dis
import importlib
import importlib.machinery
import importlib.util
import itertools
import linecache
import sys
import threading
import types
import warnings
import weakref
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from ._model import (
    SCALAR_TYPES,
    BytearrayValue,
    CellNode,
    ClassNode,
    DictValue,
    Distribution,
    FrozenSetValue,
    FunctionNode,
    ImportNode,
    ListValue,
    NamespaceNode,
    Payload,
    ReduceNode,
    Ref,
    RefNode,
    SetValue,
    TupleValue,
    Value,
    ValueNode,
    iter_refs,
)
from .errors import (
    DependencyVersionError,
    DependencyVersionWarning,
    DisallowedImportError,
    LoadError,
    MissingDependencyError,
    PayloadFormatError,
    PythonVersionError,
)

# The enclosing function a nested def or a lambda with free variables is compiled in, so that its
# free variables compile to cell loads exactly as in the original. It is never called.
SCOPE_NAME = "__srcpickle_scope__"

# Synthetic file name -> the original file's name, for every function this process loaded, so
# that capturing a loaded function again records the file it came from.
LOADED_FILES: Dict[str, str] = {}
# Each class this process loaded -> its synthetic file name and namespace (a class without methods
# has no code object or globals that would name them).
LOADED_CLASSES: weakref.WeakKeyDictionary[type, Tuple[str, Dict[str, Any]]] = weakref.WeakKeyDictionary()
_file_counter = itertools.count(1)
_file_lock = threading.Lock()
_PYTHON = sys.version.split()[0]


def future_flags(features: Iterable[str]) -> int:
    """The compiler flags for the named ``__future__`` features."""
    flags = 0
    for feature in features:
        flags |= getattr(__future__, feature).compiler_flag
    return flags


Scope = Tuple[str, str]  # (name, "def" | "class" | "if")
# A global name -> (module, attribute or None) as an import statement bound it.
Bindings = Dict[str, Tuple[str, Optional[str]]]


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
    while index < len(parts):
        name = parts[index]
        is_def = index + 1 < len(parts) and parts[index + 1] == "<locals>"
        index += 2 if is_def else 1
        if not name.isidentifier():
            name, is_def = SCOPE_NAME, True  # a lambda's scope: a def stands in for it
        chain.append((name, "def" if is_def else "class"))
    implicit = {"__class__", "__classdict__"} if any(k == "class" for _, k in chain) else set()
    params = [v for v in freevars if v not in implicit]
    if params and not any(k == "def" for _, k in chain):
        chain.insert(0, (SCOPE_NAME, "def"))
    holder = max((i for i, (_, k) in enumerate(chain) if k == "def"), default=-1) if params else -1
    return chain, params, holder


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
    an indented statement with no enclosing scope goes under ``if 1:``. A lambda is
    parenthesised, on the line of the innermost header. For a class, each enclosing ``def``
    returns what it defines, so the loader can run the chain and get the class.

    ``imported`` names the globals the defining module bound with an import statement: CPython
    3.11+ compiles method calls on those differently, so ``if 0:`` followed by an import
    statement for each ends the text (never executed), written as ``bindings`` says the module
    imported it (``from math import pi as PI``), else as ``import NAME``.
    """
    chain, params, holder, body, actual = _layout(kind, source, indent, freevars, scope)
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
    if kind == "lambda":
        if not chain:
            text = "\n" * (line - 1) + f"{SCOPE_NAME} = (" + source + "\n)\n"
        else:
            last = headers[-1] + (" return (" if chain[-1][1] == "def" else f" {SCOPE_NAME} = (")
            lines = headers[:-1] + [last + source]
            text = "\n" * max(line - len(chain), 0) + "\n".join(lines) + "\n)\n"
    else:
        text = "\n" * max(line - 1 - len(chain), 0) + "".join(h + "\n" for h in headers) + body + "\n"
        if kind == "class":
            for depth in reversed(range(len(chain))):
                if chain[depth][1] == "def":
                    child = chain[depth + 1][0] if depth + 1 < len(chain) else name
                    inside = unit * (depth + 1) if depth + 1 < len(chain) else actual
                    text += f"{inside}return {child}\n"
    if imported:
        text += "if 0:\n" + "".join(
            f"    {_import_statement(n, (bindings or {}).get(n))}\n" for n in imported
        )
    if future and text.startswith("\n"):
        # On the first (padding) line, as in the original file: the compile flags already set
        # the features; the text says so to whoever reads it again (dumping a loaded class).
        text = f"from __future__ import {', '.join(future)}" + text
    return text


def _import_statement(name: str, binding: Optional[Tuple[str, Optional[str]]]) -> str:
    if binding is None:
        return f"import {name}"
    module, attribute = binding
    if attribute is None:
        return f"import {module}" if module == name else f"import {module} as {name}"
    return f"from {module} import {attribute}" + ("" if attribute == name else f" as {name}")


def _layout(
    kind: str, source: str, indent: str, freevars: Sequence[str], scope: str
) -> Tuple[List[Scope], List[str], int, str, str]:
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
    return "\n".join(indent + text if text else text for text in source.split("\n"))


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
    future = tuple(future)
    text = module_text(kind, source, line, indent, freevars, imported, name, scope, bindings, future)
    module_code = compile(text, filename, "exec", flags=future_flags(future), dont_inherit=True)
    chain = _layout(kind, source, indent, freevars, scope)[0]
    container = module_code
    for scope_name, scope_kind in chain:
        if scope_kind != "if":
            container = _last_code(container.co_consts, lambda c, n=scope_name: c.co_name == n)  # type: ignore[misc]
    first_line = max(line, len(chain)) if kind == "lambda" else max(line, len(chain) + 1)
    code = _last_code(container.co_consts, lambda c: c.co_firstlineno == first_line)
    while code.co_name.startswith("<generic parameters of "):
        # Python 3.12+ wraps a def or class with type parameters (def f[T]) in a scope of its own.
        code = _last_code(code.co_consts, lambda c: c.co_firstlineno == first_line)
    if (code.co_name == "<lambda>") != (kind == "lambda") or (kind == "class" and code.co_name != name):
        raise ValueError(f"the source holds no {kind} at line {line}")
    return module_code, code, text


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
    names: Set[str] = set()
    _collect_creation(module_code, names, everything, frozenset(scopes) | {SCOPE_NAME})
    # Every class body reads __name__ (for __module__) and an annotated one __annotations__: the
    # class statement's own, not module state to capture.
    names.difference_update((SCOPE_NAME, "__name__", "__annotations__"))
    return sorted(names)


def _collect_creation(code: types.CodeType, names: Set[str], everything: bool, scopes: frozenset) -> None:  # type: ignore[type-arg]
    for instruction in dis.get_instructions(code):
        if instruction.opname in _GLOBAL_OPS:
            names.add(str(instruction.argval))
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            # Class bodies (not optimized), comprehensions and the enclosing scopes run while
            # the class is created.
            runs_now = not const.co_flags & 0x1 or const.co_name.startswith("<") or const.co_name in scopes
            if everything or runs_now:
                _collect_creation(const, names, everything, scopes)


def _last_code(consts: Tuple[Any, ...], accept: Callable[[types.CodeType], bool]) -> types.CodeType:
    # The compiler adds a function's code constant after those of its decorators and defaults,
    # so the last match is the function itself, not a lambda in its defaults.
    found = [c for c in consts if isinstance(c, types.CodeType) and accept(c)]
    if not found:
        raise ValueError("the source holds no function at the recorded line")
    return found[-1]


def _ascii(name: str) -> str:
    # File names must survive an ASCII file system encoding (PyPy without a locale).
    return name.encode("ascii", "backslashreplace").decode("ascii")


def register_source(text: str, module: str, qualname: str, file: str) -> str:
    """Register ``text`` in ``linecache`` under a new synthetic file name and return that name."""
    with _file_lock:
        number = next(_file_counter)
    filename = f"<srcpickle-{number} {_ascii(module)}.{_ascii(qualname)}>"
    # mtime None: linecache.checkcache leaves the entry alone (the attrs approach). Lines end at
    # "\n" only, as a file's do: str.splitlines would also split at \x0c, \x85, U+2028...
    lines = [line + "\n" for line in text.split("\n")]
    if lines and lines[-1] == "\n":
        lines.pop()
    linecache.cache[filename] = (len(text), None, lines, filename)
    LOADED_FILES[filename] = file
    return filename


# ---------------------------------------------------------------------------------------- checks


def check_python(payload: Payload) -> None:
    """Raise ``PythonVersionError`` when this Python is older than the payload needs."""
    needed = payload.requires_python
    if sys.version_info[:2] < needed:
        if payload.requires_python_for:
            what = payload.requires_python_for
        else:
            what = "the source of " + (
                ", ".join(node.qualname for _, node in payload.sources()) or "the payload"
            )
        raise PythonVersionError(
            f"this payload needs Python {needed[0]}.{needed[1]} or newer ({what} is Python "
            f"{needed[0]}.{needed[1]} syntax); this is Python {_PYTHON}. Load it with Python "
            f"{needed[0]}.{needed[1]} or newer."
        )


# Built-ins that run, import or reach code or files: with allowed_imports, a payload may name
# them only when the caller lists "builtins" itself. Every other built-in is always allowed.
GUARDED_BUILTINS = frozenset(
    {
        "__import__",
        "breakpoint",
        "compile",
        "delattr",
        "eval",
        "exec",
        "exit",
        "globals",
        "help",
        "input",
        "locals",
        "open",
        "quit",
        "setattr",
        "vars",
    }
)


def _module_allowed(module: str, allowed: Sequence[str]) -> bool:
    return module == "builtins" or any(module == a or module.startswith(a + ".") for a in allowed)


def check_allowed(payload: Payload, allowed_imports: Optional[Sequence[str]]) -> None:
    """Raise ``DisallowedImportError`` when the payload imports outside ``allowed_imports`` or
    names a built-in of ``GUARDED_BUILTINS`` without ``"builtins"`` among them."""
    if allowed_imports is None:
        return
    names = {
        name
        for _, node in payload.imports()
        for name in (node.module, *getattr(node, "submodules", ()))
        if not _module_allowed(name, allowed_imports)
    }
    if "builtins" not in allowed_imports:
        names |= {
            f"builtins.{node.qualname}"
            for _, node in payload.imports()
            if isinstance(node, RefNode) and node.module == "builtins" and node.qualname in GUARDED_BUILTINS
        }
    refused = sorted(names)
    if refused:
        raise DisallowedImportError(
            f"the payload imports {', '.join(refused)}, outside allowed_imports "
            f"{sorted(allowed_imports)}; nothing was executed. Add them to allowed_imports only "
            "if you trust this payload."
        )


def _module_findable(name: str) -> bool:
    """Whether module ``name`` can be imported, found without importing it or its packages.

    Each package's spec gives the folders of its submodules, searched in turn. A parent that is
    no package on disk (``os`` for ``os.path``) ends the search: the import itself decides.
    """
    if name in sys.modules:
        return True
    parts = name.split(".")
    try:
        spec = importlib.util.find_spec(parts[0])
    except (ImportError, ValueError):
        return False
    for depth in range(1, len(parts)):
        if spec is None:
            return False
        locations = spec.submodule_search_locations
        if locations is None or ".".join(parts[: depth + 1]) in sys.modules:
            return True
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: depth + 1]), list(locations))
    return spec is not None


def missing_dependency(entries: Iterable[Tuple[str, Distribution]], what: str) -> MissingDependencyError:
    """The error for modules (or names) ``entries`` that this environment lacks, each with the
    distribution the payload saw, and one ``pip install`` line for all."""
    lines = []
    pins = []
    for module, dist in sorted(set(entries), key=lambda e: e[0]):
        if dist.is_stdlib:
            lines.append(f"  {module}: not in the standard library of this Python ({_PYTHON})")
        else:
            saved = f"saved with {dist.name} {dist.version}" if dist.version else f"from {dist.name}"
            lines.append(f"  {module} ({saved})")
            pins.append(f"{dist.name}=={dist.version}" if dist.version else dist.name)
    fix = f"\nTo install them: pip install {' '.join(sorted(set(pins)))}" if pins else ""
    return MissingDependencyError(
        f"the payload needs {what} that are not installed here; nothing was executed:\n"
        + "\n".join(lines)
        + fix,
        tuple(sorted({module for module, _ in entries})),
    )


def check_imports(payload: Payload) -> None:
    """Raise ``MissingDependencyError`` listing every module (and submodule) the payload imports
    that cannot be found here, without importing any of them."""
    missing = []
    for _, node in payload.imports():
        for name in (node.module, *getattr(node, "submodules", ())):
            if not _module_findable(name):
                missing.append((name, node.distribution))
    if missing:
        raise missing_dependency(missing, "modules")


def _version_tuple(version: str) -> Tuple[int, ...]:
    parts = []
    for piece in version.split("."):
        # ASCII digits only: str.isdigit accepts '²', which int() refuses.
        digits = "".join(itertools.takewhile("0123456789".__contains__, piece))
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def check_versions(payload: Payload, strict: bool = False) -> None:
    """Warn with ``DependencyVersionWarning`` for each distribution older than saved or of another
    major version; with ``strict``, raise ``DependencyVersionError`` listing them all."""
    if not any(node.distribution.version for _, node in payload.imports()):
        return
    from importlib import metadata  # ~20 ms to import: only for payloads naming versions

    seen = set()
    problems = []
    for _, node in payload.imports():
        dist = node.distribution
        if dist.is_stdlib or not dist.version or dist.name in seen:
            continue
        seen.add(dist.name)
        try:
            installed = metadata.version(dist.name)
        except metadata.PackageNotFoundError:
            continue
        saved_v, here_v = _version_tuple(dist.version), _version_tuple(installed)
        if here_v < saved_v or here_v[:1] != saved_v[:1]:
            problems.append(
                f"{dist.name} {installed} is installed but the payload was saved with "
                f"{dist.name} {dist.version}; pip install {dist.name}=={dist.version} to match"
            )
    if strict and problems:
        raise DependencyVersionError(
            "installed versions differ from the payload's (strict=True); nothing was executed:\n  "
            + "\n  ".join(problems)
        )
    for problem in problems:
        warnings.warn(problem, DependencyVersionWarning, stacklevel=4)


# --------------------------------------------------------------------------------------- rebuild


def rebuild(
    payload: Payload,
    *,
    allowed_imports: Optional[Sequence[str]] = None,
    strict: bool = False,
    typecheck: bool = False,
) -> Any:
    """Check ``payload`` against this environment, then build and return its root object."""
    check_python(payload)
    check_allowed(payload, allowed_imports)
    compiled = _compile_all(payload)
    check_imports(payload)
    check_versions(payload, strict)
    try:
        return _Builder(payload, compiled).build(typecheck)
    except RecursionError as exc:
        raise LoadError(
            "the payload's objects nest too deeply to build within this Python's recursion limit "
            f"({sys.getrecursionlimit()})"
        ) from exc


Compiled = Tuple[types.CodeType, types.CodeType, str]


def _compile_all(payload: Payload) -> Dict[str, Compiled]:
    return {node_id: compile_node(payload, node_id, node) for node_id, node in payload.sources()}


def compile_node(payload: Payload, node_id: str, node: Union[FunctionNode, ClassNode]) -> Compiled:
    """Compile one function or class node of ``payload`` as every load does.

    Raises:
        PayloadFormatError: the source does not compile here, or does not define what the node
            records, at the payload line and column of the fault.
    """
    kind = "class" if isinstance(node, ClassNode) else node.kind
    freevars = [name for name, _ in node.closure]
    filename = f"<srcpickle {_ascii(node.module)}.{_ascii(node.qualname)}>"
    where = payload.positions.get(node_id) or None
    try:
        compiled = compile_source(
            kind,
            node.source,
            node.line,
            node.indent,
            freevars,
            node.future,
            filename,
            node.imported,
            node.name,
            node.scope,
            _bindings(payload, node),
        )
    except SyntaxError as exc:
        line, column = _payload_position(payload.positions.get(node_id, 0), node, exc)
        raise PayloadFormatError(
            f"the source of {node.qualname} does not compile on Python {_PYTHON}: {exc.msg}",
            line,
            column,
        ) from exc
    except (ValueError, AttributeError) as exc:
        raise PayloadFormatError(
            f"the source of {node.qualname} does not define the recorded {kind}: {exc}", where
        ) from exc
    except (MemoryError, RecursionError) as exc:
        raise PayloadFormatError(
            f"the source of {node.qualname} is too deeply nested to compile ({type(exc).__name__})", where
        ) from exc
    used = set(compiled[1].co_freevars)
    if kind != "class" and used != set(freevars):
        raise PayloadFormatError(
            f"the closure of {node.qualname} names {sorted(freevars)} but its source uses {sorted(used)}",
            where,
        )
    return compiled


def _bindings(payload: Payload, node: Union[FunctionNode, ClassNode]) -> Bindings:
    # How the defining module imported each of the node's imported names, from what its
    # namespace holds: the synthetic text binds them the same way, so that dumping the loaded
    # function again records the same imports.
    namespace = payload.nodes.get(node.namespace)
    values = dict(namespace.globals) if isinstance(namespace, NamespaceNode) else {}
    bindings: Bindings = {}
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


class _Builder:
    """Builds a payload's objects.

    Phase 1 creates every object that has identity before its contents exist (modules, cells,
    empty containers, functions from compiled code), so references and cycles among them resolve.
    Phase 2 completes each node; a node's completion runs on demand when a constructor call
    (``reduce``) needs its contents, and at most once.
    """

    def __init__(self, payload: Payload, compiled: Dict[str, Compiled]) -> None:
        self.payload = payload
        self.compiled = compiled
        self.objects: Dict[str, Any] = {}
        self.started: Dict[str, bool] = {}
        # Globals set before any payload code runs (see build), by namespace id.
        self.prefilled: Dict[str, Set[str]] = {}
        # Classes whose captured attributes are set once everything is built (see _class).
        self.finishing: List[Tuple[type, ClassNode]] = []

    def build(self, typecheck: bool = False) -> Any:
        nodes = self.payload.nodes
        for node_id, node in nodes.items():
            if isinstance(node, NamespaceNode):
                module = types.ModuleType(node.module)
                module.__dict__["__builtins__"] = builtins
                self.objects[node_id] = module
            elif isinstance(node, ImportNode):
                self.objects[node_id] = self._import(node.module, node.submodules)
            elif isinstance(node, RefNode):
                self.objects[node_id] = self._ref(node)
            elif isinstance(node, CellNode):
                self.objects[node_id] = types.CellType()
            elif isinstance(node, ValueNode):
                self.objects[node_id] = _empty_container(node.value)
        for node_id, node in nodes.items():
            if isinstance(node, FunctionNode):
                self.objects[node_id] = self._function(node_id, node)
        # Before any payload code runs (a class statement, a reduce call, a __setstate__), every
        # namespace gets the globals whose values run nothing: modules, functions, literal data.
        # The code that runs during the build finds what it calls.
        for node_id, node in nodes.items():
            if isinstance(node, NamespaceNode):
                namespace = self.objects[node_id].__dict__
                quiet = [(n, v) for n, v in node.globals if not self._runs_code(v, set())]
                for name, value in quiet:
                    namespace[name] = self.value(value)
                self.prefilled[node_id] = {name for name, _ in quiet}
        for node_id in nodes:
            self._complete(node_id)
        # Captured class state wins over what running the class statements gave, including what
        # later statements did to it (a subclass's __init_subclass__ appending to a registry).
        for cls, class_node in self.finishing:
            for name, value in class_node.attributes:
                setattr(cls, name, self.value(value))
            for name in class_node.deleted:
                if name in vars(cls):
                    delattr(cls, name)
        if typecheck:
            from ._typecheck import checked

            # The functions handed back are checked; calls between loaded functions go through
            # their namespace and stay unchecked.
            for node_id, node in nodes.items():
                if isinstance(node, FunctionNode):
                    self.objects[node_id] = checked(self.objects[node_id])
        return self.value(self.payload.root)

    def _complete(self, node_id: str) -> None:
        if node_id in self.started:
            return  # done, or in progress further up a cycle
        self.started[node_id] = True
        node = self.payload.nodes[node_id]
        if isinstance(node, NamespaceNode):
            namespace = self.objects[node_id].__dict__
            done = self.prefilled.get(node_id, set())
            rest = [(name, value) for name, value in node.globals if name not in done]
            # Classes first: objects built by calls are usually instances of them.
            rest.sort(key=lambda item: not self._is_class(item[1]))
            for name, value in rest:
                namespace[name] = self.value(value)
        elif isinstance(node, CellNode) and not node.empty:
            self.objects[node_id].cell_contents = self.value(node.contents)
        elif isinstance(node, ValueNode):
            _fill_container(self.objects[node_id], node.value, self.value)
        elif isinstance(node, ReduceNode):
            self._reduce(node_id, node)
        elif isinstance(node, FunctionNode):
            self._complete(node.namespace)
            self._finish_function(self.objects[node_id], node)
        elif isinstance(node, ClassNode):
            self._class(node_id, node)

    def _class(self, node_id: str, node: ClassNode) -> None:
        module_code, _, text = self.compiled[node_id]
        filename = register_source(text, node.module, node.qualname, node.file)
        module_code = _replace_filename(module_code, filename)
        namespace = self.objects[node.namespace].__dict__
        # What the class statement reads while it runs (bases, decorators, its body) must exist
        # before it runs; the rest of the namespace may refer back to this class.
        cells = dict(node.closure)
        chain, params, holder = skeleton(node.scope, list(cells))
        creation = creation_names(module_code, scopes=[n for n, _ in chain])
        values = self._set_globals(node.namespace, creation)
        for name in creation:
            # A decorator of the payload's own runs now: what it reads must be there too (a
            # registry it adds the class to).
            value = values.get(name)
            if isinstance(value, Ref) and self._is_function(value):
                self._provide_globals(value.id)
        arguments: List[Any] = []
        for name in params:
            ref = cells[name]
            if name == node.name:
                # The class's own name (a method of a local class refers to it): the class
                # statement assigns it in the scope before any method can run.
                arguments.append(None)
                continue
            if isinstance(ref, Ref):
                self._complete(ref.id)
            try:
                arguments.append(self.value(ref).cell_contents)
            except ValueError:
                raise LoadError(
                    f"class {node.qualname} closes over {name!r}, which was unassigned when it was dumped"
                ) from None
        scratch: Dict[str, Any] = {}
        exec(module_code, namespace, scratch)  # noqa: S102 - the payload's class statement, after all checks
        # Run the chain of enclosing scopes down to the class: each def returns what it
        # defines, a class holds it as an attribute.
        obj: Any = scratch[chain[0][0]] if chain else scratch[node.name]
        for depth, (_, scope_kind) in enumerate(chain):
            child = chain[depth + 1][0] if depth + 1 < len(chain) else node.name
            obj = (
                (obj(*arguments) if depth == holder else obj())
                if scope_kind == "def"
                else getattr(obj, child)
            )
        cls = obj
        self.objects[node_id] = cls
        LOADED_CLASSES[cls] = (filename, namespace)
        if cls.__qualname__ != node.qualname:
            _requalify(cls, cls.__qualname__, node.qualname)
        self.finishing.append((cls, node))

    def _provide_globals(self, node_id: str) -> None:
        """Set, in its namespace, every global a function's or class's code reads (not yet set)."""
        node = self.payload.nodes[node_id]
        if isinstance(node, (FunctionNode, ClassNode)):
            self._set_globals(node.namespace, creation_names(self.compiled[node_id][0], everything=True))

    def _set_globals(self, namespace_id: str, names: Iterable[str]) -> Dict[str, Value]:
        """Set the ``names`` a namespace does not hold yet (see ``_early_value``); return all
        of its captured globals."""
        namespace_node = self.payload.nodes[namespace_id]
        assert isinstance(namespace_node, NamespaceNode)
        namespace = self.objects[namespace_id].__dict__
        values = dict(namespace_node.globals)
        for name in names:
            if name in values and name not in namespace:
                namespace[name] = self._early_value(values[name])
        return values

    def _early_value(self, value: Value) -> Any:
        """A global needed while payload code runs during the build. A container whose contents
        cannot be built yet (they include the class being made, say) stands in as an empty one
        of its type; the namespace gets the captured container when it is completed."""
        if self._runs_code(value, set()):
            if isinstance(value, Ref) and isinstance(self.payload.nodes[value.id], ValueNode):
                node = self.payload.nodes[value.id]
                return _empty_container(node.value)  # type: ignore[union-attr]
            if isinstance(value, (ListValue, DictValue, SetValue)):
                return _empty_container(value)
        return self.value(value)

    def _is_function(self, value: Value) -> bool:
        return isinstance(value, Ref) and isinstance(self.payload.nodes[value.id], FunctionNode)

    def _is_class(self, value: Value) -> bool:
        return isinstance(value, Ref) and isinstance(self.payload.nodes[value.id], ClassNode)

    def _runs_code(self, value: Value, seen: Set[str]) -> bool:
        """Whether building ``value`` calls payload code: a class statement or a reduce call."""
        for ref in iter_refs(value):
            node = self.payload.nodes[ref.id]
            if isinstance(node, (ClassNode, ReduceNode)):
                return True
            if isinstance(node, ValueNode) and ref.id not in seen:
                seen.add(ref.id)
                if self._runs_code(node.value, seen):
                    return True
        return False

    def _reduce(self, node_id: str, node: ReduceNode) -> None:
        func = self.value(node.callable)
        args = self.value(node.args)
        # Payload code about to run finds its globals set: the callable, and a class passed to
        # it (copyreg.__newobj__), whose __new__, __init__ or __setstate__ runs. (A function
        # passed as an argument, to lru_cache say, does not run now.)
        if isinstance(node.callable, Ref):
            self._provide_globals(node.callable.id)
        for ref in node.args.items if isinstance(node.args, TupleValue) else ():
            if self._is_class(ref):
                self._provide_globals(ref.id)  # type: ignore[union-attr]
        kwargs = self.value(node.kwargs) if node.kwargs is not None else {}
        if not callable(func):
            raise LoadError(f"the callable of reduce node @{node_id} is not callable: {type(func).__name__}")
        obj = func(*args, **kwargs)
        self.objects[node_id] = obj
        if node.state_setter is not None:
            self.value(node.state_setter)(obj, self.value(node.state))
        elif node.state is not None:
            try:
                _set_state(obj, self.value(node.state))
            except (TypeError, AttributeError) as exc:
                raise LoadError(f"the state of reduce node @{node_id} cannot be applied: {exc}") from exc
        if node.listitems is not None:
            for item in self.value(node.listitems):
                obj.append(item)
        if node.dictitems is not None:
            for key, item in self.value(node.dictitems):
                obj[key] = item

    def _import(self, module: str, submodules: Tuple[str, ...]) -> types.ModuleType:
        try:
            for name in submodules:
                importlib.import_module(name)
            return importlib.import_module(module)
        except ImportError as exc:
            raise MissingDependencyError(
                f"cannot import {exc.name or module} needed by the payload: {exc}", (module,)
            ) from exc

    def _ref(self, node: RefNode) -> Any:
        obj: Any = self._import(node.module, ())
        for part in node.qualname.split("."):
            try:
                obj = getattr(obj, part)
            except AttributeError as exc:
                # Like a failed ``from module import name``: an ImportError, with the fix.
                name = f"{node.module}.{node.qualname}"
                raise missing_dependency([(name, node.distribution)], "names") from exc
        return obj

    def _function(self, node_id: str, node: FunctionNode) -> types.FunctionType:
        _, code, text = self.compiled[node_id]
        filename = register_source(text, node.module, node.qualname, node.file)
        code = _replace_filename(code, filename)
        if sys.version_info >= (3, 11):
            code = code.replace(co_qualname=node.qualname)
        cells = {name: self.value(ref) for name, ref in node.closure}
        closure = tuple(cells[name] for name in code.co_freevars) or None
        namespace = self.objects[node.namespace].__dict__
        return types.FunctionType(code, namespace, node.name, None, closure)

    def _finish_function(self, fn: types.FunctionType, node: FunctionNode) -> None:
        fn.__qualname__ = node.qualname
        fn.__module__ = node.module or None  # type: ignore[assignment]
        fn.__doc__ = self.value(node.doc)
        if node.defaults is not None:
            fn.__defaults__ = self.value(node.defaults)
        if node.kwdefaults is not None:
            fn.__kwdefaults__ = self.value(node.kwdefaults)
        for name, value in node.attributes:
            setattr(fn, name, self.value(value))
        fn.__annotations__ = {
            name: text if "annotations" in node.future else _evaluate_annotation(text, fn.__globals__)
            for name, text in node.annotations
        }

    def value(self, value: Value) -> Any:
        if type(value) in SCALAR_TYPES:
            return value
        if isinstance(value, Ref):
            if value.id not in self.objects or isinstance(self.payload.nodes[value.id], ValueNode):
                self._complete(value.id)
            if value.id not in self.objects:
                raise PayloadFormatError(
                    f"reduce node @{value.id} is needed to build its own constructor arguments",
                    self.payload.positions.get(value.id) or None,
                )
            return self.objects[value.id]
        if isinstance(value, TupleValue):
            return tuple(self.value(item) for item in value.items)
        if isinstance(value, FrozenSetValue):
            return frozenset(self.value(item) for item in value.items)
        if isinstance(value, (ListValue, DictValue, SetValue, BytearrayValue)):
            container = _empty_container(value)
            _fill_container(container, value, self.value)
            return container
        return value


def held_objects(value: Any) -> Tuple[Any, ...]:
    """A class attribute and what it wraps: a staticmethod's or classmethod's function, a
    property's getter, setter and deleter."""
    return (
        value,
        getattr(value, "__func__", None),
        *(getattr(value, a, None) for a in ("fget", "fset", "fdel")),
    )


def _requalify(cls: type, old: str, new: str) -> None:
    # A class whose qualname was changed after its definition, or compiled in a stand-in scope
    # (SCOPE_NAME for a lambda's), takes back the recorded one, with everything in its body.
    cls.__qualname__ = new
    for value in vars(cls).values():
        for inner in held_objects(value):
            qualname = getattr(inner, "__qualname__", None)
            if isinstance(qualname, str) and qualname.startswith(old + "."):
                if isinstance(inner, type):
                    _requalify(inner, qualname, new + qualname[len(old) :])
                elif isinstance(inner, types.FunctionType):
                    inner.__qualname__ = new + qualname[len(old) :]


def _set_state(obj: Any, state: Any) -> None:
    # The pickle protocol's rule: __setstate__ if the object has one, else a (dict, slots) pair
    # or a dict applied to the instance.
    setstate = getattr(obj, "__setstate__", None)
    if setstate is not None:
        setstate(state)
        return
    slots = None
    if isinstance(state, tuple) and len(state) == 2:
        state, slots = state
    if state:
        obj.__dict__.update(state)
    if slots:
        for key, item in slots.items():
            setattr(obj, key, item)


def _replace_filename(code: types.CodeType, filename: str) -> types.CodeType:
    consts = tuple(
        _replace_filename(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    return code.replace(co_filename=filename, co_consts=consts)


def _evaluate_annotation(text: str, namespace: Dict[str, Any]) -> Any:
    # Evaluated like the def statement evaluated it; a name that only existed for type checkers
    # (imported under TYPE_CHECKING) leaves the annotation as its text.
    try:
        return eval(text, namespace)  # noqa: S307 - the payload's own code, after all checks
    except Exception:
        return text


def _empty_container(value: Value) -> Any:
    if isinstance(value, ListValue):
        return []
    if isinstance(value, DictValue):
        return {}
    if isinstance(value, SetValue):
        return set()
    if isinstance(value, BytearrayValue):
        return bytearray()
    raise PayloadFormatError(f"a value section cannot hold {type(value).__name__}")


def _fill_container(container: Any, value: Value, materialize: Callable[[Value], Any]) -> None:
    if isinstance(value, ListValue):
        if all(type(item) in SCALAR_TYPES for item in value.items):
            container.extend(value.items)  # plain data, as it is
        else:
            container.extend(materialize(item) for item in value.items)
    elif isinstance(value, DictValue):
        for key, item in value.items:
            container[materialize(key)] = materialize(item)
    elif isinstance(value, SetValue):
        container.update(materialize(item) for item in value.items)
    elif isinstance(value, BytearrayValue):
        container.extend(value.data)


def loaded_file(filename: str) -> Optional[str]:
    """The original file name of a function loaded in this process, or None."""
    return LOADED_FILES.get(filename)


__all__: List[str] = ["rebuild", "compile_source", "register_source", "loaded_file"]

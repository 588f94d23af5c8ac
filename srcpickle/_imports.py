"""The modules a function's source imports: its import statements, those a guard against their
failure or a test of the Python or platform makes optional, and the modules that calls of
``__import__`` and ``importlib.import_module`` name literally.

Imported by the first source that imports anything (``_source.Syntax``), by the guards of a
module's globals (``_capture.guards``) and by migrations: a first dumps of a function whose body
imports nothing does not need it (issue 9). Reads syntax trees; never imports what they name.
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)

from . import _astparse
from ._source import _DYNAMIC_IMPORTERS, IMPORT_ERROR_CATCHERS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Iterable, List, Set, Tuple


def imported_modules(statement: ast.AST) -> List[str]:
    """The absolute module names an import statement imports (none for a relative import)."""
    if isinstance(statement, ast.Import):
        return [alias.name for alias in statement.names]
    if isinstance(statement, ast.ImportFrom) and not statement.level and statement.module:
        return [statement.module]
    return []


def required_imports(nodes: List[ast.AST], names: Set[str]) -> Set[str]:
    """The modules the import statements among ``nodes`` (a syntax tree's nodes, as walked)
    import, relative ones as ``".name"``, and those calls import by a literal name
    (``dynamic_imports``), but for those inside a guard against their failure: the body of a
    ``try`` whose handler catches ``ImportError`` (``try: import ujson as json`` / ``except
    ImportError: import json``), of ``with suppress(ImportError)``, or a branch of an ``if``
    that tests the Python or the platform (``if sys.version_info >= (3, 11): import tomllib``).
    Such an import is optional: the code runs without it, or not where it is missing, so a load
    must not refuse the payload there."""
    guarded: Set[int] = set()
    for node in nodes:
        body: List[ast.stmt] = []
        if isinstance(node, _TRIES):
            if any(_astparse.catches(handler.type, IMPORT_ERROR_CATCHERS) for handler in node.handlers):
                body = node.body
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            if any(_suppresses_import_error(item.context_expr) for item in node.items):
                body = node.body
        elif isinstance(node, (ast.If, ast.IfExp)) and _tests_the_environment(node.test):
            # Each branch runs on some Pythons or platforms only (tomllib on 3.11+, tomli below).
            guarded.update(id(sub) for sub in _astparse.walk(node) if sub is not node.test)
            continue
        for statement in body:
            guarded.update(id(sub) for sub in _astparse.walk(statement))
    imports: Set[str] = set()
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in guarded:
            imports.update(imported_modules(node))
            if isinstance(node, ast.ImportFrom) and node.level:
                # Relative (from .helpers import x): resolved against the function's package.
                imports.add("." * node.level + (node.module or ""))
    if not names.isdisjoint(_DYNAMIC_IMPORTERS):
        imports.update(dynamic_imports(node for node in nodes if id(node) not in guarded))
    return imports


# try statements: except* (3.11) too, where the parser has it.
_TRIES: Tuple[Any, ...] = (ast.Try, getattr(ast, "TryStar", ast.Try))


# What a test reads to tell the Python or the platform it runs on: sys.version_info,
# sys.platform, sys.implementation, sys.hexversion, os.name, platform.anything().
_ENVIRONMENT_PROBES = {
    "sys": frozenset({"version_info", "platform", "implementation", "hexversion"}),
    "os": frozenset({"name"}),
}


def _tests_the_environment(test: ast.AST) -> bool:
    for sub in _astparse.walk(test):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
            base = sub.value.id
            if base == "platform" or sub.attr in _ENVIRONMENT_PROBES.get(base, ()):
                return True
    return False


def _suppresses_import_error(expression: ast.AST) -> bool:
    # contextlib.suppress(ImportError), suppress(ModuleNotFoundError, ...)
    if not isinstance(expression, ast.Call):
        return False
    func = expression.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name == "suppress" and any(
        _astparse.catches(arg, IMPORT_ERROR_CATCHERS) for arg in expression.args
    )


def dynamic_imports(nodes: Iterable[ast.AST]) -> List[str]:
    """The modules that calls among ``nodes`` import by a literal name: ``__import__("yaml")``,
    ``importlib.import_module("PIL.Image")`` (a relative name as ``".sub"``, resolved later
    against the function's package, or against a literal ``package=``).

    They are the body's imports as much as an import statement is: a module they name that the
    loading side lacks failed inside a call, past every check of ``loads``. A name computed at
    run time cannot be known, and is not recorded."""
    found: List[str] = []
    for node in nodes:
        if not isinstance(node, ast.Call) or not node.args:
            continue
        call = node
        first = call.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = call.func
        if isinstance(func, ast.Name):
            callee = func.id
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "importlib"
        ):
            callee = func.attr
        else:
            continue
        keywords = {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}
        name = first.value
        if callee == "__import__":
            level = call.args[4] if len(call.args) > 4 else keywords.get("level")
            if level is not None:
                if not (isinstance(level, ast.Constant) and type(level.value) is int and level.value >= 0):
                    continue
                name = "." * level.value + name
        elif callee == "import_module":
            package = call.args[1] if len(call.args) > 1 else keywords.get("package")
            if name.startswith(".") and isinstance(package, ast.Constant) and isinstance(package.value, str):
                name = _resolve_relative(name, package.value)
        else:
            continue
        bare = name.lstrip(".")
        if bare and all(part.isidentifier() for part in bare.split(".")):
            found.append(name)
    return found


def _resolve_relative(name: str, package: str) -> str:
    # importlib.util.resolve_name, without importing importlib.util (on 3.9 it imports typing);
    # "" when the name climbs above the package (the call fails there too).
    bare = name.lstrip(".")
    bits = package.rsplit(".", len(name) - len(bare) - 1)
    if len(bits) < len(name) - len(bare) or not bits[0]:
        return ""
    return f"{bits[0]}.{bare}" if bare else bits[0]


def body_imports(node: ast.AST) -> List[str]:
    """The absolute module names imported by statements inside a function's body, sorted."""
    names: Set[str] = set()
    body = node.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    for statement in body:
        for sub in _astparse.walk(statement):
            names.update(imported_modules(sub))
    return sorted(names)

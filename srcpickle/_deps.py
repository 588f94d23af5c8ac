"""Where modules come from, and which Python a source needs.

Answers, at capture time: is a module part of the standard library, which installed distribution
(and version) provides it, is it the user's own code, and what is the oldest Python whose grammar
accepts a given source. The distributions and the install folders are ``_dists``'s, imported only
for a module or file that needs them (a first dumps of a function that imports nothing of a
distribution does not: issue 9).

Never imports the modules it classifies beyond what ``sys.modules`` already holds.
"""

from __future__ import annotations

import _ast as ast  # the node classes; ast itself only where needed (issue 9)
import functools
import os
import sys
import types

from . import _astparse
from ._model import Distribution

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, FrozenSet, Optional, Set, Tuple

# The oldest Python srcpickle loads on: every payload needs at least this.
MIN_PYTHON = (3, 9)

STDLIB = Distribution("stdlib")


@functools.cache
def _site_entries() -> Tuple[str, ...]:
    # The distributions' folders on sys.path, as the first question about a file found them:
    # _site_dirs and _install_roots both read this one list, so that a folder added to sys.path
    # later changes neither answer (_site_dirs is made once, whenever it is first needed).
    return tuple(entry for entry in sys.path if os.path.basename(entry) in ("site-packages", "dist-packages"))


@functools.cache
def _install_roots() -> Optional[FrozenSet[Tuple[int, int]]]:
    """The folders every install folder lies in, as (device, inode) pairs: the prefixes the
    install schemes' templates start with (``install_paths``: ``{base}``, ``{platbase}``,
    ``{installed_base}``, ``{installed_platbase}``), the standard library's own folder and the
    distributions' folders on ``sys.path``. None when one of them cannot be read (then every
    question takes the install folders themselves).

    A file in none of them is in no folder of the standard library nor of a distribution, which
    a first ``dumps`` of a user's function can then tell without importing ``sysconfig`` and
    expanding its templates (~0.5 ms). Folders are compared by identity (``os.stat``), not by
    name: a prefix reached through a symbolic link is the folder it resolves to, as
    ``_realpath`` resolves the install folders. A test checks on every interpreter of the
    machine, and in virtual environments of them, that each folder ``install_paths`` gives is in
    one of these.
    """
    library = getattr(os, "__file__", None)  # a frozen os may have none
    if not isinstance(library, str):
        return None
    folders = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix, os.path.dirname(library)}
    folders.update(_site_entries())
    identities = set()
    for folder in folders:
        try:
            status = os.stat(folder)
        except (OSError, ValueError):
            return None
        identities.add((status.st_dev, status.st_ino))
    return frozenset(identities)


@functools.lru_cache(maxsize=4096)
def _outside_installs(path: str) -> bool:
    """Whether the file ``path`` (once resolved) lies in none of ``_install_roots``: then it is
    in no standard library or distribution folder. False when that cannot be told."""
    roots = _install_roots()
    if roots is None:
        return False
    if os.name != "posix":
        from ._dists import _realpath

        folder = os.path.dirname(_realpath(path))
        while True:
            try:
                status = os.stat(folder)
            except (OSError, ValueError):
                return False
            if (status.st_dev, status.st_ino) in roots:
                return False
            parent = os.path.dirname(folder)
            if parent == folder:
                return True
            folder = parent
    # The folders holding the resolved file, without resolving its name (realpath's lstat and
    # string work per component): POSIX resolves ".." after a symbolic link from the folder the
    # link leads to, so the file's folder, its "..", its "../..", ... are the resolved folders
    # above it, up to the root (its own "..").
    folder = os.path.dirname(path) or os.curdir
    seen = None
    for _ in range(_MAX_FOLDER_DEPTH):
        try:
            status = os.stat(folder)
        except (OSError, ValueError):
            return False
        identity = (status.st_dev, status.st_ino)
        if identity in roots:
            return False
        if identity == seen:
            return True  # the root
        seen = identity
        folder = os.path.join(folder, os.pardir)
    return False


# More folders above a file than this: not told (the install folders are asked).
_MAX_FOLDER_DEPTH = 256


def is_library_file(filename: str) -> bool:
    """Whether ``filename`` is a file of the standard library or of an installed distribution."""
    if not filename or filename.startswith("<") or _outside_installs(filename):
        return False
    from . import _dists  # (a file in the install folders: read where they are)

    return _dists._under(filename, _dists._stdlib_dirs()) or _dists._under(filename, _dists._site_dirs())


# The standard library's top-level module names and this interpreter's built-in modules, as one
# set made on first use (both are fixed for the life of the process; every dumps asks per module).
_STDLIB_NAMES: FrozenSet[str] = frozenset()


def _stdlib_names() -> FrozenSet[str]:
    global _STDLIB_NAMES
    names = getattr(sys, "stdlib_module_names", None)
    if names is None:
        from ._stdlib_names import STDLIB_MODULE_NAMES

        names = STDLIB_MODULE_NAMES
    _STDLIB_NAMES = frozenset(names).union(sys.builtin_module_names)
    return _STDLIB_NAMES


def is_stdlib(module_name: str) -> bool:
    """Whether ``module_name`` belongs to the standard library of this Python (the same answer on
    every Python: 3.9 and PyPy, which lack ``sys.stdlib_module_names``, use CPython 3.10's list)."""
    top = module_name.split(".")[0]
    if top in (_STDLIB_NAMES or _stdlib_names()):
        return True
    # An implementation's own modules (PyPy's lib_pypy): in its standard library's folders.
    path = getattr(sys.modules.get(top), "__file__", None)
    return isinstance(path, str) and _stdlib_file(path)


# Where a module's file lives decides whether it is the standard library's, a distribution's or
# the user's own; every dumps asks for each module it meets. The folders those answers depend on
# are read once per process (_site_dirs, _stdlib_dirs, _holds_distributions), so the answers are
# kept per file name too (bounded).
@functools.lru_cache(maxsize=4096)
def _stdlib_file(path: str) -> bool:
    if _outside_installs(path):
        return False
    from . import _dists  # (a file in the install folders: read where they are)

    return _dists._under(path, _dists._stdlib_dirs()) and not _dists._under(path, _dists._site_dirs())


@functools.lru_cache(maxsize=4096)
def _user_file(path: str) -> bool:
    # In site-packages or a folder holding installed distributions' metadata (pip install
    # --target): a distribution's; anywhere else (the script's folder, a project checkout): the
    # user's own.
    if not _outside_installs(path):
        from . import _dists  # (a file in the install folders: read where they are)

        if _dists._under(path, _dists._site_dirs()):
            return False
    folder = os.path.dirname(path)
    if os.path.basename(path) == "__init__.py":
        folder = os.path.dirname(folder)
    return not _holds_distributions(folder)


def distribution_of(module_name: str) -> Optional[Distribution]:
    """The distribution that provides ``module_name`` (``STDLIB`` for the standard library), or
    None for code of the user's own."""
    top = module_name.split(".")[0]
    # is_stdlib's first test spelled out (most imports a dumps meets are the standard library's).
    if top in (_STDLIB_NAMES or _stdlib_names()) or is_stdlib(module_name):
        return STDLIB
    from ._dists import distribution_outside_stdlib

    return distribution_outside_stdlib(module_name, top)


# The top-level packages that several installed distributions install into, as
# _dists._find_distribution met them: only a submodule of one of these may come from another
# distribution than its package (capture asks again for those only).
SHARED_PACKAGES: Set[str] = set()


def found(module_name: Optional[str], qualname: str, obj: Any) -> bool:
    """Whether importing ``module_name`` and following ``qualname`` gives back ``obj`` (the
    one test of "importable by name", for capture and the pickler alike)."""
    there = lookup(module_name, qualname)
    if there is obj:
        return True
    # A method bound to a class (datetime.fromisoformat) is a new object at each lookup.
    return isinstance(obj, (types.BuiltinMethodType, types.MethodType)) and there == obj


def lookup(module_name: Optional[str], qualname: str) -> Any:
    """``module.qualname`` among the modules already imported, or None."""
    if not module_name or "<locals>" in qualname:
        return None
    obj: Any = sys.modules.get(module_name)
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part, None)
        except Exception:  # noqa: BLE001 - a module __getattr__ that fails means "not there"
            return None
    return obj


def is_user_module(module_name: Optional[str], overrides: Overrides) -> bool:
    """Whether objects of ``module_name`` are captured by value (see ``Overrides``)."""
    if not module_name or module_name == "__main__":
        return True
    if overrides.rules or REGISTERED_BY_VALUE:  # (choice's own first test: most calls name none)
        choice = overrides.choice(module_name)
        if choice is not None:
            return choice == "value"
    if module_name not in sys.modules:
        return True
    top_name = module_name.split(".")[0]
    if top_name in (_STDLIB_NAMES or _stdlib_names()) or top_name == "srcpickle" or is_stdlib(module_name):
        return False
    # Decided by where the module's file lives: in site-packages or a folder holding installed
    # distributions' metadata (pip install --target), a distribution's; anywhere else (the
    # script's folder, a project checkout), the user's own. Distribution metadata is read only
    # for the third-party imports a payload records: all of it costs ~0.1 s in a new process.
    top = sys.modules.get(top_name)
    path = getattr(top, "__file__", None)
    if path is not None:
        return _user_file(path)
    return distribution_of(module_name) is None


def _holds_distributions(folder: str) -> bool:
    return bool(metadata_entries(folder))


# The .dist-info and .egg-info entries of each folder listed, beside the folder's modification
# time when it was listed (installing, upgrading or removing a distribution there adds, renames
# or deletes one): _user_file and _dists share one listing of a folder of hundreds of
# distributions (issue 9).
_LISTINGS: Dict[str, Tuple[int, Tuple[str, ...]]] = {}


def metadata_entries(folder: str) -> Tuple[str, ...]:
    """The names of the ``.dist-info`` and ``.egg-info`` entries of ``folder``, in the order the
    folder lists them; empty when there are none or it cannot be listed. Listed again only when
    the folder's modification time changed."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return ()
    known = _LISTINGS.get(folder)
    if known is not None and known[0] == mtime:
        return known[1]
    try:
        names = os.listdir(folder)
    except OSError:
        return ()
    # (stat before listdir: a change in between leaves an older time beside the newer listing,
    # which is listed again next time, never a stale listing kept)
    entries = tuple(name for name in names if name.endswith((".dist-info", ".egg-info")))
    _LISTINGS[folder] = (mtime, entries)
    return entries


# Modules registered with register_by_value(), for every dumps in this process.
REGISTERED_BY_VALUE: Dict[str, None] = {}


def register_by_value(module: object) -> str:
    """Record ``module`` (a module or its name) as captured by value; return its name."""
    from ._args import module_name
    from .errors import DumpError

    name = module_name(module, "module", "register_by_value")
    if name not in sys.modules:
        raise DumpError(
            f"register_by_value({name!r}): no module of that name is imported; import it first "
            "(or pass by_value=[...] to dumps for a module that is not imported)"
        )
    if name in sys.builtin_module_names:
        raise DumpError(f"register_by_value({name!r}): a built-in module has no source to capture")
    REGISTERED_BY_VALUE[name] = None
    return name


def unregister_by_value(module: object) -> None:
    """Undo ``register_by_value`` for ``module``."""
    from ._args import module_name
    from .errors import DumpError

    name = module_name(module, "module", "unregister_by_value")
    if name not in REGISTERED_BY_VALUE:
        registered = ", ".join(sorted(REGISTERED_BY_VALUE)) or "none"
        raise DumpError(f"unregister_by_value({name!r}): it is not registered (registered: {registered})")
    del REGISTERED_BY_VALUE[name]


class Overrides:
    """Per-module by-value / by-reference choices: the longest matching module prefix wins, the
    dumps call's own choices before the modules registered with ``register_by_value``.
    """

    def __init__(self, by_value: Tuple[str, ...], by_reference: Tuple[str, ...]) -> None:
        self.rules: Dict[str, str] = {}
        for name in by_value:
            self.rules[name] = "value"
        # (a module in both was refused with the arguments: _args.module_choices)
        for name in by_reference:
            self.rules[name] = "reference"

    def choice(self, module_name: str) -> Optional[str]:
        if not self.rules and not REGISTERED_BY_VALUE:
            return None
        parts = module_name.split(".")
        for end in range(len(parts), 0, -1):
            rule = self.rules.get(".".join(parts[:end]))
            if rule is not None:
                return rule
        for end in range(len(parts), 0, -1):
            if ".".join(parts[:end]) in REGISTERED_BY_VALUE:
                return "value"
        return None


# The overrides of a dumps call that names no module (most calls): one instance serves them all,
# as it holds no state of its own (REGISTERED_BY_VALUE is read at each choice).
NO_OVERRIDES = Overrides((), ())


# --------------------------------------------------------------------------- minimum Python


def required_python(tree: ast.AST, source: str) -> Tuple[Tuple[int, int], str]:
    """The oldest Python whose grammar accepts ``tree`` and the construct that decides it."""
    best: Tuple[Tuple[int, int], str] = (MIN_PYTHON, "")
    for node in _astparse.walk(tree):
        if isinstance(node, REQUIREMENT_TYPES):
            found = node_requirement(node, source)
            if found is not None and found[0] > best[0]:
                best = found
    return best


# The node types whose syntax may need a Python newer than MIN_PYTHON (the names that exist on
# this interpreter: a tree it parsed holds no other): node_requirement looks at these only.
REQUIREMENT_TYPES: Tuple[type, ...] = tuple(
    getattr(ast, name)
    for name in (
        "Match",
        "TryStar",
        "TypeAlias",
        "FunctionDef",
        "AsyncFunctionDef",
        "ClassDef",
        "arguments",
        "Subscript",
        "JoinedStr",
        "ListComp",
        "SetComp",
        "DictComp",
        "GeneratorExp",
    )
    if hasattr(ast, name)
)

# The statements that have type parameters from 3.12 on.
_TYPE_PARAMS_OWNERS = frozenset({"FunctionDef", "AsyncFunctionDef", "ClassDef"})
# The kinds of REQUIREMENT_TYPES that node_requirement can find something in on this interpreter
# (Syntax asks about these only: a call per def and class it walks, issue 9): a def or class
# needs a newer Python only for its type parameters, which its node has from 3.12 on, and an
# f-string only for the grammar of 3.12.
ASKED_TYPES: Tuple[type, ...] = tuple(
    kind
    for kind in REQUIREMENT_TYPES
    if not (kind.__name__ in _TYPE_PARAMS_OWNERS and "type_params" not in getattr(kind, "_fields", ()))
    and not (kind.__name__ == "JoinedStr" and sys.version_info < (3, 12))
)


def node_requirement(node: ast.AST, source: str) -> Optional[Tuple[Tuple[int, int], str]]:
    """The oldest Python whose grammar accepts the construct ``node`` itself is (its children
    aside), and what it is; None when any supported Python accepts it. The first of equal
    versions wins, as in ``required_python``."""
    # No closure to update ``best`` (a function made per call: Syntax asks about every def,
    # arguments, subscript and f-string of a first dumps, issue 9); a later construct replaces
    # what was found only when it needs a newer version.
    best: Optional[Tuple[Tuple[int, int], str]] = None
    name = type(node).__name__
    if name == "Match":
        best = ((3, 10), "a match statement")
    elif name == "TryStar":
        best = ((3, 11), "except*")
    elif name == "TypeAlias":
        best = ((3, 12), "a type statement")
    # Not an elif: a type statement has type parameters too (type A[T = int] = ..., 3.13).
    params = getattr(node, "type_params", None)
    if params:
        with_default = any(getattr(t, "default_value", None) is not None for t in params)
        version = (3, 13) if with_default else (3, 12)
        if best is None or version > best[0]:
            best = (version, "type parameter syntax")
    other: Optional[Tuple[Tuple[int, int], str]] = None
    if isinstance(node, ast.arguments) and node.vararg and isinstance(node.vararg.annotation, ast.Starred):
        other = ((3, 11), "a starred *args annotation")
    elif isinstance(node, ast.Subscript):
        if _has_star(node.slice):
            other = ((3, 11), "star unpacking in a subscript")
        elif _holds_walrus(node.slice):
            from ._grammar import bare_walrus_index

            if bare_walrus_index(node, source):
                other = ((3, 10), "an unparenthesized := in a subscript")
    elif isinstance(node, COMPREHENSIONS) and _mentions_async(source):
        from ._grammar import async_inside

        if async_inside(node):
            other = ((3, 11), "an asynchronous comprehension inside a comprehension")
    elif isinstance(node, ast.JoinedStr) and sys.version_info >= (3, 12):
        from ._grammar import pep701

        if pep701(node, source):
            other = ((3, 12), "an f-string using the Python 3.12 grammar")
    if other is not None and (best is None or other[0] > best[0]):
        best = other
    if best is not None and best[0] <= MIN_PYTHON:
        return None
    return best


def _holds_walrus(node: ast.AST) -> bool:
    if isinstance(node, ast.NamedExpr):
        return True
    return isinstance(node, ast.Tuple) and any(isinstance(e, ast.NamedExpr) for e in node.elts)


def _has_star(node: ast.AST) -> bool:
    if isinstance(node, ast.Starred):
        return True
    return isinstance(node, ast.Tuple) and any(isinstance(e, ast.Starred) for e in node.elts)


# The comprehensions and generator expressions (_grammar's walk of their scopes reads them too).
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@functools.lru_cache(maxsize=8)
def _mentions_async(source: str) -> bool:
    # Whether ``source`` can hold an asynchronous comprehension at all: asked once per text (the
    # file a first dumps walks) rather than a walk of every comprehension's scope.
    return "async" in source or "await" in source

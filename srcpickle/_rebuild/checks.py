"""The checks a payload passes before anything from it runs: the Python version its sources
need, that every imported module can be found (without importing it), and the versions of the
distributions it was saved with. The caller's allow-list has a module of its own (``allow``).

Imports only the standard library; runs nothing from the payload.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import itertools
import os
import sys
import types
import warnings

from .._model import Distribution, ImportNode, Payload, RefNode

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Type

_PYTHON = sys.version.split()[0]
_PACKAGE = __name__.split(".")[0]


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
        from ..errors import PythonVersionError  # (errors: imported by a first failure, issue 9)

        raise PythonVersionError(
            f"this payload needs Python {needed[0]}.{needed[1]} or newer ({what} is new in Python "
            f"{needed[0]}.{needed[1]}); this is Python {_PYTHON}. Load it with Python "
            f"{needed[0]}.{needed[1]} or newer."
        )


def written_by_newer(payload: Payload) -> bool:
    """Whether a Python newer than this one wrote ``payload`` (its ``written-by``: ``srcpickle
    0.3.0, cpython 3.13.0``), or it does not say which."""
    version = payload.written_by.rpartition(" ")[2].split(".")
    try:
        return (int(version[0]), int(version[1])) > sys.version_info[:2]
    except (ValueError, IndexError):
        return True


def check_keywords(payload: Payload) -> None:
    """Raise ``PythonVersionError`` when the payload's code passes a keyword argument that a
    Python newer than this one added to a standard-library callable (``zip(strict=True)`` on
    3.9; see ``_keywords``), naming each call, who makes it, and the release that added it.
    Only a payload a newer Python wrote is read: what a Python wrote runs on it."""
    if not written_by_newer(payload):
        return
    from .._keywords import newer_keywords  # (only for a payload a newer Python wrote)

    found = newer_keywords(payload)
    if found:
        from .failures import python_too_old

        raise python_too_old(payload, found, "keyword arguments")


def _module_findable(name: str) -> bool:
    """Whether module ``name`` can be imported, found without importing it or its packages.

    Each package's spec gives the folders of its submodules, searched in turn. A parent that is
    no package on disk (``os`` for ``os.path``) is imported, as the import of ``name`` would
    import it, and then decides as that import does: its submodule is found only if importing it
    registered one (``os.path``) or made it a package with a finder (``six.moves``). Taking such
    a parent as findable without asking made ``check`` call ``import os.nothere`` loadable and
    ``loads`` then fail at the import (``'os' is not a package``); ``check`` and ``loads`` both
    decide here.
    """
    if name in sys.modules:
        return True
    # Imported here: on Python 3.9 importlib.util imports typing (through importlib.abc), which
    # import srcpickle does not (issue 9); a module already imported never gets here.
    import importlib.util

    parts = name.split(".")
    try:
        spec = importlib.util.find_spec(parts[0])
    except (ImportError, ValueError):
        return name in sys.modules  # (see below)
    for depth in range(1, len(parts)):
        if spec is None:
            break
        locations = spec.submodule_search_locations
        if ".".join(parts[: depth + 1]) in sys.modules:
            return True
        if locations is None:
            return _found_after_parent(".".join(parts[:depth]), name)
        spec = importlib.machinery.PathFinder.find_spec(".".join(parts[: depth + 1]), list(locations))
    # A module another thread imported while this one searched is in sys.modules, and the import
    # statement takes it from there: on PyPy, find_spec of a builtin module (math) that another
    # thread was importing raised ValueError (its entry in sys.modules had no __spec__ yet), and 3
    # of 24 first loads from 8 threads refused math as missing.
    return spec is not None or name in sys.modules


def _found_after_parent(parent: str, name: str) -> bool:
    """Whether ``name`` is found once ``parent``, a module that is no package on disk, is
    imported (the import statement of ``name`` imports it first in any case)."""
    import importlib.util

    try:
        importlib.import_module(parent)
        # What the import statement does next, short of running the submodule: sys.modules (a
        # module made by hand there has no spec to ask for), then the parent's __path__ (none:
        # 'not a package') and the meta path's finders.
        return name in sys.modules or importlib.util.find_spec(name) is not None
    except Exception:
        # (ImportError, or a parent that fails in another way: it cannot give its submodule
        # either, and the error names the module as it names a missing one)
        return False


def check_imports(payload: Payload) -> None:
    """Raise ``MissingDependencyError`` listing every module (and submodule) the payload imports
    that cannot be found here, without importing any of them."""
    check_modules(imported_modules(payload), payload)


def imported_modules(payload: Payload) -> Tuple[Tuple[str, Distribution], ...]:
    """Every module (and submodule) the payload imports, with the distribution it names."""
    # payload.imports() in a plain loop (no generators: most payloads import a few modules or
    # none, and this runs once per new payload text).
    modules = []
    for node in payload.nodes.values():
        if isinstance(node, ImportNode):
            modules.append((node.module, node.distribution))
            for name in node.submodules:
                modules.append((name, node.distribution))
        elif isinstance(node, RefNode):
            modules.append((node.module, node.distribution))
    return tuple(modules)


def check_modules(modules: Iterable[Tuple[str, Distribution]], payload: Optional[Payload] = None) -> None:
    """``check_imports`` for the ``modules`` of ``imported_modules`` of ``payload``."""
    missing = [(name, dist) for name, dist in modules if not _module_findable(name)]
    if missing:
        from .failures import missing_dependency, newer_stdlib

        raise newer_stdlib(missing, payload) or missing_dependency(missing, "modules", payload)


def names_versions(payload: Payload) -> bool:
    """Whether the payload names a distribution version (``check_versions`` has work to do)."""
    return any(node.distribution.version for _, node in payload.imports())


def import_module(
    module: str, submodules: Tuple[str, ...], distribution: Optional[Distribution] = None
) -> types.ModuleType:
    """Import ``module`` after ``submodules``; any failure is a ``MissingDependencyError`` that
    names the module that failed, the distribution the payload was saved with (``distribution``)
    and the one installed here."""
    name = module
    try:
        for name in submodules:
            importlib.import_module(name)
        name = module
        return importlib.import_module(module)
    except (Exception, SystemExit) as exc:
        # Not only ImportError: a package found here whose own import raises (a missing native
        # library, a dependency of another version, a syntax error) failed as "building import
        # section @x raised RuntimeError", naming neither the distribution nor what to do.
        from .failures import import_failure

        raise import_failure(name, distribution, exc) from exc


def import_object(module: str, qualname: str, distribution: Distribution) -> object:
    """Import ``module`` and follow ``qualname`` from it; a failure is a
    ``MissingDependencyError``, like a failed ``from module import name``, with the fix."""
    obj: object = import_module(module, (), distribution)
    for part in qualname.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError as exc:
            from .failures import missing_dependency, newer_stdlib

            missing = [(f"{module}.{qualname}", distribution)]
            raise newer_stdlib(missing, None, "names") or missing_dependency(missing, "names") from exc
    return obj


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
    if not names_versions(payload):
        return
    # Each distribution with a version, and the modules the payload imports from it.
    modules: Dict[str, List[str]] = {}
    saved: Dict[str, Distribution] = {}
    for _, node in payload.imports():
        dist = node.distribution
        if dist.is_stdlib or not dist.version:
            continue
        saved.setdefault(dist.name, dist)
        modules.setdefault(dist.name, []).append(node.module)
    problems = []
    for name, dist in saved.items():
        installed = installed_version(name, modules[name])
        if installed is None:
            continue
        assert dist.version is not None
        saved_v, here_v = _version_tuple(dist.version), _version_tuple(installed)
        if here_v < saved_v or here_v[:1] != saved_v[:1]:
            from .failures import used_by

            problems.append(
                f"{dist.name} {installed} is installed but the payload was saved with "
                f"{dist.name} {dist.version}{used_by(payload, modules[name])}; "
                f"pip install {dist.name}=={dist.version} to match"
            )
    if not problems:
        return
    from ..errors import DependencyVersionError, DependencyVersionWarning

    if strict:
        raise DependencyVersionError(
            "installed versions differ from the payload's (strict=True); nothing was executed:\n  "
            + "\n  ".join(problems)
        )
    for problem in problems:
        warn_caller(problem, DependencyVersionWarning)


def installed_version(name: str, modules: Sequence[str]) -> Optional[str]:
    """The version of distribution ``name`` installed here, or None when it is not installed.

    Read from the ``METADATA`` of the ``.dist-info`` folder beside the first of ``modules`` (the
    payload's modules from that distribution) that has one: the distribution whose code the
    payload's import finds (the module already imported, else what importing it would load), as
    capture reads the version it writes. ``importlib.metadata`` (20 to 40 ms to import) answers
    only when there is no such folder (a namespace package, an editable install, an egg) or two
    of that name: it takes the first distribution of that name on ``sys.path``, which is the
    same unless a stale copy of its metadata lies in a folder before the one imported from.
    """
    for module in modules:
        version = _version_beside(name, module.partition(".")[0])
        if version is not None:
            return version
    from importlib import metadata  # ~20 ms to import: only when the metadata is not beside

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _version_beside(name: str, top: str) -> Optional[str]:
    # The version in the METADATA of distribution ``name`` beside the package or module ``top``
    # (found without importing it: a top-level module has no parent package to import), or None.
    module = sys.modules.get(top)
    if module is not None:
        path = getattr(module, "__file__", None)
    else:
        import importlib.util  # see _module_findable

        try:
            spec = importlib.util.find_spec(top)
        except (ImportError, ValueError):
            return None
        path = spec.origin if spec is not None and spec.has_location else None
    if not isinstance(path, str) or not path:
        return None
    folder = metadata_folder(path)
    wanted = normalized_name(name)
    try:
        entries = os.listdir(folder)
    except OSError:
        return None
    # A .dist-info folder is named after the distribution (its name's separators as "_"),
    # then its version.
    found = [
        entry
        for entry in entries
        if entry.endswith(".dist-info")
        and normalized_name(entry[: -len(".dist-info")].split("-")[0]) == wanted
    ]
    if len(found) != 1:
        return None  # none, or a stale copy beside the current one: importlib.metadata decides
    declared, version = metadata_headers(os.path.join(folder, found[0]))
    if declared is None or normalized_name(declared) != wanted:
        return None
    return version


def metadata_folder(path: str) -> str:
    """The folder that holds a package's ``__init__`` file or a module's file ``path``: where the
    ``.dist-info`` folder of its distribution is."""
    folder = os.path.dirname(path)
    return os.path.dirname(folder) if os.path.basename(path).startswith("__init__.") else folder


def normalized_name(name: str) -> str:
    """A distribution's name as PEP 503 compares it: runs of ``-``, ``_`` and ``.`` are one ``-``,
    case does not count."""
    return "-".join(part for part in name.replace("_", "-").replace(".", "-").lower().split("-") if part)


def metadata_headers(dist_info: str) -> Tuple[Optional[str], Optional[str]]:
    """The Name and Version headers of the ``METADATA`` file in folder ``dist_info``, as
    ``importlib.metadata`` reads them (its email parser: headers end at the first blank line; the
    first header of each name; leading blanks of the value dropped, trailing ones kept); a folded
    Version is left to it (None), and so is a file that cannot be read (both None). Capture
    writes the version it reads so; loading compares the installed one read the same way."""
    name: Optional[str] = None
    version: Optional[str] = None
    folded = False
    last = ""
    try:
        with open(os.path.join(dist_info, "METADATA"), encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    break
                if line[0] in " \t":
                    folded = folded or last == "version"
                    continue
                key, _, value = line.partition(":")
                last = key.lower()
                if name is None and key.strip().lower() == "name" and value.strip():
                    name = value.strip()
                elif version is None and last == "version":
                    version = value.lstrip(" \t").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        pass
    return name, None if folded else version


def warn_caller(message: str, category: Type[Warning]) -> None:
    """``warnings.warn`` pointing at the first frame outside the srcpickle package: the line of
    the user's code that called ``loads``, ``load``, ``loads_cached`` or ``pickle.loads``, however
    many of srcpickle's own functions lie between."""
    frame: Optional[types.FrameType] = sys._getframe(1)
    level = 2  # stacklevel 2 is this function's caller
    while frame is not None and _in_srcpickle(frame):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _in_srcpickle(frame: types.FrameType) -> bool:
    name = frame.f_globals.get("__name__")
    return isinstance(name, str) and (name == _PACKAGE or name.startswith(_PACKAGE + "."))

"""srcpickle: serialize Python functions as their source text.

``dumps(fn)`` captures a function's verified source, the values of its globals and closure cells,
the imports it uses (with distributions and versions) and its signature, as readable UTF-8 text.
``loads(data)`` checks that payload against this environment, compiles the sources in a synthetic
module and rebuilds the functions. Loading needs only the standard library.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import IO, TYPE_CHECKING, Any, Iterable, List, Optional, Sequence, Union

from .errors import (
    DependencyVersionError,
    DependencyVersionWarning,
    DisallowedImportError,
    DumpError,
    FormatVersionError,
    LoadError,
    MissingDependencyError,
    PayloadFormatError,
    PythonVersionError,
    SourceMismatchError,
    SourceUnavailableError,
    SrcpickleError,
    UnsupportedObjectError,
)

if TYPE_CHECKING:
    import multiprocessing.context

    from ._model import Payload
    from ._pickler import (
        Pickler,
        Portable,
        loads_cached,
        pickle_dump,
        pickle_dumps,
        pickle_load,
        pickle_loads,
        portable,
    )

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "dumps",
    "loads",
    "dump",
    "load",
    "inspect",
    "register_by_value",
    "unregister_by_value",
    "Pickler",
    "pickle_dumps",
    "pickle_dump",
    "pickle_loads",
    "pickle_load",
    "loads_cached",
    "portable",
    "Portable",
    "get_context",
    "SrcpickleError",
    "DumpError",
    "SourceUnavailableError",
    "SourceMismatchError",
    "UnsupportedObjectError",
    "LoadError",
    "PayloadFormatError",
    "FormatVersionError",
    "PythonVersionError",
    "MissingDependencyError",
    "DisallowedImportError",
    "DependencyVersionError",
    "DependencyVersionWarning",
]

PathLike = Union[str, "os.PathLike[str]"]


def dumps(obj: Any, *, by_value: Iterable[Any] = (), by_reference: Iterable[Any] = ()) -> bytes:
    """Serialize ``obj`` (a function, or a value holding functions) to payload bytes.

    Args:
        obj: the object to capture.
        by_value: modules (names or module objects) whose functions are captured by source even
            though they are installed; a name covers its submodules.
        by_reference: modules whose objects are recorded as imports even though they are the
            user's own (the loading environment must be able to import them).

    Returns:
        UTF-8 text in payload format 1 (see ``docs/FORMAT.md``).

    Raises:
        SourceUnavailableError: a function has no source (made by ``exec``, typed at a REPL).
        SourceMismatchError: a function's file was edited after it was defined.
        UnsupportedObjectError: an object in the graph can be captured neither way.
    """
    from . import _capture, _deps, _fmt

    overrides = _deps.Overrides(
        _deps.module_names(tuple(by_value), "by_value"),
        _deps.module_names(tuple(by_reference), "by_reference"),
    )
    try:
        payload = _capture.Capturer(overrides).capture(obj)
    except RecursionError as exc:
        raise UnsupportedObjectError(
            f"cannot capture {type(obj).__qualname__} object: its object graph nests deeper than "
            f"this Python's recursion limit ({sys.getrecursionlimit()}); pass such data as "
            "arguments, or flatten it"
        ) from exc
    return _fmt.write(payload).encode("utf-8")


def loads(
    data: Union[bytes, str],
    *,
    allowed_imports: Optional[Sequence[str]] = None,
    strict: bool = False,
    typecheck: bool = False,
) -> Any:
    """Rebuild the object a payload holds.

    Before anything from the payload runs, checks the format version, the Python version its
    sources need, ``allowed_imports``, that every source compiles and that every imported module
    is installed.

    Args:
        data: payload bytes or text.
        allowed_imports: if given, module names the payload may import (a name covers its
            submodules); any other import refuses the payload before anything runs.
        strict: raise ``DependencyVersionError`` instead of warning ``DependencyVersionWarning``
            when an installed distribution is older than saved or of another major version.
        typecheck: return functions whose calls are checked against their recorded annotations
            with typeguard (a violation raises ``typeguard.TypeCheckError`` naming the argument).

    Returns:
        The rebuilt object.

    Raises:
        PayloadFormatError: malformed payload (``FormatVersionError`` for an unknown version).
        PythonVersionError: the sources need a newer Python.
        DisallowedImportError: an import outside ``allowed_imports``.
        MissingDependencyError: modules the payload imports are not installed.
        DependencyVersionError: with ``strict``, installed versions differ from the saved ones.
    """
    from . import _fmt, _rebuild

    payload = _fmt.parse(data)
    return _rebuild.rebuild(payload, allowed_imports=allowed_imports, strict=strict, typecheck=typecheck)


def register_by_value(module: Any) -> None:
    """Capture the functions and classes of ``module`` (a module or its name; its submodules
    too) by value in every later ``dumps`` of this process, although it is importable.

    Raises:
        DumpError: ``module`` is not a module or module name, or is not imported, or is built in.
    """
    from . import _deps

    _deps.register_by_value(module)


def unregister_by_value(module: Any) -> None:
    """Undo ``register_by_value(module)``.

    Raises:
        DumpError: ``module`` was not registered.
    """
    from . import _deps

    _deps.unregister_by_value(module)


def inspect(data: Union[bytes, str]) -> Payload:
    """Parse a payload without executing anything and return its ``Payload``.

    The result exposes the root, every node (functions with their source, signature, globals,
    closure, defaults and annotations as text; imports with distributions and versions) and
    ``requires_python``.

    Raises:
        PayloadFormatError: malformed payload.
    """
    from . import _fmt

    return _fmt.parse(data)


def dump(obj: Any, file: Union[PathLike, IO[bytes]], **options: Any) -> None:
    """Write the payload of ``obj`` to a path (atomically) or to a binary file object.

    A path is written to a temporary file in the same directory, flushed to disk and renamed
    over the target, so readers see the old payload or the new one, never half of one.
    ``options`` are those of ``dumps``.
    """
    data = dumps(obj, **options)
    if hasattr(file, "write"):
        file.write(data)
        return
    path = os.fspath(file)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".srcpickle-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load(file: Union[PathLike, IO[bytes]], **options: Any) -> Any:
    """Read a payload from a path or a binary file object and rebuild it (see ``loads``)."""
    if hasattr(file, "read"):
        return loads(file.read(), **options)
    with open(os.fspath(file), "rb") as handle:
        return loads(handle.read(), **options)


def get_context(
    method: Optional[str] = None, *, by_value: Iterable[Any] = (), by_reference: Iterable[Any] = ()
) -> multiprocessing.context.BaseContext:
    """A multiprocessing context whose pickling is ``srcpickle.Pickler``, for
    ``ProcessPoolExecutor(mp_context=...)`` and ``ctx.Pool()``: lambdas, closures and functions
    and classes of ``__main__`` reach the workers (and come back in results) by source.

    Args:
        method: ``"spawn"``, ``"forkserver"`` or ``"fork"``; default: multiprocessing's current
            start method.
        by_value, by_reference: per-module choices, as for ``dumps`` (a project the workers
            can import may go ``by_reference``); they hold for the workers' results too.

    Returns:
        The context (one per method and choices).

    Raises:
        ValueError: ``method`` is not a start method of this platform.
        DumpError: ``by_value`` or ``by_reference`` holds something other than module names.
    """
    from . import _mp

    return _mp.get_context(method, by_value=by_value, by_reference=by_reference)


# The pickle integration (srcpickle._pickler) imports pickle: loaded on first use, so that
# ``import srcpickle`` and ``loads`` stay as light as they were.
_PICKLER_NAMES = frozenset(
    {
        "Pickler",
        "Portable",
        "loads_cached",
        "portable",
        "pickle_dumps",
        "pickle_dump",
        "pickle_loads",
        "pickle_load",
    }
)


def __getattr__(name: str) -> Any:
    if name in _PICKLER_NAMES:
        from . import _pickler

        value = getattr(_pickler, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(set(globals()) | _PICKLER_NAMES)

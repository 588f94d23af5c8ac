"""srcpickle: serialize Python functions as their source text.

``dumps(fn)`` captures a function's verified source, the values of its globals and closure cells,
the imports it uses (with distributions and versions) and its signature, as readable UTF-8 text.
``loads(data)`` checks that payload against this environment, compiles the sources in a synthetic
module and rebuilds the functions. Loading needs only the standard library.
"""

from __future__ import annotations

import os
import tempfile
from typing import IO, TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

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
    from ._model import Payload

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
    payload = _capture.capture(obj, overrides)
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

"""srcpickle: serialize Python functions as their source text.

``dumps(fn)`` captures a function's verified source, the values of its globals and closure cells,
the imports it uses (with distributions and versions) and its signature, as readable UTF-8 text.
``loads(data)`` checks that payload against this environment, compiles the sources in a synthetic
module and rebuilds the functions. Loading needs only the standard library.
"""

from __future__ import annotations

import os
import sys
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
    SignatureError,
    SourceMismatchError,
    SourceUnavailableError,
    SrcpickleError,
    UnsupportedObjectError,
)

if TYPE_CHECKING:
    from ._model import Payload
    from ._sign import Keys

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
    "SignatureError",
    "DependencyVersionError",
    "DependencyVersionWarning",
]

PathLike = Union[str, "os.PathLike[str]"]


def dumps(
    obj: Any,
    *,
    by_value: Iterable[Any] = (),
    by_reference: Iterable[Any] = (),
    key: Optional[Union[bytes, str]] = None,
) -> bytes:
    """Serialize ``obj`` (a function, or a value holding functions) to payload bytes.

    Args:
        obj: the object to capture.
        by_value: modules (names or module objects) whose functions are captured by source even
            though they are installed; a name covers its submodules.
        by_reference: modules whose objects are recorded as imports even though they are the
            user's own (the loading environment must be able to import them).
        key: if given, sign the payload with this secret (bytes or text, at least 16 bytes):
            an HMAC-SHA256 line that ``loads(..., key=...)`` checks. The key is not written.

    Returns:
        UTF-8 text in the lowest payload format that expresses it (see ``docs/FORMAT.md``): a
        signed payload is format 2.

    Raises:
        TypeError, ValueError: ``key`` is not bytes or text of at least 16 bytes.
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
    data = _fmt.write(payload).encode("utf-8")
    if key is None:
        return data
    from . import _sign

    return _sign.sign(data, key)


def loads(
    data: Union[bytes, str],
    *,
    allowed_imports: Optional[Sequence[str]] = None,
    strict: bool = False,
    typecheck: bool = False,
    key: Optional[Keys] = None,
) -> Any:
    """Rebuild the object a payload holds.

    Before anything from the payload runs, checks its signature (when ``key`` is given), the
    format version, the Python version its sources need, ``allowed_imports``, that every source
    compiles and that every imported module is installed.

    Args:
        data: payload bytes or text.
        key: if given, the payload must be signed with this key (or, for a sequence of keys, with
            any of them, so that keys can be rotated); its signature is checked before anything
            else of it is read.
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
        SignatureError: with ``key``, the payload is unsigned, signed with another key, or was
            changed after signing.
    """
    from . import _fmt, _rebuild

    if key is not None:
        from . import _sign

        _sign.verify(data, key)
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


def inspect(data: Union[bytes, str], *, key: Optional[Keys] = None) -> Payload:
    """Parse a payload without executing anything and return its ``Payload``.

    The result exposes the root, every node (functions with their source, signature, globals,
    closure, defaults and annotations as text; imports with distributions and versions) and
    ``requires_python``. Parsing takes time and memory linear in the payload's size.

    Args:
        data: payload bytes or text.
        key: if given, check the payload's signature first, as ``loads`` does.

    Raises:
        PayloadFormatError: malformed payload.
        SignatureError: with ``key``, the signature does not hold.
    """
    from . import _fmt

    if key is not None:
        from . import _sign

        _sign.verify(data, key)
    return _fmt.parse(data)


def dump(obj: Any, file: Union[PathLike, IO[bytes]], **options: Any) -> None:
    """Write the payload of ``obj`` to a path (atomically) or to a binary file object.

    A path is written to a temporary file in the same directory, flushed to disk and renamed
    over the target, so readers see the old payload or the new one, never half of one, even if
    the writer is killed. The file gets the mode ``open()`` would give it (``0o666`` less the
    umask, or an existing file's own mode); a symbolic link is written through.

    Args:
        obj: the object to capture.
        file: a path, or a binary file object to write to.
        options: those of ``dumps`` (``by_value``, ``by_reference``, ``key``).

    Raises:
        OSError: the path cannot be written, as ``open(path, "wb")`` would refuse it (a
            read-only file, a missing folder), naming the path.
        DumpError: as ``dumps``.
    """
    data = dumps(obj, **options)
    if hasattr(file, "write"):
        file.write(data)
        return
    from . import _files

    _files.write_atomic(file, data)


def load(file: Union[PathLike, IO[bytes]], **options: Any) -> Any:
    """Read a payload from a path or a binary file object and rebuild it (see ``loads``; pass
    ``key=`` to require a signature)."""
    if hasattr(file, "read"):
        return loads(file.read(), **options)
    path = os.fspath(file)
    with open(path, "rb") as handle:
        data = handle.read()
    key = options.pop("key", None)
    if key is not None:
        from . import _sign

        _sign.verify(data, key, what=path)  # the same check as loads(key=), naming the file
    return loads(data, **options)

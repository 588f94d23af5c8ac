"""srcpickle's exceptions: one base class, a dump side and a load side.

Every error carries a message that says what failed, for which object, why, and what to do.
Errors survive pickling (each class's ``__reduce__`` rebuilds it from its own fields), so they
cross process boundaries intact.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple

__all__ = [
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
    "DynamicNamesWarning",
    "CheckError",
    "ArgumentError",
    "MigrationError",
    "MigrationWarning",
]


class SrcpickleError(Exception):
    """Base class of every error srcpickle raises."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.message

    def __reduce__(self) -> Tuple[Any, ...]:
        return (self.__class__, (self.message,))


class DumpError(SrcpickleError):
    """An object could not be turned into a payload."""


class SourceUnavailableError(DumpError):
    """The source of a function cannot be found (exec, REPL, missing file)."""


class SourceMismatchError(DumpError):
    """The source found on disk does not compile to the live code object."""


class UnsupportedObjectError(DumpError):
    """An object in the graph can be captured neither by value nor by reference."""


class LoadError(SrcpickleError):
    """A payload could not be turned back into an object."""


class PayloadFormatError(LoadError):
    """The payload text is malformed; ``line`` and ``column`` locate the fault (1-based)."""

    def __init__(self, message: str, line: Optional[int] = None, column: Optional[int] = None) -> None:
        where = ""
        if line is not None:
            where = f" (line {line}" + (f", column {column}" if column is not None else "") + ")"
        super().__init__(message + where)
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> Tuple[Any, ...]:
        return (self.__class__, (self.message, self.line, self.column))


class FormatVersionError(PayloadFormatError):
    """The payload was written in a format version this srcpickle cannot read."""


class PythonVersionError(LoadError):
    """The payload's sources need a newer Python than the one loading it."""


class MissingDependencyError(LoadError, ImportError):
    """Modules the payload imports are not installed; ``missing`` lists them."""

    def __init__(self, message: str, missing: Tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = tuple(missing)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (self.__class__, (self.message, self.missing))


class DependencyVersionError(LoadError):
    """With ``strict=True``: an installed distribution's version differs from the saved one."""


class DisallowedImportError(LoadError):
    """The payload imports or reaches something outside the caller's ``allowed_imports``;
    ``routes`` names each way it would have (an import, a reference, a built-in, ...)."""

    def __init__(self, message: str, routes: Tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.routes = tuple(routes)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (self.__class__, (self.message, self.routes))


class SignatureError(LoadError):
    """A key was given and the payload's signature does not hold: ``reason`` is ``"unsigned"``
    (no signature), ``"wrong-key"`` (signed with a key not given) or ``"tampered"`` (changed after
    signing, or a malformed signature line)."""

    def __init__(self, message: str, reason: str = "tampered") -> None:
        super().__init__(message)
        self.reason = reason

    def __reduce__(self) -> Tuple[Any, ...]:
        return (self.__class__, (self.message, self.reason))


class DependencyVersionWarning(UserWarning):
    """An installed distribution's version differs from the one the payload was saved with."""


class DynamicNamesWarning(UserWarning):
    """A function dumped looks names up in its globals at run time (``globals()``, or ``eval`` or
    ``exec`` given no namespace): the loaded function's globals hold only the names its code
    reads by name, so the others are missing when it runs."""


class CheckError(SrcpickleError):
    """``check`` could not run: no such interpreter on this machine, or its process failed."""


class ArgumentError(SrcpickleError, TypeError, ValueError):
    """A public function was given an argument it cannot take (a path that is neither a path nor
    a binary file, a key that is too short, an allow-list that holds no module names). Also a
    ``TypeError`` and a ``ValueError``: what Python raises for such mistakes, and what earlier
    releases raised, so ``except TypeError`` or ``except ValueError`` keeps catching it."""


class MigrationError(SrcpickleError):
    """``migrate`` refused to rewrite a payload (ambiguous rename, a result that does not verify,
    the rewriting engine not installed); nothing was written."""


class MigrationWarning(UserWarning):
    """A rename given to ``migrate`` matched nothing in the payload."""

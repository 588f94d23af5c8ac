"""srcpickle: serialize Python functions as their source text.

``dumps(fn)`` captures a function's verified source, the values of its globals and closure cells,
the imports it uses (with distributions and versions) and its signature, as readable UTF-8 text.
``loads(data)`` checks that payload against this environment, compiles the sources in a synthetic
module and rebuilds the functions. Loading needs only the standard library.
"""

from __future__ import annotations

import os

# The parser and the loader, imported with the package (issue 9): every loads needs them, and
# every dumps needs the loader (it verifies a captured source with the loader's compiler).
# Imported by a first loads, they made it eight times slower than the parse and build it does;
# here they cost an import that stays under half of cloudpickle's (benchmarks/run.py measures
# both), because these modules import only the light part of the standard library: no typing
# (their annotations are for type checkers), ast, dis, dataclasses or inspect. The capture side
# with the writer (_fmt.write), the builder of classes and the command line are imported when
# first used.
from . import _fork  # noqa: F401 - _fork registers its os.fork hook
from ._fmt.read import parse as _parse
from ._rebuild import load_data as _load_data

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import multiprocessing.context
    from typing import IO, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, TypeAlias, Union

    from ._check import CheckReport
    from ._model import Payload
    from ._pickler import (
        Pickler,
        Portable,
        loads_cached,
        main_object,
        pickle_dump,
        pickle_dumps,
        pickle_load,
        pickle_loads,
        portable,
    )
    from ._sign import Keys
    from .errors import (
        ArgumentError,
        CheckError,
        DependencyVersionError,
        DependencyVersionWarning,
        DisallowedImportError,
        DumpError,
        DynamicNamesWarning,
        FormatVersionError,
        LoadError,
        MigrationError,
        MigrationWarning,
        MissingDependencyError,
        PayloadFormatError,
        PythonVersionError,
        SignatureError,
        SourceMismatchError,
        SourceUnavailableError,
        SrcpickleError,
        UnsupportedObjectError,
    )

__version__ = "0.3.0"

__all__ = [
    "__version__",
    "dumps",
    "loads",
    "dump",
    "load",
    "inspect",
    "check",
    "migrate",
    "register_by_value",
    "unregister_by_value",
    "Pickler",
    "pickle_dumps",
    "pickle_dump",
    "pickle_loads",
    "pickle_load",
    "loads_cached",
    "main_object",
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
    "SignatureError",
    "DependencyVersionError",
    "DependencyVersionWarning",
    "DynamicNamesWarning",
    "CheckError",
    "ArgumentError",
    "MigrationError",
    "MigrationWarning",
]

PathLike: TypeAlias = "Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]"


# The capture side's entry, its no-overrides instance and the writer's write_bytes, imported by
# the first dumps (import srcpickle stays without them) and kept: an import statement of the
# package's modules in every dumps runs importlib's fromlist handling, about a microsecond of a
# warm dumps (issue 9).
_CAPTURE_SIDE: List[Any] = []
# dumps' default for by_value and by_reference: the call that names no module is told by two
# identity tests (any other empty iterable, () on PyPy among them, takes the general way to the
# same overrides).
_NO_MODULES: Tuple[Any, ...] = ()


def _capture_side() -> Any:
    from ._capture import capture
    from ._deps import NO_OVERRIDES
    from ._fmt.write import write_bytes

    if not _CAPTURE_SIDE:  # (two threads' first dumps: both lists equal, the first one kept)
        _CAPTURE_SIDE[:] = [capture, NO_OVERRIDES, write_bytes]
    return capture


def dumps(
    obj: Any,
    *,
    by_value: Iterable[Any] = _NO_MODULES,
    by_reference: Iterable[Any] = _NO_MODULES,
    key: Optional[Union[bytes, str]] = None,
) -> bytes:
    """Serialize ``obj`` (a function, or a value holding functions) to payload bytes.

    Args:
        obj: the object to capture.
        by_value: modules (a name, a module, or an iterable of them) whose functions and
            classes are captured by source even though they are installed; a name covers its
            submodules.
        by_reference: modules (likewise) whose objects are recorded as imports even though
            they are the user's own (the loading environment must be able to import them).
        key: if given, sign the payload with this secret (bytes or text, at least 16 bytes):
            an HMAC-SHA256 line that ``loads(..., key=...)`` checks. The key is not written.

    Returns:
        UTF-8 text in the lowest payload format that expresses ``obj`` (see
        ``docs/FORMAT.md``): format 1 unless a class or a shared tuple needs format 2; a signed
        payload is format 2; format 3 where it writes the payload smaller (several functions or
        classes of one module, a list or tuple of at least 64 ints) or a value needs it.

    Raises:
        ArgumentError: ``key`` is not bytes or text of at least 16 bytes, ``by_value`` or
            ``by_reference`` is or holds something that is neither a module nor a module name,
            or one module is named in both (also a ``TypeError`` and a ``ValueError``).
        SourceUnavailableError: a function has no source (made by ``exec``, typed at a REPL).
        SourceMismatchError: a function's file was edited after it was defined.
        UnsupportedObjectError: an object in the graph can be captured neither way.

    Warns:
        DynamicNamesWarning: a function calls ``globals()``, or ``eval``/``exec`` with no
            namespace of its own: names it looks up that way are not in the payload.
    """
    capture = _CAPTURE_SIDE[0] if _CAPTURE_SIDE else _capture_side()
    # The defaults (no module named by this call) share one instance: the common call, kept cheap.
    if by_value is _NO_MODULES and by_reference is _NO_MODULES:
        overrides = _CAPTURE_SIDE[1]
    else:
        from . import _args, _deps

        overrides = _deps.Overrides(*_args.module_choices(by_value, by_reference, "dumps"))
    int_runs: Dict[int, Any] = {}
    payload = capture(obj, overrides, int_runs)
    # (write_captured's own step: a captured payload is written in the format it computed)
    data: bytes = _CAPTURE_SIDE[2](payload, payload.format_version, int_runs)
    if key is None:
        return data
    from . import _sign

    return _sign.sign(data, key)


def loads(
    data: Union[bytes, bytearray, memoryview, str],
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
        data: payload bytes (``bytes``, ``bytearray``, ``memoryview``: one copy is taken, and
            that copy is checked and loaded) or text (encoded as UTF-8).
        key: if given, the payload must be signed with this key (or, for a sequence of keys, with
            any of them, so that keys can be rotated); its signature is checked before anything
            else of it is read. A key given as bytes is used exactly; a key given as text has
            its surrounding whitespace removed.
        allowed_imports: if given, the modules the payload may import and reach (a name covers
            its submodules; one string is one name): a payload that would reach anything else,
            by an import, a reference, reflection or a write into what it did not make, is
            refused before anything of it runs (README, "The allow-list"). The built-ins that
            run code, import, open files or reflect are allowed only with "builtins" listed.
        strict: raise ``DependencyVersionError`` instead of warning ``DependencyVersionWarning``
            when an installed distribution differs from the one the payload was saved with:
            older, or of another major version (a newer release of the same major version
            does not differ; README, "The version rule").
        typecheck: return functions whose calls are checked against their recorded annotations
            with typeguard (a violation raises ``typeguard.TypeCheckError`` naming the argument).

    Returns:
        The rebuilt object.

    Raises:
        PayloadFormatError: malformed payload (``FormatVersionError`` for an unknown version),
            text that is no UTF-8 (a lone surrogate), or ``data`` of another type.
        PythonVersionError: the sources need a newer Python.
        DisallowedImportError: the payload would reach outside ``allowed_imports``; its
            ``routes`` name every way.
        ArgumentError: ``allowed_imports`` is not module names, or ``strict`` or ``typecheck``
            is neither True nor False.
        MissingDependencyError: modules the payload imports are not installed.
        DependencyVersionError: with ``strict``, installed versions differ from the saved ones.
        SignatureError: with ``key``, the payload is unsigned, signed with another key, or was
            changed after signing.
        ArgumentError: ``key`` is not bytes or text of at least 16 bytes (also a ``TypeError``
            and a ``ValueError``).
    """
    if type(data) is bytes:
        raw = data
    else:
        from ._files import payload_bytes

        # One immutable copy: the bytes whose signature is checked are the bytes that are loaded,
        # even if the caller's buffer changes meanwhile.
        raw = payload_bytes(data)
    if allowed_imports is not None or strict is not False or typecheck is not False:
        from . import _args

        # (the common call, with none of them, pays nothing for these checks)
        allowed_imports = _args.module_list(allowed_imports, "allowed_imports", "loads")
        strict = _args.flag(strict, "strict", "loads")
        typecheck = _args.flag(typecheck, "typecheck", "loads")
    if key is not None:
        from . import _sign

        _sign.verify(raw, key)
    return _load_data(raw, allowed_imports=allowed_imports, strict=strict, typecheck=typecheck)


def register_by_value(module: Any) -> None:
    """Capture the functions and classes of ``module`` (a module or its name; its submodules
    too) by value in every later ``dumps`` of this process, although it is importable.

    Args:
        module: an imported module, or the name of one.

    Raises:
        ArgumentError: ``module`` is neither a module nor a module name (also a ``TypeError``
            and a ``ValueError``).
        DumpError: ``module`` is not imported, or is built in.
    """
    from . import _deps

    _deps.register_by_value(module)


def unregister_by_value(module: Any) -> None:
    """Undo ``register_by_value(module)``.

    Args:
        module: the module, or its name, as given to ``register_by_value``.

    Raises:
        ArgumentError: ``module`` is neither a module nor a module name.
        DumpError: ``module`` was not registered.
    """
    from . import _deps

    _deps.unregister_by_value(module)


def inspect(data: Union[bytes, bytearray, memoryview, str], *, key: Optional[Keys] = None) -> Payload:
    """Parse a payload without executing anything and return its ``Payload``.

    The result exposes the root, every node (functions with their source, signature, globals,
    closure, defaults and annotations as text; imports with distributions and versions) and
    ``requires_python``. Parsing takes time and memory linear in the payload's size.

    Args:
        data: payload bytes or text (encoded as UTF-8), as for ``loads``.
        key: if given, check the payload's signature first, as ``loads`` does.

    Returns:
        The parsed ``Payload``.

    Raises:
        PayloadFormatError: malformed payload, text that is no UTF-8, or ``data`` of another type.
        SignatureError: with ``key``, the signature does not hold.
        ArgumentError: ``key`` is not bytes or text of at least 16 bytes (also a ``TypeError``
            and a ``ValueError``).
    """
    from ._files import payload_bytes

    raw = payload_bytes(data)
    if key is not None:
        from . import _sign

        _sign.verify(raw, key)
    return _parse(raw)


def check(
    data: Union[bytes, bytearray, memoryview, str], python: Optional[str] = None, *, strict: bool = False
) -> CheckReport:
    """Check, running nothing from the payload, whether an interpreter can load ``data``.

    The checks run in a separate process of that interpreter, on a copy of this srcpickle: the
    format, the Python version the sources need, every source compiled as the loader compiles it,
    every imported module found, every name the sources read from imported modules
    (``collections.Mapping``, ``inspect.getargspec``) looked up on the imported module, and the
    installed version of each distribution the payload names. To look names up, the child imports
    the modules the payload names, as loading would; it never runs the payload's own code.

    Names a Python release removed are matched against the table shipped in the package
    (``stdlib_moves.json``): ``report.renames`` holds the known replacements, ready for
    ``migrate``, and names that still work there but go away in a later Python are warnings.

    Args:
        data: payload bytes or text (encoded as UTF-8), as for ``loads``.
        python: the interpreter: a version (``"3.13"``, ``"3.9.18"``: CPython), ``"pypy"`` or
            ``"pypy3.9"``, or the path of an executable. ``None``: the running interpreter, with
            this process's ``sys.path``.
        strict: count an installed distribution older than the saved one, or of another major
            version, as a problem (as ``loads(strict=True)`` does).

    Returns:
        A ``CheckReport``: ``loadable``, ``problems`` (items that would make loading fail),
        ``warnings``, ``renames`` and every ``items`` line.

    Raises:
        PayloadFormatError: ``data`` is not a readable payload (nothing was started).
        ArgumentError: ``python`` is not text, or ``strict`` is neither True nor False.
        CheckError: no such interpreter on this machine, or the check could not run there: its
            temporary files could not be written, the process could not start, failed or did not
            finish in time (the message says which, with what it printed).
    """
    from . import _args, _check

    if python is not None and not isinstance(python, str):
        raise _args.ArgumentError(
            f"check(): python is a version ('3.13'), 'pypy' or an interpreter's path (str), "
            f"not {type(python).__name__}"
        )
    return _check.check(data, python, strict=_args.flag(strict, "strict", "check"))


def migrate(
    data: Union[bytes, bytearray, memoryview, str], renames: Mapping[str, str], *, check: bool = True
) -> bytes:
    """Rewrite a payload's sources and imports for renamed modules and names.

    Every place a module or name lives in the payload follows each ``old -> new`` rename: the
    sources (``import`` and ``from`` statements, aliases, attribute chains such as
    ``collections.Mapping``, names imported inside function bodies, annotations, decorators, class
    bases), the namespace globals bound to imports, ``imported-names``, ``body-imports``, import and
    by-reference sections (with the distribution and version installed now) and the annotation
    texts and signatures. Sources are rewritten with libcst, keeping every comment, blank line and
    space that a rename does not change. The result is verified before it is returned: each
    source compiles as the loader compiles it, and with ``check`` every module and name it imports
    is found in this environment (checked in a separate process). Nothing from the payload is
    executed.

    Args:
        data: payload bytes or text (encoded as UTF-8), as for ``loads``.
        renames: ``{"old.dotted.name": "new.dotted.name"}``; a module rename covers everything
            inside it (``{"oldpkg": "newpkg"}`` turns ``oldpkg.util.scale`` into
            ``newpkg.util.scale``); the longest matching old name wins.
        check: verify that every import of the result resolves here. Pass ``False`` when
            migrating for another environment (the sources are still compiled).

    Returns:
        The migrated payload, written as ``dumps`` writes: in the lowest format version that
        expresses it. When no rename changes anything, ``data``'s own bytes. A signed payload
        that a rename changed comes back **unsigned**: its signature was over the old bytes and
        no longer holds, and migrating never signs. Review the result (``srcpickle diff``) and
        sign it again (``srcpickle sign FILE --key-file K``) before loading it with ``key=``.

    Raises:
        PayloadFormatError: ``data`` is not a readable payload.
        MigrationError: libcst is not installed (``pip install 'srcpickle[migrate]'``), a rename
            is malformed, a local name would shadow a renamed import (the message gives the
            location), the payload needs a newer Python than this one to parse its sources, or
            the result does not verify.
        CheckError: with ``check``, the verifying process could not run (see ``check``).
        ArgumentError: ``renames`` is not a mapping, or ``check`` is neither True nor False.

    Warns:
        MigrationWarning: a rename matched nothing in the payload.
    """
    import warnings

    from . import _args, _migrate
    from .errors import MigrationWarning

    result = _migrate.migrate(data, renames, check=_args.flag(check, "check", "migrate"))
    for old, new in result.unmatched:
        warnings.warn(
            f"the rename {old}={new} matched nothing in the payload: no source, import or name "
            "of it uses that name (check the spelling, or drop the rename)",
            MigrationWarning,
            stacklevel=2,
        )
    return result.data


def dump(obj: Any, file: Union[PathLike, IO[bytes]], **options: Any) -> None:
    """Write the payload of ``obj`` to a path (atomically) or to a binary file object.

    A path is written to a temporary file in the same directory, flushed to disk and renamed
    over the target, so readers see the old payload or the new one, never half of one, even if
    the writer is killed. The file gets the mode ``open()`` would give it (``0o666`` less the
    umask, or an existing file's own mode); a symbolic link is written through.

    Args:
        obj: the object to capture.
        file: a path (``str``, ``bytes`` or ``os.PathLike``, as ``open`` takes), or a binary
            file object to write to.
        options: those of ``dumps`` (``by_value``, ``by_reference``, ``key``).

    Raises:
        OSError: the path cannot be written, as ``open(path, "wb")`` would refuse it (a
            read-only file, a missing folder), naming the path.
        ArgumentError: ``file`` is neither a path nor a binary file object (a text file, a file
            descriptor, None), or an option is not one of ``dumps`` or is wrong as for ``dumps``.
        DumpError: as ``dumps``.
    """
    from . import _args

    # Checked before the capture: a wrong target should not cost a dumps, nor hide behind its errors.
    target = _args.path_or_file(file, "dump", "write")
    _args.options(options, ("by_value", "by_reference", "key"), "dump")
    if "by_value" in options or "by_reference" in options:
        # Checked here, so that an error names this function (an iterator is read once: its
        # names go on to dumps).
        options["by_value"], options["by_reference"] = _args.module_choices(
            options.get("by_value", ()), options.get("by_reference", ()), "dump"
        )
    data = dumps(obj, **options)
    if not isinstance(target, str):
        target.write(data)
        return
    from . import _files

    _files.write_atomic(target, data)


def load(file: Union[PathLike, IO[bytes]], **options: Any) -> Any:
    """Read a payload from a path or a binary file object and rebuild it, as ``loads`` does.

    Args:
        file: a path (``str``, ``bytes`` or ``os.PathLike``, as ``open`` takes), or a file
            object to read the whole payload from (binary, or text as ``loads`` takes text).
        options: those of ``loads`` (``key``, ``allowed_imports``, ``strict``, ``typecheck``).
            With ``key``, a path's signature errors name the file.

    Returns:
        The rebuilt object.

    Raises:
        OSError: the path cannot be read.
        ArgumentError: ``file`` is neither a path nor a file object, or an option is not one of
            ``loads`` or is wrong as for ``loads``.
        LoadError: as ``loads`` (``PayloadFormatError``, ``SignatureError``,
            ``MissingDependencyError``, ...).
        ArgumentError: ``key`` is not bytes or text of at least 16 bytes (also a ``TypeError``
            and a ``ValueError``).
    """
    from . import _args

    path = _args.path_or_file(file, "load", "read")
    # Checked before the file is read, each named as an option of load.
    _args.options(options, ("allowed_imports", "strict", "typecheck", "key"), "load")
    if "allowed_imports" in options:
        options["allowed_imports"] = _args.module_list(options["allowed_imports"], "allowed_imports", "load")
    for name in ("strict", "typecheck"):
        if name in options:
            options[name] = _args.flag(options[name], name, "load")
    if not isinstance(path, str):
        return loads(path.read(), **options)
    with open(path, "rb") as handle:
        data = handle.read()
    key = options.pop("key", None)
    if key is not None:
        from . import _sign

        _sign.verify(data, key, what=path)  # the same check as loads(key=), naming the file
    return loads(data, **options)


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
        ArgumentError: ``method`` is not a start method of this platform, or ``by_value`` or
            ``by_reference`` is wrong as for ``dumps`` (also a ``TypeError`` and a ``ValueError``).
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
        "main_object",
        "portable",
        "pickle_dumps",
        "pickle_dump",
        "pickle_loads",
        "pickle_load",
    }
)


# The exceptions (srcpickle.errors), imported on first use too: a load that succeeds needs none,
# and creating their nineteen classes cost ``import srcpickle`` ~2.2M instructions, a tenth of it
# (issue 9). The package's own modules import them where they raise or catch them.
_ERROR_NAMES = frozenset(__all__[__all__.index("SrcpickleError") :])  # (__all__ ends with them)


def __getattr__(name: str) -> Any:
    if name in _PICKLER_NAMES:
        from . import _pickler

        value = getattr(_pickler, name)
        globals()[name] = value
        return value
    if name in _ERROR_NAMES or name == "errors":
        # (import_module: "from . import errors" would ask this function for "errors" again.
        # Importing the submodule sets it as an attribute of this module.)
        import importlib

        errors = importlib.import_module(".errors", __name__)

        if name == "errors":
            return errors
        value = getattr(errors, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(set(globals()) | _PICKLER_NAMES | _ERROR_NAMES | {"errors"})

"""Exceptions as pickle cannot make them again.

pickle makes an exception again as ``cls(*self.args)`` (``BaseException.__reduce__``), which runs
the class's ``__init__`` with the message it built: ``AppError(404, "nope")`` has the args
``('404: nope',)``, and unpickling calls ``AppError('404: nope')``, a ``TypeError`` (CPython issue
76877; a worker's exception then breaks a whole process pool). Such an exception, on a built-in
base that keeps nothing but ``args``, is whole once made by ``BaseException.__new__`` with its
``args`` and given its ``__dict__``: ``copyreg.__newobj__``, the way pickle makes other objects,
with no ``__init__`` run. ``dumps`` writes it so, and so does ``srcpickle.Pickler``.

A ``NameError`` a loaded function raised for a global of its module it reads (``explain_name_error``)
is told which function and global, and why a process the function was sent to lacks it.

Imports only the standard library.
"""

from __future__ import annotations

import builtins
import copyreg

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Optional, Tuple

__all__ = ["explain_name_error", "new_object_reduction"]

# Built-in exceptions whose __init__ sets nothing but args: an instance of a subclass is whole
# once made by their __new__ and given its __dict__. (StopIteration, OSError, ImportError,
# SyntaxError, AttributeError, NameError, the Unicode errors ... keep fields of their own.)
_PLAIN_EXCEPTIONS = frozenset(
    getattr(builtins, name)
    for name in (
        "BaseException Exception ArithmeticError AssertionError BufferError EOFError "
        "FloatingPointError GeneratorExit IndexError KeyError KeyboardInterrupt LookupError "
        "MemoryError NotImplementedError OverflowError RecursionError ReferenceError RuntimeError "
        "StopAsyncIteration TypeError UnicodeError ValueError ZeroDivisionError Warning "
        "BytesWarning DeprecationWarning FutureWarning ImportWarning PendingDeprecationWarning "
        "ResourceWarning RuntimeWarning SyntaxWarning UnicodeWarning UserWarning"
    ).split()
)


def _made_without_init(cls: type) -> bool:
    """Whether an instance of the exception class ``cls`` is made again without running its
    ``__init__``: one a class outside the built-ins defines, on a built-in base that keeps only
    ``args``, with pickle's protocol and ``__new__`` left as the built-ins define them."""
    if not issubclass(cls, BaseException):
        return False
    own = [k for k in cls.__mro__ if k.__module__ != "builtins"]
    base = next((k for k in cls.__mro__ if k.__module__ == "builtins"), None)
    return (
        base in _PLAIN_EXCEPTIONS
        and any("__init__" in vars(k) for k in own)
        and not any(name in vars(k) for k in own for name in ("__new__", "__reduce__", "__reduce_ex__"))
    )


def new_object_reduction(exc: BaseException) -> Optional[Tuple[Any, ...]]:
    """The reduction of ``exc`` as copyreg makes a new-style object (its class's ``__new__`` with
    its ``args``, then its ``__dict__``) where pickle's own could not make it again; None where
    pickle's works."""
    cls = type(exc)
    if not _made_without_init(cls):
        return None
    # BaseException.__reduce__: (class, args) or (class, args, __dict__).
    reduced = exc.__reduce_ex__(4)
    assert isinstance(reduced, tuple)
    return (copyreg.__newobj__, (cls, *reduced[1]), *reduced[2:])  # type: ignore[attr-defined]


# What a loaded function's code is compiled under (see _rebuild.compiler.synthetic_filename):
# "<srcpickle-DIGEST MODULE.QUALNAME>".
_LOADED_FILE = "<srcpickle-"


def explain_name_error(exc: BaseException, text: str = "") -> None:
    """Say, in the message of ``exc``, which loaded function raised it for which global, when it
    is a ``NameError`` a function srcpickle loaded raised reading a global its namespace lacks
    (a global another loaded function sets, a pool's initializer with ``global STATE``, is set
    in that function's own namespace). ``text``: the formatted traceback, for an exception whose
    traceback was dropped (ProcessPoolExecutor's). Anything else is left as it is; so is a
    message said already."""
    if type(exc) is not NameError or len(exc.args) != 1 or not isinstance(exc.args[0], str):
        return
    message = exc.args[0]
    name = getattr(exc, "name", None)  # (3.10+; the message says it on every Python)
    if not isinstance(name, str):
        parts = message.split("'")
        name = parts[1] if len(parts) == 3 else None
    if not name or " (read by " in message:
        return
    frame_tb = exc.__traceback__
    while frame_tb is not None and frame_tb.tb_next is not None:
        frame_tb = frame_tb.tb_next
    if frame_tb is not None:
        frame = frame_tb.tb_frame
        filename, line = frame.f_code.co_filename, frame_tb.tb_lineno
        if name not in frame.f_code.co_names or name in frame.f_globals:
            return
    else:
        # The innermost frame the text shows: File "<srcpickle-... MODULE.QUALNAME>", line N, in F
        innermost = text.rpartition('  File "')[2]
        filename, _, rest = innermost.partition('", line ')
        digits = rest.partition(",")[0]
        if not digits.isdigit():
            return
        line = int(digits)
    if not filename.startswith(_LOADED_FILE):
        return
    function = filename[:-1].partition(" ")[2]
    exc.args = (
        f"{message} (read by {function}, line {line}, a function srcpickle loaded: "
        f"it runs in a copy of its module holding the globals its source read when it was dumped, "
        f"and {name} was not one of them; a global that another function sent sets, such as a "
        f"pool's initializer with 'global {name}', is set in that function's own copy. Keep such "
        "state in a module the workers import, or pass it as an argument)",
    )

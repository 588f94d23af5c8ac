"""Checks of the arguments of the public functions: a wrong one is an ``ArgumentError`` that names
the function, the argument and what it takes, before anything else happens.

This module imports only the standard library.
"""

from __future__ import annotations

import io
import os
import types

from .errors import ArgumentError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, List, Optional, Sequence, Tuple, Union


def flag(value: Any, name: str, function: str) -> bool:
    """``value`` as an on/off option: ``True``, ``False`` (or 1 and 0).

    Raises:
        ArgumentError: any other value; ``strict="no"`` would otherwise mean yes.
    """
    if value is True or value is False:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    raise ArgumentError(f"{function}(): {name} takes True or False, not {value!r}")


def module_list(value: Any, name: str, function: str) -> Optional[Sequence[str]]:
    """``value`` as a list of module names: None, one name, or an iterable of names.

    Raises:
        ArgumentError: anything else, or a name that is empty or not a dotted name.
    """
    if value is None:
        return None
    if isinstance(value, str):
        names: List[Any] = [value]
    elif isinstance(value, (bytes, bytearray, memoryview)) or not hasattr(value, "__iter__"):
        raise ArgumentError(
            f"{function}(): {name} takes module names (a str, or a list of str), not {type(value).__name__}"
        )
    else:
        names = list(value)
    for item in names:
        if not isinstance(item, str):
            raise ArgumentError(
                f"{function}(): {name} takes module names (str), and it holds {item!r} "
                f"({type(item).__name__})"
            )
        if not all(part.isidentifier() for part in item.split(".")):
            raise ArgumentError(
                f"{function}(): {name} holds {item!r}, which is not a module name (identifiers "
                "joined by '.', such as 'json' or 'collections.abc')"
            )
    return names


def options(given: Any, takes: Sequence[str], function: str) -> None:
    """Refuse an option of ``dump``/``load`` (their ``**options``) that the function they pass
    them to does not take, naming the function called.

    Raises:
        ArgumentError: an option not in ``takes``.
    """
    for name in given:
        if name not in takes:
            raise ArgumentError(f"{function}() takes no option {name!r}; its options are {', '.join(takes)}")


# What by_value and by_reference take, for the messages.
_MODULES = "modules or module names (a module, a str, or a list of them)"


def module_choices(
    by_value: Any, by_reference: Any, function: str
) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """``by_value`` and ``by_reference`` (of ``dumps``, ``Pickler``, ``get_context``...) as
    tuples of module names: each takes one module or module name, or an iterable of them (a
    str is one name, never its letters).

    Raises:
        ArgumentError: anything else, a name that is not a dotted name, or a module named in
            both.
    """
    if type(by_value) is tuple and not by_value and type(by_reference) is tuple and not by_reference:
        # The defaults (no module named), as every send of a pool's task passes them: nothing
        # to check (a warm pickle_dumps checks them twice, as its own and as its Pickler's).
        return (), ()
    value = module_entries(by_value, "by_value", function)
    reference = module_entries(by_reference, "by_reference", function)
    both = sorted(set(value).intersection(reference))
    if both:
        raise ArgumentError(
            f"{function}(): module {both[0]!r} is in both by_value and by_reference; choose one"
        )
    return value, reference


def module_entries(value: Any, name: str, function: str) -> Tuple[str, ...]:
    """``value`` (one module or module name, or an iterable of them; None: none) as a tuple of
    names.

    Raises:
        ArgumentError: anything else, or a name that is not a dotted name.
    """
    if value is None:
        return ()  # (as loads takes allowed_imports=None: the option not given)
    if isinstance(value, (str, types.ModuleType)):
        items: Tuple[Any, ...] = (value,)
    elif isinstance(value, (bytes, bytearray, memoryview)) or not hasattr(value, "__iter__"):
        raise ArgumentError(f"{function}(): {name} takes {_MODULES}, not {type(value).__name__}")
    else:
        items = tuple(value)
    return tuple(module_name(item, name, function, within=True) for item in items)


def module_name(item: Any, name: str, function: str, *, within: bool = False) -> str:
    """The name of ``item``, a module or a module's name (``within``: an entry of argument
    ``name``, else the argument itself).

    Raises:
        ArgumentError: ``item`` is neither, or a str that is not a dotted name.
    """
    if isinstance(item, types.ModuleType):
        return item.__name__
    if not isinstance(item, str):
        what = f"takes {_MODULES}, and it holds" if within else "is a module or a module's name (a str), not"
        raise ArgumentError(f"{function}(): {name} {what} {item!r} ({type(item).__name__})")
    if not item or not all(part.isidentifier() for part in item.split(".")):
        verb = "holds" if within else "is"
        raise ArgumentError(
            f"{function}(): {name} {verb} {item!r}, which is not a module name (identifiers joined "
            "by '.', such as 'json' or 'collections.abc')"
        )
    return item


def path_or_file(file: Any, function: str, mode: str) -> Union[str, Any]:
    """``file`` as ``dump``/``load`` take it: a path (``str``, ``bytes`` or ``os.PathLike``, as
    ``open`` takes them) as ``str`` (bytes decoded as ``os.fsdecode`` does, which
    ``os.fsencode`` undoes exactly), or ``file`` itself when it is a file object open for
    ``mode`` (``"write"`` or ``"read"``).

    Raises:
        ArgumentError: ``file`` is none of those, a text file ``dump`` cannot write payload
            bytes to, or a file descriptor (an ``int``).
    """
    if hasattr(file, mode):
        if mode == "write" and isinstance(file, io.TextIOBase):
            raise ArgumentError(
                f"{function}(): the file is open in text mode ({type(file).__name__}); a payload "
                "is bytes: open the file in binary mode ('wb'), or pass its path"
            )
        return file
    if isinstance(file, (str, bytes, os.PathLike)):
        path = os.fspath(file)
        return os.fsdecode(path) if isinstance(path, bytes) else path
    if isinstance(file, int) and not isinstance(file, bool):
        raise ArgumentError(
            f"{function}(): file is a path or a binary file object, not a file descriptor "
            f"({file!r}): pass open({file!r}, {'wb' if mode == 'write' else 'rb'!r}, closefd=False)"
        )
    binary = "a binary file object (with ." + mode + "())"
    raise ArgumentError(
        f"{function}(): file is a path (str, bytes or os.PathLike) or {binary}, not {type(file).__name__}"
    )

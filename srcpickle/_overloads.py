"""``typing.overload`` stubs of a function: found when dumping, registered again when loading.

typing keeps the stubs of an implementation in a registry keyed by module, qualified name and
first line (``typing.get_overloads``, Python 3.11+; ``typing_extensions`` on older Pythons), not
in the function, so a function dumped alone carries them in its section (format 3 ``overloads``)
and the loader registers them again. Where the loading Python has no such registry (3.9 and 3.10
without ``typing_extensions`` imported), srcpickle keeps the stubs it loaded beside the function,
weakly, so that dumping the loaded function again gives the payload it came from.

Standard library only, and never imports ``typing`` or ``typing_extensions`` itself: code that
made stubs imported one of them already, and a loader must not pay for either.
"""

from __future__ import annotations

import sys
import types
import weakref

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, List, Optional, Sequence

# Whether typing keeps a registry of overloads (get_overloads: 3.11+).
_TYPING_REGISTERS = sys.version_info >= (3, 11)
# The stubs srcpickle loaded for an implementation on a Python without a registry of overloads.
_KEPT: weakref.WeakKeyDictionary[Any, Sequence[Any]] = weakref.WeakKeyDictionary()


def _registry_module() -> Optional[Any]:
    # The module whose overload() registers and whose get_overloads() reads: typing from 3.11,
    # else typing_extensions when the process imported it (its overload() registers on 3.9 too).
    typing = sys.modules.get("typing")
    # (another thread may be importing typing: a partially initialized module without
    # get_overloads yet holds no stub registered through it)
    if _TYPING_REGISTERS and typing is not None and hasattr(typing, "get_overloads"):
        return typing
    extensions = sys.modules.get("typing_extensions")
    if extensions is not None and hasattr(extensions, "get_overloads"):
        return extensions
    return None


def overloads_of(fn: Any) -> List[Any]:
    """The ``typing.overload`` stubs of the implementation ``fn``, as functions, in the order they
    were defined; empty when ``fn`` has none, or is itself one of them (a stub dumped alone is
    that stub, as is a function at a stub's first line)."""
    module = _registry_module()
    if module is None:
        found = None
    else:
        # typing's registry is keyed by module name first: a plain function (no __func__ of its
        # own for get_overloads to follow) of a module no stub was registered for has none,
        # answered without the call (every function dumped by source asks: issue 9).
        registry = module.__dict__.get("_overload_registry")
        if (
            type(fn) is types.FunctionType
            and not fn.__dict__
            and isinstance(registry, dict)
            and fn.__module__ not in registry
        ):
            found = None
        else:
            found = module.get_overloads(fn)
    if not found:
        # (most dumps: none kept, nothing to ask; the mapping's dict, not its __len__, a Python
        # call per function dumped)
        if not _KEPT.data:  # type: ignore[attr-defined]
            return []
        try:
            found = _KEPT.get(fn, ())
        except TypeError:  # (a function PyPy cannot reference weakly: none kept)
            return []
        if not found:
            return []
    # A stub of a static or class method is registered as the descriptor: its function goes.
    stubs = [getattr(stub, "__func__", stub) for stub in found]
    # A stub is registered by its first line: a function at a stub's line is that stub, or the
    # same stub loaded again (its registry holds the stubs of the payload loaded before).
    first = _first_line(fn)
    if any(stub is fn or _first_line(stub) == first for stub in stubs):
        return []
    return stubs


def _first_line(fn: Any) -> Optional[int]:
    return getattr(getattr(fn, "__code__", None), "co_firstlineno", None)


def register_overloads(fn: Any, stubs: Sequence[Any]) -> None:
    """Register ``stubs`` as the ``typing.overload`` stubs of the loaded implementation ``fn``, in
    their order, where the loading Python keeps a registry of them; keep them beside ``fn``
    where it does not (see the module's docstring)."""
    module = _registry_module()
    if module is not None:
        # The registry's key is each stub's module, qualname and first line: a payload loaded
        # again replaces its stubs rather than adding them twice.
        for stub in stubs:
            module.overload(stub)
        return
    try:
        _KEPT[fn] = tuple(stubs)
    except TypeError:  # (PyPy: no weak reference to this function, nothing kept)
        pass

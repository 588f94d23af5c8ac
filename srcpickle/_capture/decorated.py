"""Functions that carry attributes of their own and are not captured by their source as they
stand: ``loads(typecheck=True)``'s wrappers, ``functools.singledispatch`` dispatchers, the
functions a ``functools.singledispatchmethod`` makes and what ``contextlib.contextmanager``
makes.

Imported by the first capture of a function with a ``__dict__`` (``functions.save_function``):
most functions have none, and a first dumps of one does not load this code (issue 9).
"""

from __future__ import annotations

import sys
import types

from . import Capturer, Need, Step

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Optional


def decorated_step(cap: Capturer, fn: types.FunctionType, need: Need) -> Optional[Step]:
    """The step that captures ``fn`` (which has a ``__dict__``) other than by its source, or
    None when its source is what goes."""
    path = need.path
    if _is_checked(fn):
        return _checked_function(fn, path)
    if _is_singledispatch(fn):
        from .objects import save_singledispatch

        return save_singledispatch(cap, fn, need)
    decorator = _context_manager_decorator(fn)
    if decorator is not None:
        # What @contextlib.contextmanager (or asynccontextmanager) made: that call again, not
        # contextlib's own closure by its source (whose line differs between Pythons), then the
        # attributes set on it after decoration.
        from .objects import _added_attributes, call

        keys = _added_attributes(fn, frozenset({"__wrapped__"}))
        function = fn.__dict__["__wrapped__"]
        return call(cap, fn, path, fn.__name__, decorator, (function,), keys=keys)
    if "register" in fn.__dict__:
        owner = _dispatch_method_owner(fn)
        if owner is not None:
            # A singledispatchmethod got through an instance or class (Formatter().fmt): the
            # lookup again, which the class statement's descriptor answers at load.
            from .objects import call

            return call(cap, fn, path, fn.__name__, getattr, (owner, fn.__name__))
    return None


# The module of loads(typecheck=True)'s wrappers, looked up (never imported: it imports typing).
_TYPECHECK_MODULE = __name__.rpartition(".")[0].rpartition(".")[0] + "._typecheck"


def _is_checked(fn: types.FunctionType) -> bool:
    typecheck = sys.modules.get(_TYPECHECK_MODULE)
    return typecheck is not None and fn in typecheck.WRAPPERS


def _checked_function(fn: types.FunctionType, path: str) -> Step:
    # A function loaded with typecheck=True is srcpickle's wrapper around the loaded one: the
    # loaded one goes (its payload is the one it came from), never srcpickle's own code.
    return (yield Need(fn.__dict__["__wrapped__"], path))


def _context_manager_decorator(fn: types.FunctionType) -> Any:
    # contextlib.contextmanager or asynccontextmanager when fn is the closure (helper) one of
    # them made over the very function it wraps, else None. By the closure's code, which every
    # helper of one decorator shares: both decorators name their closure helper.
    contextlib = sys.modules.get("contextlib")
    if contextlib is None or fn.__code__.co_name != "helper":
        return None
    if not _CONTEXT_MANAGER_CODES:
        # (filled in one step: another thread sees both decorators or neither)
        decorators = (contextlib.contextmanager, contextlib.asynccontextmanager)
        _CONTEXT_MANAGER_CODES.update({d(_context_manager_decorator).__code__: d for d in decorators})
    decorator = _CONTEXT_MANAGER_CODES.get(fn.__code__)
    if decorator is None:
        return None
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    try:
        wraps = "func" in cells and cells["func"].cell_contents is fn.__dict__.get("__wrapped__", cells)
    except ValueError:  # (an empty cell)
        return None
    return decorator if wraps else None


# The code of contextlib's closures, to the decorator that makes them (_context_manager_decorator).
_CONTEXT_MANAGER_CODES: dict[types.CodeType, Any] = {}


def _is_singledispatch(fn: types.FunctionType) -> bool:
    # functools.singledispatch's dispatcher: its closure of functools, with the registry's API
    # as attributes.
    held = vars(fn)
    if "registry" not in held or "dispatch" not in held:
        return False  # (most functions: an empty __dict__)
    functools = sys.modules.get("functools")
    return fn.__code__.co_filename == getattr(functools, "__file__", "")


def _dispatch_method_owner(fn: types.FunctionType) -> Any:
    """The instance or class a ``functools.singledispatchmethod`` made ``fn`` for (its
    ``__get__``'s function), when looking its name up there gives ``fn``'s twin; else None."""
    code = fn.__code__
    functools_file = getattr(sys.modules.get("functools"), "__file__", "")
    if code.co_name != "_method" or code.co_filename != functools_file or "obj" not in code.co_freevars:
        return None
    cells = dict(zip(code.co_freevars, fn.__closure__ or ()))
    try:
        owner = cells["obj"].cell_contents
        if owner is None:  # (got through the class)
            owner = cells["cls"].cell_contents
        again = getattr(owner, fn.__name__)
    except Exception:  # noqa: BLE001 - an empty cell, a failing lookup: not one to look up again
        return None
    twin = type(again) is types.FunctionType and again.__code__ is code
    return (
        owner if twin and getattr(again, "__wrapped__", None) is getattr(fn, "__wrapped__", again) else None
    )

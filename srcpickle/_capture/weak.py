"""Capture handlers for weak references and weak collections.

A weak collection (``WeakValueDictionary``, ``WeakKeyDictionary``, ``WeakSet``: a cache, a registry
of live instances) goes as the call that makes it with the entries it holds when dumped; a weak
reference (``weakref.ref``, ``WeakMethod``) to a live object as the call that makes it to that
object, with its callback. The objects referred to are captured as any other, so at load an entry
or a reference lives exactly as long as something else of the loading process holds its object
(another global, a closure, an attribute), as weak ones do: one held by nothing else is gone once
``loads`` returns (on PyPy, at its next collection).

A proxy hands on every question to its object (its reduction too: it would load as a strong copy of
that object), a finalizer watches an object of this process, and a reference whose object is gone
has nothing to refer to: each is refused, by name.
"""

from __future__ import annotations

import weakref

from . import Capturer, Need, Step

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict


def _kinds() -> Dict[int, type]:
    # By the id of the type (exact types only: a subclass may hold more than its entries, and
    # goes through its reduce protocol), as objects._DICT_VIEWS does.
    kinds = (
        weakref.ref,
        weakref.WeakMethod,
        weakref.WeakValueDictionary,
        weakref.WeakKeyDictionary,
        weakref.WeakSet,
        weakref.ProxyType,
        weakref.CallableProxyType,
        weakref.finalize,
    )
    return {id(kind): kind for kind in kinds}


WEAK_KINDS = _kinds()


def is_weak(kind: type) -> bool:
    """Whether ``kind`` is one of the weak kinds this module handles (exactly)."""
    return WEAK_KINDS.get(id(kind)) is kind


def save_weak(cap: Capturer, obj: Any, need: Need) -> Step:
    """A weak reference or collection (``is_weak``): the call that makes it again, or refused."""
    from .objects import call  # (objects imports this module)

    kind = type(obj)
    path = need.path
    name = need.hint if need.hint not in ("value", "root") else kind.__name__
    if kind is weakref.WeakValueDictionary or kind is weakref.WeakKeyDictionary:
        return (yield from call(cap, obj, path, name, kind, (dict(obj.items()),)))
    if kind is weakref.WeakSet:
        return (yield from call(cap, obj, path, name, kind, (set(obj),)))
    if kind is weakref.ref or kind is weakref.WeakMethod:
        target = obj()
        if target is None:
            raise cap.unsupported(
                obj, path, "it is a weak reference whose object is gone: there is nothing for it to refer to"
            )
        callback = _callback(obj) if kind is weakref.WeakMethod else obj.__callback__
        args = (target,) if callback is None else (target, callback)
        return (yield from call(cap, obj, path, name, kind, args))
    what = "a finalizer (weakref.finalize)" if kind is weakref.finalize else "a weak proxy (weakref.proxy)"
    raise cap.unsupported(obj, path, f"it is {what}, which refers weakly to an object of this process")


def _callback(method_ref: Any) -> Any:
    # WeakMethod(meth, callback) hands weakref.ref a closure of its own (_cb) that calls
    # ``callback``, a cell of that closure on every supported Python; the closure itself would
    # make a second wrapper at load.
    wrapper = method_ref.__callback__
    cell = dict(zip(wrapper.__code__.co_freevars, wrapper.__closure__ or ()))["callback"]
    return cell.cell_contents

"""The errors of a capture that cannot go on: what failed, for which object, found where, and
what to do (``Capturer.failed`` and ``Capturer.unsupported``).

Imported by the first such error: a dumps that succeeds does not load this code (issue 9).
"""

from __future__ import annotations

import types

from ..errors import UnsupportedObjectError
from . import PRIVATE, Capturer, Need, short_repr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Optional, Set


def failed(cap: Capturer, obj: Any, path: str, exc: Exception) -> UnsupportedObjectError:
    """The error for ``obj`` (at ``path``) whose capture by ``cap`` raised ``exc``, not a
    srcpickle error."""
    # By type(obj), never isinstance(): the object's own code (a __class__ property) may be
    # what failed, and the error for it must not fail the same way.
    kind = type(obj)
    if issubclass(kind, (types.FunctionType, type)):
        # Captured by source: no reduce protocol was asked, whatever its own code did.
        what = "function" if issubclass(kind, types.FunctionType) else "class"
        name = f"{_attribute(obj, '__module__')}.{_attribute(obj, '__qualname__')}"
        return UnsupportedObjectError(
            f"cannot capture {what} {name}, found at {path}: reading it (its source, "
            f"signature, attributes) raised {type(exc).__name__}: {exc}. Code that reading "
            "runs is the usual cause (an attribute's __getattr__ or descriptor, or an "
            "attribute that inspect or typing fail on): fix or delete that attribute, then "
            "dump again; otherwise please report this with the traceback."
        )
    return unsupported(cap, obj, path, f"asking it how to rebuild it raised {type(exc).__name__}: {exc}")


def unsupported(cap: Capturer, obj: Any, path: str, reason: str) -> UnsupportedObjectError:
    """The error for ``obj`` (at ``path``) that ``cap`` cannot capture, with ``reason``."""
    kind = type(obj)
    holder = _reduced_holder(cap, path)
    if holder is not None and holder.obj is not obj:
        # The object the user holds (a Thread) is not the one that fails (its lock).
        held = type(holder.obj)
        reason += (
            f"; it is part of {short_repr(holder.obj)} of type {held.__module__}.{held.__qualname__}, "
            f"found at {holder.path}, which srcpickle asked how to rebuild (its __reduce__)"
        )
    shared = holder.obj if holder is not None else obj
    return UnsupportedObjectError(
        f"cannot capture {short_repr(obj)} of type {kind.__module__}.{kind.__qualname__}, found "
        f"at {path}: {reason}. srcpickle captures functions by source, modules and importable "
        "objects by reference, literal values, and objects of importable classes through the "
        "pickle reduce protocol. " + (_SYNCHRONIZATION_REMEDY if _synchronizes(type(shared)) else _REMEDY)
    )


def _reduced_holder(cap: Capturer, path: str) -> Optional[Need]:
    # The outermost object of the walk under way that ``path`` reaches through its reduce
    # protocol (a path that goes on with ``.__reduce__()`` after it), if any.
    for _, need in cap.walking:
        if path.startswith(need.path + ".__reduce__()"):
            return need
    return None


_REMEDY = "Pass such data to the function as an argument instead."
# Locks, events, conditions, semaphores and queues belong to the process that made them: passing
# one as an argument fails in a process pool too (a pool's task pickles it), so the advice for
# them is how processes share one.
_SYNCHRONIZATION_REMEDY = (
    "Locks and queues belong to the process that made them, and a pool cannot take one as an "
    "argument either: use a multiprocessing.Manager()'s (manager.Lock(), manager.Queue()), or "
    "make it where the function runs."
)
_SYNCHRONIZATION_MODULES = frozenset(
    {"_thread", "threading", "queue", "_queue", "multiprocessing.synchronize", "multiprocessing.queues"}
)
_SYNCHRONIZATION_NAMES = frozenset(
    {"lock", "RLock", "Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier"}
    | {"Queue", "SimpleQueue", "LifoQueue", "PriorityQueue", "JoinableQueue"}
)


def _synchronizes(kind: type) -> bool:
    # By the class's own module and name (subclasses of the user's are not asked about): a
    # Thread, which holds locks, is not one to share.
    return (
        kind.__name__ in _SYNCHRONIZATION_NAMES
        and getattr(kind, "__module__", None) in _SYNCHRONIZATION_MODULES
    )


def _attribute(obj: Any, name: str) -> str:
    # For an error message: a class's metaclass may fail to give even its name.
    try:
        return str(getattr(obj, name, "?"))
    except Exception:  # noqa: BLE001 - the message names what failed; this is only its label
        return "?"


def unloadable_attribute(fn: types.FunctionType, name: object, path: str) -> UnsupportedObjectError:
    """The error for a function (``fn``, at ``path``) whose ``__dict__`` holds ``name``, which the
    reader refuses (``FUNCTION_FIELDS``): refused here, never written into a payload that no
    loader takes."""
    why = (
        "an attribute name that is not text"
        if not isinstance(name, str)
        else "the name of an attribute every function has, put into its __dict__ directly (where the "
        "function never reads it)"
    )
    return UnsupportedObjectError(
        f"cannot capture function {fn.__qualname__}, found at {path}: its __dict__ holds {name!r}, "
        f"{why}, which a payload cannot carry. Delete it from the function's __dict__ (or keep "
        "the data elsewhere), then dump again."
    )


def made_from_itself(cap: Capturer, node_ids: Set[str]) -> UnsupportedObjectError:
    """The error for objects that ``cap`` would write as calls whose arguments reach the objects
    themselves (``_model.reduce_cycles``: ``node_ids``): no loader can make such an object, so
    no payload holds one (pickle fails on them with a RecursionError)."""
    objects = {id(obj): obj for obj in cap.keep}
    found = [(node_id, objects.get(key)) for key, node_id in cap.memo.items() if node_id in node_ids]
    found.sort(key=lambda item: item[0])
    # (the ids of sections named so far: a container's or an instance's is named later)
    named = [node_id for node_id, _ in found if not node_id.startswith(PRIVATE)]
    chain = f", through {', '.join('@' + node_id for node_id in named)}" if named else ""
    for _, obj in found:
        kind = type(obj)
        if kind.__name__ == "TypeAliasType" and kind.__module__ == "typing":
            name = getattr(obj, "__name__", "?")
            return UnsupportedObjectError(
                f"cannot capture the type alias {name}: its value refers to itself (type {name} = "
                f"... {name} ...). Only its type statement can make a recursive "
                "type alias, and srcpickle captures type aliases by their value, not by their "
                f"statement. Write the reference to itself as a string in an assignment instead "
                f'({name} = Union[..., "{name}"]), or leave it out of what the function reads.'
            )
    obj = found[0][1] if found else None
    kind = type(obj)
    return UnsupportedObjectError(
        f"cannot capture {short_repr(obj)} of type {kind.__module__}.{kind.__qualname__}: it "
        f"would be made by a call (its __reduce__) whose arguments reach it again{chain}, and "
        "no loader can make an object from itself. Make its __reduce__ return the parts that "
        "refer back to it as state (the third item), which is set after the object is made, or "
        + _REMEDY[0].lower()
        + _REMEDY[1:]
    )

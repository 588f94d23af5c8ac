"""What srcpickle does around ``os.fork``: a child must not wait for ever on a lock that another
thread of its parent held inside srcpickle.

A process forked (multiprocessing's ``fork`` start method, ``os.fork``) while another thread holds
a lock inherits the lock held by a thread it does not have: its first use of it waits for ever
(a pool's worker hung in its first unpickling). Two kinds of lock are held inside srcpickle:

* importlib's lock of a module under import. srcpickle imports most of itself (the capture
  side, the pickler) and modules of the standard library (``ast``, ``inspect``, ``pickle``) on
  first use, in whichever thread dumps or loads first; on PyPy every import statement takes
  the lock, of a loaded module too. Before a fork, the forking thread waits until no other
  thread holds the lock of a srcpickle module, or of a module it imports from inside srcpickle;
  in the child, the locks still held by a thread of the parent (one that began between the wait
  and the fork) are dropped where their module is fully imported (a new one is made on next
  use), or is srcpickle's own (it is imported again).
* srcpickle's own locks (its caches'): the child re-initializes every one of them.

Imports only the standard library; never raises (an exception in a fork hook would only be
printed, and the fork made anyway).
"""

from __future__ import annotations

import _thread
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from types import FrameType
    from typing import List, Optional

# Rounds of waiting at most: a thread whose import ended may start the next one (its first dumps
# imports module after module); past this, the fork goes ahead (as it did before).
MAX_ROUNDS = 50


def _inside_srcpickle(frame: Optional[FrameType]) -> bool:
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).partition(".")[0] == "srcpickle":
            return True
        frame = frame.f_back
    return False


def _imports_under_way(bootstrap: object, me: int) -> List[str]:
    """The modules whose import lock another thread holds, for srcpickle."""
    names = []
    frames = None
    for name, ref in list(getattr(bootstrap, "_module_locks", {}).items()):
        owner = getattr(ref(), "owner", None)
        if owner is None or owner == me:
            continue
        if name.partition(".")[0] == "srcpickle":
            names.append(name)
            continue
        if frames is None:
            frames = sys._current_frames()
        if _inside_srcpickle(frames.get(owner)):
            names.append(name)
    return names


def wait_for_imports() -> None:
    """Wait until no other thread holds an import lock for srcpickle (an ``os.fork`` hook)."""
    try:
        bootstrap = sys.modules.get("_frozen_importlib")
        lock_unlock = getattr(bootstrap, "_lock_unlock_module", None)
        if lock_unlock is None:
            return
        me = _thread.get_ident()
        for _ in range(MAX_ROUNDS):
            names = _imports_under_way(bootstrap, me)
            if not names:
                return
            for name in names:
                # Waits for the holder (a deadlock with this thread is detected and passed over).
                lock_unlock(name)
    except Exception:  # noqa: BLE001, S110 - importlib's internals changed: fork as before
        pass


def _reinit(lock: object) -> None:
    # (an RLock this thread holds, had it forked inside srcpickle, stays this thread's)
    owned = getattr(lock, "_is_owned", None)
    reinit = getattr(lock, "_at_fork_reinit", None)  # CPython 3.9+, PyPy
    if reinit is not None and not (owned is not None and owned()):
        reinit()


_LOCK_TYPES = (type(_thread.allocate_lock()), type(_thread.RLock()))


def release_in_child() -> None:
    """Free, in a forked child, the locks a thread of the parent held for srcpickle (an
    ``os.fork`` hook)."""
    try:
        me = _thread.get_ident()
        bootstrap = sys.modules.get("_frozen_importlib")
        locks = getattr(bootstrap, "_module_locks", {})
        for name, ref in list(locks.items()):
            owner = getattr(ref(), "owner", None)
            if owner is None or owner == me:
                continue
            module = sys.modules.get(name)
            spec = getattr(module, "__spec__", None)
            loaded = module is not None and not getattr(spec, "_initializing", False)
            if loaded or name.partition(".")[0] == "srcpickle":
                if not loaded:
                    sys.modules.pop(name, None)
                locks.pop(name, None)
        caches = getattr(sys.modules.get("srcpickle._lru"), "BoundedCache", ())
        for name, module in list(sys.modules.items()):
            if name.partition(".")[0] != "srcpickle" or module is None:
                continue
            for value in list(vars(module).values()):
                if isinstance(value, _LOCK_TYPES):
                    _reinit(value)
                elif isinstance(value, caches):
                    _reinit(value._lock)
    except Exception:  # noqa: BLE001, S110 - importlib's internals changed: as before
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=wait_for_imports, after_in_child=release_in_child)

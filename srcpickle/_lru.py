"""A small thread-safe map that forgets its least recently used entries past a bound.

The caches of the loader use it (parsed payloads by their exact bytes, compiled code by the exact
text compiled): each is keyed by everything its value depends on, so an entry is never stale, and
bounded in entries and in a cost (bytes of text), so a process that loads payload after payload
does not grow.

Imports only the standard library.
"""

from __future__ import annotations

import _thread
from collections import OrderedDict

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Generic, Hashable, Optional, Tuple, TypeVar

    V = TypeVar("V")
else:
    # At run time Generic[V] is plain object: the cache is generic for type checkers only.
    V = "V"
    Generic = {V: object}


class BoundedCache(Generic[V]):
    """At most ``max_entries`` values whose costs add up to at most ``max_cost``."""

    def __init__(self, max_entries: int, max_cost: int) -> None:
        self.max_entries = max_entries
        self.max_cost = max_cost
        self._entries: OrderedDict[Hashable, Tuple[V, int]] = OrderedDict()
        self._cost = 0
        self._lock = _thread.allocate_lock()

    def get(self, key: Hashable) -> Optional[V]:
        """The value stored under ``key`` (now the most recently used), or None."""
        if key not in self._entries:
            # A miss (each cache's first look at a first load) takes no lock: a value another
            # thread stores meanwhile is not found, as if asked a moment earlier, and one it
            # removes meanwhile is looked for again below.
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: V, cost: int = 0) -> V:
        """Store ``value`` under ``key`` unless a value is there already; return the stored one.

        A value costing more than the whole bound is not stored (it is returned as it is).
        """
        if cost > self.max_cost:
            return value
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[0]
            self._entries[key] = (value, cost)
            self._cost += cost
            while len(self._entries) > self.max_entries or self._cost > self.max_cost:
                _, (_, old_cost) = self._entries.popitem(last=False)
                self._cost -= old_cost
            return value

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._cost = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

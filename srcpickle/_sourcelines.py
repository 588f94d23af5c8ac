"""Where the loader registers the lines of its sources: ``linecache.cache``, once linecache exists.

Importing ``linecache`` imports ``tokenize``, which compiles regular expressions at import: about
a third of the instructions of ``import srcpickle`` in a process that has not imported linecache
(issue 9), and a load needs nothing of linecache but its dict. So a load registers its lines in
``PENDING`` until some code imports linecache (a traceback, ``inspect``, a dumps); a finder
placed first on ``sys.meta_path`` by the first such entry sees that import and moves every
pending entry into the new module's ``cache`` before the import returns, so whoever imported it
finds them there. Then the finder leaves ``sys.meta_path``, and entries go straight to
``linecache.cache``.

Callers hold ``LOCK`` while they read or change the dict ``entries()`` returns: the move takes it
too, so no entry lands in ``PENDING`` after the move. This module imports only what every
interpreter has loaded at startup (``sys``, ``_thread``), and it never imports linecache.
"""

from __future__ import annotations

import _thread
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional

# Reentrant: a garbage collection inside a critical section may finalize a code object whose
# finalizer releases its entry (taking the lock again in the same thread).
LOCK = _thread.RLock()
# Synthetic file name -> linecache entry, while linecache is not imported.
PENDING: Dict[str, Any] = {}
# The linecache module once the pending entries went to its cache (one item): its ``cache`` is
# then looked up at each use, as ``linecache.cache`` was (a reload makes a new dict).
_LINECACHE: List[Any] = []


def entries() -> Dict[str, Any]:
    """The dict to register a synthetic file's lines in (call with ``LOCK`` held): linecache's
    cache, or ``PENDING`` (with the finder on ``sys.meta_path``) until linecache is imported."""
    if _LINECACHE:
        return _LINECACHE[0].cache  # type: ignore[no-any-return]
    module = sys.modules.get("linecache")
    if module is not None and type(getattr(module, "cache", None)) is dict:
        # linecache came in without the finder (imported before the first entry, or while it
        # was being imported when the finder was placed): the pending entries join it here.
        _adopt(module)
        return module.cache  # type: ignore[no-any-return]
    if _LinecacheFinder not in sys.meta_path:
        sys.meta_path.insert(0, _LinecacheFinder)
    return PENDING


def current() -> Dict[str, Any]:
    """The dict ``entries`` would return, without placing the finder (for releasing entries)."""
    return _LINECACHE[0].cache if _LINECACHE else PENDING


def _adopt(module: Any) -> None:
    # With LOCK held: from now on entries go to the cache of ``module`` (linecache).
    cache = module.cache
    for filename, entry in PENDING.items():
        cache.setdefault(filename, entry)
    PENDING.clear()
    _LINECACHE[:] = [module]


class _LinecacheFinder:
    """A meta path finder that finds nothing itself: for ``linecache`` it returns the spec the
    finders after it find, with a loader that moves the pending entries into the module's cache
    once the module has run."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "linecache":
            return None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is cls or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _AdoptingLoader(spec.loader)
                return spec
        return None


class _AdoptingLoader:
    """The loader of linecache's spec around the real one (``loader``): it runs the module, puts
    the real loader back in its place and hands the pending entries to its cache."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)

    def create_module(self, spec: Any) -> Optional[Any]:
        create = getattr(self.loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module: Any) -> None:
        spec = getattr(module, "__spec__", None)
        if spec is not None and spec.loader is self:
            spec.loader = self.loader
        if getattr(module, "__loader__", None) is self:
            module.__loader__ = self.loader
        self.loader.exec_module(module)
        with LOCK:
            if type(getattr(module, "cache", None)) is dict and not _LINECACHE:
                _adopt(module)
            if _LinecacheFinder in sys.meta_path:
                sys.meta_path.remove(_LinecacheFinder)

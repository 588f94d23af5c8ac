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
too, so no entry lands in ``PENDING`` after the move.

The dump side reads a file's lines the same way (``read_lines``) while linecache is not imported:
it registers them in ``PENDING`` as linecache would have in its cache, and the move keeps them.

This module imports only what every interpreter has loaded at startup (``sys``, ``_thread``; and
``os``, ``io`` when it reads a file), and it never imports linecache.

``inspect`` finds a class's source in the file of the module its ``__module__`` names, which for a
loaded class is not loaded, or is another file. ``when_inspect_imported`` runs an action (the
loader's: ``compiler.show_class_sources``) on ``inspect`` once it is imported, the same way: now
if it is, else through a finder that sees its import. Nothing imports inspect for it.
"""

from __future__ import annotations

import _thread
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional

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


def read_lines(filename: str, check: bool) -> Optional[List[str]]:
    """The lines ``linecache.getlines(filename)`` gives (after ``linecache.checkcache(filename)``
    when ``check``), while no code has imported linecache: a file's lines read as linecache
    reads them and registered as it registers them, in ``PENDING`` (which its import adopts: the
    same list, so what was proven about it holds); a loaded source's registered lines. None
    when only linecache can tell: it is imported, a made-up file name not registered, a file
    that cannot be read or stat'ed (a zip import's, a deleted one), one whose first two lines
    may declare an encoding, an empty file, or no UTF-8 text.

    A first ``dumps`` imported linecache for its source, and with it tokenize, whose import
    compiles regular expressions and builds its tables: ~1.3 ms, a third of that dumps in a
    process that had not imported them (issue 9)."""
    with LOCK:
        if _LINECACHE:
            return None
        module = sys.modules.get("linecache")
        if module is not None:
            if type(getattr(module, "cache", None)) is dict:
                # Taken over now, as entries() would at the next entry: the dump side then
                # knows, without this lock, that linecache answers (see _source._source_lines).
                _adopt(module)
            return None
        entry = PENDING.get(filename)
    if entry is not None and len(entry) == 4 and (entry[1] is None or not check):
        # (a loaded source's: mtime None, which checkcache leaves alone, as the attrs approach)
        lines: List[str] = entry[2]
        return lines
    if not filename or (filename.startswith("<") and filename.endswith(">")):
        return None
    import os

    try:
        stat = os.stat(filename)
    except (OSError, ValueError):
        return None  # (linecache looks further: a module's loader, sys.path; keeps a deleted one)
    if entry is not None and len(entry) == 4 and (entry[0], entry[1]) == (stat.st_size, stat.st_mtime):
        lines = entry[2]
        return lines
    try:
        with open(filename, "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    # tokenize.detect_encoding reads a declaration from the first two lines only (as bytes
    # lines), else takes UTF-8, or UTF-8 with its signature after a byte order mark.
    if not data or any(b"coding" in line for line in data.split(b"\n", 2)[:2]):
        return None
    import io

    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        # What tokenize.open gives linecache: a TextIOWrapper, universal newlines.
        lines = io.TextIOWrapper(io.BytesIO(data), encoding).readlines()
    except (UnicodeDecodeError, ValueError):
        return None
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"  # (as linecache.updatecache)
    with LOCK:
        cache = entries()
        if cache is not PENDING:
            return None  # linecache came in meanwhile: it answers
        known = cache.get(filename)
        if known is not None and len(known) == 4 and (known[0], known[1]) == (stat.st_size, stat.st_mtime):
            lines = known[2]  # (another thread read it first: one list for both)
        else:
            cache[filename] = (stat.st_size, stat.st_mtime, lines, filename)
    return lines


def _adopt(module: Any) -> None:
    # With LOCK held: from now on entries go to the cache of ``module`` (linecache).
    cache = module.cache
    for filename, entry in PENDING.items():
        cache.setdefault(filename, entry)
    PENDING.clear()
    _LINECACHE[:] = [module]


class _AfterImportFinder:
    """A meta path finder that finds nothing itself: for the module ``NAME`` it returns the spec
    the finders after it find, with a loader that runs ``ran`` on the module once it has run."""

    NAME = ""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name != cls.NAME:
            return None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if find is None or (isinstance(finder, type) and issubclass(finder, _AfterImportFinder)):
                continue
            spec = find(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _AdoptingLoader(spec.loader, cls.ran)
                return spec
        return None

    @classmethod
    def ran(cls, module: Any) -> None:
        """What to do with the module once it has run (called with ``LOCK`` held)."""


class _LinecacheFinder(_AfterImportFinder):
    """Moves the pending entries into linecache's cache once linecache has run."""

    NAME = "linecache"

    @classmethod
    def ran(cls, module: Any) -> None:
        if type(getattr(module, "cache", None)) is dict and not _LINECACHE:
            _adopt(module)
        if cls in sys.meta_path:
            sys.meta_path.remove(cls)


# What runs on inspect once it is imported (one action: see when_inspect_imported).
_INSPECT_ACTION: List[Callable[[Any], None]] = []


class _InspectFinder(_AfterImportFinder):
    """Runs the action of ``when_inspect_imported`` on inspect once inspect has run."""

    NAME = "inspect"

    @classmethod
    def ran(cls, module: Any) -> None:
        if cls in sys.meta_path:
            sys.meta_path.remove(cls)
        for action in _INSPECT_ACTION:
            action(module)


def when_inspect_imported(action: Callable[[Any], None]) -> None:
    """Run ``action(inspect)`` now if ``inspect`` is imported, else right after some code imports
    it (a finder first on ``sys.meta_path`` until then). ``action`` is the only one kept, and
    must do nothing when run again."""
    with LOCK:
        _INSPECT_ACTION[:] = [action]
        module = sys.modules.get("inspect")
        if module is not None:
            action(module)
        elif _InspectFinder not in sys.meta_path:
            sys.meta_path.insert(0, _InspectFinder)


class _AdoptingLoader:
    """The loader of a spec around the real one (``loader``): it runs the module, puts the real
    loader back in its place and runs ``ran`` on the module (with ``LOCK`` held)."""

    def __init__(self, loader: Any, ran: Callable[[Any], None]) -> None:
        self.loader = loader
        self.ran = ran

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
            self.ran(module)

"""Which installed distribution provides a module, and where this Python keeps its standard
library and its distributions.

``_deps`` answers most questions of a dumps without this module: a standard library module by its
name, a file of the user's own by the folders it lies in (``_deps._outside_installs``). Only a
module of an installed distribution, or a file inside this Python's install folders, brings it
in, so that the first dumps of a function that imports nothing of a distribution does not import
it (issue 9). Distribution metadata is read once per process.

Never imports the modules it classifies beyond what ``sys.modules`` already holds.
"""

from __future__ import annotations

import functools
import os
import sys

from ._deps import SHARED_PACKAGES, _site_entries, metadata_entries
from ._model import Distribution
from ._rebuild.checks import metadata_folder, metadata_headers, normalized_name

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple


@functools.cache
def install_paths() -> Dict[str, str]:
    """``sysconfig.get_paths()``: where this Python's standard library and distributions live.

    ``get_paths`` expands its scheme's templates with every build configuration variable, and
    reading those (``_sysconfigdata``, a dictionary of about a thousand entries) costs a first
    ``dumps`` a millisecond; the templates of the schemes use a handful of variables, all of them
    known without the build configuration. A template using any other falls back to
    ``get_paths`` itself. Only the keys srcpickle reads: ``stdlib``, ``platstdlib``, ``purelib``
    and ``platlib``.
    """
    import sysconfig  # imported where used: only classifying a module's file needs it

    implementation = "PyPy" if sys.implementation.name == "pypy" else "Python"
    known = {
        # As sysconfig sets them (its _PREFIX, _BASE_PREFIX, ... are these, normalized).
        "base": os.path.normpath(sys.prefix),
        "platbase": os.path.normpath(sys.exec_prefix),
        "installed_base": os.path.normpath(sys.base_prefix),
        "installed_platbase": os.path.normpath(sys.base_exec_prefix),
        "py_version_short": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "py_version_nodot": f"{sys.version_info[0]}{sys.version_info[1]}",
        "platlibdir": getattr(sys, "platlibdir", "lib"),
        "implementation": implementation,
        "implementation_lower": implementation.lower(),
        # 3.13: "t" on a free-threaded build, whose ABI flags say so.
        "abi_thread": "t" if "t" in getattr(sys, "abiflags", "") else "",
    }
    templates = sysconfig.get_paths(expand=False)
    try:
        paths = {}
        for key in _INSTALL_KEYS:
            if key in templates:
                template = templates[key]
                if os.name in ("posix", "nt"):
                    template = os.path.expanduser(template)
                paths[key] = os.path.normpath(template.format(**known))
        return paths
    except (KeyError, ValueError, IndexError):
        expanded = sysconfig.get_paths()
        return {key: expanded[key] for key in _INSTALL_KEYS if key in expanded}


# The install paths srcpickle reads: the standard library's and the distributions' folders.
_INSTALL_KEYS = ("stdlib", "platstdlib", "purelib", "platlib")


@functools.cache
def _stdlib_dirs() -> Tuple[str, ...]:
    paths = install_paths()
    # Each folder resolved once (stdlib and platstdlib are most often the same folder).
    dirs = {_realpath(path) for path in {paths[key] for key in ("stdlib", "platstdlib") if key in paths}}
    return tuple(sorted(dirs))


@functools.cache
def _site_dirs() -> Tuple[str, ...]:
    paths = install_paths()
    folders = {paths[key] for key in ("purelib", "platlib") if key in paths}
    folders.update(_site_entries())
    # Each folder resolved once (purelib, platlib and sys.path's entry are most often one folder).
    return tuple(sorted({_realpath(folder) for folder in folders}))


def _under(path: str, dirs: Tuple[str, ...]) -> bool:
    real = _realpath(path)
    return any(real == d or real.startswith(d + os.sep) for d in dirs)


# Resolving a module's file name takes an lstat per path component, for every global a dump
# classifies; the answer is kept per name (bounded), as the folders of installed modules and the
# links to them do not move under a running process.
@functools.lru_cache(maxsize=4096)
def _realpath(path: str) -> str:
    return os.path.realpath(path)


@functools.cache
def _packages_distributions() -> Dict[str, List[str]]:
    from importlib import metadata

    if hasattr(metadata, "packages_distributions"):
        return dict(metadata.packages_distributions())
    # Python 3.9 lacks packages_distributions: the same mapping from each distribution's
    # top_level.txt, else the first component of the files it installed.
    mapping: Dict[str, List[str]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        tops = (dist.read_text("top_level.txt") or "").split()
        if not tops:
            tops = [
                str(f).split("/")[0].split(".")[0]
                for f in (dist.files or [])
                if "/" in str(f) or str(f).endswith(".py")
            ]
        for top in dict.fromkeys(tops):
            mapping.setdefault(top, []).append(name)
    return mapping


def _declared_beside(top: str) -> Optional[Tuple[str, Optional[str], str]]:
    """The name, version and ``.dist-info`` folder of the distribution that declares the imported
    package or module ``top`` in the folder it was imported from; ``UNDECLARED`` when that folder
    holds distributions and none of them declares it; None when only the full scan of every
    installed distribution can say. Name and version come from its METADATA, so that a first
    dumps does not import ``importlib.metadata`` (~20 ms: email, zipfile, csv, ...) to read a
    version: the version of the distribution whose code was imported, which is the one
    ``metadata.version`` finds first on ``sys.path`` unless another copy of its metadata is left
    in a folder before it.

    Listing every installed distribution costs a process with hundreds of them hundreds of
    milliseconds (issue 9); this reads one folder. A regular package belongs to the one
    distribution that installed it, and its metadata sits beside it, so the answer is the full
    scan's. Left to the full scan: a namespace package (no file: several distributions share it,
    each in a folder of its own), a module whose folder holds no metadata (an editable install, a
    checkout on ``sys.path``), and the folders where the answer is not one distribution's.
    """
    path = getattr(sys.modules.get(top), "__file__", None)
    if not isinstance(path, str) or not path:
        return None
    return _declared_in(top, path)


# _declared_beside's answer for a module that no distribution in its folder declares (a module of
# the user's own beside installed distributions): not a distribution's, without the full scan.
UNDECLARED: Tuple[str, Optional[str], str] = ("", None, "")


# Read once per process for each imported package's file, as versions always were (_version).
@functools.lru_cache(maxsize=4096)
def _declared_in(top: str, path: str) -> Optional[Tuple[str, Optional[str], str]]:
    folder = metadata_folder(path)
    entries = metadata_entries(folder)
    if not entries:
        return None
    wanted = normalized_name(top)
    first = wanted.split("-")[0]
    # (a name normalizes to ``wanted`` only if it starts with its first part, or with a separator)
    for entry in _lines_starting(entries, (first, "_", ".")):
        if (
            not entry.endswith(".dist-info")
            or normalized_name(entry[: -len(".dist-info")].split("-")[0]) != wanted
        ):
            continue
        found = os.path.join(folder, entry)
        if _declares(found, top):
            name, version = metadata_headers(found)
            if name is not None and _plugins_beside(entries, folder, wanted, top, entry):
                # (finish then asks each submodule dumped which distribution installed it)
                SHARED_PACKAGES.add(top)
            return None if name is None else (name, version, found)
    # A distribution named other than its package (PyYAML for ``yaml``), or none: what each
    # distribution of the folder declares.
    declared_by = _folder_declarations(folder, entries)
    if declared_by is None:
        # A distribution here does not say what it installs (no top_level.txt, no RECORD: an
        # .egg-info file of distutils): it may be this module's.
        return None
    owners = declared_by.get(top, ())
    if not owners:
        return UNDECLARED
    if len(owners) > 1 or not owners[0].endswith(".dist-info"):
        # Several distributions declare it (the full scan takes the first by name, and marks the
        # package shared), or an .egg-info does (its headers are in PKG-INFO, not read here).
        return None
    found = os.path.join(folder, owners[0])
    name, version = metadata_headers(found)
    return None if name is None else (name, version, found)


# What the distributions of a folder declare (_folder_declarations), beside the listing it was
# read from: read again when the folder's listing changed.
_DECLARATIONS: Dict[str, Tuple[Tuple[str, ...], Optional[Dict[str, Tuple[str, ...]]]]] = {}


def _folder_declarations(folder: str, entries: Tuple[str, ...]) -> Optional[Dict[str, Tuple[str, ...]]]:
    # The top-level names each distribution of ``folder`` declares (as _declares reads them), as
    # the .dist-info and .egg-info entries declaring each name; None when one of them says
    # nothing. One read of each distribution per folder listing, of the two small files alone:
    # hundreds of distributions cost a first dumps about a millisecond, the full scan ~1.5 s.
    known = _DECLARATIONS.get(folder)
    if known is not None and known[0] is entries:
        return known[1]
    declared_by: Optional[Dict[str, Tuple[str, ...]]] = {}
    mapping: Dict[str, Tuple[str, ...]] = {}
    head = folder + os.sep  # (os.path.join's checks cost more than the read, per distribution)
    # The common case read here, as _declared_tops reads it: a top_level.txt that lists names in
    # one small read. os.open, os.read and os.close are all a distribution costs then: a 64 KiB
    # buffer (_read_text's) and two calls more per distribution cost the first dumps beside
    # hundreds of them more than the reads (issue 9). Anything else (no top_level.txt, an empty
    # or long one, an error) is _declared_tops' to read, as before.
    open_file, read, close, flags = os.open, os.read, os.close, _READ_FLAGS
    for entry in entries:
        tops: Optional[List[str]] = None
        try:
            fd = open_file(head + entry + _TOP_LEVEL, flags)
        except OSError:
            pass
        else:
            try:
                data = read(fd, _TOP_LEVEL_READ)
            except OSError:
                data = b""
            finally:
                close(fd)
            if len(data) < _TOP_LEVEL_READ:
                tops = data.decode("utf-8", "replace").split()
        if not tops:
            tops = _declared_tops(head + entry + os.sep)
            if tops is None:
                declared_by = None
                break
        elif len(tops) > 1:
            tops = list(dict.fromkeys(tops))
        for top in tops:
            mapping[top] = mapping.get(top, ()) + (entry,)
    else:
        declared_by = mapping
    _DECLARATIONS[folder] = (entries, declared_by)
    return declared_by


_TOP_LEVEL = os.sep + "top_level.txt"
# A top_level.txt lists a distribution's few top-level names: one read of this size holds it (a
# longer one is read whole by _declared_tops).
_TOP_LEVEL_READ = 1024


def _declared_tops(head: str) -> Optional[List[str]]:
    # _declares for every name at once, for the .dist-info folder ``head`` (ending with a
    # separator): the names of top_level.txt if there is one, else the first components of the
    # folders and the .py modules RECORD lists; None without either.
    text = _read_text(head + "top_level.txt")
    if text is not None:
        tops = text.split()
        if tops:  # (an empty one says nothing: packages_distributions reads the files installed)
            return tops if len(tops) == 1 else list(dict.fromkeys(tops))
    text = _read_text(head + "RECORD")
    return None if text is None else list(dict.fromkeys(_record_tops().findall(text)))


@functools.cache
def _record_tops() -> Any:
    import re  # (loaded by the time a dumps gets here: tokenize imports it)

    # ``top/...`` or ``top.py,`` at the start of a RECORD line, as _declares matches them.
    return re.compile(r"^([^/,\r\n]+)(?:/|\.py,)", re.MULTILINE)


def _read_text(path: str) -> Optional[str]:
    # A small file's text without a buffered text reader: os.open/os.read (issue 9, a read for
    # each of hundreds of distributions).
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        data = os.read(fd, _READ_SIZE)
        if len(data) == _READ_SIZE:  # (a RECORD may be longer; top_level.txt hardly ever is)
            chunks = [data]
            while chunks[-1]:
                chunks.append(os.read(fd, _READ_SIZE))
            data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data.decode("utf-8", "replace")


_READ_SIZE = 1 << 16  # one read for the files of most distributions
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # (Windows: no newline translation)


def _plugins_beside(entries: Tuple[str, ...], folder: str, wanted: str, top: str, own: str) -> bool:
    # Whether a distribution named after the package (``namedpkg-plugin`` for ``namedpkg``) in
    # the same folder installs into it too: only such names are read (a folder may hold hundreds).
    # ``own``, the package's own .dist-info, matches the prefix too (``namedpkg-1.0.dist-info``):
    # taken for a plugin, it marked every package found by name as shared.
    prefix = wanted.replace("-", "_") + "_"
    for entry in _lines_starting(entries, (wanted.split("-")[0],)):
        if (
            entry != own
            and entry.endswith(".dist-info")
            and entry.lower().replace("-", "_").replace(".", "_").startswith(prefix)
        ):
            if _declares(os.path.join(folder, entry), top):
                return True
    return False


def _lines_starting(entries: Tuple[str, ...], starts: Tuple[str, ...]) -> List[str]:
    # The entries whose lowercase name starts with one of ``starts`` (lowercase), in the order
    # of the listing: found by str.find in the listing's text, as a loop in Python over a folder
    # of hundreds of distributions costs a first dumps milliseconds (issue 9). Callers check
    # each entry found as before.
    text = _listing_text(entries)
    found = set()
    for start in starts:
        needle = "\n" + start
        at = text.find(needle)
        while at >= 0:
            found.add(text.count("\n", 0, at))  # (the line's index: lower() may change lengths)
            at = text.find(needle, at + 1)
    return [entries[index] for index in sorted(found)]


# The folder listings _listing_text joined, by the identity of the listing (kept beside).
_LISTING_TEXTS: Dict[int, Tuple[Tuple[str, ...], str]] = {}


def _listing_text(entries: Tuple[str, ...]) -> str:
    # "\n" and each entry, lowercase: a line starts after each "\n".
    known = _LISTING_TEXTS.get(id(entries))
    if known is not None and known[0] is entries:
        return known[1]
    if len(_LISTING_TEXTS) >= 64:  # (a process lists few folders; listings replaced are dropped)
        _LISTING_TEXTS.clear()
    text = "\n" + "\n".join(entries).lower()
    if text.count("\n") != len(entries):  # (a name holding a newline: one line each still)
        text = "".join("\n" + entry.lower().replace("\n", " ") for entry in entries)
    _LISTING_TEXTS[id(entries)] = (entries, text)
    return text


def _declares(dist_info: str, top: str) -> bool:
    # As importlib.metadata.packages_distributions reads it: top_level.txt if there is one, else
    # the files RECORD lists.
    try:
        with open(os.path.join(dist_info, "top_level.txt"), encoding="utf-8") as handle:
            return top in handle.read().split()
    except OSError:
        pass
    try:
        with open(os.path.join(dist_info, "RECORD"), encoding="utf-8") as handle:
            return any(line.startswith((f"{top}/", f"{top}.py,")) for line in handle)
    except OSError:
        return False


@functools.cache
def _version(dist_name: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(dist_name)
    except metadata.PackageNotFoundError:
        return None


# The answers of distribution_of for modules outside the standard library, by module name, each
# beside what it was read from: the file of the module's top package and the modification time of
# the folder holding it and its distributions' metadata (installing, upgrading or removing a
# distribution there adds, renames or deletes a .dist-info folder in it). Looking the metadata up
# again lists that folder and reads files in it: ~0.2 ms per module per dumps.
_DISTRIBUTIONS: Dict[str, Tuple[Tuple[str, int], Optional[Distribution]]] = {}


# Modules whose answers are kept (a process imports far fewer): past it, the table starts over.
DISTRIBUTIONS_KEPT = 1024


def _metadata_key(top: str) -> Optional[Tuple[str, int]]:
    # What distribution_of's answer for a module of package ``top`` was read from: the package's
    # file and the modification time of the folder _declared_beside lists; None when there is
    # no such file (a namespace package) or folder.
    path = getattr(sys.modules.get(top), "__file__", None)
    if not isinstance(path, str) or not path:
        return None
    try:
        return path, os.stat(metadata_folder(path)).st_mtime_ns
    except OSError:
        return None


def _find_distribution(module_name: str, top: str) -> Optional[Distribution]:
    near = _declared_beside(top)
    if near is UNDECLARED:
        return _undeclared(top)
    if near is not None:
        name, version, dist_info = near
        # A submodule the distribution beside its package did not install is another's (a
        # plugin adding namedpkg/plugin.py from namedpkg-plugin): found below, by its files.
        if module_name == top or _installed_by(dist_info, module_name) is not False:
            return Distribution(name, version if version is not None else _version(name))
        SHARED_PACKAGES.add(top)
    if module_name != top:
        installer = _installer_beside(top, module_name)
        if installer is not None:
            SHARED_PACKAGES.add(top)
            return installer
    names = sorted(_packages_distributions().get(top, []))
    if len(names) > 1:
        SHARED_PACKAGES.add(top)
    if len(names) > 1 and module_name != top:
        # Several distributions install into ``top`` (a namespace package spread over folders,
        # plugins adding modules to a package): the one whose files hold the module itself, not
        # the first by name (``jaraco.functools`` was recorded as jaraco.classes).
        names = _owners(module_name, names) or names
    if names:
        return Distribution(names[0], _version(names[0]))
    return _undeclared(top)


def _undeclared(top: str) -> Optional[Distribution]:
    # No distribution declares ``top``: a module dropped into site-packages by hand is recorded
    # by its own name; anywhere else it is the user's own.
    path = getattr(sys.modules.get(top), "__file__", None)
    if path and _under(path, _site_dirs()):
        return Distribution(top)
    return None


def _installer_beside(top: str, module_name: str) -> Optional[Distribution]:
    # Of the distributions that declare package ``top`` in the folder it was imported from (a
    # plugin adding namedpkg/plugin.py to namedpkg), the one whose RECORD lists a file of
    # submodule ``module_name``: the full scan's answer, as their metadata sits beside the
    # package. None when not exactly one says so and every other says not.
    path = getattr(sys.modules.get(top), "__file__", None)
    if not isinstance(path, str) or not path:
        return None
    folder = metadata_folder(path)
    declared_by = _folder_declarations(folder, metadata_entries(folder))
    if declared_by is None:
        return None
    installers = []
    for entry in declared_by.get(top, ()):
        installed = _installed_by(os.path.join(folder, entry), module_name)
        if installed is None or (installed and not entry.endswith(".dist-info")):
            return None
        if installed:
            installers.append(entry)
    if len(installers) != 1:
        return None
    name, version = metadata_headers(os.path.join(folder, installers[0]))
    return None if name is None else Distribution(name, version if version is not None else _version(name))


def _installed_by(dist_info: str, module_name: str) -> Optional[bool]:
    """Whether the distribution of ``dist_info`` installed a file of module ``module_name``, as its
    RECORD lists it; None when it has no RECORD to say."""
    paths = _record_modules(dist_info)
    return None if paths is None else module_name.replace(".", "/") in paths


@functools.lru_cache(maxsize=256)
def _record_modules(dist_info: str) -> Optional[FrozenSet[str]]:
    # The modules and packages a distribution's RECORD lists, as paths without suffixes
    # (``a/b`` for ``a/b.py``, ``a/b/__init__.py`` and ``a/b.cpython-311-x86_64-linux-gnu.so``);
    # read once per process for each distribution asked (a submodule of a package dumped).
    try:
        with open(os.path.join(dist_info, "RECORD"), encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    found: Set[str] = set()
    for line in lines:
        path = line.split(",", 1)[0].replace("\\", "/")
        folder, _, last = path.rpartition("/")
        found.add(f"{folder}/{last.split('.', 1)[0]}" if folder else last.split(".", 1)[0])
        while folder:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return frozenset(found)


def _owners(module_name: str, names: List[str]) -> List[str]:
    # Of distributions ``names``, those that installed a file of module ``module_name`` (its
    # ``a/b.py``, ``a/b/...`` or an extension module ``a/b.<tag>.so``), as their RECORD lists it.
    from importlib import metadata

    path = module_name.replace(".", "/")
    owners = []
    for name in names:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        for file in files:
            text = str(file).replace("\\", "/")
            if text.startswith(path + "/") or (text.startswith(path + ".") and "/" not in text[len(path) :]):
                owners.append(name)
                break
    return owners


def distribution_outside_stdlib(module_name: str, top: str) -> Optional[Distribution]:
    """``_deps.distribution_of`` for a module outside the standard library: the distribution that
    provides it, or None for code of the user's own."""
    key = _metadata_key(top)
    if key is None:
        return _find_distribution(module_name, top)
    known = _DISTRIBUTIONS.get(module_name)
    if known is not None and known[0] == key:
        return known[1]
    if known is not None and known[1] is not None:
        # A distribution's folder changed (one installed, upgraded or removed there): what was
        # read of its metadata before (names, versions) may be stale too.
        _version.cache_clear()
        _declared_in.cache_clear()
        _record_modules.cache_clear()
    found = _find_distribution(module_name, top)
    if len(_DISTRIBUTIONS) >= DISTRIBUTIONS_KEPT:
        _DISTRIBUTIONS.clear()
    _DISTRIBUTIONS[module_name] = (key, found)
    return found

"""Writing a payload file atomically: readers see the old file or the new one, never half.

``write_atomic`` writes a temporary file beside the target, flushes it to disk and renames it over
the target. To the user it behaves as ``open(path, "wb")`` would: the new file gets the mode
``open()`` gives (``0o666`` less the umask) or, when the target exists, the target's own mode; a
target ``open()`` could not write (read-only, a directory, a missing folder) is refused with the
same ``OSError``; and every error names the user's path, never the temporary file.

This module imports only the standard library.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from typing import Optional, Tuple, Union

PathLike = Union[str, "os.PathLike[str]"]

# Temporary names made before giving up: each is 8 random hex digits, so a clash is only ever a
# leftover of a writer killed mid-write.
_TEMP_TRIES = 100


def write_atomic(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    A symbolic link is written through, as ``open()`` does: its target is replaced.

    Raises:
        OSError: as ``open(path, "wb")`` would raise it (``PermissionError`` for a read-only
            target or folder, ``IsADirectoryError``, ``FileNotFoundError`` for a missing folder),
            or from writing (a full disk), always naming ``path``.
    """
    shown = os.fspath(path)
    target = os.path.realpath(shown)
    existing = _existing_mode(shown, target)
    directory = os.path.dirname(target)
    fd, temp = _create_temp(shown, directory, os.path.basename(target))
    try:
        try:
            if existing is not None:
                # The umask applied to 0o666 at creation; an existing file keeps its own mode.
                os.fchmod(fd, existing)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException as exc:
        _remove(temp)
        if isinstance(exc, OSError):
            raise _about(exc, shown) from exc
        raise
    _sync_directory(directory)


def _existing_mode(shown: str, target: str) -> Optional[int]:
    """The permission bits of an existing target, after checking ``open()`` could write it."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _about(exc, shown) from exc
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), shown)
    try:
        # Opening for writing without O_CREAT or O_TRUNC checks exactly what open(path, "wb")
        # checks (permissions, read-only file systems, root's rights) and changes nothing.
        os.close(os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError as exc:
        raise _about(exc, shown) from exc
    return stat.S_IMODE(info.st_mode)


def _create_temp(shown: str, directory: str, name: str) -> Tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TEMP_TRIES):
        temp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 as open() uses: the kernel applies the process's umask.
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
        except OSError as exc:
            raise _about(exc, shown) from exc
    raise FileExistsError(errno.EEXIST, "no free temporary file name beside it", shown)


def _about(exc: OSError, shown: str) -> OSError:
    """``exc`` again, naming the user's path instead of the temporary file."""
    if exc.errno is None:
        return OSError(f"{exc} (writing {shown})")
    return type(exc)(exc.errno, exc.strerror or os.strerror(exc.errno), shown)


def _remove(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass  # already renamed, or never created: nothing of ours is left


def _sync_directory(directory: str) -> None:
    # The rename is durable once the folder's entry is on disk; not every platform can open a
    # folder, and the data itself is already synced.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

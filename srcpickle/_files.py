"""Payload bytes in and out: what every entry point takes as a payload, and writing files atomically.

``payload_bytes`` turns what a caller passes as a payload (bytes, a bytearray or memoryview, or
text) into one immutable ``bytes`` object, the same way for every public entry point: text is
encoded as UTF-8, strictly, so text that is no UTF-8 (a lone surrogate) is a ``PayloadFormatError``
wherever it is passed. One copy is taken, so a buffer changed by another thread after the call
cannot make a signature check and the parse see different bytes.

``write_atomic`` writes a temporary file beside the target, flushes it to disk and renames it over
the target. To the user it behaves as ``open(path, "wb")`` would: the new file gets the mode
``open()`` gives (``0o666`` less the umask) or, when the target exists, the target's own mode; a
target ``open()`` could not write (read-only, a directory, a missing folder) is refused with the
same ``OSError``; and every error names the user's path, never the temporary file. ``stage`` is
its first half, for writing several files all or nothing: every temporary file is written before
any is renamed.

This module imports only the standard library.
"""

from __future__ import annotations

import errno
import os
import stat

from .errors import PayloadFormatError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Optional, Tuple, TypeAlias, Union

PathLike: TypeAlias = "Union[str, os.PathLike[str]]"
PayloadData: TypeAlias = "Union[bytes, bytearray, memoryview, str]"

# Temporary names made before giving up: each is 8 random hex digits, so a clash is only ever a
# leftover of a writer killed mid-write.
_TEMP_TRIES = 100


def payload_bytes(data: PayloadData) -> bytes:
    """The payload ``data`` as one immutable copy of its bytes.

    Args:
        data: payload bytes (``bytes``, ``bytearray``, ``memoryview``) or text.

    Returns:
        ``data`` itself when it is exactly ``bytes``; a copy of the contents of any other buffer
        (a subclass of ``bytes`` included); text encoded as UTF-8.

    Raises:
        PayloadFormatError: text that cannot be encoded as UTF-8 (a lone surrogate, with its line
            and column), or ``data`` of another type.
    """
    if type(data) is bytes:
        return data
    if isinstance(data, (bytes, bytearray, memoryview)):
        # Through the buffer, not bytes(data): a subclass's __bytes__ could answer each call
        # differently, and only the bytes the buffer holds are the payload.
        return bytes(memoryview(data))
    if isinstance(data, str):
        try:
            return data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = data.count("\n", 0, exc.start) + 1
            column = exc.start - (data.rfind("\n", 0, exc.start) + 1) + 1
            raise PayloadFormatError(
                f"payload text cannot be encoded as UTF-8: {exc.reason} "
                f"({exc.object[exc.start : exc.end]!r}); a payload is UTF-8 text: pass the bytes "
                "dumps returned, or text decoded from them strictly",
                line,
                column,
            ) from exc
    raise PayloadFormatError(f"payload must be bytes or str, not {type(data).__name__}")


def write_atomic(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    A symbolic link is written through, as ``open()`` does: its target is replaced.

    Raises:
        OSError: as ``open(path, "wb")`` would raise it (``PermissionError`` for a read-only
            target or folder, ``IsADirectoryError``, ``FileNotFoundError`` for a missing folder),
            or from writing (a full disk), always naming ``path``.
    """
    stage(path, data).commit()


class Staged:
    """A file written to a temporary file beside its target, synced, and not yet renamed over
    it: ``commit()`` puts it in place, ``discard()`` removes it (both are safe to call once the
    other ran)."""

    def __init__(self, shown: str, temp: str, target: str) -> None:
        self.shown = shown
        self.temp = temp
        self.target = target
        self.done = False

    def commit(self) -> None:
        """Rename the temporary file over the target.

        Raises:
            OSError: the rename failed (the temporary file is removed), naming the user's path.
        """
        if self.done:
            return
        self.done = True
        try:
            os.replace(self.temp, self.target)
        except OSError as exc:
            _remove(self.temp)
            raise _about(exc, self.shown) from exc
        _sync_directory(os.path.dirname(self.target))

    def discard(self) -> None:
        """Remove the temporary file; the target stays as it was."""
        if not self.done:
            self.done = True
            _remove(self.temp)


def stage(path: PathLike, data: bytes) -> Staged:
    """The first half of ``write_atomic``: ``data`` written and synced to a temporary file beside
    ``path``, to be committed or discarded.

    Raises:
        OSError: as ``write_atomic``; nothing is left behind.
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
    except BaseException as exc:
        _remove(temp)
        if isinstance(exc, OSError):
            raise _about(exc, shown) from exc
        raise
    return Staged(shown, temp, target)


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
        temp = os.path.join(directory, f".{name}.{os.urandom(4).hex()}.tmp")
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

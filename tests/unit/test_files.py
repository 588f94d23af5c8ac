"""dump() to a path (issue 12): atomic even when the writer is killed, with the mode, refusals and
error messages of open(path, "wb").

The atomicity tests kill a real writer process in the middle of writing a large payload, with
SIGKILL from outside and with SIGXFSZ at a file-size limit (the kernel stops it at an exact byte),
and check that the old payload is still whole. A writer that wrote the target in place would
leave half a payload behind and fail them.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import srcpickle

from . import import_from, interpreters, isolated, write_module

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534
# The large payload's data: base64 makes about 4/3 of it, written in one go.
LARGE_BYTES = 24_000_000

WRITER = """
import os, resource, signal, sys
import srcpickle

BLOB = bytes(range(256)) * ({size} // 256)

def big():
    return len(BLOB)

if len(sys.argv) > 2:
    # Stop at an exact byte: past this size the kernel sends SIGXFSZ, which CPython ignores
    # unless told otherwise.
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
print("writing", flush=True)
srcpickle.dump(big, sys.argv[1])
print("done", flush=True)
"""


@pytest.fixture()
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    write_module(tmp_path / "code", "files_small", "def small(x):\n    return x * 7\n")
    return import_from(monkeypatch, tmp_path / "code", "files_small").small


@pytest.fixture()
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


def _writer(tmp_path: Path) -> Path:
    script = tmp_path / "writer.py"
    script.write_text(textwrap.dedent(WRITER.format(size=LARGE_BYTES)), encoding="utf-8")
    return script


def _old_payload(small: Any, path: Path) -> bytes:
    srcpickle.dump(small, path)
    return path.read_bytes()


def _others(directory: Path, target: Path) -> int:
    """Bytes in files of ``directory`` other than the target and the writer script."""
    total = 0
    for entry in os.scandir(directory):
        if entry.name not in (target.name, "writer.py") and entry.is_file():
            total += entry.stat().st_size
    return total


def test_a_writer_killed_mid_write_leaves_the_old_file_whole(small: Any, tmp_path: Path) -> None:
    target = tmp_path / "fn.srcpickle"
    old = _old_payload(small, target)
    old_inode = target.stat().st_ino
    child = subprocess.Popen(
        [sys.executable, str(_writer(tmp_path)), str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    # Kill as soon as the new payload is on its way: a file beside the target has bytes, or the
    # target itself changed (what a writer in place would do).
    deadline = time.monotonic() + 60
    written = 0
    while time.monotonic() < deadline and child.poll() is None:
        written = _others(tmp_path, target)
        if written or target.stat().st_ino != old_inode or target.stat().st_size != len(old):
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL, "the writer finished before it could be killed"
    assert target.read_bytes() == old
    assert srcpickle.load(target)(3) == 21
    assert written > 0, "killed before writing began: nothing was tested"


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE and SIGXFSZ")
def test_a_writer_stopped_at_an_exact_byte_leaves_the_old_file_whole(small: Any, tmp_path: Path) -> None:
    target = tmp_path / "fn.srcpickle"
    old = _old_payload(small, target)
    limit = LARGE_BYTES // 2
    proc = subprocess.run(
        [sys.executable, "-B", str(_writer(tmp_path)), str(target), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGXFSZ, proc.stderr
    assert proc.stdout == "writing\n"
    assert target.read_bytes() == old
    assert _others(tmp_path, target) == limit  # the half-written temporary file, never renamed


def test_new_file_gets_the_mode_open_gives(small: Any, tmp_path: Path, umask: Any) -> None:
    for mask in (0o022, 0o027, 0o077, 0o002):
        umask(mask)
        srcpickle.dump(small, tmp_path / f"m{mask:o}.srcpickle")
        with open(tmp_path / f"open{mask:o}", "wb"):
            pass
        expected = stat.S_IMODE(os.stat(tmp_path / f"open{mask:o}").st_mode)
        assert stat.S_IMODE(os.stat(tmp_path / f"m{mask:o}.srcpickle").st_mode) == expected == 0o666 & ~mask


def test_an_existing_file_keeps_its_mode(small: Any, tmp_path: Path, umask: Any) -> None:
    umask(0o077)
    target = tmp_path / "fn.srcpickle"
    target.write_bytes(b"old")
    target.chmod(0o604)
    srcpickle.dump(small, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert srcpickle.load(target)(1) == 7


def test_a_symbolic_link_is_written_through(small: Any, tmp_path: Path) -> None:
    real = tmp_path / "real.srcpickle"
    real.write_bytes(b"old")
    link = tmp_path / "link.srcpickle"
    link.symlink_to(real)
    srcpickle.dump(small, link)
    assert link.is_symlink() and srcpickle.load(real)(2) == 14


@pytest.mark.parametrize(
    "make,error",
    [
        (lambda d: (d / "t").mkdir(), IsADirectoryError),
        (lambda d: None, FileNotFoundError),
        (lambda d: (d / "file").write_text("x"), NotADirectoryError),
    ],
    ids=["directory", "missing-folder", "parent-is-a-file"],
)
def test_refusals_are_open_s_and_name_the_path(small: Any, tmp_path: Path, make: Any, error: Any) -> None:
    make(tmp_path)
    target = {IsADirectoryError: tmp_path / "t", FileNotFoundError: tmp_path / "no" / "t"}.get(
        error, tmp_path / "file" / "t"
    )
    with pytest.raises(error) as opened:
        open(target, "wb")  # noqa: SIM115 - the reference behaviour
    with pytest.raises(error) as dumped:
        srcpickle.dump(small, target)
    assert dumped.value.filename == str(target) == opened.value.filename
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _as_nobody(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` as user nobody, on an interpreter nobody may run, with a copy of srcpickle
    nobody may read (this interpreter may live under root's home)."""
    interpreter = next(
        (i for i in interpreters() if i.implementation == "cpython" and _runs_as_nobody(i.path)), None
    )
    if interpreter is None:
        pytest.skip("no interpreter that user nobody may run")
    package = isolated()
    os.chmod(package.directory, 0o755)

    def drop() -> None:
        os.setgid(NOBODY)
        os.setuid(NOBODY)

    prelude = f"import sys; sys.path[:0] = [{package.directory!r}]\n"
    return subprocess.run(
        [interpreter.path, "-I", "-B", "-c", prelude + code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        preexec_fn=drop,  # the child only drops privileges, then execs
    )


def _runs_as_nobody(path: str) -> bool:
    real = os.path.realpath(path)
    parts = Path(real).parents
    return os.stat(real).st_mode & stat.S_IXOTH != 0 and all(os.stat(p).st_mode & stat.S_IXOTH for p in parts)


NOBODY_DUMP = """
import sys, srcpickle
try:
    srcpickle.dump(len, sys.argv[1])
except OSError as exc:
    print(type(exc).__name__, exc.filename, exc.strerror)
else:
    print("written")
"""


@pytest.mark.skipif(not IS_ROOT, reason="drops to user nobody, which needs root")
def test_a_read_only_file_is_refused_like_open_even_in_a_writable_folder() -> None:
    """Renaming over a read-only file in a writable folder would succeed; open() refuses it, and
    so does dump(). (Run as nobody: root may write any file.)"""
    folder = tempfile.mkdtemp(prefix="srcpickle-ro-")
    try:
        os.chmod(folder, 0o777)
        target = os.path.join(folder, "fn.srcpickle")
        with open(target, "wb") as handle:
            handle.write(b"old")
        os.chmod(target, 0o444)
        proc = _as_nobody(NOBODY_DUMP, target)
        assert proc.stdout.split("\n")[0] == f"PermissionError {target} Permission denied", proc.stderr
        with open(target, "rb") as handle:
            assert handle.read() == b"old"
        assert sorted(os.listdir(folder)) == ["fn.srcpickle"]
    finally:
        subprocess.run(["rm", "-rf", folder], check=True)


@pytest.mark.skipif(not IS_ROOT, reason="drops to user nobody, which needs root")
def test_an_unwritable_folder_is_reported_with_the_user_s_path() -> None:
    folder = tempfile.mkdtemp(prefix="srcpickle-ro-")
    try:
        os.chmod(folder, 0o755)
        target = os.path.join(folder, "fn.srcpickle")
        proc = _as_nobody(NOBODY_DUMP, target)
        assert proc.stdout.split("\n")[0] == f"PermissionError {target} Permission denied", proc.stderr
        assert os.listdir(folder) == []
    finally:
        subprocess.run(["rm", "-rf", folder], check=True)


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, small: Any) -> None:
    """A full file system: the error names the target, and the temporary file is gone."""
    target = tmp_path / "fn.srcpickle"
    old = _old_payload(small, target)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    code = (
        "import resource, signal, sys, srcpickle\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"  # SIGXFSZ stays ignored: EFBIG
        "def f():\n    return 'x' * 10\n"
        "BIG = 'y' * 5000\n"
        "def g():\n    return BIG\n"
        "try:\n    srcpickle.dump(g, sys.argv[1])\n"
        "except OSError as exc:\n    print(type(exc).__name__, exc.filename)\n"
    )
    script = tmp_path / "fill.py"
    script.write_text(code, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-B", str(script), str(target)], capture_output=True, text=True)
    assert proc.stdout.strip() == f"OSError {target}" or proc.stdout.strip().endswith(f" {target}"), proc
    assert target.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["code", "fill.py", "fn.srcpickle"]
    assert (soft, hard) == resource.getrlimit(resource.RLIMIT_FSIZE)


@pytest.mark.parametrize(
    "form",
    ["str", "bytes", "pathlib.Path", "a PathLike of bytes", "a non-UTF-8 bytes name"],
)
def test_dump_and_load_take_every_path_open_takes(small: Any, tmp_path: Path, form: str) -> None:
    """dump(fn, b"/tmp/x.srcpickle") raised a bare TypeError ("Can't mix strings and bytes in path
    components") and load(b"...") worked: both take what open() takes, the same way."""

    class BytesPath:
        def __init__(self, path: bytes) -> None:
            self.path = path

        def __fspath__(self) -> bytes:
            return self.path

    target = tmp_path / "payload.srcpickle"
    raw = os.fsencode(target)
    path: Any = {
        "str": str(target),
        "bytes": raw,
        "pathlib.Path": target,
        "a PathLike of bytes": BytesPath(raw),
        "a non-UTF-8 bytes name": os.fsencode(tmp_path) + b"/caf\xe9.srcpickle",
    }[form]
    srcpickle.dump(small, path)
    # The file is where open() would have put it, under the exact bytes of its name.
    assert os.path.exists(os.fsencode(os.fspath(path)))
    assert srcpickle.load(path)(6) == 42
    assert [name for name in os.listdir(tmp_path) if name.startswith(".")] == []


@pytest.mark.parametrize("function", ["dump", "load"])
@pytest.mark.parametrize(
    "file, says",
    [
        (None, "file is a path (str, bytes or os.PathLike) or a binary file object"),
        (3.5, "file is a path (str, bytes or os.PathLike) or a binary file object"),
        (7, "not a file descriptor (7): pass open(7, "),
        (["a.srcpickle"], "file is a path (str, bytes or os.PathLike) or a binary file object"),
    ],
)
def test_what_is_no_path_nor_file_is_an_argument_error(
    small: Any, tmp_path: Path, function: str, file: Any, says: str
) -> None:
    with pytest.raises(srcpickle.ArgumentError) as raised:
        if function == "dump":
            srcpickle.dump(small, file)
        else:
            srcpickle.load(file)
    assert str(raised.value).startswith(f"{function}(): "), str(raised.value)
    assert says in str(raised.value)
    assert isinstance(raised.value, TypeError)
    assert os.listdir(tmp_path) == ["code"]


def test_dump_to_a_text_file_says_open_it_in_binary_mode(small: Any, tmp_path: Path) -> None:
    """dump(fn, io.StringIO()) failed deep inside with "string argument expected, got 'bytes'"."""
    import io

    with open(tmp_path / "out.srcpickle", "w", encoding="utf-8") as text_file:
        for file in (io.StringIO(), text_file):
            with pytest.raises(srcpickle.ArgumentError, match=r"open the file in binary mode \('wb'\)"):
                srcpickle.dump(small, file)
    assert (tmp_path / "out.srcpickle").read_bytes() == b""
    # Reading: a text file gives text, which loads takes as it takes text.
    (tmp_path / "out.srcpickle").write_bytes(srcpickle.dumps(small))
    with open(tmp_path / "out.srcpickle", encoding="utf-8") as text_file:
        assert srcpickle.load(text_file)(2) == 14

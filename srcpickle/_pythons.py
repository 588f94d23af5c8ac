"""Find the Python interpreters on this machine and run srcpickle's loader on them.

Used by the demo and by the cross-version tests. The loader needs only the standard library, so a
copy of the ``srcpickle`` package put on another interpreter's ``sys.path`` is all it takes: the
child runs isolated (``-I``: no user site, no environment variables, no current directory), so
it sees srcpickle and nothing else of this environment.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

# The interpreters srcpickle supports; older ones found on the machine are ignored.
MIN_VERSION = (3, 9)
_PROBE = "import sys; print(sys.implementation.name, '%d.%d.%d' % sys.version_info[:3])"


@dataclass(frozen=True)
class Interpreter:
    """One interpreter: its path, implementation name (cpython, pypy) and version."""

    path: str
    implementation: str
    version: Tuple[int, int, int]

    @property
    def label(self) -> str:
        name = "PyPy" if self.implementation == "pypy" else "CPython"
        return f"{name} {'.'.join(map(str, self.version))}"

    @property
    def is_current(self) -> bool:
        return os.path.realpath(self.path) == os.path.realpath(sys.executable)


def _candidates() -> List[str]:
    paths: List[str] = [sys.executable]
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    paths += sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python")))
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        for name in sorted(glob.glob(os.path.join(directory, "python3.*"))):
            if re.fullmatch(r"python3\.\d+", os.path.basename(name)):
                paths.append(name)
        paths.append(os.path.join(directory, "pypy3"))
    return [p for p in paths if os.path.isfile(p) and os.access(p, os.X_OK)]


def find_interpreters() -> List[Interpreter]:
    """Every distinct supported interpreter on this machine, one per implementation and version,
    sorted by implementation then version."""
    found: Dict[Tuple[str, Tuple[int, int, int]], Interpreter] = {}
    seen_real = set()
    for path in _candidates():
        real = os.path.realpath(path)
        if real in seen_real or "/shims/" in path:
            continue
        seen_real.add(real)
        try:
            out = subprocess.run(
                [path, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30, check=True
            ).stdout.split()
        except (OSError, subprocess.SubprocessError):
            continue
        if len(out) != 2:
            continue
        major, minor, micro = (int(p) for p in out[1].split("."))
        version = (major, minor, micro)
        if version[:2] < MIN_VERSION:
            continue
        key = (out[0], version)
        interpreter = Interpreter(path, out[0], version)
        if key not in found or interpreter.is_current:
            found[key] = interpreter
    return sorted(found.values(), key=lambda i: (i.implementation != "cpython", i.version))


def one_per_minor_version(interpreters: Sequence[Interpreter]) -> List[Interpreter]:
    """``interpreters`` with one per implementation and minor version: the running one where it
    is among them, else the newest patch release. Two patch releases of one minor version (pyenv's
    3.11.7 beside Debian's 3.11.2) share the grammar, the bytecode and the standard library's
    names, so the cross-version tests load on one of them."""
    chosen: Dict[Tuple[str, Tuple[int, int]], Interpreter] = {}
    for interpreter in interpreters:
        key = (interpreter.implementation, interpreter.version[:2])
        held = chosen.get(key)
        newer = held is None or interpreter.version > held.version
        if held is None or (not held.is_current and (interpreter.is_current or newer)):
            chosen[key] = interpreter
    return [i for i in interpreters if chosen[(i.implementation, i.version[:2])] is i]


def current_interpreter() -> Interpreter:
    """The interpreter running this process."""
    major, minor, micro = sys.version_info[:3]
    return Interpreter(sys.executable, sys.implementation.name, (major, minor, micro))


def find_interpreter(spec: str) -> Interpreter:
    """The interpreter ``spec`` names: a version (``3.13``, ``3.13.0``: CPython), ``pypy`` or
    ``pypy3.9``, or the path of an executable.

    Raises:
        LookupError: no such interpreter here; the message lists those that are.
    """
    if os.sep in spec or (os.altsep and os.altsep in spec):
        try:
            out = subprocess.run(
                [spec, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30, check=True
            ).stdout.split()
            version = tuple(int(p) for p in out[1].split("."))
            return Interpreter(spec, out[0], (version[0], version[1], version[2]))
        except (OSError, subprocess.SubprocessError, IndexError, ValueError) as exc:
            raise LookupError(f"{spec} is not a Python interpreter that runs here ({exc})") from exc
    wanted = spec.strip().lower()
    implementation = "cpython"
    if wanted.startswith("pypy"):
        implementation, wanted = "pypy", wanted[len("pypy") :].lstrip("-")
        if wanted == "3":
            wanted = ""
    elif wanted.startswith("python"):
        wanted = wanted[len("python") :]
    found = find_interpreters()
    for interpreter in reversed(found):  # the newest patch release of a minor version first
        text = ".".join(map(str, interpreter.version))
        if interpreter.implementation == implementation and (
            not wanted or text == wanted or text.startswith(wanted + ".")
        ):
            return interpreter
    known = ", ".join(f"{i.label} ({i.path})" for i in found) or "none"
    raise LookupError(
        f"no {'PyPy' if implementation == 'pypy' else 'CPython'}{' ' + wanted if wanted else ''} "
        f"interpreter found on this machine (pyenv versions, python3.X and pypy3 on PATH); found: "
        f"{known}. Name a version that is listed, or give the path of an interpreter"
    )


def _copy_bytecode(source: str, target: str) -> None:
    """Copy the ``__pycache__`` folders of the package ``source`` into its copy ``target``.

    Without them every child of a fresh copy compiled the modules it imported (0.12 s of a 0.21 s
    ``check`` on CPython 3.11). Their files are tagged with the interpreter that wrote them
    (``cpython-311``), so another interpreter never reads them, and ``copy2`` keeps each source's
    modification time, which a timestamp-based ``.pyc`` is checked against: a source changed
    since is compiled again, as in the original folder. One file at a time (``scandir``, not
    ``copytree``'s list of every entry): ``check`` measures its memory per character of payload,
    and a folder of five interpreters' files listed at once took 160 kB.

    Each file is a hard link where the file system allows one (copying five interpreters' files
    cost ``check`` 10 ms): an interpreter replaces a ``.pyc`` it writes (a new file renamed over
    it), never writes into it, so the original is never changed through the link.
    """
    link = True
    for folder, subfolders, _ in os.walk(source):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        cache = os.path.join(folder, "__pycache__")
        if not os.path.isdir(cache):
            continue
        copied = os.path.join(target, os.path.relpath(cache, source))
        os.makedirs(copied, exist_ok=True)
        with os.scandir(cache) as entries:
            for entry in entries:
                if not (entry.name.endswith(".pyc") and entry.is_file()):
                    continue
                destination = os.path.join(copied, entry.name)
                if link:
                    try:
                        os.link(entry.path, destination)
                        continue
                    except OSError:
                        link = False  # another file system, or links refused: copies then
                shutil.copy2(entry.path, destination)


class IsolatedPackage:
    """A temporary copy of the srcpickle package, for putting on another interpreter's path.

    A copy, not the installed location: the installed site-packages holds compiled extensions of
    this interpreter that another must never see.
    """

    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="srcpickle-pkg-")
        source = os.path.dirname(os.path.abspath(__file__))
        target = os.path.join(self.directory, "srcpickle")
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        _copy_bytecode(source, target)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> IsolatedPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(
        self,
        interpreter: Interpreter,
        code: str,
        args: Sequence[str] = (),
        extra_path: Sequence[str] = (),
        timeout: float = 120,
        cwd: Optional[str] = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``code`` on ``interpreter``, isolated, with this copy (and ``extra_path``) first on
        ``sys.path``; ``args`` become ``sys.argv[1:]``."""
        path = [self.directory, *extra_path]
        prelude = f"import sys; sys.path[:0] = {path!r}; sys.argv[1:] = {list(args)!r}\n"
        return self.start(interpreter, ("-I",), prelude + code, timeout, cwd)

    def start(
        self, interpreter: Interpreter, flags: Sequence[str], code: str, timeout: float, cwd: Optional[str]
    ) -> subprocess.CompletedProcess[str]:
        """Run ``code`` on ``interpreter`` with ``flags``, in UTF-8 mode, with only ``PATH`` and
        ``PYTHONHASHSEED`` of the environment (``run``'s child, whose ``code`` puts this copy on
        ``sys.path``)."""
        return subprocess.run(
            [interpreter.path, *flags, "-X", "utf8", "-c", code],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd or self.directory,
            env={
                "PATH": os.environ.get("PATH", ""),
                "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "random"),
            },
        )

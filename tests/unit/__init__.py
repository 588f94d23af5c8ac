"""Unit tests of srcpickle, one file per stage of the pipeline.

This package also holds the helpers those tests share: writing modules of the user's own to a
temporary folder, importing them in this process, and running code in a fresh interpreter that
sees a copy of srcpickle and nothing of the user's code (``IsolatedPackage``: ``python -I`` with
only that copy put first on ``sys.path``), which is where every round trip is loaded.
"""

from __future__ import annotations

import ast
import atexit
import functools
import importlib
import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, NoReturn, Optional, Sequence, Tuple, Union

import pytest

from srcpickle._pythons import Interpreter, IsolatedPackage, find_interpreters, one_per_minor_version

CURRENT = Interpreter(sys.executable, sys.implementation.name, tuple(sys.version_info[:3]))  # type: ignore[arg-type]
# A child reports its value on a line of its own, as a literal: its other output stays readable
# in a failure message.
RESULT_MARK = "RESULT="
# Generous for a loaded CI machine; every child here finishes in well under a second.
CHILD_TIMEOUT = 60

_package: Optional[IsolatedPackage] = None
_payload_numbers = itertools.count(1)

PathText = Union[str, "os.PathLike[str]"]


# CI (``CI`` set, or ``SRCPICKLE_REQUIRE_ALL_PYTHONS=1`` as ``.ci/run`` sets it) has every
# interpreter and component the tests use: there a missing one fails the test instead of skipping.
REQUIRE_ALL_VARIABLE = "SRCPICKLE_REQUIRE_ALL_PYTHONS"
IN_CI = bool(os.environ.get("CI")) or os.environ.get(REQUIRE_ALL_VARIABLE, "") not in ("", "0")


def missing(message: str) -> NoReturn:
    """Skip the test for an interpreter or component this machine lacks; fail it in CI, which
    must run it (``.ci/run`` installs everything the tests need)."""
    if IN_CI:
        pytest.fail(f"{message}; CI must run this test ({REQUIRE_ALL_VARIABLE}=1 or CI is set)")
    pytest.skip(message)


@functools.cache
def interpreters() -> Tuple[Interpreter, ...]:
    """Every supported interpreter of the machine, one per implementation and minor version
    (``one_per_minor_version``), found once per session (each discovery starts every candidate
    interpreter)."""
    return tuple(one_per_minor_version(find_interpreters()))


def interpreter(spec: str) -> Interpreter:
    """The interpreter ``spec`` names: a CPython version (``3.12``, ``3.12.1``: the newest patch
    release), ``pypy``; skipped here, failed in CI (``missing``) when the machine has none."""
    wanted = spec.strip().lower()
    implementation = "pypy" if wanted.startswith("pypy") else "cpython"
    wanted = wanted[len("pypy") :] if implementation == "pypy" else wanted
    for candidate in sorted(interpreters(), key=lambda i: i.version, reverse=True):
        text = ".".join(map(str, candidate.version))
        if candidate.implementation == implementation and (
            wanted in ("", "3") or text == wanted or text.startswith(wanted + ".")
        ):
            return candidate
    label = "PyPy" if implementation == "pypy" else "CPython"
    missing(f"no {label} {wanted} on this machine".replace("  ", " "))


# What ``site`` leaves in a child started with ``-I``, as ``_site_state`` reads it; the prelude of
# ``FastStartPackage`` puts it back in a child started with ``-I -S``.
_SITE_PROBE = """\
import json, sys
state = None
if "site" in sys.modules and not any(name in sys.modules for name in ("sitecustomize", "usercustomize")):
    import site
    known = {"BuiltinImporter", "FrozenImporter", "PathFinder", "DistutilsMetaFinder", "_EditableFinder"}
    finders = [getattr(f, "__name__", type(f).__name__) for f in sys.meta_path]
    hooks = [getattr(h, "__qualname__", getattr(h, "__name__", "")) for h in sys.path_hooks]
    standard_hooks = all(h == "zipimporter" or h.startswith("FileFinder.path_hook") for h in hooks)
    helpers = all(hasattr(site, n) for n in ("setquit", "setcopyright", "sethelper"))
    if set(finders) <= known and standard_hooks and helpers:
        state = {
            "path": sys.path, "prefix": sys.prefix, "exec_prefix": sys.exec_prefix,
            "PREFIXES": getattr(site, "PREFIXES", None),
            "ENABLE_USER_SITE": getattr(site, "ENABLE_USER_SITE", None),
            "distutils_shim": "DistutilsMetaFinder" in finders,
        }
print(json.dumps(state))
"""


@functools.cache
def _site_state(path: str) -> Optional[Tuple[Any, ...]]:
    """What ``site`` sets up in ``path -I`` (``sys.path``, the prefixes, ``site``'s globals, the
    distutils shim of setuptools), or None where a fast start cannot give the same: a
    ``sitecustomize``, a finder on ``sys.meta_path`` other than the standard ones, setuptools'
    distutils shim and the finder of an editable install of srcpickle (which never answers: the
    copy comes first on ``sys.path``)."""
    try:
        proc = subprocess.run(
            [path, "-I", "-c", _SITE_PROBE], capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=True
        )
        state = json.loads(proc.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if state is None:
        return None
    return (
        state["path"],
        state["prefix"],
        state["exec_prefix"],
        state["PREFIXES"],
        state["ENABLE_USER_SITE"],
        state["distutils_shim"],
    )


# Set (``full_site_start``) by the tests whose children ask what ``site`` set up (the install
# folders of the interpreter or a venv, whether sysconfig was imported): they keep its full start.
_full_start = False


class FastStartPackage(IsolatedPackage):
    """``IsolatedPackage`` whose children start with ``-I -S`` and get what ``site`` would have
    set up put back by their prelude: the same ``sys.path`` (folders that .pth files add included),
    ``sys.prefix`` and ``sys.exec_prefix`` (a venv's), ``site``'s PREFIXES and ENABLE_USER_SITE, the
    builtins ``exit``, ``quit``, ``help``, ``copyright``, ``credits`` and ``license``, setuptools'
    distutils shim where a .pth installed it.

    What ``site`` costs a child is running the .pth files of site-packages: the finder of an
    editable install imports pathlib, a certificate bundle's imports certifi (35-45 ms of CPU per
    child on CPython 3.11, for hundreds of children per test run, against about 1 ms for this
    prelude). What differs in the child: ``sys.flags.no_site``, and the modules those .pth files
    imported (pathlib, typing, ...) are not yet in ``sys.modules``. Interpreters where more would
    differ (``_site_state``: None) and tests that ask what ``site`` set up (``full_site_start``)
    get the full start. A child that watches ``sys.modules`` sees fewer modules there at its start:
    what it asserts about modules its code imports can only be stricter.
    """

    def run(
        self,
        interpreter: Interpreter,
        code: str,
        args: Sequence[str] = (),
        extra_path: Sequence[str] = (),
        timeout: float = 120,
        cwd: Optional[str] = None,
    ) -> subprocess.CompletedProcess[str]:
        state = None if _full_start else _site_state(interpreter.path)
        if state is None:
            return super().run(interpreter, code, args, extra_path=extra_path, timeout=timeout, cwd=cwd)
        site_path, prefix, exec_prefix, prefixes, user_site, distutils_shim = state
        path = [self.directory, *extra_path, *site_path]
        prelude = (
            f"import sys; sys.prefix = {prefix!r}; sys.exec_prefix = {exec_prefix!r}; "
            f"sys.path[:] = {path!r}; sys.argv[1:] = {list(args)!r}\n"
            f"import site; site.PREFIXES = {prefixes!r}; site.ENABLE_USER_SITE = {user_site!r}; "
            "site.setquit(); site.setcopyright(); site.sethelper()\n"
        )
        if distutils_shim:
            prelude += "__import__('_distutils_hack').add_shim()\n"
        return self.start(interpreter, ("-I", "-S"), prelude + code, timeout, cwd)


@pytest.fixture
def full_site_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Children of ``isolated()`` start with ``site``'s full start (.pth files run) in this test."""
    monkeypatch.setattr(sys.modules[__name__], "_full_start", True)


def isolated() -> IsolatedPackage:
    """The session's copy of the srcpickle package for fresh interpreters (made once); its
    children start fast (``FastStartPackage``)."""
    global _package
    if _package is None:
        _package = FastStartPackage()
        atexit.register(_package.close)
    return _package


def run_fresh(
    code: str,
    *,
    extra_path: Sequence[PathText] = (),
    args: Sequence[str] = (),
    cwd: Optional[PathText] = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (dedented) in a fresh isolated interpreter that sees only srcpickle and
    ``extra_path``."""
    return isolated().run(
        CURRENT,
        textwrap.dedent(code),
        args=list(args),
        extra_path=[os.fspath(p) for p in extra_path],
        timeout=CHILD_TIMEOUT,
        cwd=os.fspath(cwd) if cwd is not None else None,
    )


def result_of(proc: subprocess.CompletedProcess[str]) -> Any:
    """The literal a child printed after ``RESULT=``; fails with the child's output otherwise."""
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return ast.literal_eval(line[len(RESULT_MARK) :])
    raise AssertionError(
        f"the child printed no result (exit code {proc.returncode})\n"
        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    )


def imports_by_first_dumps(
    code_dir: Path,
    module: str,
    watched: Sequence[str],
    first: str,
    then: str,
    refused: Tuple[str, str],
    setup: str = "",
) -> Tuple[List[Any], List[bytes]]:
    """In a fresh interpreter (``-I -S``) where ``module`` of ``code_dir`` is importable, the
    names of ``watched`` imported: after dumps of each object of the expression ``first`` (a
    tuple), then after the dumps of each object of ``then`` in turn, then, with the error's text,
    after dumps of ``refused[0]`` raised ``srcpickle.<refused[1]>``; and every payload made, in
    that order. ``setup`` runs first (names the expressions use)."""
    code = f"""\
import sys
sys.path[:0] = [{isolated().directory!r}, {str(code_dir)!r}]
import srcpickle, srcpickle.errors, {module}
watched = {tuple(watched)!r}
def imported():
    return [name for name in watched if name in sys.modules]
{setup}
steps = []
data = [srcpickle.dumps(obj) for obj in {first}]
steps.append(imported())
for obj in {then}:
    data.append(srcpickle.dumps(obj))
    steps.append(imported())
try:
    srcpickle.dumps({refused[0]})
except srcpickle.{refused[1]} as exc:
    steps.append((imported(), str(exc)))
else:
    steps.append((imported(), "not refused"))
sys.stdout.write(repr(data))
print()
print({RESULT_MARK!r} + repr(steps))
"""
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=120
    )
    return result_of(proc), ast.literal_eval(proc.stdout.split("\n")[0])


def write_payload(directory: Path, payload: bytes) -> Path:
    """Write ``payload`` to a new file in ``directory`` and return its path."""
    path = directory / f"payload-{next(_payload_numbers)}.srcpickle"
    path.write_bytes(payload)
    return path


def load_fresh(
    payload: bytes,
    directory: Path,
    expression: str,
    *,
    before: str = "",
    extra_path: Sequence[PathText] = (),
) -> Any:
    """Load ``payload`` as ``fn`` in a fresh interpreter, run ``before``, then evaluate
    ``expression`` there and return its value (a literal)."""
    path = write_payload(directory, payload)
    code = (
        "import srcpickle\n"
        "with open(sys.argv[1], 'rb') as handle:\n"
        "    fn = srcpickle.loads(handle.read())\n"
        + textwrap.dedent(before)
        + f"\nprint({RESULT_MARK!r} + repr({expression}))\n"
    )
    return result_of(run_fresh(code, extra_path=extra_path, args=[str(path)]))


def load_error_fresh(
    payload: bytes,
    directory: Path,
    *,
    options: str = "",
    after: str = "None",
    extra_path: Sequence[PathText] = (),
) -> Any:
    """Load ``payload`` (with keyword ``options``) in a fresh interpreter where it must fail;
    return ``(error class name, str(error), eval(after))``, ``after`` evaluated after the failure."""
    path = write_payload(directory, payload)
    code = f"""\
import srcpickle
with open(sys.argv[1], 'rb') as handle:
    data = handle.read()
try:
    srcpickle.loads(data{", " + options if options else ""})
except Exception as exc:
    error = exc
else:
    raise SystemExit('loads did not fail')
print({RESULT_MARK!r} + repr((type(error).__name__, str(error), {after})))
"""
    return result_of(run_fresh(code, extra_path=extra_path, args=[str(path)]))


def dump_with_script(
    python: Interpreter,
    script: str,
    script_dir: Path,
    out: Path,
    env: Optional[Dict[str, str]] = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as ``user.py`` of ``script_dir`` (a user's own script, ``__main__``) on
    ``python`` with a copy of srcpickle, its argument ``out`` (where it writes its payloads), and
    ``env`` besides; fails the test if it fails. The script's folder is not on the ``sys.path``
    of a process that loads what it wrote."""
    (script_dir / "user.py").write_text(script, encoding="utf-8")
    with IsolatedPackage() as package:
        proc = subprocess.run(
            [python.path, "-X", "utf8", "user.py", str(out)],
            cwd=script_dir,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": package.directory, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr
    return proc


def write_module(directory: Path, name: str, text: str) -> Path:
    """Write the dedented ``text`` as module ``name`` in ``directory``; return the file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.py"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def import_from(monkeypatch: pytest.MonkeyPatch, directory: Path, name: str) -> Any:
    """Import module ``name`` from ``directory`` in this process; ``monkeypatch`` takes the folder
    off ``sys.path`` and the module out of ``sys.modules`` when the test ends."""
    monkeypatch.syspath_prepend(str(directory))
    drop_on_teardown(monkeypatch, name)
    return importlib.import_module(name)


def drop_on_teardown(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Have ``monkeypatch`` remove ``sys.modules[name]`` when the test ends (it must be absent
    now): the placeholder records "absent" as the value to restore, and is removed at once."""
    assert name not in sys.modules, name
    monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, name)


def forget_module(monkeypatch: pytest.MonkeyPatch, directory: Path, name: str) -> None:
    """Make module ``name`` no longer importable: its folder leaves ``sys.path`` and its entry
    leaves ``sys.modules`` (the module object lives on in the functions that use it)."""
    monkeypatch.setattr(
        sys, "path", [p for p in sys.path if os.path.abspath(p) != os.path.abspath(directory)]
    )
    monkeypatch.delitem(sys.modules, name)
    importlib.invalidate_caches()


def touch_later(path: Path) -> None:
    """Move ``path``'s modification time forward, so ``linecache`` notices an edit made within the
    file system's timestamp resolution."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def lines_of(path: Path) -> list:  # type: ignore[type-arg]
    """The lines of a marker file that side effects append to (empty when it does not exist)."""
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

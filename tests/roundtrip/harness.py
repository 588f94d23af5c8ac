"""Round trips through fresh processes, on any interpreter of the machine.

A *case file* (``tests/roundtrip/cases/*.py``) is a user script: it defines functions at module
level and ends with a dict literal::

    CASES = {
        "name": (obj, ["probe expr", ...]),
    }

A probe is a Python expression evaluated with ``f`` bound to the object (see
``child.probe_namespace`` for the other names a probe may use). Its ``repr`` must be the same on
every Python version: sort sets, avoid addresses. Probes run in order, so state a probe changes is
seen by the next; cases of one file must not share mutable state (each case's payload gets its own
copy of it on loading, while the originals would share it). A case file whose syntax or
standard-library names need a newer Python than 3.9 says so on a line ``REQUIRES_PYTHON = (3, 10)``.

Dumping runs the case file *as a script* (``python case.py OUTDIR``, so its functions live in
``__main__``) from a temporary copy with one line appended, which hands ``CASES`` to
``dump_cases``: every payload is written first, then the probes run on the originals and their
reprs go to ``expected.json``. Loading runs ``load_cases`` in a fresh, isolated process whose
``sys.path`` holds a copy of srcpickle and of the child side, never the case file's directory; the
loads the session queues up front (``Harness.prefetch``) run every case file dumped on one
interpreter in one such process per loading interpreter (``load_many``): a process start and
srcpickle's import cost more than most case files' loads.

The harness has two halves. The *child side* (``child.py``: ``dump_cases``, ``load_cases``,
``redump_cases``) runs inside those processes on every supported interpreter, so it needs only
the standard library and the syntax of Python 3.9, and imports little. The *test side* (this
module: ``Harness``, ``problems``) drives them; it imports the child side's constants from there.
"""

from __future__ import annotations

import ast
import concurrent.futures
import difflib
import functools
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from .child import EXPECTED_FILE, PAYLOAD_SUFFIX, Json, _read_json

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
# The child side (child.py), and the name it has inside the child processes (a copy next to the
# srcpickle copy).
CHILD_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child.py")
CHILD_MODULE = "_srcpickle_roundtrip_harness"
# A child that takes longer than this is hung, not slow: a whole case file loads in well under 5 s.
CHILD_TIMEOUT = 180.0


# -------------------------------------------------------------------------------- test side


@dataclass(frozen=True)
class CaseFile:
    """One case file: its path, the Python its syntax needs and its case names."""

    path: str
    requires_python: Tuple[int, int]
    case_names: Tuple[str, ...]
    # Cases for which dumps(loads(p)) in a fresh process is not expected to give p back, each
    # with the reason (a ``REDUMP_VARIES = {...}`` dict literal in the case file): what a
    # library's __reduce__ returns differs between implementations, and a copyreg registration
    # the user's script made does not exist in the loading process.
    redump_varies: Dict[str, str] = field(default_factory=dict)
    # Cases whose live objects differ between interpreters (``DUMPERS_VARY = {...}``, with the
    # reason: a docstring 3.13's compiler dedents, a qualname 3.12's inlined comprehensions
    # change), so their payloads differ by more than ``written-by``.
    dumpers_vary: Dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]

    def runs_on(self, version: Sequence[int]) -> bool:
        return tuple(version[:2]) >= self.requires_python


_REQUIRES_RE = re.compile(r"^REQUIRES_PYTHON\s*=\s*\((\d+),\s*(\d+)\)", re.MULTILINE)


def _case_names(text: str) -> Tuple[str, ...]:
    """The keys of the ``CASES`` dict literal; empty when this Python cannot parse the file."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return ()
    names = _dict_literal(tree, "CASES", keys_only=True)
    if names is None:
        raise ValueError("a case file must end with a CASES = {...} dict literal with string keys")
    return tuple(names)


def _declared(text: str, name: str) -> Dict[str, str]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return {}
    return dict(_dict_literal(tree, name, keys_only=False) or {})


def _dict_literal(tree: ast.Module, name: str, keys_only: bool) -> Any:
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == [name]
            and isinstance(node.value, ast.Dict)
        ):
            if keys_only:
                return [ast.literal_eval(key) for key in node.value.keys if key is not None]
            return ast.literal_eval(node.value)
    return None


@functools.cache
def case_files() -> Tuple[CaseFile, ...]:
    """Every case file, sorted by name."""
    found = []
    for entry in sorted(os.listdir(CASES_DIR)):
        if not entry.endswith(".py") or entry.startswith("_"):
            continue
        path = os.path.join(CASES_DIR, entry)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        match = _REQUIRES_RE.search(text)
        requires = (int(match.group(1)), int(match.group(2))) if match else (3, 9)
        found.append(
            CaseFile(
                path,
                requires,
                _case_names(text),
                _declared(text, "REDUMP_VARIES"),
                _declared(text, "DUMPERS_VARY"),
            )
        )
    return tuple(found)


def case_file(name: str) -> CaseFile:
    """The case file called ``name`` (without ``.py``)."""
    for candidate in case_files():
        if candidate.name == name:
            return candidate
    raise KeyError(name)


@functools.cache
def discover_interpreters() -> Tuple[Any, ...]:
    """Every supported interpreter on the machine, one per implementation and minor version
    (``one_per_minor_version``; cached: discovery takes about a second). The same tuple as the
    unit tests' ``interpreters()``, found once for both."""
    parent = (__package__ or "").rpartition(".")[0]
    unit = importlib.import_module(f"{parent}.unit" if parent else "unit")
    return unit.interpreters()  # type: ignore[no-any-return]


def current_interpreter() -> Any:
    """The interpreter running the tests, as found by discovery."""
    for interpreter in discover_interpreters():
        if interpreter.is_current:
            return interpreter
    from srcpickle._pythons import Interpreter

    major, minor, micro = sys.version_info[:3]
    return Interpreter(sys.executable, sys.implementation.name, (major, minor, micro))


@dataclass
class Dump:
    """The payloads and expected probe results of one case file, dumped on one interpreter."""

    interpreter: Any
    case_file: CaseFile
    directory: str
    record: Json = field(repr=False)

    def payload(self, case: str) -> bytes:
        with open(os.path.join(self.directory, case + PAYLOAD_SUFFIX), "rb") as handle:
            return handle.read()

    def payloads(self) -> Dict[str, bytes]:
        return {
            name: self.payload(name)
            for name, entry in self.record["cases"].items()
            if entry["dump_error"] is None
        }


@dataclass
class Load:
    """What loading one ``Dump`` on one interpreter gave, per case."""

    dump: Dump
    interpreter: Any
    results: Json = field(repr=False)


class ChildError(AssertionError):
    """A harness child process failed as a whole (crash, timeout, unreadable output)."""


def _memory_tmp() -> Optional[str]:
    """A directory in memory for the harness's thousands of small files, where there is one.

    Deleting them at the end of a whole run took 60-70 s of its last test's teardown on a busy
    2-core machine whose disk is ext4 mounted with ``discard`` (a subset: 3.7 s on disk, 0.1 s in
    /dev/shm).
    """
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


class Harness:
    """Dumps case files and loads their payloads in fresh processes, caching each result.

    Every process works on a copy of srcpickle (``IsolatedPackage``) with a copy of this module
    beside it; case files are copied into directories of their own, which loading processes
    never see.
    """

    def __init__(self) -> None:
        from srcpickle._pythons import IsolatedPackage

        self.package = IsolatedPackage()
        shutil.copy(CHILD_SOURCE, os.path.join(self.package.directory, CHILD_MODULE + ".py"))
        self.workdir = tempfile.mkdtemp(prefix="srcpickle-roundtrip-", dir=_memory_tmp())
        self._lock = threading.Lock()
        self._dumps: Dict[Tuple[str, str], concurrent.futures.Future[Dump]] = {}
        self._loads: Dict[Tuple[str, str, str], concurrent.futures.Future[Load]] = {}
        self._shared: Dict[Any, concurrent.futures.Future[Any]] = {}
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.package.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _mkdtemp(self, prefix: str) -> str:
        return tempfile.mkdtemp(prefix=prefix, dir=self.workdir)

    # ----------------------------------------------------------------------------- dumping

    def _script(self, case: CaseFile) -> Tuple[str, str]:
        """A copy of ``case`` with the footer line that dumps its cases, in a folder of its own,
        and the folder its payloads go to."""
        script_dir = self._mkdtemp(f"script-{case.name}-")
        outdir = self._mkdtemp(f"payloads-{case.name}-")
        script = os.path.join(script_dir, os.path.basename(case.path))
        with open(case.path, encoding="utf-8") as handle:
            text = handle.read()
        # One line, after the script's own last line, so every line number stays as written;
        # it binds no name in the script's namespace.
        footer = (
            f"\n__import__('sys').path.insert(0, {self.package.directory!r}); "
            f"__import__({CHILD_MODULE!r}).dump_cases(CASES, __import__('sys').argv[1])\n"
        )
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(text + footer)
        return script, outdir

    def dump_uncached(self, interpreter: Any, case: CaseFile, hash_seed: str = "random") -> Dump:
        """Run ``case`` as a script on ``interpreter`` with ``PYTHONHASHSEED=hash_seed``."""
        script, outdir = self._script(case)
        script_dir = os.path.dirname(script)
        # -S: no site-packages (capture needs only the standard library, and an installed
        # srcpickle must not shadow the copy). Not -I/-E: those would ignore PYTHONHASHSEED.
        command = [interpreter.path, "-S", "-s", "-X", "utf8", script, outdir]
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONHASHSEED": hash_seed}
        proc = self._run(command, env=env, cwd=script_dir)
        where = f"dumping {case.name} on {interpreter.label}"
        self._check_child(proc, where)
        try:
            record = _read_json(os.path.join(outdir, EXPECTED_FILE))
        except (OSError, ValueError) as exc:
            raise ChildError(f"{where}: no expected.json ({exc})\nstderr:\n{proc.stderr}") from exc
        return Dump(interpreter, case, outdir, record)

    def dump_batch_uncached(
        self, interpreter: Any, cases: Sequence[CaseFile], hash_seed: str = "random"
    ) -> Dict[str, Dump]:
        """Dump every case file of ``cases`` on ``interpreter`` in ONE process with
        ``PYTHONHASHSEED=hash_seed`` (``child.dump_many``: each run as its own ``__main__``, one
        after another, without its probes), keyed by case file name.

        Only for tests that compare payload bytes with those of a case file's own process
        (``dump``): an earlier case file's dumps warm caches a later one's may use, which such a
        comparison catches, and no probe results are recorded."""
        jobs = [self._script(case) for case in cases]
        jobs_path = os.path.join(self._mkdtemp("dump-many-"), "jobs.json")
        with open(jobs_path, "w", encoding="utf-8") as handle:
            json.dump(jobs, handle)
        code = (
            f"import sys; sys.path.insert(0, {self.package.directory!r}); "
            f"import {CHILD_MODULE} as h; h.dump_many(sys.argv[1])"
        )
        # The same command line as dump_uncached's but for the script (see there).
        command = [interpreter.path, "-S", "-s", "-X", "utf8", "-c", code, jobs_path]
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONHASHSEED": hash_seed}
        # Hung, not slow, past the timeout of one case file plus a few seconds per other one.
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT + 5.0 * len(cases),
            env=env,
            cwd=self.workdir,
        )
        names = ", ".join(case.name for case in cases)
        self._check_child(
            proc, f"dumping {names} in one process on {interpreter.label} (PYTHONHASHSEED={hash_seed})"
        )
        dumps: Dict[str, Dump] = {}
        for case, (_, outdir) in zip(cases, jobs):
            where = (
                f"dumping {case.name} on {interpreter.label} (with {len(cases)} case files in one process)"
            )
            try:
                record = _read_json(os.path.join(outdir, EXPECTED_FILE))
            except (OSError, ValueError) as exc:
                raise ChildError(f"{where}: no expected.json ({exc})\nstderr:\n{proc.stderr}") from exc
            dumps[case.name] = Dump(interpreter, case, outdir, record)
        return dumps

    def submit_once(self, key: Any, fn: Any, *args: Any) -> concurrent.futures.Future[Any]:
        """``submit(fn, *args)`` the first time ``key`` is asked for; that future again after."""
        with self._lock:
            future = self._shared.get(key)
            if future is None:
                future = self._shared[key] = self._pool.submit(fn, *args)
        return future

    def _dump_future(self, interpreter: Any, case: CaseFile) -> concurrent.futures.Future[Dump]:
        key = (interpreter.path, case.path)
        with self._lock:
            future = self._dumps.get(key)
            if future is None:
                future = self._pool.submit(self.dump_uncached, interpreter, case)
                self._dumps[key] = future
        return future

    def dump_later(self, interpreter: Any, case: CaseFile) -> None:
        """Queue the dump of ``case`` on ``interpreter`` (``dump`` then reads it)."""
        self._dump_future(interpreter, case)

    def dump(self, interpreter: Any, case: CaseFile) -> Dump:
        """The cached dump of ``case`` on ``interpreter``."""
        return self._dump_future(interpreter, case).result()

    # ----------------------------------------------------------------------------- loading

    def load_uncached(self, dump: Dump, interpreter: Any, extra_path: Sequence[str] = ()) -> Load:
        """Load every payload of ``dump`` on ``interpreter`` in a fresh isolated process, with
        ``extra_path`` after the srcpickle copy on ``sys.path``."""
        results_path = os.path.join(self._mkdtemp("results-"), "results.json")
        code = f"import {CHILD_MODULE} as h; h.load_cases(sys.argv[1], sys.argv[2])"
        proc = self.package.run(
            interpreter, code, [dump.directory, results_path], extra_path=extra_path, timeout=CHILD_TIMEOUT
        )
        where = f"loading {dump.case_file.name} (dumped on {dump.interpreter.label}) on {interpreter.label}"
        self._check_child(proc, where)
        return Load(dump, interpreter, _read_json(results_path))

    def load_batch_uncached(self, dumps: Sequence[Dump], interpreter: Any) -> List[Load]:
        """Load the payloads of every dump of ``dumps`` on ``interpreter`` in one fresh isolated
        process (one case file after another), as ``load_uncached`` does for one: an interpreter
        start and srcpickle's import per case file cost more than loading its payloads."""
        directory = self._mkdtemp("results-")
        jobs = [[d.directory, os.path.join(directory, f"results-{n}.json")] for n, d in enumerate(dumps)]
        jobs_path = os.path.join(directory, "jobs.json")
        with open(jobs_path, "w", encoding="utf-8") as handle:
            json.dump(jobs, handle)
        code = f"import {CHILD_MODULE} as h; h.load_many(sys.argv[1])"
        # Hung, not slow, past the timeout of one case file plus a few seconds per other one.
        timeout = CHILD_TIMEOUT + 5.0 * len(dumps)
        proc = self.package.run(interpreter, code, [jobs_path], timeout=timeout)
        names = ", ".join(dump.case_file.name for dump in dumps)
        self._check_child(proc, f"loading {names} on {interpreter.label}")
        return [Load(dump, interpreter, _read_json(results)) for dump, (_, results) in zip(dumps, jobs)]

    def _load_after(self, dump_future: concurrent.futures.Future[Dump], interpreter: Any) -> Load:
        return self.load_uncached(dump_future.result(), interpreter)

    def _load_batch_after(
        self,
        dump_futures: Sequence[concurrent.futures.Future[Dump]],
        interpreter: Any,
        futures: Sequence[concurrent.futures.Future[Load]],
    ) -> None:
        dumps: List[Dump] = []
        waiting: List[concurrent.futures.Future[Load]] = []
        for dump_future, future in zip(dump_futures, futures):
            try:
                dumps.append(dump_future.result())
            except BaseException as exc:  # noqa: BLE001 - that case file's tests report it
                future.set_exception(exc)
            else:
                waiting.append(future)
        if not dumps:
            return
        try:
            loads = self.load_batch_uncached(dumps, interpreter)
        except (ChildError, subprocess.TimeoutExpired):
            # The process failed as a whole: one process per case file then says which failed.
            for dump, future in zip(dumps, waiting):
                try:
                    future.set_result(self.load_uncached(dump, interpreter))
                except BaseException as exc:  # noqa: BLE001
                    future.set_exception(exc)
            return
        except BaseException as exc:  # noqa: BLE001
            for future in waiting:
                future.set_exception(exc)
            return
        for load, future in zip(loads, waiting):
            future.set_result(load)

    def _load_future(self, dumper: Any, case: CaseFile, interpreter: Any) -> concurrent.futures.Future[Load]:
        # The dump is queued before the load that waits on it; the pool's queue is first in,
        # first out, so a waiting load never holds the worker its dump needs.
        dump_future = self._dump_future(dumper, case)
        key = (dumper.path, case.path, interpreter.path)
        with self._lock:
            future = self._loads.get(key)
            if future is None:
                future = self._pool.submit(self._load_after, dump_future, interpreter)
                self._loads[key] = future
        return future

    def load(self, dumper: Any, case: CaseFile, interpreter: Any) -> Load:
        """The cached load, on ``interpreter``, of ``case`` dumped on ``dumper``."""
        return self._load_future(dumper, case, interpreter).result()

    def prefetch(self, jobs: Iterable[Tuple[Any, CaseFile, Any]]) -> None:
        """Queue (dumper, case file, loader) jobs to run in parallel; ``load`` then reads them.
        Every dump is queued before any load; the loads of one (dumper, loader) pair run in one
        process (``load_batch_uncached``)."""
        jobs = list(jobs)
        for dumper, case, _ in jobs:
            self._dump_future(dumper, case)
        batches: Dict[Tuple[str, str], Tuple[Any, Any, List[CaseFile]]] = {}
        for dumper, case, loader in jobs:
            batch = batches.setdefault((dumper.path, loader.path), (dumper, loader, []))
            if case not in batch[2]:
                batch[2].append(case)
        for dumper, loader, cases in batches.values():
            dump_futures: List[concurrent.futures.Future[Dump]] = []
            futures: List[concurrent.futures.Future[Load]] = []
            with self._lock:
                for case in cases:
                    key = (dumper.path, case.path, loader.path)
                    if key not in self._loads:
                        self._loads[key] = concurrent.futures.Future()
                        futures.append(self._loads[key])
                        dump_futures.append(self._dumps[(dumper.path, case.path)])
            if futures:
                self._pool.submit(self._load_batch_after, dump_futures, loader, futures)

    def submit(self, fn: Any, *args: Any) -> concurrent.futures.Future[Any]:
        """Run ``fn(*args)`` on the harness's worker pool."""
        return self._pool.submit(fn, *args)

    def redump(self, interpreter: Any, dumps: Sequence[Dump]) -> Json:
        """``dumps(loads(p))`` on ``interpreter`` for every payload of ``dumps``, in one fresh
        process; keyed ``script::case``."""
        results_path = os.path.join(self._mkdtemp("redump-"), "results.json")
        code = f"import {CHILD_MODULE} as h; h.redump_cases(sys.argv[2:], sys.argv[1])"
        # Hung, not slow, past the timeout of one case file plus a few seconds per other one (as
        # load_batch_uncached: PyPy's child for every case file outlasted CHILD_TIMEOUT at load 15).
        proc = self.package.run(
            interpreter,
            code,
            [results_path, *(d.directory for d in dumps)],
            timeout=CHILD_TIMEOUT + 5.0 * len(dumps),
        )
        self._check_child(proc, f"re-dumping loaded payloads on {interpreter.label}")
        return _read_json(results_path)

    # ------------------------------------------------------------------------------ helpers

    @staticmethod
    def _run(command: List[str], env: Dict[str, str], cwd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, env=env, cwd=cwd
        )

    @staticmethod
    def _check_child(proc: subprocess.CompletedProcess[str], where: str) -> None:
        # A child must say nothing on stderr: a warning or a traceback there is a failure.
        if proc.returncode != 0 or proc.stderr.strip():
            raise ChildError(
                f"{where}: exit status {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
            )


# ------------------------------------------------------------------------------- comparison


def _version_text(version: Sequence[int]) -> str:
    return f"{version[0]}.{version[1]}"


def problems(load: Load, cases: Optional[Iterable[str]] = None) -> List[str]:
    """Every way ``load`` differs from what the originals gave, one readable line each.

    A case whose file needs a newer Python than the loading interpreter must instead fail to load
    with ``PythonVersionError`` naming the version it needs.
    """
    dump = load.dump
    where = f"dumped on {dump.interpreter.label}, loaded on {load.interpreter.label}"
    needs = dump.case_file.requires_python
    too_old = tuple(load.interpreter.version[:2]) < needs
    found: List[str] = []
    names = list(dump.record["cases"]) if cases is None else list(cases)
    for name in names:
        entry = dump.record["cases"].get(name)
        label = f"{dump.case_file.name}::{name} ({where})"
        if entry is None:
            found.append(f"{label}: no such case in the dump")
            continue
        if entry["dump_error"] is not None:
            error = entry["dump_error"]
            found.append(f"{label}: dumps raised {error['type']}: {error['message']}")
            continue
        for probe, expected in zip(entry["probes"], entry["expected"]):
            if "probe_error" in expected:
                error = expected["probe_error"]
                found.append(
                    f"{label}: probe {probe!r} raised on the ORIGINAL: {error['type']}: {error['message']}"
                )
        result = load.results.get(name)
        if result is None:
            found.append(f"{label}: the loading process reported nothing")
            continue
        error = result["load_error"]
        if too_old:
            wanted = _version_text(needs)
            if error is None:
                found.append(
                    f"{label}: loaded, but its source needs Python {wanted}: expected PythonVersionError"
                )
            elif error["type"] != "PythonVersionError" or f"Python {wanted}" not in error["message"]:
                found.append(
                    f"{label}: expected PythonVersionError naming {wanted}, got {error['type']}: "
                    f"{error['message']}"
                )
            continue
        if error is not None:
            found.append(f"{label}: loads raised {error['type']}: {error['message']}")
            continue
        if len(result["got"]) != len(entry["probes"]):
            found.append(f"{label}: {len(result['got'])} probe results for {len(entry['probes'])} probes")
            continue
        for probe, expected, got in zip(entry["probes"], entry["expected"], result["got"]):
            if "probe_error" in expected:
                continue
            shown = got.get("repr") or "raised {type}: {message}".format(**got["raised"])
            if got.get("repr") != expected["repr"]:
                found.append(
                    f"{label}: probe {probe!r}\n    expected {expected['repr']}\n    got      {shown}"
                )
    return found


def text_diff(expected: str, got: str, expected_name: str, got_name: str) -> str:
    """A unified diff of two payload texts, for failure messages."""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True), fromfile=expected_name, tofile=got_name
        )
    )

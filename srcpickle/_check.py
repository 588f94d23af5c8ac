"""Check a payload against an interpreter, in a process of that interpreter, running nothing of it.

``check(data, python=...)`` starts the chosen interpreter (``_pythons`` finds them) on a copy of
this package and runs ``child_main`` there: the loader's own checks (format, Python version, every
source compiled as the loader compiles it, every module findable), then the names the sources read
from imported modules (``collections.Mapping``, ``inspect.getargspec``), each looked up on the
imported module, and the versions of the distributions installed there. Nothing from the payload
is executed: the child imports the modules the payload names, as loading would, and reads
attributes of them; it never compiles a source into anything it runs.

Names that a Python release removed are looked up in ``stdlib_moves.json`` (one table shipped in
the package), so a failing name comes with its replacement and the ``srcpickle migrate --rename``
line that applies it.

Imports only the standard library: it runs on every supported interpreter.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple, Union

from ._keywords import newer_keywords
from ._model import ClassNode, FunctionNode, Payload, RefNode

# parse_source and name_uses are also used through this module (migrate, the tests).
from ._name_uses import NameUse, follow, name_uses  # noqa: F401
from ._names import added_in, parse_source  # noqa: F401
from .errors import CheckError, PayloadFormatError

MOVES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stdlib_moves.json")
# A check child that has not answered in this long is stuck (importing a module that waits for
# something); a real check, numpy and pandas imported, takes a few seconds.
CHILD_TIMEOUT = 300.0

SourceNode = Union[FunctionNode, ClassNode]


# ------------------------------------------------------------------------------- moves table


@dataclass(frozen=True)
class Move:
    """A standard-library name that Python ``removed`` took away, with its drop-in replacement
    ``new`` or, when there is none, a ``hint`` of what to use instead."""

    old: str
    removed: Tuple[int, int]
    new: Optional[str] = None
    hint: str = ""

    def advice(self) -> str:
        """What to do, in one line: the migrate command or the hint."""
        if self.new:
            return f"srcpickle migrate --rename {self.old}={self.new} FILE"
        return f"no drop-in replacement: use {self.hint}"


@functools.cache
def stdlib_moves() -> Tuple[Move, ...]:
    """The table of ``stdlib_moves.json``, longest names first (the first match is the best)."""
    with open(MOVES_FILE, encoding="utf-8") as handle:
        table = json.load(handle)
    moves = []
    for entry in table["moves"]:
        major, minor = (int(p) for p in entry["removed"].split("."))
        moves.append(Move(entry["old"], (major, minor), entry.get("new"), entry.get("hint", "")))
    return tuple(sorted(moves, key=lambda m: (-len(m.old), m.old)))


def find_move(name: str) -> Optional[Move]:
    """The move whose ``old`` is ``name`` or a dotted prefix of it, the longest one."""
    for move in stdlib_moves():
        if name == move.old or name.startswith(move.old + "."):
            return move
    return None


# -------------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class CheckItem:
    """One line of a check: ``status`` is ``"ok"``, ``"fail"`` (loading would fail) or
    ``"warn"``; ``kind`` what was checked (``format``, ``python``, ``compile``, ``module``,
    ``attribute``, ``version``, ``move``, ``guard``); ``name`` the module or dotted name concerned; ``rename``
    a known replacement ``(old, new)`` and ``hint`` what to use where no drop-in exists."""

    status: str
    kind: str
    message: str
    name: str = ""
    rename: Optional[Tuple[str, str]] = None
    hint: str = ""


@dataclass(frozen=True)
class CheckReport:
    """What ``srcpickle.check`` found, for one payload on one interpreter."""

    python: str
    version: Tuple[int, int, int]
    items: Tuple[CheckItem, ...]

    @property
    def loadable(self) -> bool:
        """Whether the payload passed every check that loading makes."""
        return not self.problems

    @property
    def problems(self) -> Tuple[CheckItem, ...]:
        """The items that would make loading fail."""
        return tuple(item for item in self.items if item.status == "fail")

    @property
    def warnings(self) -> Tuple[CheckItem, ...]:
        """Items that do not stop a load: versions that differ, names a later Python removes."""
        return tuple(item for item in self.items if item.status == "warn")

    @property
    def renames(self) -> Dict[str, str]:
        """The known replacements of the names that fail or are going away, ``{old: new}``:
        what ``srcpickle.migrate(data, renames=...)`` takes."""
        return {item.rename[0]: item.rename[1] for item in self.items if item.rename}


def _item(
    status: str, kind: str, message: str, name: str = "", move: Optional[Move] = None
) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"status": status, "kind": kind, "message": message, "name": name}
    if move is not None:
        entry["rename"] = [move.old, move.new] if move.new else None
        entry["hint"] = "" if move.new else move.hint
    return entry


# ------------------------------------------------------------------------------- names used


# -------------------------------------------------------------------------------- child side


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun}{'es' if noun.endswith(('s', 'x', 'ch', 'sh')) else 's'}"  # classes


def _label() -> str:
    name = "PyPy" if sys.implementation.name == "pypy" else "CPython"
    return f"{name} {sys.version.split()[0]}"


def _lookup(dotted: str, module: str) -> Tuple[bool, str, List[str]]:
    """Import ``module`` and follow the rest of ``dotted`` as attributes (or submodules), as
    loading does (``_names.follow``).

    Returns whether it was found, what failed, and the deprecation warnings raised on the way.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found, why = follow(dotted, module)
    if not found:
        return False, why, []
    deprecations = [
        str(w.message).split("\n")[0]
        for w in caught
        if issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning, FutureWarning))
    ]
    return True, "", deprecations


def _where(uses: Sequence[NameUse], files: Dict[str, str]) -> str:
    places = []
    for use in uses[:3]:
        file = files.get(use.qualname, "")
        places.append(f"{use.qualname} ({file + ', ' if file else ''}line {use.line})")
    more = f" and {len(uses) - 3} more" if len(uses) > 3 else ""
    return ", ".join(places) + more


def run_checks(data: bytes, strict: bool = False) -> Dict[str, Any]:
    """The checks of one payload on this interpreter, as plain data (see ``CheckReport``).

    Runs nothing from the payload. Imports the modules it names, as loading would.
    """
    from . import __version__
    from ._fmt.read import parse
    from ._model import READABLE_FORMATS
    from ._rebuild import check_python
    from ._rebuild.checks import _module_findable
    from .errors import PythonVersionError

    version = list(sys.version_info[:3])
    report: Dict[str, Any] = {"python": _label(), "version": version, "items": []}
    items: List[Dict[str, Any]] = report["items"]
    readable = ", ".join(str(v) for v in sorted(READABLE_FORMATS))
    try:
        payload = parse(data)
    except PayloadFormatError as exc:
        items.append(_item("fail", "format", f"srcpickle {__version__} here cannot read it: {exc}"))
        return report
    items.append(
        _item("ok", "format", f"format {payload.format_version} (srcpickle {__version__} reads {readable})")
    )
    try:
        check_python(payload)
        needed = "{}.{}".format(*payload.requires_python)
        items.append(_item("ok", "python", f"needs Python {needed}+, this is {_label()}"))
        python_ok = True
    except PythonVersionError as exc:
        items.append(_item("fail", "python", str(exc)))
        python_ok = False
    if python_ok:
        # Keyword arguments a newer Python added to the standard library, as loads refuses them.
        for name, release, where in newer_keywords(payload):
            message = f"{name} ({where}): new in Python {release[0]}.{release[1]}, this is {_label()}"
            items.append(_item("fail", "python", message, name))
        # Skipped on too old a Python: newer syntax cannot compile there, which is the same
        # problem reported again.
        items += compile_items(payload)
    files = {node.qualname: node.file for _, node in payload.sources()}
    if payload.format_version >= 3:
        from ._rebuild.guards import has_guards, resolve_guards

        if has_guards(payload):
            # A guarded import that is not found here is no missing module: loads takes the
            # fallbacks of the module's except clause instead, as check reports what loads does.
            items += _guard_items(payload)
            payload = resolve_guards(payload)
    _check_modules(payload, items, _module_findable)
    _check_names(payload, items, files, _module_findable)
    missing = {item["name"] for item in items if item["kind"] == "module" and item["status"] == "fail"}
    _check_versions(payload, items, strict, missing)
    return report


def _guard_items(payload: Payload) -> List[Dict[str, Any]]:
    # One line per guard: which way loads decides it here, so that a fallback taken is seen.
    from ._model import GuardNode, ImportNode, NamespaceNode, Ref, RefNode
    from ._rebuild.guards import _tried_here

    items = []
    for guard in payload.nodes.values():
        if not isinstance(guard, GuardNode):
            continue
        tried = [payload.nodes.get(ref.id) for ref in guard.tries if isinstance(ref, Ref)]
        modules = ", ".join(n.module for n in tried if isinstance(n, (ImportNode, RefNode)))
        namespace = payload.nodes.get(guard.namespace)
        where = namespace.module if isinstance(namespace, NamespaceNode) else guard.namespace
        if all(_tried_here(node) for node in tried):
            message = f"guarded import of {modules} (module {where}): found, the code uses it"
        else:
            names = ", ".join([name for name, _ in guard.fallbacks] + list(guard.unbound)) or "nothing"
            message = (
                f"guarded import of {modules} (module {where}): not found here, the fallback of "
                f"its except clause is used ({names})"
            )
        items.append(_item("ok", "guard", message, modules))
    return items


def compile_items(payload: Payload) -> List[Dict[str, Any]]:
    """The compile lines of a check: each source that does not compile here, with the loader's
    message, or one line saying how many functions and classes compiled. Compiling executes
    nothing, and imports nothing."""
    from ._rebuild import compile_node

    items: List[Dict[str, Any]] = []
    counts: Dict[str, int] = {}
    for node_id, node in payload.sources():
        try:
            compile_node(payload, node_id, node)
        except PayloadFormatError as exc:
            items.append(_item("fail", "compile", str(exc), node.qualname))
        kind = "function" if isinstance(node, FunctionNode) else "class"
        counts[kind] = counts.get(kind, 0) + 1
    if counts and not items:
        compiled = ", ".join(plural(n, kind) for kind, n in sorted(counts.items(), reverse=True))
        items.append(_item("ok", "compile", f"every source compiles on {_label()} ({compiled})"))
    return items


def _check_modules(payload: Payload, items: List[Dict[str, Any]], findable: Any) -> None:
    missing: Dict[str, str] = {}
    found: Set[str] = set()
    stdlib: Set[str] = set()  # the missing ones the standard library had when saved
    for _, node in payload.imports():
        for name in (node.module, *getattr(node, "submodules", ())):
            if name in missing or name in found:
                continue
            if findable(name):
                found.add(name)
                continue
            dist = node.distribution
            if dist.is_stdlib:
                stdlib.add(name)
                missing[name] = f"module {name} is not in the standard library of {_label()}"
            elif dist.is_local:
                missing[name] = (
                    f"module {name} cannot be imported here (from no installed distribution when "
                    "saved: code of the user's own); make it importable (its folder on sys.path "
                    "or PYTHONPATH), or dump again with the module by value"
                )
            else:
                missing[name] = (
                    f"module {name} is not installed here (saved with {dist}); "
                    f"to install it: pip install {dist.name}=={dist.version}"
                )
    for name, message in sorted(missing.items()):
        move = find_move(name)
        if move is not None and tuple(sys.version_info[:2]) >= move.removed:
            message += f"; it was removed in Python {move.removed[0]}.{move.removed[1]}"
        release = added_in(name) if name in stdlib else None
        if release is not None:
            # (the PythonVersionError loads gives: no install mends it)
            message = f"module {name} is new in Python {release[0]}.{release[1]}, this is {_label()}"
            items.append(_item("fail", "python", message, name))
            continue
        items.append(_item("fail", "module", message, name, move))
    if found:
        modules = ", ".join(sorted(found))
        items.append(_item("ok", "module", f"{plural(len(found), 'imported module')} found: {modules}"))
    elif not missing:
        items.append(_item("ok", "module", "imports nothing"))


def _check_names(payload: Payload, items: List[Dict[str, Any]], files: Dict[str, str], findable: Any) -> None:
    uses = name_uses(payload)
    by_name: Dict[Tuple[str, str], List[NameUse]] = {}
    for use in uses:
        by_name.setdefault((use.name, use.module), []).append(use)
    for _, node in payload.imports():
        if isinstance(node, RefNode):
            by_name.setdefault((f"{node.module}.{node.qualname}", node.module), [])
    checked = 0
    here = tuple(sys.version_info[:2])
    stdlib = {node.module for _, node in payload.imports() if node.distribution.is_stdlib} | {"builtins"}
    for (dotted, module), where in sorted(by_name.items()):
        if not findable(module.split(".")[0]):
            continue  # reported as a missing module
        ok, why, deprecations = _lookup(dotted, module)
        move = find_move(dotted)
        place = f" (read by {_where(where, files)})" if where else ""
        not_needed = bool(where) and not any(use.needed for use in where)
        release = added_in(dotted) if not ok and module in stdlib else None
        if release is not None:
            # (the PythonVersionError loads gives, where code needs it: no install mends it)
            message = f"{dotted}{place}: new in Python {release[0]}.{release[1]}, this is {_label()}"
            if not_needed:
                message += "; only annotations or code under a guard read it"
            items.append(_item("warn" if not_needed else "fail", "python", message, dotted))
            continue
        if not ok:
            message = f"{dotted}: {why}{place}"
            if move is not None and here >= move.removed:
                message += f"; removed in Python {move.removed[0]}.{move.removed[1]}"
            # The verdict loads gives (_names.needed_names): a name no code needs is no failure.
            status = "warn" if not_needed else "fail"
            if not_needed and all(use.annotation for use in where):
                message += "; only annotations read it, and an annotation that fails stays text"
            elif not_needed:
                message += "; only code under a guard reads it (a version or hasattr test, a try)"
            items.append(_item(status, "attribute", message, dotted, move))
            continue
        checked += 1
        if move is not None and here < move.removed:
            removed = f"{move.removed[0]}.{move.removed[1]}"
            message = f"{dotted}{place} is gone in Python {removed}"
            if deprecations:
                message += f" (deprecated here: {deprecations[0]})"
            items.append(_item("warn", "move", message, dotted, move))
        elif deprecations:
            items.append(_item("warn", "attribute", f"{dotted}{place}: {deprecations[0]}", dotted))
    if checked:
        items.append(_item("ok", "attribute", f"{plural(checked, 'name')} read from imported modules found"))


def _check_versions(payload: Payload, items: List[Dict[str, Any]], strict: bool, missing: Set[str]) -> None:
    from ._rebuild.checks import _version_tuple, installed_version

    seen: Set[str] = set()
    same = 0
    for _, node in payload.imports():
        dist = node.distribution
        if dist.is_stdlib or not dist.version or dist.name in seen:
            continue
        seen.add(dist.name)
        # The version loading compares (the distribution beside the module imported).
        modules = [n.module for _, n in payload.imports() if n.distribution.name == dist.name]
        installed = installed_version(dist.name, modules)
        if installed is None:
            if any(n.distribution.name == dist.name and n.module in missing for _, n in payload.imports()):
                continue  # its modules are reported missing already
            items.append(
                _item("warn", "version", f"{dist.name} is not installed here (saved with {dist})", dist.name)
            )
            continue
        if installed == dist.version:
            same += 1
            continue
        saved_v, here_v = _version_tuple(dist.version), _version_tuple(installed)
        risky = here_v < saved_v or here_v[:1] != saved_v[:1]
        status = "fail" if strict and risky else "warn"
        items.append(
            _item(
                status,
                "version",
                f"{dist.name} {installed} is installed here; the payload was saved with {dist.name} "
                f"{dist.version} (pip install {dist.name}=={dist.version} to match)",
                dist.name,
            )
        )
    if same:
        items.append(_item("ok", "version", f"{plural(same, 'distribution')} installed at the saved version"))


# The check child's files, in a folder of the package copy whose name is no module name (so that
# no import the payload names can find it): the payload, the report and everything the child
# printed.
_CHILD_FOLDER = "srcpickle-check"
_PAYLOAD_FILE = "payload.srcpickle"
_REPORT_FILE = "report.json"
_OUTPUT_FILE = "output.log"
# How much of the child's output a CheckError quotes: its end, where a traceback ends.
_OUTPUT_QUOTED = 4000


def child_main() -> None:
    """Entry point of the check child: ``sys.argv[1]`` the folder of its files, ``sys.argv[2]``
    ``strict`` or not.

    The report goes to a file of its own, never to stdout: the child imports the modules the
    payload names, and a module that prints when imported (``this``), or writes to the file
    descriptors 1 and 2 directly, must not garble it. Everything written to either descriptor
    from here on goes to the output file, quoted by the parent if the child fails.
    """
    folder, mode = sys.argv[1], sys.argv[2]
    sys.stdout.flush()
    sys.stderr.flush()
    output = os.open(os.path.join(folder, _OUTPUT_FILE), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    warnings.simplefilter("ignore")
    with open(os.path.join(folder, _PAYLOAD_FILE), "rb") as handle:
        data = handle.read()
    report = run_checks(data, strict=mode == "strict")
    # Written under another name and renamed: a report the parent finds is a whole one.
    partial = os.path.join(folder, _REPORT_FILE + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(report, handle)
    os.replace(partial, os.path.join(folder, _REPORT_FILE))


# ------------------------------------------------------------------------------- parent side


def check(
    data: Union[bytes, bytearray, memoryview, str],
    python: Optional[str] = None,
    strict: bool = False,
    path: Sequence[str] = (),
) -> CheckReport:
    """Run the checks of ``data`` in a process of the interpreter ``python`` (see
    ``srcpickle.check``); ``path``: more folders for the child's ``sys.path``."""
    from ._files import payload_bytes
    from ._fmt.read import parse
    from ._pythons import IsolatedPackage, current_interpreter, find_interpreter

    raw = payload_bytes(data)
    parse(raw)  # a malformed payload is the caller's error, raised here as PayloadFormatError
    if python is None:
        interpreter = current_interpreter()
        # The child sees what this process sees: its sys.path (a venv, PYTHONPATH, test folders).
        extra = [p for p in sys.path if p and os.path.isdir(p)]
    else:
        try:
            interpreter = find_interpreter(python)
        except LookupError as exc:
            raise CheckError(str(exc)) from exc
        extra = []
    extra += list(path)
    where = f"{interpreter.label} ({interpreter.path})"
    try:
        package = IsolatedPackage()
    except OSError as exc:
        raise CheckError(
            f"cannot prepare the check on {where}: copying srcpickle to a temporary folder failed "
            f"({exc}). Make room in the temporary folder, or point TMPDIR at one that is writable"
        ) from exc
    with package:
        folder = os.path.join(package.directory, _CHILD_FOLDER)
        try:
            os.mkdir(folder)
            with open(os.path.join(folder, _PAYLOAD_FILE), "wb") as handle:
                handle.write(raw)
        except OSError as exc:
            raise CheckError(
                f"cannot prepare the check on {where}: writing the payload to {folder} failed ({exc})"
            ) from exc
        code = "from srcpickle._check import child_main; child_main()"
        try:
            proc = package.run(
                interpreter,
                code,
                [folder, "strict" if strict else "lenient"],
                extra_path=extra,
                timeout=CHILD_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            raise CheckError(
                f"the check on {where} did not finish within {CHILD_TIMEOUT:.0f} s and was stopped "
                "(an imported module may be waiting for something)"
            ) from exc
        except OSError as exc:
            raise CheckError(f"cannot start {where}: {exc}") from exc
        except (subprocess.SubprocessError, ValueError) as exc:
            # ValueError: its output before the check began could not be decoded.
            raise CheckError(f"the check process on {where} failed: {type(exc).__name__}: {exc}") from exc
        result = _read_report(folder, where, proc)
    items = tuple(
        CheckItem(
            status=entry["status"],
            kind=entry["kind"],
            message=entry["message"],
            name=entry.get("name", ""),
            rename=(entry["rename"][0], entry["rename"][1]) if entry.get("rename") else None,
            hint=entry.get("hint", ""),
        )
        for entry in result["items"]
    )
    major, minor, micro = result["version"]
    return CheckReport(result["python"], (major, minor, micro), items)


def _read_report(folder: str, where: str, proc: subprocess.CompletedProcess[str]) -> Dict[str, Any]:
    """The report the child wrote, or a ``CheckError`` quoting what it printed."""
    try:
        with open(os.path.join(folder, _REPORT_FILE), encoding="utf-8") as handle:
            result: Dict[str, Any] = json.load(handle)
        return result
    except (OSError, ValueError) as exc:
        try:
            with open(os.path.join(folder, _OUTPUT_FILE), "rb") as handle:
                printed = handle.read().decode("utf-8", "replace")
        except OSError:
            printed = ""
        printed = (proc.stderr + proc.stdout + printed).strip()
        if len(printed) > _OUTPUT_QUOTED:
            printed = "..." + printed[-_OUTPUT_QUOTED:]
        raise CheckError(
            f"the check on {where} ended with exit status {proc.returncode} without a report"
            + (f"; it printed:\n{printed}" if printed else " and printed nothing")
        ) from exc

"""``srcpickle check FILE [--python VERSION]``: can this Python, or another one of this machine,
load a payload? Executes nothing from the payload."""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any, Dict, List, Sequence, Tuple

from .. import __version__
from .._check import CheckItem
from .._model import READABLE_FORMATS, FunctionNode, Payload, node_kind
from ..errors import (
    CheckError,
    DependencyVersionError,
    DependencyVersionWarning,
    MissingDependencyError,
    PayloadFormatError,
    PythonVersionError,
)
from ._common import (
    EXIT_NO,
    EXIT_OK,
    PYTHON,
    Failure,
    Style,
    add_key_option,
    display_path,
    indent_rest,
    parse_data,
    plural,
    read_data,
    read_keys,
    signature_verdict,
)


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``check`` subcommand to ``commands``."""
    check = commands.add_parser(
        "check",
        parents=parents,
        help="check that this environment can load a payload, executing nothing",
        description="Check, executing nothing, that this Python can load a payload: the format "
        "version, the Python version its sources need, that every source compiles and that every "
        "imported module is installed; distribution versions that differ from the saved ones are "
        "warnings. Prints every problem found.",
        epilog="Exit code 0 when loadable, 1 when not, 2 when FILE cannot be read or is not a payload.",
    )
    check.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    check.add_argument(
        "--python",
        metavar="VERSION",
        help="check on another interpreter of this machine instead (3.13, 3.9.18, pypy3.9, or a "
        "path), in a process of its own: also looks up every name the sources read from imported "
        "modules (importing those modules there, as loading would), prints the migrate --rename "
        "line for names a Python release removed, and names that a later Python removes",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="count installed versions that differ from the saved ones as problems "
        "(as loads(strict=True) does)",
    )
    add_key_option(
        check,
        required=False,
        repeat=True,
        help="the payload must be signed with the key in this file, as loads(..., key=...) requires "
        "(repeatable: any of the keys)",
    )
    check.set_defaults(handler=run)


def _moves_for(modules: Sequence[str], path: str) -> str:
    """The known replacements of missing standard-library modules (``imp``, ``distutils``)."""
    from .._check import find_move

    lines = []
    for module in modules:
        move = find_move(module)
        if move is None:
            continue
        removed = "{}.{}".format(*move.removed)
        advice = _advice(
            CheckItem("fail", "module", "", module, (move.old, move.new) if move.new else None, move.hint),
            path,
        )
        lines.append(f"{module} was removed from the standard library in Python {removed}; {advice[0]}")
    return "".join("\n" + line for line in lines)


def _compile_problems(payload: Payload) -> Tuple[str, List[str]]:
    """What compiled (``"2 functions, 1 class"``) and the loader's error for each source that
    does not compile on this Python.

    Every source goes through the loader's own compile step, so that every failing source is
    reported with the loader's message.
    """
    from .._rebuild import compile_node

    problems = []
    counts: Dict[str, int] = {}
    for node_id, node in payload.sources():
        try:
            compile_node(payload, node_id, node)
        except PayloadFormatError as exc:
            problems.append(str(exc))
        kind = "function" if isinstance(node, FunctionNode) else node_kind(node)
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(plural(n, kind) for kind, n in sorted(counts.items(), reverse=True)), problems


def _advice(item: CheckItem, path: str) -> List[str]:
    if item.rename:
        target = "FILE" if path == "-" else path
        return [
            f"to migrate: srcpickle migrate --rename {item.rename[0]}={item.rename[1]} {target} --in-place"
        ]
    if item.hint:
        return [f"no drop-in replacement: use {item.hint}"]
    return []


def run_on(args: argparse.Namespace, style: Style) -> int:
    """``check --python``: the checks run in a process of that interpreter."""
    from .._check import check as check_on

    if args.file == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(args.file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise Failure(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    try:
        report = check_on(data, args.python, strict=args.strict)
    except PayloadFormatError as exc:
        raise Failure(f"{args.file} is not a readable srcpickle payload: {exc}") from exc
    except CheckError as exc:
        raise Failure(str(exc)) from exc
    title = style.paint(display_path(args.file), "bold")
    problems = report.problems
    if problems:
        verdict = style.paint("NOT loadable", "red", "bold")
        count = plural(len(problems), "problem")
        print(f"{title}: {verdict} by {report.python} ({count}; nothing from the payload was executed)")
    else:
        verdict = style.paint("loadable", "green", "bold")
        print(f"{title}: {verdict} by {report.python} (nothing from the payload was executed)")
    marks = {
        "ok": style.paint("ok  ", "green"),
        "fail": style.paint("FAIL", "red", "bold"),
        "warn": style.paint("warn", "yellow"),
    }
    for item in sorted(report.items, key=lambda i: {"ok": 0, "fail": 1, "warn": 2}[i.status]):
        print(f"  {marks[item.status]}  {indent_rest(item.message, 8)}")
        for line in _advice(item, args.file):
            print(f"        {line}")
    return EXIT_NO if problems else EXIT_OK


def run(args: argparse.Namespace, style: Style) -> int:
    """Check the payload of ``args.file`` against this Python; print every problem."""
    from .._rebuild import check_imports, check_python, check_versions

    if args.python:
        return run_on(args, style)
    keys = read_keys(args.key_files)
    data = read_data(args.file)
    payload = parse_data(args.file, data)
    results: List[Tuple[bool, str]] = []  # (ok, text) in the loader's order of checks
    notes: List[str] = []
    holds, verdict = signature_verdict(args.file, data, keys)
    # Without a key there is nothing to require: the signature is reported, not judged.
    info = None
    if holds is None:
        info = verdict if verdict != "unsigned" else "unsigned (pass --key-file to require a signature)"
    else:
        results.append((holds, verdict))
    readable = ", ".join(str(v) for v in sorted(READABLE_FORMATS))
    results.append((True, f"format {payload.format_version} (this srcpickle {__version__} reads {readable})"))
    needed = "{}.{}".format(*payload.requires_python)
    try:
        check_python(payload)
        results.append((True, f"needs Python {needed}+, this is {PYTHON}"))
        python_ok = True
    except PythonVersionError as exc:
        results.append((False, str(exc)))
        python_ok = False
    if python_ok:
        # Skipped on too old a Python: newer syntax cannot compile there, which is the same
        # problem reported again.
        compiled, problems = _compile_problems(payload)
        if problems:
            results.extend((False, problem) for problem in problems)
        else:
            results.append((True, f"every source compiles on {PYTHON} ({compiled or 'none'})"))
    modules = sorted({node.module.split(".")[0] for _, node in payload.imports()})
    try:
        check_imports(payload)
        if modules:
            results.append((True, f"{plural(len(modules), 'imported module')} found: {', '.join(modules)}"))
        else:
            results.append((True, "imports nothing"))
    except MissingDependencyError as exc:
        results.append((False, str(exc) + _moves_for(exc.missing, args.file)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DependencyVersionWarning)
        try:
            check_versions(payload, args.strict)
        except DependencyVersionError as exc:
            results.append((False, str(exc)))
    notes.extend(str(w.message) for w in caught if issubclass(w.category, DependencyVersionWarning))
    failures = [text for ok, text in results if not ok]
    title = style.paint(display_path(args.file), "bold")
    if failures:
        count = plural(len(failures), "problem")
        verdict = style.paint("NOT loadable", "red", "bold")
        print(f"{title}: {verdict} by {PYTHON} ({count}; nothing was executed)")
    else:
        print(f"{title}: {style.paint('loadable', 'green', 'bold')} by {PYTHON} (nothing was executed)")
    if info is not None:
        print(f"  {style.paint('info', 'dim')}  {info}")
    for ok, text in results:
        mark = style.paint("ok  ", "green") if ok else style.paint("FAIL", "red", "bold")
        print(f"  {mark}  {indent_rest(text, 8)}")
    for note in notes:
        print(f"  {style.paint('warn', 'yellow')}  {indent_rest(note, 8)}")
    return EXIT_NO if failures else EXIT_OK

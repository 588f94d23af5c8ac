"""``srcpickle check FILE [--python VERSION]``: can this Python, or another one of this machine,
load a payload? Executes nothing from the payload.

The checks are ``srcpickle.check``'s, one engine (``_check``) whichever interpreter they run on:
in a process of that interpreter (this one by default, with this process's ``sys.path``), which
imports the modules the payload names, as loading would, to look up the names its sources read
from them. The signature is checked here, before anything is started, when ``--key-file`` is
given.
"""

from __future__ import annotations

import argparse
from typing import Any, List, Sequence, Tuple

from .._check import CheckItem, plural
from ..errors import CheckError, PayloadFormatError
from ._common import (
    EXIT_NO,
    EXIT_OK,
    Failure,
    Style,
    add_key_option,
    display_path,
    indent_rest,
    parse_data,
    read_data,
    read_keys,
    signature_verdict,
)

# The order in which a report's lines are printed: what holds, what fails, what only warns.
_STATUS_ORDER = {"ok": 0, "fail": 1, "warn": 2}


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``check`` subcommand to ``commands``."""
    check = commands.add_parser(
        "check",
        parents=parents,
        help="check that this environment can load a payload, executing nothing",
        description="Check, executing nothing from the payload, that this Python (or another one "
        "of this machine, with --python) can load it: the format version, the Python version its "
        "sources need, that every source compiles, that every imported module is installed, and "
        "that every name the sources read from imported modules exists there (collections.Mapping), "
        "with the migrate --rename line for names a Python release removed; distribution versions "
        "that differ from the saved ones are warnings. The checks run in a separate process of that "
        "interpreter, which imports the modules the payload names, as loading would. With "
        "--key-file the payload must be signed with one of the keys. Prints every problem found.",
        epilog="Exit code 0 when loadable, 1 when not, 2 when FILE or a key file cannot be read, FILE "
        "is not a payload, or the check cannot run (no such interpreter).",
    )
    check.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    check.add_argument(
        "--python",
        metavar="VERSION",
        help="check on another interpreter of this machine instead (3.13, 3.9.18, pypy3.9, or a "
        "path), against its own installed packages",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="count installed versions older than the saved ones, or of another major version, as "
        "problems (as loads(strict=True) does)",
    )
    add_key_option(
        check,
        required=False,
        repeat=True,
        help="the payload must be signed with the key in this file, as loads(..., key=...) requires "
        "(repeatable: any of the keys)",
    )
    check.set_defaults(handler=run)


def _advice(item: CheckItem, path: str) -> List[str]:
    if item.rename:
        target = "FILE" if path == "-" else path
        return [
            f"to migrate: srcpickle migrate --rename {item.rename[0]}={item.rename[1]} {target} --in-place"
        ]
    if item.hint:
        return [f"no drop-in replacement: use {item.hint}"]
    return []


def run(args: argparse.Namespace, style: Style) -> int:
    """Check the payload of ``args.file`` on this Python or on ``args.python``; print every line
    of the report, problems included."""
    from .._check import check as check_payload

    keys = read_keys(args.key_files)
    data = read_data(args.file)
    parse_data(args.file, data)  # unreadable: exit 2 before anything is started
    holds, verdict = signature_verdict(args.file, data, keys)
    try:
        report = check_payload(data, args.python, strict=args.strict)
    except PayloadFormatError as exc:
        raise Failure(f"{args.file} is not a readable srcpickle payload: {exc}") from exc
    except CheckError as exc:
        raise Failure(str(exc)) from exc
    lines: List[Tuple[str, str, List[str]]] = []  # (status, text, advice)
    info = None
    if holds is None:
        # Without a key there is nothing to require: the signature is reported, not judged.
        info = verdict if verdict != "unsigned" else "unsigned (pass --key-file to require a signature)"
    else:
        lines.append(("ok" if holds else "fail", verdict, []))
    lines += [(item.status, item.message, _advice(item, args.file)) for item in report.items]
    lines.sort(key=lambda line: _STATUS_ORDER[line[0]])
    failures = sum(1 for status, _, _ in lines if status == "fail")
    title = style.paint(display_path(args.file), "bold")
    if failures:
        verdict_text = style.paint("NOT loadable", "red", "bold")
        count = plural(failures, "problem")
        print(f"{title}: {verdict_text} by {report.python} ({count}; nothing from the payload was executed)")
    else:
        verdict_text = style.paint("loadable", "green", "bold")
        print(f"{title}: {verdict_text} by {report.python} (nothing from the payload was executed)")
    if info is not None:
        print(f"  {style.paint('info', 'dim')}  {info}")
    marks = {
        "ok": style.paint("ok  ", "green"),
        "fail": style.paint("FAIL", "red", "bold"),
        "warn": style.paint("warn", "yellow"),
    }
    for status, text, advice in lines:
        print(f"  {marks[status]}  {indent_rest(text, 8)}")
        for line in advice:
            print(f"        {line}")
    return EXIT_NO if failures else EXIT_OK

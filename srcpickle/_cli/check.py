"""``srcpickle check FILE``: can this Python load a payload? Executes nothing."""

from __future__ import annotations

import argparse
import warnings
from typing import Any, Dict, List, Sequence, Tuple

from .. import __version__
from .._model import READABLE_FORMATS, FunctionNode, Payload, node_kind
from ..errors import (
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


def run(args: argparse.Namespace, style: Style) -> int:
    """Check the payload of ``args.file`` against this Python; print every problem."""
    from .._rebuild import check_imports, check_python, check_versions

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
        results.append((False, str(exc)))
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

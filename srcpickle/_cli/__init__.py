"""The command line: ``python -m srcpickle COMMAND`` (also the ``srcpickle`` console script).

One module per command, each with ``register(commands, parents)`` adding its subparser and a
``run(args, style)`` handler: ``show``, ``check``, ``diff``, ``sign`` and ``verify`` only parse
payloads and compile their sources, so they are safe on a payload that came from anywhere
(``check`` also imports, in a separate process, the modules a payload names); ``migrate``
rewrites payloads without running them (it needs libcst, imported only when it runs); ``demo`` is
the one command that runs code, and only its own.

Exit codes: 0 success; 1 the answer is "no" (``check``: not loadable here, ``diff``: the payloads
differ, ``verify``: the signature does not hold, ``demo``: a load failed); 2 usage errors,
unreadable files and malformed payloads (never a traceback); 141 the reader of the output went
away (``srcpickle show f | head``), which is neither answer: the status a shell gives a process
that SIGPIPE ended, as it does for ``cat``.

Like the loader, this package imports only the standard library.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import Callable, Optional, Sequence

from .. import __version__
from ..errors import SrcpickleError
from . import check, demo, diff, migrate, show, sign, verify
from ._common import EXIT_BROKEN_PIPE, EXIT_ERROR, Failure, Style, style_for

# The commands in the order ``--help`` lists them.
COMMANDS = (demo, show, check, diff, migrate, sign, verify)


def _parser() -> argparse.ArgumentParser:
    prog = "python -m srcpickle" if os.path.basename(sys.argv[0]) == "__main__.py" else "srcpickle"
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serialize Python functions as their source text: look inside payloads, check "
        "them (here or on another interpreter), compare them, migrate them to renamed modules, "
        "sign and verify them, or run the demo. show, check, diff, migrate, sign and verify never "
        "execute a payload's code.",
        epilog="Exit codes: 0 success; 1 check: not loadable / diff: payloads differ / migrate: no "
        "rename matched / verify: the signature does not hold / demo: a load failed; 2 usage "
        "error, unreadable file, malformed payload or a migration that does not verify; 141 the "
        "reader of the output went away (srcpickle show f | head), as a shell reports SIGPIPE.",
    )
    parser.add_argument("--version", action="version", version=f"srcpickle {__version__}")
    colour = argparse.ArgumentParser(add_help=False)
    colour.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (default) colours only when stdout is a terminal",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands, [colour])
    return parser


def _tolerant_stdout() -> None:
    # A payload's sources may hold any character; a terminal or pipe with a narrower encoding
    # should show an escape, not abort the listing with UnicodeEncodeError.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line.

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit code: 0 success, 1 a "no" answer (not loadable, payloads differ, a demo load
        failed), 2 a usage error or an unreadable or malformed payload, 141 (128 + SIGPIPE) when
        the reader of standard output went away before it was all written.
    """
    args = _parser().parse_args(argv)
    _tolerant_stdout()
    handler: Callable[[argparse.Namespace, Style], int] = args.handler
    try:
        code = handler(args, style_for(args.color))
        # Written out here, so that a reader that went away is noticed here rather than in the
        # interpreter's final flush (which would print a traceback-like message and exit 120).
        sys.stdout.flush()
        return code
    except (Failure, SrcpickleError) as exc:
        # SrcpickleError: a payload fault found past parsing (a source that cannot be compiled
        # for show); a message and status 2, never a traceback.
        print(f"srcpickle {args.command}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``srcpickle check f | head``): stop quietly, as cat does, with the
        # status a shell gives a process SIGPIPE ended, which no command uses for an answer.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE

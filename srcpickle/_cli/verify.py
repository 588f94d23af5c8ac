"""``srcpickle verify FILE --key-file K``: does a payload's signature hold? Executes nothing."""

from __future__ import annotations

import argparse
from typing import Any, Sequence

from ._common import (
    EXIT_NO,
    EXIT_OK,
    Style,
    add_key_option,
    display_path,
    parse_data,
    read_data,
    read_keys,
    signature_verdict,
)


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``verify`` subcommand to ``commands``."""
    command = commands.add_parser(
        "verify",
        parents=parents,
        help="check a payload's signature against keys",
        description="Check, executing nothing, that a payload is signed with one of the keys given "
        "(repeat --key-file while rotating keys) and unchanged since: what loads(..., key=...) "
        "checks before it reads anything else.",
        epilog="Exit code 0 when the signature holds, 1 when the payload is unsigned, signed with "
        "another key or changed since signing, 2 when a file cannot be read or FILE is not a payload.",
    )
    command.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    add_key_option(command, required=True, repeat=True, help="file holding a key (repeatable)")
    command.set_defaults(handler=run)


def run(args: argparse.Namespace, style: Style) -> int:
    """Verify the signature of ``args.file``."""
    keys = read_keys(args.key_files)
    data = read_data(args.file)
    holds, text = signature_verdict(args.file, data, keys)
    title = style.paint(display_path(args.file), "bold")
    if not holds:
        print(f"{title}: {style.paint('signature does NOT hold', 'red', 'bold')}: {text}")
        return EXIT_NO
    parse_data(args.file, data)  # signed, yet malformed: exit 2 like any unreadable payload
    print(f"{title}: {style.paint(text, 'green', 'bold')}")
    return EXIT_OK

"""``srcpickle sign FILE --key-file K``: sign a payload after reviewing it. Executes nothing."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Sequence

from .._files import write_atomic
from .._sign import key_id, sign
from ._common import EXIT_OK, Failure, Style, add_key_option, display_path, parse_data, read_data, read_keys


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``sign`` subcommand to ``commands``."""
    command = commands.add_parser(
        "sign",
        parents=parents,
        help="sign a payload with a key, after reviewing it",
        description="Sign a payload with an HMAC-SHA256 key, in place (atomically) or to --out: "
        "the code-review workflow is to read the payload (srcpickle show, or its diff in a pull "
        "request), then sign it, so that loads(..., key=...) accepts exactly the reviewed bytes. "
        "A format-1 payload becomes format 2; an existing signature is replaced. The payload must "
        "be well formed; nothing in it is executed. The key is never written.",
        epilog="Exit code 0 when signed, 2 when FILE or the key file cannot be read or FILE is not "
        "a payload.",
    )
    command.add_argument("file", metavar="FILE", help="payload file ('-' reads standard input)")
    add_key_option(command, required=True, repeat=False, help="file holding the key (at least 16 bytes)")
    command.add_argument(
        "--out",
        metavar="OUT",
        help="write the signed payload here instead of over FILE ('-': standard output; the default "
        "when FILE is '-')",
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace, style: Style) -> int:
    """Sign ``args.file`` with the key in ``args.key_files``."""
    (key,) = read_keys([args.key_files])
    data = read_data(args.file)
    parse_data(args.file, data)  # a malformed payload is refused, not signed
    signed = sign(data, key)
    out = args.out or args.file
    if out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(signed)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        write_atomic(out, signed)
    except OSError as exc:
        raise Failure(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(
        f"{display_path(args.file)}: signed with key {style.paint(key_id(key), 'bold')}"
        + (f", written to {out}" if out != args.file else "")
    )
    return EXIT_OK

"""``srcpickle migrate FILE... --rename OLD=NEW``: rewrite stored functions for renamed modules and
names. Executes nothing from the payloads; needs libcst (``pip install 'srcpickle[migrate]'``)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, List, Sequence, Tuple

from ..errors import CheckError, MigrationError, PayloadFormatError
from ._common import EXIT_ERROR, EXIT_NO, EXIT_OK, Failure, Style, plural


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``migrate`` subcommand to ``commands``."""
    migrate = commands.add_parser(
        "migrate",
        parents=parents,
        help="rewrite payloads for renamed modules and names (needs srcpickle[migrate])",
        description="Rewrite the sources and imports of payloads for renamed modules and names: "
        "import and from statements, aliases, attribute chains (collections.Mapping), imports "
        "inside function bodies, annotations, decorators, class bases, and the payload's import "
        "list with the distributions installed now. Comments and formatting are kept. Every "
        "result is verified before anything is written: its sources compile, and (unless "
        "--no-check) every import resolves in this environment. Nothing from the payloads runs.",
        epilog="Exit code 0 when every file was migrated (or is unchanged), 1 when no rename matched "
        "anything in any file, 2 on a usage error, an unreadable file or a migration that does "
        "not verify (then nothing is written). Example: srcpickle migrate prep.srcpickle --rename "
        "collections.Mapping=collections.abc.Mapping --dry-run",
    )
    migrate.add_argument("files", metavar="FILE", nargs="+", help="payload files to migrate")
    migrate.add_argument(
        "--rename",
        metavar="OLD=NEW",
        action="append",
        required=True,
        help="a dotted module or name and its new name (repeat for several); a module rename "
        "covers everything inside it",
    )
    where = migrate.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="DIR", help="write each migrated payload to DIR, same file name")
    where.add_argument("--in-place", action="store_true", help="replace each file (atomically)")
    where.add_argument(
        "--dry-run",
        action="store_true",
        help="print the diff of each payload (as srcpickle diff shows it) and write nothing",
    )
    migrate.add_argument(
        "--no-check",
        action="store_true",
        help="do not require the imports to resolve here (migrating for another environment); "
        "the sources are still compiled",
    )
    migrate.set_defaults(handler=run)


def _renames(pairs: Sequence[str]) -> Dict[str, str]:
    renames: Dict[str, str] = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise Failure(
                f"--rename {pair!r}: expected OLD=NEW, such as collections.Mapping=collections.abc.Mapping"
            )
        if old.strip() in renames:
            raise Failure(f"--rename {old.strip()} is given twice")
        renames[old.strip()] = new.strip()
    return renames


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, flushed and renamed
    over the target: a reader sees the old file or the new one, never half of one. An existing
    file keeps its permissions."""
    import stat
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=".srcpickle-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def run(args: argparse.Namespace, style: Style) -> int:
    """Migrate ``args.files``; print what changed, or the diffs with ``--dry-run``."""
    from .. import _migrate
    from .diff import diff_lines

    if not (args.out or args.in_place or args.dry_run):
        raise Failure("say where the result goes: --out DIR, --in-place, or --dry-run to only show it")
    renames = _renames(args.rename)
    if args.out:
        names = [os.path.basename(f) for f in args.files]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise Failure(f"--out {args.out}: several files are named {', '.join(twice)}")
    results: List[Tuple[str, Any]] = []
    errors: List[str] = []
    for path in args.files:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise Failure(f"cannot read {path}: {exc.strerror or exc}") from exc
        try:
            results.append((path, _migrate.migrate(data, renames, check=not args.no_check)))
        except PayloadFormatError as exc:
            errors.append(f"{path} is not a readable srcpickle payload: {exc}")
        except (MigrationError, CheckError) as exc:
            errors.append(f"{path}: {exc}")
    if errors:
        for error in errors:
            print(f"srcpickle migrate: {error}", file=sys.stderr)
        print(
            f"srcpickle migrate: nothing was written ({plural(len(errors), 'file')} failed)", file=sys.stderr
        )
        return EXIT_ERROR
    matched = set(renames)
    unmatched_everywhere = [
        (old, new) for old, new in renames.items() if all((old, new) in r.unmatched for _, r in results)
    ]
    matched -= {old for old, _ in unmatched_everywhere}
    for path, result in results:
        if args.dry_run:
            if result.changed:
                lines, _ = diff_lines(result.before, result.after, path, f"{path} (migrated)", style)
                for line in lines:
                    print(line)
            else:
                print(f"{path}: unchanged (no rename applies)")
            continue
        if not result.changed:
            print(f"{path}: unchanged (no rename applies)")
            continue
        target = path if args.in_place else os.path.join(args.out, os.path.basename(path))
        if args.out:
            os.makedirs(args.out, exist_ok=True)
        write_atomic(target, result.data)
        print(f"{path}: migrated -> {target} ({plural(len(result.changes), 'change')})")
        for change in result.changes:
            print(f"  {change}")
    for old, new in unmatched_everywhere:
        where = "the payload" if len(results) == 1 else f"any of the {len(results)} payloads"
        print(
            f"srcpickle migrate: warning: --rename {old}={new} matched nothing in {where}",
            file=sys.stderr,
        )
    if not matched:
        return EXIT_NO
    return EXIT_OK

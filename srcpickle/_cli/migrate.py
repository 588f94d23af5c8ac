"""``srcpickle migrate FILE... --rename OLD=NEW``: rewrite stored functions for renamed modules and
names. Executes nothing from the payloads; needs libcst (``pip install 'srcpickle[migrate]'``)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Dict, List, Sequence, Tuple

from .._files import Staged, stage
from ..errors import CheckError, MigrationError, PayloadFormatError
from ._common import EXIT_ERROR, EXIT_NO, EXIT_OK, Failure, Style, plural, read_data


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
        "anything in any file, 2 on a usage error, an unreadable file, a migration that does not "
        "verify or a file that cannot be written (then nothing is written: every result is written "
        "to a temporary file beside its target before any replaces its target). A signed payload "
        "that a rename changes is written unsigned (its signature no longer holds): sign it again "
        "after review. Example: srcpickle migrate prep.srcpickle --rename "
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


def run(args: argparse.Namespace, style: Style) -> int:
    """Migrate ``args.files``; print what changed, or the diffs with ``--dry-run``."""
    from .. import _migrate
    from .diff import diff_lines

    if not (args.out or args.in_place or args.dry_run):
        raise Failure("say where the result goes: --out DIR, --in-place, or --dry-run to only show it")
    renames = _renames(args.rename)
    if "-" in args.files:
        raise Failure("migrate reads and writes files: give the payload's path, not '-'")
    if args.out:
        names = [os.path.basename(f) for f in args.files]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise Failure(f"--out {args.out}: several files are named {', '.join(twice)}")
    results: List[Tuple[str, Any]] = []
    errors: List[str] = []
    for path in args.files:
        data = read_data(path)
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
    if args.dry_run:
        for path, result in results:
            if result.changed:
                lines, _ = diff_lines(result.before, result.after, path, f"{path} (migrated)", style)
                for line in lines:
                    print(line)
                _signed_note(path, path, result, written=False)
            else:
                print(f"{path}: unchanged (no rename applies)")
    else:
        written = _write_all(args, [(path, result) for path, result in results if result.changed])
        for path, result in results:
            if not result.changed:
                print(f"{path}: unchanged (no rename applies)")
                continue
            target = written[path]
            print(f"{path}: migrated -> {target} ({plural(len(result.changes), 'change')})")
            for change in result.changes:
                print(f"  {change}")
            _signed_note(path, target, result, written=True)
    for old, new in unmatched_everywhere:
        where = "the payload" if len(results) == 1 else f"any of the {len(results)} payloads"
        print(
            f"srcpickle migrate: warning: --rename {old}={new} matched nothing in {where}",
            file=sys.stderr,
        )
    if not matched:
        return EXIT_NO
    return EXIT_OK


def _write_all(args: argparse.Namespace, results: List[Tuple[str, Any]]) -> Dict[str, str]:
    """Write every migrated payload, all or nothing: each is written and synced to a temporary
    file beside its target first, and only when all of them are do they replace their targets.
    Returns each file's target.

    Raises:
        Failure: a target cannot be written; no target was changed (or, should a rename fail
            after others succeeded, the message names the files already replaced).
    """
    made_folder = False
    if args.out:
        if os.path.exists(args.out) and not os.path.isdir(args.out):
            raise Failure(f"--out {args.out}: it is a file, not a folder; nothing was written")
        try:
            made_folder = not os.path.isdir(args.out)
            os.makedirs(args.out, exist_ok=True)
        except OSError as exc:
            raise Failure(
                f"--out {args.out}: cannot make the folder: {exc.strerror or exc}; nothing was written"
            ) from exc
    targets = {
        path: path if args.in_place else os.path.join(args.out, os.path.basename(path)) for path, _ in results
    }
    staged: List[Tuple[str, Staged]] = []
    try:
        for path, result in results:
            staged.append((targets[path], stage(targets[path], result.data)))
    except OSError as exc:
        for _, pending in staged:
            pending.discard()
        if made_folder:
            try:
                os.rmdir(args.out)
            except OSError:
                pass  # something else put a file there meanwhile: it stays
        raise Failure(
            f"cannot write {exc.filename or ''}: {exc.strerror or exc}; nothing was written"
        ) from exc
    done: List[str] = []
    for index, (target, pending) in enumerate(staged):
        try:
            pending.commit()
        except OSError as exc:
            for _, rest in staged[index + 1 :]:
                rest.discard()
            already = f"; already replaced: {', '.join(done)}" if done else "; nothing was written"
            raise Failure(f"cannot replace {target}: {exc.strerror or exc}{already}") from exc
        done.append(target)
    return targets


def _signed_note(path: str, target: str, result: Any, written: bool) -> None:
    if result.signed_by is None:
        return
    verb = "is" if written else "would be"
    print(
        f"  note: {path} was signed (key {result.signed_by}); the migrated payload {verb} unsigned, as "
        f"the signature no longer holds. Review it, then sign it again: srcpickle sign {target} "
        "--key-file KEY"
    )

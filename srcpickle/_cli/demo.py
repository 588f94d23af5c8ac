"""``srcpickle demo``: dump the demo functions, then load them on every Python interpreter found.

The one command that runs code, and only its own (``demo_script.py``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, Iterator, List, Sequence, Tuple

from .._pythons import Interpreter, IsolatedPackage, find_interpreters
from ._common import EXIT_NO, EXIT_OK, PYTHON, Style, plural

# The demo's loads run in parallel; each is a short interpreter start-up, mostly CPU-bound.
DEMO_WORKERS = max(2, os.cpu_count() or 1)
# Seconds one demo load may take before it counts as failed (PyPy starts slowest, ~1 s).
DEMO_LOAD_TIMEOUT = 60
# The demo payload printed in full: the shortest that shows a function, its source and globals.
DEMO_PRINTED = "globals"
# The file demo_script.py writes beside the payloads: each demo's probe and expected result.
DEMO_MANIFEST = "demo.json"


def register(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand to ``commands``."""
    demo = commands.add_parser(
        "demo",
        parents=parents,
        help="dump demo functions, then load them on every Python interpreter found",
        description="Dump the functions of srcpickle's demo_script.py (run as a script, so they are "
        "defined in __main__), print one payload, then load every payload in a fresh isolated "
        "process on every Python interpreter found (pyenv versions, python3.X on PATH, pypy3) and "
        "print a table of which loaded and gave the original's results.",
        epilog="Exit code 0 when every load gave the original's results, 1 otherwise.",
    )
    demo.add_argument(
        "--out", metavar="DIR", help="keep the payloads in DIR (default: a temporary directory)"
    )
    demo.set_defaults(handler=run)


# Runs in each child interpreter, isolated, with a copy of srcpickle first on sys.path; argv:
# payload path, probe. Plain Python that every supported interpreter accepts.
_DEMO_CHILD = """
import json
import sys
path, probe = sys.argv[1], sys.argv[2]
try:
    import srcpickle
    namespace = {"obj": srcpickle.load(path)}
    exec(probe, namespace)
    report = json.dumps({"result": namespace["result"]})
except Exception as exc:
    report = json.dumps({"error": "%s: %s" % (type(exc).__name__, exc)})
print(report)
"""


@dataclasses.dataclass
class _Cell:
    """One load of one demo payload on one interpreter."""

    ok: bool
    error: str = ""


def _demo_script_env() -> Dict[str, str]:
    """The environment for running the demo script: it must import this very srcpickle."""
    env = dict(os.environ)
    parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    site_dirs = set(site.getsitepackages() + [site.getusersitepackages()])
    # An installed srcpickle is found anyway; a source checkout (``python -m srcpickle`` run in
    # the repository) needs its root on the path. site-packages itself is never put there: on
    # PYTHONPATH it would come before the standard library.
    if parent not in site_dirs:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (parent, env.get("PYTHONPATH", "")) if p)
    return env


def _run_demo_script(workdir: str, outdir: str) -> List[Dict[str, Any]]:
    """Run ``demo_script.py`` as a user's script (its functions live in ``__main__``) and return
    its manifest: one entry per demo function."""
    script = os.path.join(workdir, "demo_script.py")
    # A copy run from a directory of its own, as a user's script is: the package directory on
    # sys.path[0] would make srcpickle's modules importable as top-level names.
    shutil.copyfile(
        os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "demo_script.py"), script
    )
    proc = subprocess.run(
        [sys.executable, script, outdir],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=_demo_script_env(),
        timeout=120,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"demo_script.py failed (exit code {proc.returncode}):\n{proc.stderr.strip()}")
    with open(os.path.join(outdir, DEMO_MANIFEST), encoding="utf-8") as handle:
        entries: List[Dict[str, Any]] = json.load(handle)
    return entries


def _demo_load(package: IsolatedPackage, interpreter: Interpreter, path: str, entry: Dict[str, Any]) -> _Cell:
    try:
        proc = package.run(interpreter, _DEMO_CHILD, [path, entry["probe"]], timeout=DEMO_LOAD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return _Cell(False, f"no answer within {DEMO_LOAD_TIMEOUT} s")
    except OSError as exc:
        return _Cell(False, f"cannot start {interpreter.path}: {exc}")
    lines = proc.stdout.strip().splitlines()
    try:
        report: Dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        stderr = proc.stderr.strip().splitlines()
        return _Cell(False, f"exit code {proc.returncode}: {stderr[-1] if stderr else 'no output'}")
    if "error" in report:
        return _Cell(False, str(report["error"]).splitlines()[0])
    if report["result"] != entry["expected"]:
        return _Cell(False, f"gave {report['result']!r}, the original gave {entry['expected']!r}")
    return _Cell(True)


def run(args: argparse.Namespace, style: Style) -> int:
    """Run the demo; exit code 1 when a load failed."""
    started = time.monotonic()
    interpreters = find_interpreters()
    with tempfile.TemporaryDirectory(prefix="srcpickle-demo-") as workdir:
        outdir = os.path.abspath(args.out) if args.out else os.path.join(workdir, "payloads")
        print(style.paint(f"1. Dumping the demo functions with {PYTHON}", "bold"))
        print(f"   running demo_script.py as a script, so its functions live in __main__ ({outdir})")
        try:
            entries = _run_demo_script(workdir, outdir)
        except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as exc:
            print(style.paint(f"FAIL: {exc}", "red"))
            return EXIT_NO
        name_width = max(len(entry["name"]) for entry in entries)
        for entry in entries:
            status = style.paint("dumps failed", "red") if "error" in entry else entry["file"]
            print(f"   {entry['name'].ljust(name_width)}  {entry['title']:34} -> {status}")
        shown = next((e for e in entries if e["name"] == DEMO_PRINTED and "error" not in e), None)
        if shown is not None:
            print()
            print(
                style.paint(
                    f"2. What a payload looks like: {shown['file']}, as written (after the '|')", "bold"
                )
            )
            with open(os.path.join(outdir, shown["file"]), encoding="utf-8") as handle:
                print(_indent_block(handle.read().rstrip("\n"), "   | "))
        print()
        count = plural(len(interpreters), "interpreter")
        step = f"3. Loading each payload in a fresh isolated process on {count}"
        print(style.paint(step, "bold"))
        for interpreter in interpreters:
            mark = "  * (dumped the payloads)" if interpreter.is_current else ""
            print(f"   {interpreter.label:16} {interpreter.path}{mark}")
        cells = _demo_cells(entries, interpreters, outdir)
        print()
        for line in _demo_table(entries, interpreters, cells, style):
            print(line)
        failures = _demo_failures(entries, interpreters, cells)
        total = len(entries) * len(interpreters)
        elapsed = time.monotonic() - started
        print()
        if failures:
            print(style.paint(f"{len(failures)} of {total} loads FAILED:", "red", "bold"))
            for failure in failures:
                print(f"  {failure}")
        else:
            print(
                style.paint(f"All {total} loads gave the original's results", "green", "bold")
                + f" ({elapsed:.1f} s)."
            )
        if args.out:
            example = os.path.join(outdir, "closure.srcpickle")
            print(f"The payloads are in {outdir}; try: python -m srcpickle show {example}")
        return EXIT_NO if failures else EXIT_OK


def _indent_block(text: str, prefix: str) -> str:
    return "\n".join((prefix + line).rstrip() for line in text.split("\n"))


def _demo_cells(
    entries: List[Dict[str, Any]], interpreters: List[Interpreter], outdir: str
) -> Dict[Tuple[str, str], _Cell]:
    cells: Dict[Tuple[str, str], _Cell] = {}
    with IsolatedPackage() as package, concurrent.futures.ThreadPoolExecutor(DEMO_WORKERS) as pool:
        futures = {}
        for entry in entries:
            for interpreter in interpreters:
                key = (entry["name"], interpreter.path)
                if "error" in entry:
                    cells[key] = _Cell(False, entry["error"])
                    continue
                path = os.path.join(outdir, entry["file"])
                futures[key] = pool.submit(_demo_load, package, interpreter, path, entry)
        for key, future in futures.items():
            cells[key] = future.result()
    return cells


def _demo_table(
    entries: List[Dict[str, Any]],
    interpreters: List[Interpreter],
    cells: Dict[Tuple[str, str], _Cell],
    style: Style,
) -> Iterator[str]:
    # Two header lines (implementation, version) keep seven interpreters within 80 columns.
    heads = []
    for interpreter in interpreters:
        implementation, version = interpreter.label.split(" ", 1)
        heads.append((implementation, version + ("*" if interpreter.is_current else "")))
    widths = [max(len(top), len(bottom), 4) + 2 for top, bottom in heads]
    name_width = max(len(entry["name"]) for entry in entries) + 2
    yield " " * name_width + "".join(top.ljust(w) for (top, _), w in zip(heads, widths)).rstrip()
    yield " " * name_width + "".join(bottom.ljust(w) for (_, bottom), w in zip(heads, widths)).rstrip()
    for entry in entries:
        row = entry["name"].ljust(name_width)
        for interpreter, width in zip(interpreters, widths):
            cell = cells[(entry["name"], interpreter.path)]
            text = "ok" if cell.ok else "FAIL"
            row += style.paint(text, "green" if cell.ok else "red") + " " * (width - len(text))
        yield row.rstrip()


def _demo_failures(
    entries: List[Dict[str, Any]], interpreters: List[Interpreter], cells: Dict[Tuple[str, str], _Cell]
) -> List[str]:
    failures = []
    for entry in entries:
        for interpreter in interpreters:
            cell = cells[(entry["name"], interpreter.path)]
            if not cell.ok:
                failures.append(f"{entry['name']} on {interpreter.label}: {cell.error}")
    return failures

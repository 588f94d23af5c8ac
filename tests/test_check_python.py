"""``srcpickle check FILE --python VERSION`` and ``srcpickle.check(data, python=...)``: the checks run
inside another interpreter of the machine, nothing from the payload runs, and names a Python
release removed come with their replacement and the ``migrate --rename`` line. Also the table
behind those suggestions (``srcpickle/stdlib_moves.json``), checked against every interpreter.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import srcpickle
from srcpickle._check import find_move, stdlib_moves
from srcpickle._pythons import IsolatedPackage

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

# Builds, installs or checks with fixed interpreters: .ci/run runs it once (see conftest.py).
pytestmark = pytest.mark.any_python(run="newest")

# A helper kept since the Python 3.9 days; dumped on 3.12, where its body's names are not checked
# at dump time (only when it runs).
HELPER = """\
import collections
import inspect
import typing


def describe(obj, stream: "typing.io.TextIO" = None):
    # names that later Pythons removed
    if isinstance(obj, collections.Mapping):
        return "mapping"
    return str(inspect.getargspec(obj).args)
"""
# Platform-only modules of the table, absent from this Linux build whatever the version.
PLATFORM_ONLY = {"msilib"}


def interpreter(spec: str) -> Any:
    return unit.interpreter(spec)


@pytest.fixture(scope="module")
def written_on_312(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python = interpreter("3.12")
    directory = tmp_path_factory.mktemp("on312")
    (directory / "helper.py").write_text(
        HELPER + "\nimport srcpickle, sys\nopen(sys.argv[1], 'wb').write(srcpickle.dumps(describe))\n",
        encoding="utf-8",
    )
    with IsolatedPackage() as package:
        proc = subprocess.run(
            [python.path, "-X", "utf8", "helper.py", str(directory / "helper.srcpickle")],
            cwd=directory,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": package.directory},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr
    payload = directory / "helper.srcpickle"
    assert f"written-by: 'srcpickle {srcpickle.__version__}, cpython 3.12".encode() in payload.read_bytes()
    return payload


def by_name(report: Any) -> Dict[str, Any]:
    return {item.name: item for item in report.items if item.name}


def test_on_313_the_removed_names_fail_with_their_replacements(written_on_312: Path) -> None:
    report = srcpickle.check(written_on_312.read_bytes(), python=interpreter("3.13").path)
    assert report.python.startswith("CPython 3.13") and not report.loadable
    items = by_name(report)
    assert items["collections.Mapping"].status == "fail"
    assert "collections has no attribute 'Mapping' here" in items["collections.Mapping"].message
    assert "removed in Python 3.10" in items["collections.Mapping"].message
    assert items["inspect.getargspec"].status == "fail"
    # Annotations are not needed to load (one that fails stays text): a warning.
    assert items["typing.io.TextIO"].status == "warn"
    assert report.renames == {
        "collections.Mapping": "collections.abc.Mapping",
        "inspect.getargspec": "inspect.getfullargspec",
        "typing.io.TextIO": "typing.TextIO",
    }
    assert {item.kind for item in report.problems} == {"attribute"}


def test_on_39_it_loads_and_warns_about_what_later_pythons_remove(written_on_312: Path) -> None:
    report = srcpickle.check(written_on_312.read_bytes(), python=interpreter("3.9").path)
    assert report.python.startswith("CPython 3.9") and report.loadable
    items = by_name(report)
    assert items["collections.Mapping"].status == "warn"
    assert "is gone in Python 3.10" in items["collections.Mapping"].message
    assert "deprecated here" in items["collections.Mapping"].message  # 3.9's own DeprecationWarning
    assert "is gone in Python 3.11" in items["inspect.getargspec"].message
    assert "is gone in Python 3.13" in items["typing.io.TextIO"].message


def test_applying_the_suggested_renames_makes_it_load_on_313(written_on_312: Path, tmp_path: Path) -> None:
    pytest.importorskip("libcst")
    data = written_on_312.read_bytes()
    renames = srcpickle.check(data, python=interpreter("3.13").path).renames
    migrated = srcpickle.migrate(data, renames)
    assert srcpickle.check(migrated, python=interpreter("3.13").path).loadable
    path = tmp_path / "migrated.srcpickle"
    path.write_bytes(migrated)
    with IsolatedPackage() as package:
        proc = package.run(
            interpreter("3.13"),
            "import srcpickle\nf = srcpickle.load(sys.argv[1])\n"
            "print(repr((f({}), f(f), f.__annotations__)))",
            [str(path)],
        )
    assert proc.stdout.strip() == "('mapping', \"['obj', 'stream']\", {'stream': 'typing.TextIO'})", (
        proc.stderr
    )


def test_cli_prints_each_problem_and_the_migrate_line(written_on_312: Path) -> None:
    for version, code in (("3.13", 1), ("3.9", 0)):
        proc = subprocess.run(
            [sys.executable, "-m", "srcpickle", "check", str(written_on_312), "--python", version],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == code, proc.stdout + proc.stderr
        lines = proc.stdout.splitlines()
        verdict = "NOT loadable" if code else "loadable"
        assert f"{written_on_312}: {verdict} by CPython {version}." in lines[0]
        rename = (
            "        to migrate: srcpickle migrate --rename "
            f"collections.Mapping=collections.abc.Mapping {written_on_312} --in-place"
        )
        assert rename in lines
        mark = "  FAIL  collections.Mapping" if code else "  warn  collections.Mapping"
        assert any(line.startswith(mark) for line in lines), proc.stdout


def test_nothing_from_the_payload_runs_in_the_checking_interpreter(tmp_path: Path) -> None:
    """The corpus payload whose build calls a function that writes a marker file: checking it on
    two interpreters writes nothing; loading it (the control) does."""
    marker = tmp_path / "ran"
    text = (Path(__file__).parent / "corpus" / "side_effect.srcpickle").read_text(encoding="utf-8")
    data = text.replace("'SRCPICKLE_RAN'", repr(str(marker))).encode("utf-8")
    newest, oldest = interpreter("3.13"), interpreter("3.9")
    for checking in (newest, oldest):
        report = srcpickle.check(data, python=checking.path)
        assert report.loadable, report.problems
    assert not marker.exists()
    with IsolatedPackage() as package:
        package.run(
            newest,
            "import srcpickle\nsrcpickle.loads(open(sys.argv[1], 'rb').read())",
            [str(_write(tmp_path, data))],
        )
    assert marker.exists(), "the control: loading does run it"


def _write(directory: Path, data: bytes) -> Path:
    path = directory / "payload.srcpickle"
    path.write_bytes(data)
    return path


def test_pypy_and_a_path_name_an_interpreter(written_on_312: Path) -> None:
    pypy = interpreter("pypy")
    report = srcpickle.check(written_on_312.read_bytes(), python=pypy.path)
    assert report.python.startswith("PyPy 3.9")
    assert by_name(report)["collections.Mapping"].status == "warn"  # PyPy 3.9 still has it


def test_an_unknown_interpreter_is_a_clear_error(written_on_312: Path) -> None:
    with pytest.raises(
        srcpickle.CheckError, match=r"no CPython 2\.1 interpreter found on this machine.*found: CPython"
    ):
        srcpickle.check(written_on_312.read_bytes(), python="2.1")
    proc = subprocess.run(
        [sys.executable, "-m", "srcpickle", "check", str(written_on_312), "--python", "2.1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "srcpickle check: no CPython 2.1 interpreter found" in proc.stderr


def test_without_python_the_running_interpreter_checks_with_this_sys_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "chk_local_lib.py").write_text("def helper(x):\n    return x + 1\n", encoding="utf-8")
    script = tmp_path / "uses.py"
    script.write_text(
        textwrap.dedent(
            """\
            import sys
            import chk_local_lib
            import srcpickle

            def uses(x):
                return chk_local_lib.helper(x) + chk_local_lib.missing_name(x)

            open(sys.argv[1], "wb").write(srcpickle.dumps(uses, by_reference=["chk_local_lib"]))
            """
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(library))
    subprocess.run(
        [sys.executable, str(script), str(tmp_path / "uses.srcpickle")], check=True, env=env, timeout=60
    )
    data = (tmp_path / "uses.srcpickle").read_bytes()
    lacking = srcpickle.check(data)
    assert [item.name for item in lacking.problems] == ["chk_local_lib"]
    monkeypatch.syspath_prepend(str(library))
    found = srcpickle.check(data)
    assert [item.name for item in found.problems] == ["chk_local_lib.missing_name"]
    assert "chk_local_lib has no attribute 'missing_name' here" in found.problems[0].message


# ------------------------------------------------------------------------------- the moves table


def test_the_moves_table_is_well_formed() -> None:
    with open(Path(srcpickle.__file__).parent / "stdlib_moves.json", encoding="utf-8") as handle:
        raw = json.load(handle)["moves"]
    olds = [entry["old"] for entry in raw]
    assert len(olds) == len(set(olds)), "each old name once"
    for entry in raw:
        assert set(entry) in ({"old", "removed", "new"}, {"old", "removed", "hint"}), entry
        assert all(part.isidentifier() for part in entry["old"].split("."))
    assert find_move("collections.Mapping.register").new == "collections.abc.Mapping"  # type: ignore[union-attr]
    assert find_move("imp.reload").new == "importlib.reload"  # type: ignore[union-attr]
    assert find_move("imp.get_suffixes").new is None  # type: ignore[union-attr]
    assert find_move("important") is None


PROBE = """\
import importlib, json, sys, warnings
warnings.simplefilter("ignore")

def exists(dotted):
    parts = dotted.split(".")
    for size in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:size]))
        except Exception:
            continue
        for attr in parts[size:]:
            try:
                obj = getattr(obj, attr)
            except Exception:
                return False
        return True
    return False

names = json.loads(sys.argv[1])
print(json.dumps({name: exists(name) for name in names}))
"""


def test_the_moves_table_matches_every_interpreter() -> None:
    """On each CPython of the machine, an old name exists before the version that removed it and
    not from that version on; every replacement exists on every interpreter, PyPy included."""
    moves = stdlib_moves()
    names = sorted({m.old for m in moves} | {m.new for m in moves if m.new})
    seen: List[str] = []
    wrong: List[str] = []
    with IsolatedPackage() as package:
        for python in unit.interpreters():
            proc = package.run(python, PROBE, [json.dumps(names)])
            found: Optional[Dict[str, bool]] = json.loads(proc.stdout) if proc.returncode == 0 else None
            assert found is not None, proc.stderr
            version = tuple(python.version[:2])
            for move in moves:
                if move.old.split(".")[0] in PLATFORM_ONLY:
                    continue
                # The versions are CPython's; PyPy keeps or lacks some names of its own.
                if python.implementation == "cpython" and found[move.old] != (version < move.removed):
                    wrong.append(
                        f"{move.old} {'exists' if found[move.old] else 'is missing'} on {python.label}"
                    )
                if move.new and not found[move.new]:
                    wrong.append(f"{move.new} (the replacement of {move.old}) is missing on {python.label}")
            seen.append(python.label)
    assert seen and wrong == [], "\n".join(wrong)


def test_plain_check_names_the_replacement_of_a_removed_module(tmp_path: Path) -> None:
    """Without --python too: a standard-library module this Python no longer has (``parser``,
    removed in 3.10) comes with what to use instead."""
    if sys.version_info < (3, 10):
        pytest.skip("parser is still in the standard library here")
    payload = Path(__file__).parent / "corpus" / "golden" / "v1" / "imports_in_body.srcpickle"
    text = payload.read_text(encoding="utf-8").replace("'itertools'", "'parser'")
    path = tmp_path / "uses_parser.srcpickle"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "srcpickle", "check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert (
        "  FAIL  module parser is not in the standard library of CPython "
        f"{sys.version.split()[0]}; it was removed in Python 3.10\n"
        "        no drop-in replacement: use the ast module\n"
    ) in proc.stdout


# --------------------------------------------------------------------- the check child's channels

NOISY_MODULE = """\
import os
import sys

print("noisy_lib: hello from an import")
sys.stdout.flush()
os.write(1, b"{not json\\xff\\n")
os.write(2, b"\\xfe not UTF-8 on stderr either\\n")
VALUE = 21
"""


def _dump_with_library(tmp_path: Path, modules: Dict[str, str], body: str, also: str = "") -> bytes:
    """A function of a script that imports the modules of ``modules`` (written to a folder of
    their own) by reference, and the modules ``also`` names; returns its payload."""
    library = tmp_path / "lib"
    library.mkdir(exist_ok=True)
    for name, text in modules.items():
        (library / f"{name}.py").write_text(text, encoding="utf-8")
    script = tmp_path / "uses.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import sys
            sys.path.insert(0, {str(library)!r})
            import srcpickle
            {"".join(f"import {name}; " for name in [*modules, *also.split()])}

            def uses(x):
                return {body}

            open(sys.argv[1], "wb").write(srcpickle.dumps(uses, by_reference={sorted(modules)!r}))
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path / "uses.srcpickle"
    proc = subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, timeout=60, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


def test_modules_that_print_when_imported_do_not_break_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``this`` prints the Zen of Python when imported, and the module written here prints and
    writes bytes that are no UTF-8 (let alone JSON) to file descriptors 1 and 2 directly: the
    check imports both, to look up ``this.s`` and ``noisy_lib.VALUE``, and reports as usual."""
    data = _dump_with_library(
        tmp_path, {"noisy_lib": NOISY_MODULE}, "this.s[:3] + str(noisy_lib.VALUE + x)", also="this"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    report = srcpickle.check(data)
    assert report.loadable, report.problems
    assert "2 names read from imported modules found" in [item.message for item in report.items]
    for python in ("3.9", "3.13"):
        other = srcpickle.check(data, python=interpreter(python).path)
        # There the library is not on the path: the finding, not a failure of the check.
        assert [item.name for item in other.problems] == ["noisy_lib"], other.problems
    proc = subprocess.run(
        [sys.executable, "-m", "srcpickle", "check", str(_write(tmp_path, data))],
        capture_output=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(tmp_path / "lib")),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert b"Beautiful is better" not in proc.stdout and b"noisy_lib: hello" not in proc.stdout
    assert proc.stderr == b""


def test_a_check_that_ends_without_a_report_says_so_with_what_it_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module that ends the interpreter when imported: the check fails as a CheckError naming
    the exit status and quoting the output, not as a timeout nor as a JSON error."""
    dying = 'print("dying_lib: going away", flush=True)\nimport os\nos._exit(7)\n'
    data = _dump_with_library(tmp_path, {"dying_lib": dying.replace("os._exit(7)", "")}, "dying_lib")
    (tmp_path / "lib" / "dying_lib.py").write_text(dying, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    with pytest.raises(srcpickle.CheckError) as raised:
        srcpickle.check(data)
    message = str(raised.value)
    assert "ended with exit status 7 without a report" in message
    assert "dying_lib: going away" in message
    assert "did not finish" not in message


def test_a_check_that_does_not_finish_is_stopped_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from srcpickle import _check

    data = _dump_with_library(tmp_path, {"slow_lib": "VALUE = 1\n"}, "slow_lib.VALUE")
    (tmp_path / "lib" / "slow_lib.py").write_text(
        "import time\ntime.sleep(60)\nVALUE = 1\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    monkeypatch.setattr(_check, "CHILD_TIMEOUT", 2.0)
    with pytest.raises(srcpickle.CheckError, match=r"did not finish within 2 s and was stopped"):
        srcpickle.check(data)


def test_a_check_process_that_fails_otherwise_is_not_called_a_timeout(tmp_path: Path) -> None:
    """An interpreter (here a wrapper script, as a shim might be) that writes bytes no decoder
    reads before it runs the check: a CheckError saying what failed."""
    wrapper = tmp_path / "python-wrapper"
    wrapper.write_text(
        "#!/bin/sh\n"
        'case "$*" in *child_main*) printf "\\377\\376 banner\\n" ;; esac\n'
        f'exec {sys.executable} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    data = (Path(__file__).parent / "corpus" / "golden" / "v1" / "lambda.srcpickle").read_bytes()
    with pytest.raises(srcpickle.CheckError) as raised:
        srcpickle.check(data, python=str(wrapper))
    message = str(raised.value)
    assert (
        f"the check process on CPython {sys.version.split()[0]} ({wrapper}) failed: UnicodeDecodeError"
        in (message)
    )
    assert "did not finish" not in message


def test_a_check_that_cannot_write_its_files_is_a_check_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    data = (Path(__file__).parent / "corpus" / "golden" / "v1" / "lambda.srcpickle").read_bytes()
    monkeypatch.setattr(tempfile, "tempdir", "/nonexistent/srcpickle-tmp")
    with pytest.raises(srcpickle.CheckError, match=r"cannot prepare the check on CPython .*No such file"):
        srcpickle.check(data)

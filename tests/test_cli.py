"""The command line: ``demo``, ``show``, ``check`` and ``diff``, their output and exit codes.

Payloads come from real dumps: ``demo_script.py`` run as a script (its functions live in
``__main__``, as a user's would), and small scripts written here. ``show``, ``check`` and ``diff``
must never execute what a payload holds; the tests prove it with payloads whose imports or sources
would leave a visible trace if anything ran.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import srcpickle
from srcpickle import _cli
from srcpickle._pythons import Interpreter, IsolatedPackage, find_interpreters

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

DEMO_SCRIPT = Path(srcpickle.__file__).with_name("demo_script.py")
DEMO_NAMES = ["globals", "imports", "closure", "lambda", "shared_cells", "recursive", "class", "dataclass"]
ANSI = "\x1b["


def run_cli(*args: str, cwd: Any = None) -> subprocess.CompletedProcess[str]:
    """``python -m srcpickle ARGS`` in a child process (stdout is a pipe, not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "srcpickle", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Tuple[int, str, str]:
    """``main(ARGS)`` in this process: exit code, stdout, stderr."""
    code = _cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def dump_script(directory: Path, name: str, source: str) -> Path:
    """Run ``source`` as the script ``directory/name.py`` (so its functions live in ``__main__``);
    it receives the payload path as ``sys.argv[1]``. Returns that path."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / f"{name}.py"
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    out = directory / f"{name}.srcpickle"
    proc = subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=60, cwd=directory
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def demo_payloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's payloads and manifest, written by demo_script.py run as a script."""
    outdir = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [sys.executable, str(DEMO_SCRIPT), str(outdir)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return outdir


def edited(payload: Path, target: Path, old: str, new: str) -> Path:
    """A copy of ``payload`` at ``target`` with ``old`` replaced by ``new`` (exactly once)."""
    text = payload.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {payload}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return target


# ------------------------------------------------------------------------------------------- demo


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Tuple[subprocess.CompletedProcess[str], Path]:
    """``python -m srcpickle demo --out DIR``, run once for the tests that read what it printed
    and wrote (it loads every payload on every interpreter of the machine: 4.2 s of CPU)."""
    outdir = tmp_path_factory.mktemp("demo-out")
    return run_cli("demo", "--out", str(outdir)), outdir


def test_demo_loads_every_payload_on_every_interpreter(
    demo_run: Tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    # The demo shows every interpreter it finds, two patch releases of one minor version too.
    interpreters = find_interpreters()
    proc, _ = demo_run
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "FAIL" not in out
    # Every interpreter is listed by its label and path...
    for interpreter in interpreters:
        assert re.search(rf"^   {re.escape(interpreter.label)} +{re.escape(interpreter.path)}", out, re.M), (
            out
        )
    # ...and has a column: the table's two header lines name implementation and version.
    lines = out.splitlines()
    header = next(
        i for i, line in enumerate(lines) if line.lstrip().startswith("CPython") and "/" not in line
    )
    implementations, versions = lines[header].split(), lines[header + 1].split()
    expected = [i.label.split(" ", 1) for i in interpreters]
    assert implementations == [e[0] for e in expected]
    assert [v.rstrip("*") for v in versions] == [e[1] for e in expected]
    # One row per demo function, "ok" in every column.
    rows = lines[header + 2 : header + 2 + len(DEMO_NAMES)]
    assert [row.split()[0] for row in rows] == DEMO_NAMES
    for row in rows:
        assert row.split()[1:] == ["ok"] * len(interpreters), row
    assert f"All {len(DEMO_NAMES) * len(interpreters)} loads gave the original's results" in out


def test_demo_prints_one_payload_in_full_and_keeps_the_payloads(
    demo_run: Tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, outdir = demo_run
    assert proc.returncode == 0, proc.stdout + proc.stderr
    printed = (outdir / "globals.srcpickle").read_text(encoding="utf-8")
    # Printed line by line after a margin, every line of the file.
    shown = "\n".join(("   | " + line).rstrip() for line in printed.rstrip("\n").split("\n"))
    assert shown in proc.stdout
    assert "def price(x: float) -> float:" in printed
    for name in DEMO_NAMES:
        assert (outdir / f"{name}.srcpickle").is_file()


def test_demo_payloads_hold_state_from_before_the_probes(demo_payloads: Path) -> None:
    """The tally's probe changes its cell; the payload was dumped before and must hold 0."""
    manifest = json.loads((demo_payloads / "demo.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in manifest] == DEMO_NAMES
    expected = {entry["name"]: entry["expected"] for entry in manifest}
    assert expected["shared_cells"] == 5
    assert expected["recursive"] == 3628800
    assert expected["lambda"] == 42  # dbl, not inc
    payload = srcpickle.inspect((demo_payloads / "shared_cells.srcpickle").read_bytes())
    cells = [node for node in payload.nodes.values() if type(node).__name__ == "CellNode"]
    assert len(cells) == 1 and cells[0].contents == 0  # type: ignore[attr-defined]


def test_demo_reports_a_wrong_result_and_a_broken_payload_as_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.srcpickle"
    good.write_bytes(srcpickle.dumps(len))
    (tmp_path / "broken.srcpickle").write_bytes(b"srcpickle-payload 1\nroot: @nowhere\n")
    entries: List[Dict[str, Any]] = [
        {"name": "right", "title": "t", "probe": "result = obj('ab')", "file": good.name, "expected": 2},
        {"name": "wrong", "title": "t", "probe": "result = obj('abc')", "file": good.name, "expected": 2},
        {"name": "broken", "title": "t", "probe": "result = obj", "file": "broken.srcpickle", "expected": 0},
        {"name": "undumped", "title": "t", "probe": "", "file": "x", "error": "dumps failed: boom"},
    ]
    current = Interpreter(sys.executable, sys.implementation.name, tuple(sys.version_info[:3]))  # type: ignore[arg-type]
    monkeypatch.setattr(_cli.demo, "find_interpreters", lambda: [current])
    monkeypatch.setattr(_cli.demo, "_run_demo_script", lambda workdir, outdir: entries)
    code, out, _ = cli(capsys, "demo", "--out", str(tmp_path))
    assert code == 1
    # Table rows start in the first column; the failure list below the table is indented.
    rows = [line.split() for line in out.splitlines() if line[:1].isalpha()]
    table = {row[0]: row[1:] for row in rows if row[0] in ("right", "wrong", "broken", "undumped")}
    assert table["right"] == ["ok"]
    assert table["wrong"] == ["FAIL"] and table["broken"] == ["FAIL"] and table["undumped"] == ["FAIL"]
    assert "3 of 4 loads FAILED" in out
    assert f"wrong on {current.label}: gave 3, the original gave 2" in out
    assert f"broken on {current.label}: PayloadFormatError:" in out
    assert f"undumped on {current.label}: dumps failed: boom" in out


def test_demo_load_reports_an_interpreter_that_dies(tmp_path: Path) -> None:
    payload = tmp_path / "p.srcpickle"
    payload.write_bytes(srcpickle.dumps(len))
    entry = {"probe": "import os; os._exit(3)", "expected": 0}
    current = Interpreter(sys.executable, sys.implementation.name, tuple(sys.version_info[:3]))  # type: ignore[arg-type]
    with IsolatedPackage() as package:
        cell = _cli.demo._demo_load(package, current, str(payload), entry)
    assert not cell.ok and cell.error.startswith("exit code 3")


# ------------------------------------------------------------------------------------------- show


def test_show_prints_header_functions_globals_and_imports(
    demo_payloads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "show", str(demo_payloads / "imports.srcpickle"))
    assert code == 0 and err == ""
    assert ANSI not in out  # captured output is not a terminal
    expected_lines = [
        "  format      srcpickle-payload 1",
        f"  written by  srcpickle {srcpickle.__version__}, ",
        "  needs       Python 3.9 or newer",
        "  root        function summarize",
        "function summarize",
        "  signature   summarize(values: list[float], name: str = 'data') -> str",
        "  defined in  module __main__, demo_script.py line ",
        "  globals     json = module json",
        "              math = module math",
        "              os = module os",
        "  defaults    ('data',)",
        "  doc         'Describe ``values`` as JSON: where they would be saved and their Euclidean norm.'",
        "  import json               standard library",
        "  import os  (and os.path)  standard library",
    ]
    for expected in expected_lines:
        assert any(line.startswith(expected) for line in out.splitlines()), (expected, out)
    # The source, numbered by its lines in demo_script.py.
    line = (
        DEMO_SCRIPT.read_text(encoding="utf-8")
        .splitlines()
        .index('def summarize(values: list[float], name: str = "data") -> str:')
    )
    assert f'    {line + 1} | def summarize(values: list[float], name: str = "data") -> str:' in out
    assert "norm = math.sqrt(sum(v * v for v in values))" in out


def test_show_prints_closure_values_shared_cells_and_recursion(
    demo_payloads: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "show", str(demo_payloads / "closure.srcpickle"))
    assert "  closure     factor = 3" in out
    assert "  signature   scale(x: float) -> float" in out
    _, out, _ = cli(capsys, "show", str(demo_payloads / "shared_cells.srcpickle"))
    assert "root        (function make_tally.<locals>.add, function make_tally.<locals>.read)" in out
    assert "total = 0  (cell shared with make_tally.<locals>.read)" in out
    assert "total = 0  (cell shared with make_tally.<locals>.add)" in out
    _, out, _ = cli(capsys, "show", str(demo_payloads / "recursive.srcpickle"))
    assert "  closure     fact = the function itself (recursive)" in out
    _, out, _ = cli(capsys, "show", str(demo_payloads / "globals.srcpickle"))
    assert "  globals     CONFIG = {'offset': 10, 'digits': 2}" in out
    assert "              RATE = 1.5" in out
    _, out, _ = cli(capsys, "show", str(demo_payloads / "lambda.srcpickle"))
    assert re.search(r"^    \d+ \| lambda x: x \* 2$", out, re.M), out


def test_show_shared_values_objects_and_long_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = dump_script(
        tmp_path,
        "values",
        """
        import functools, sys
        import srcpickle
        SELF = [0]
        SELF.append(SELF)
        BIG = "x" * 5000
        def f(a, *, k=SELF):
            return a + len(SELF) + len(BIG)
        part = functools.partial(f, 1)
        def g():
            return part()
        srcpickle.dump(g, sys.argv[1])
        """,
    )
    code, out, _ = cli(capsys, "show", str(payload))
    assert code == 0
    assert "  globals     part = object @part, built by functools.partial" in out
    assert "  @part = functools.partial(function f, 1)" in out
    assert "  @SELF = [0, @SELF]" in out  # a list inside itself prints as its id
    assert "  kwdefaults  {'k': @SELF}" in out  # a shared value by reference, listed once below
    assert "... (4702 more characters)" in out  # 5002 characters of repr, cut at 300
    assert "  from functools import partial  standard library" in out


def test_show_of_a_source_that_does_not_compile_here(
    demo_payloads: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = edited(
        demo_payloads / "globals.srcpickle", tmp_path / "broken.srcpickle", "x * RATE", "x * * RATE"
    )
    code, out, _ = cli(capsys, "show", str(broken))
    assert code == 0
    assert "(its source does not compile here: every global of its module)" in out
    assert "return round(x * * RATE + CONFIG" in out


HEADER_EDITS = """\
import functools
import os
import sys

import srcpickle

ORIGINAL = (
    "def defaults(a, b=1, *, c=2.5):\\n    return (a, b, c)\\n\\n\\n"
    "def annotated(a: int, b: 'Fwd' = None) -> dict:\\n    return a\\n\\n\\n"
    "def untouched(a, b=len('xy'), *, c=None):\\n    return (a, b, c)\\n"
)
EDITED = (
    "def defaults(a, b=5, *, c=-1):\\n    return (a, b, c)\\n\\n\\n"
    "def annotated(a: str, b: 'Fwd' = None) -> list:\\n    return a\\n\\n\\n"
    "def untouched(a, b=len('xyz'), *, c=None):\\n    return (a, b, c)\\n"
)
with open("header_mod.py", "w") as file:
    file.write(ORIGINAL)
sys.path.insert(0, os.getcwd())
import header_mod

with open("header_mod.py", "w") as file:
    file.write(EDITED)
os.utime("header_mod.py", (1, 2_000_000_000))


def assigned(x, step=1):
    return x + step


assigned.__defaults__ = (7,)


def wrapped(x: int) -> int:
    return x


@functools.wraps(wrapped)
def wrapper(*args, **kwargs):
    return wrapped(*args, **kwargs)


def local_annotation():
    class Local:
        pass

    def inner(x: Local = None):
        return x

    return inner


roots = (header_mod.defaults, header_mod.annotated, header_mod.untouched)
roots += (assigned, wrapper, local_annotation())
with open(sys.argv[1], "wb") as out:
    out.write(srcpickle.dumps(roots))
"""


def test_show_flags_a_header_that_is_not_the_live_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = dump_script(tmp_path / "dump", "header_edits", HEADER_EDITS)
    code, out, _ = cli(capsys, "show", str(payload))
    assert code == 0
    headers = [
        line.split("not the live one: ", 1)[1] for line in out.splitlines() if "not the live one" in line
    ]
    live = " (it loads with the live values)"
    assert sorted(headers) == sorted(  # (sections in id order after the root's)
        [
            "b=5 in the source, 1 live; c=-1 in the source, 2.5 live" + live,
            "a: str in the source, int live; return: list in the source, dict live" + live,
            "step=1 in the source, 7 live" + live,
            "annotations of nothing in the source, of return, x live" + live,
        ]
    )
    # (untouched: a default that is no literal is not compared; inner: its annotation reads a
    # local class, recorded live under the name the source writes)
    code, textconv, _ = cli(capsys, "show", "--textconv", str(payload))
    assert sum("not the live one" in line for line in textconv.splitlines()) == 4
    # The loaded functions are the live ones, in a process that cannot import header_mod.
    load = (
        "import sys, srcpickle; fs = srcpickle.loads(open(sys.argv[1], 'rb').read()); "
        "print([fs[0](0), fs[0].__annotations__, fs[1].__annotations__['a'].__name__, fs[2](0), fs[3](1)])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", load, str(payload)], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[(0, 1, 2.5), {}, 'int', (0, 2, None), 8]"


def test_show_of_a_class_and_its_instance(demo_payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "show", str(demo_payloads / "class.srcpickle"))
    assert code == 0
    assert "  root        object @Vector.instance, built by copyreg.__newobj__" in out
    assert "\nclass Vector\n" in out  # the class section is named after the class
    assert "  globals     Vector = class Vector\n              math = module math\n" in out
    assert re.search(r"^    \d+ \|     def scaled\(self, k: float\) -> Vector:$", out, re.M), out
    assert "  @Vector.instance = copyreg.__newobj__(class Vector)\n      state: {'x': 3, 'y': 4}\n" in out
    # The methods are written inside the class's source (format 2), each with its signature.
    assert "function Vector.norm\n  signature   norm(self) -> float\n" in out
    assert "line 79 of class @Vector's source" in out


def test_show_check_and_diff_need_only_the_standard_library(demo_payloads: Path) -> None:
    """Like the loader, the command line runs where only srcpickle's copy is on the path."""
    path = str(demo_payloads / "class.srcpickle")
    code = (
        "from srcpickle._cli import main\n"
        "path = sys.argv[1]\n"
        "codes = [main(['show', path]), main(['check', path]), main(['diff', path, path])]\n"
        "print('RESULT', codes, sorted(m for m in ('libcst', 'typeguard') if m in sys.modules))\n"
    )
    current = Interpreter(sys.executable, sys.implementation.name, tuple(sys.version_info[:3]))  # type: ignore[arg-type]
    with IsolatedPackage() as package:
        proc = package.run(current, code, [path])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "RESULT [0, 0, 0] []"


def test_show_colours_only_on_a_terminal(demo_payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(demo_payloads / "closure.srcpickle")
    _, plain, _ = cli(capsys, "show", path)
    _, coloured, _ = cli(capsys, "show", "--color", "always", path)
    assert ANSI not in plain and ANSI in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    if os.name != "posix":
        return
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "srcpickle", "show", path],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            env={k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO once the terminal's other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert proc.returncode == 0
    assert ANSI.encode() in b"".join(chunks)


def test_show_executes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The payload imports ``this`` (importing it prints the Zen of Python) and its source would
    write a file if it ran; show and check print it and run nothing."""
    marker = tmp_path / "ran.txt"
    payload = dump_script(
        tmp_path,
        "sideeffects",
        f"""
        import sys
        import srcpickle
        import this
        def effect(x=open({str(marker)!r}, "a").close()):
            open({str(marker)!r}, "w").write(str(this.s))
        srcpickle.dump(effect, sys.argv[1])
        """,
    )
    marker.unlink()
    sys.modules.pop("this", None)
    code, out, _ = cli(capsys, "show", str(payload))
    assert code == 0 and "import this" in out
    code, out, _ = cli(capsys, "check", str(payload))
    assert code == 0, out
    assert "this" not in sys.modules
    assert not marker.exists()
    assert "Beautiful is better than ugly" not in out


# ------------------------------------------------------------------------------------------ check


def test_check_passes_a_loadable_payload(demo_payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", str(demo_payloads / "imports.srcpickle"))
    assert code == 0 and err == ""
    assert "imports.srcpickle: loadable by" in out
    assert "ok    format 1" in out
    assert "ok    needs Python 3.9+" in out
    assert "ok    every source compiles on" in out
    assert "ok    4 imported modules found: json, math, os, os.path" in out
    # The names the source reads from them exist here (json.dumps, math.floor, os.path.basename).
    assert "ok    3 names read from imported modules found" in out
    assert "FAIL" not in out


def test_check_names_a_missing_module_with_the_pip_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A function using a module that is importable at dumps time and gone at check time."""
    library = tmp_path / "lib"
    library.mkdir()
    (library / "cli_gone_module.py").write_text("def helper(x):\n    return x + 1\n", encoding="utf-8")
    payload = dump_script(
        tmp_path,
        "needs_gone",
        f"""
        import sys
        sys.path.insert(0, {str(library)!r})
        import srcpickle
        import cli_gone_module
        def uses(x):
            return cli_gone_module.helper(x)
        srcpickle.dump(uses, sys.argv[1], by_reference=["cli_gone_module"])
        """,
    )
    proc = run_cli("check", str(payload))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "needs_gone.srcpickle: NOT loadable by" in proc.stdout
    assert "(1 problem; nothing from the payload was executed)" in proc.stdout
    assert (
        "FAIL  module cli_gone_module cannot be imported here (from no installed distribution when "
        "saved: code of the user's own); make it importable (its folder on sys.path or PYTHONPATH), "
        "or dump again with the module by value\n"
    ) in proc.stdout


def test_check_prints_every_problem(
    demo_payloads: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = demo_payloads / "imports.srcpickle"
    step = edited(source, tmp_path / "one.srcpickle", "module: 'json'\n", "module: 'cli_absent_json'\n")
    both = edited(step, tmp_path / "two.srcpickle", "requires-python: '3.9'", "requires-python: '3.99'")
    code, out, _ = cli(capsys, "check", str(both))
    assert code == 1
    assert "(2 problems; nothing from the payload was executed)" in out
    assert "FAIL  this payload needs Python 3.99 or newer" in out
    assert "FAIL  module cli_absent_json is not in the standard library of CPython" in out


def test_check_reports_each_source_that_does_not_compile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_payloads: Path
) -> None:
    source = demo_payloads / "shared_cells.srcpickle"
    step = edited(source, tmp_path / "a.srcpickle", "        total += n\n", "        total += = n\n")
    broken = edited(step, tmp_path / "b.srcpickle", "        return total\n", "        return total)\n")
    code, out, _ = cli(capsys, "check", str(broken))
    assert code == 1
    assert "(2 problems; nothing from the payload was executed)" in out
    assert "FAIL  the source of make_tally.<locals>.add does not compile" in out
    assert "FAIL  the source of make_tally.<locals>.read does not compile" in out


def test_check_warns_about_versions_and_strict_makes_them_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pytest is installed wherever this test runs: dumped with it, then saved with a far newer
    # major version.
    installed = metadata.version("pytest")
    newer = f"{int(installed.split('.')[0]) + 1}.0.0"
    dumped = dump_script(
        tmp_path,
        "approx",
        """
        import sys
        import pytest
        import srcpickle
        def close(x):
            return pytest.approx(x)
        srcpickle.dump(close, sys.argv[1])
        """,
    )
    payload = edited(dumped, tmp_path / "pytest.srcpickle", f"pytest {installed}'", f"pytest {newer}'")
    code, out, _ = cli(capsys, "check", str(payload))
    assert code == 0, out
    assert f"warn  pytest {installed} is installed here; the payload was saved with pytest {newer}" in out
    code, out, _ = cli(capsys, "check", "--strict", str(payload))
    assert code == 1
    assert f"FAIL  pytest {installed} is installed here; the payload was saved with pytest {newer}" in out


# ------------------------------------------------------------------------------------------- diff

CONVERT_V1 = """
    import sys
    import srcpickle
    OFFSET = 32
    def convert(celsius):
        \"\"\"Celsius to Fahrenheit.\"\"\"
        factor = 9 / 5
        return celsius * factor + OFFSET
    srcpickle.dump(convert, sys.argv[1])
"""
CONVERT_V2 = """
    import sys
    import srcpickle
    OFFSET = 32
    def convert(celsius):
        \"\"\"Celsius to Fahrenheit.\"\"\"
        factor = 9 / 5
        return round(celsius * factor + OFFSET, 1)
    srcpickle.dump(convert, sys.argv[1])
"""


def test_diff_of_two_versions_shows_the_changed_source_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = dump_script(tmp_path / "v1", "convert", CONVERT_V1)
    new = dump_script(tmp_path / "v2", "convert", CONVERT_V2)
    code, out, err = cli(capsys, "diff", str(old), str(new))
    assert code == 1 and err == ""
    assert f"--- {old} [function convert]\n+++ {new} [function convert]\n" in out
    # The hunk is numbered by the lines of convert.py (the def is on line 5) and has context.
    assert (
        "@@ -5,4 +5,4 @@ source of convert (convert.py)\n"
        " def convert(celsius):\n"
        '     """Celsius to Fahrenheit."""\n'
        "     factor = 9 / 5\n"
        "-    return celsius * factor + OFFSET\n"
        "+    return round(celsius * factor + OFFSET, 1)\n"
    ) in out
    assert "summary: nodes 1 changed, 0 added, 0 removed, 1 unchanged" in out
    assert "[namespace __main__]" not in out.split("summary:")[0]  # unchanged nodes are not shown


def test_diff_lists_added_and_removed_nodes_and_changed_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = dump_script(tmp_path / "v1", "convert", CONVERT_V1)
    new = dump_script(
        tmp_path / "v2",
        "convert",
        """
        import sys
        import srcpickle
        import math
        OFFSET = 32.0

        def convert(celsius):
            \"\"\"Celsius to Fahrenheit.\"\"\"
            return math.floor(celsius * 9 / 5 + OFFSET)
        srcpickle.dump(convert, sys.argv[1])
        """,
    )
    code, out, _ = cli(capsys, "diff", str(old), str(new))
    assert code == 1
    assert "-global OFFSET = 32\n+global OFFSET = 32.0\n+global math = @math\n" in out
    assert "-line: 5\n+line: 7\n" in out
    assert f"--- {old} [import math]\n+++ {new} [import math]\n@@ -0,0 +1,2 @@ fields\n" in out
    assert "summary: nodes 2 changed, 1 added, 0 removed, 0 unchanged" in out
    assert "  added    [import math]" in out
    assert "  changed  [function convert]" in out
    code, out, _ = cli(capsys, "diff", str(new), str(old))
    assert "  removed  [import math]" in out


def test_diff_of_identical_payloads_exits_0(demo_payloads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(demo_payloads / "closure.srcpickle")
    code, out, _ = cli(capsys, "diff", path, path)
    assert code == 0
    assert "same payload (3 nodes)" in out


def test_diff_colours_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = dump_script(tmp_path / "v1", "convert", CONVERT_V1)
    new = dump_script(tmp_path / "v2", "convert", CONVERT_V2)
    _, out, _ = cli(capsys, "diff", "--color", "always", str(old), str(new))
    assert "\x1b[31m-    return celsius * factor + OFFSET\x1b[0m" in out
    assert "\x1b[32m+    return round(celsius * factor + OFFSET, 1)\x1b[0m" in out


def test_diff_names_the_class_of_a_method_as_in_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A method written inside its class's source refers to that class with ``in-class``, beside
    its ``namespace``: the diff prints each field as the payload spells it."""
    script = """
        import sys
        import srcpickle
        class Meter:
            def read(self):
                return 1
        srcpickle.dump(Meter, sys.argv[1])
        """
    old = dump_script(tmp_path / "v1", "meter", script)
    new = dump_script(
        tmp_path / "v2",
        "meter",
        script.replace("return 1\n", "return 1\n            def reset(self):\n                return 0\n"),
    )
    code, out, err = cli(capsys, "diff", str(old), str(new))
    assert (code, err) == (1, "")
    added = out.split(f"+++ {new} [function Meter.reset]\n", 1)[1].split("\n--- ", 1)[0]
    assert "\n+namespace: @__main__\n" in added and "\n+in-class: @Meter\n" in added, added
    assert added.count("namespace:") == 1
    assert "  added    [function Meter.reset]" in out


# ---------------------------------------------------------------------------- errors and --help


@pytest.mark.parametrize("command", [["show"], ["check"], ["diff", "OTHER"]])
def test_unreadable_or_malformed_files_exit_2(
    command: List[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_payloads: Path
) -> None:
    good = str(demo_payloads / "lambda.srcpickle")
    args = [good if arg == "OTHER" else arg for arg in command]
    missing = tmp_path / "nothing.srcpickle"
    code, out, err = cli(capsys, *args, str(missing))
    assert code == 2 and out == ""
    assert f"srcpickle {command[0]}: cannot read {missing}: No such file or directory" in err
    garbage = tmp_path / "garbage.srcpickle"
    garbage.write_bytes(b"\x80\x04\x95 not a payload")
    code, out, err = cli(capsys, *args, str(garbage))
    assert code == 2 and out == ""
    assert f"{garbage} is not a readable srcpickle payload: payload is not valid UTF-8 text" in err
    truncated = tmp_path / "truncated.srcpickle"
    truncated.write_text("srcpickle-payload 1\nwritten-by: 'x'\n", encoding="utf-8")
    code, _, err = cli(capsys, *args, str(truncated))
    assert code == 2 and "payload is truncated" in err
    newer = tmp_path / "newer.srcpickle"
    newer.write_text("srcpickle-payload 99\n", encoding="utf-8")
    code, _, err = cli(capsys, *args, str(newer))
    assert code == 2 and "payload format 99 cannot be read by this srcpickle" in err
    zero = tmp_path / "zero.srcpickle"  # (read as format 1 once)
    zero.write_bytes(
        (demo_payloads / "lambda.srcpickle").read_bytes().replace(b"payload 1\n", b"payload 01\n", 1)
    )
    code, out, err = cli(capsys, *args, str(zero))
    assert code == 2 and out == "" and "the format version '01', with a leading zero" in err


def test_diff_of_payloads_with_body_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Once a raw TypeError for any payload whose functions import inside their body."""
    # json and base64 imported first, unbound: capture on 3.9 records a body import of the
    # standard library only once it is imported.
    source = """
        import importlib, sys
        import srcpickle
        for name in ("json", "base64"):
            importlib.import_module(name)
        def encode(value):
            import json
            return json.dumps(value)
        srcpickle.dump(encode, sys.argv[1])
        """
    old = dump_script(tmp_path / "a", "body", source)
    new = dump_script(tmp_path / "b", "body", source.replace("import json", "import json, base64"))
    code, out, err = cli(capsys, "diff", str(old), str(old))
    assert (code, err) == (0, "") and "same payload" in out
    code, out, err = cli(capsys, "diff", str(old), str(new))
    assert code == 1 and err == ""
    assert "-body-imports: (@json,)" in out and "+body-imports: (@base64, @json)" in out
    assert "+    import json, base64" in out


def test_show_prints_shared_values_once_by_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A "billion laughs" payload: 30 lists each holding the next twice (2**30 items expanded)."""
    from perf import hostile

    laughs = tmp_path / "laughs.srcpickle"
    laughs.write_text(hostile.make_laughs(30), encoding="utf-8")
    code, out, err = cli(capsys, "show", str(laughs))
    assert (code, err) == (0, "")
    assert "  globals     v0 = @v0" in out
    assert "  @v0 = [@v1, @v1]" in out and "  @v29 = ['lol']" in out
    assert out.count("@v1, @v1") == 1 and len(out) < 4000
    chain = tmp_path / "chain.srcpickle"
    chain.write_text(hostile.make_value_chain(3000), encoding="utf-8")
    code, out, err = cli(capsys, "show", str(chain))
    assert (code, err) == (0, "")
    assert "  closure     v0 = @c1" in out and "  @v2999 = []" in out


def test_payload_from_standard_input(demo_payloads: Path) -> None:
    data = (demo_payloads / "lambda.srcpickle").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "srcpickle", "show", "-"], input=data, capture_output=True, timeout=60
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("<stdin>\n")


@pytest.mark.parametrize("command", ["show", "check"])
def test_a_reader_that_goes_away_is_not_a_no(demo_payloads: Path, command: str) -> None:
    """``srcpickle check f | head`` on a loadable payload: the reader left before the output was
    written. The exit status is the one a shell gives a process SIGPIPE ended (141), not 1 (the
    "not loadable" answer), and nothing is printed about it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "srcpickle", command, str(demo_payloads / "imports.srcpickle")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the command has written anything
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == b""
    # The same command with a reader: 0, the payload is loadable.
    assert run_cli(command, str(demo_payloads / "imports.srcpickle")).returncode == 0


@pytest.mark.parametrize("command", ["demo", "show", "check", "diff", "migrate", "sign", "verify"])
def test_each_subcommand_has_help(command: str) -> None:
    proc = run_cli(command, "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"usage: python -m srcpickle {command} ")
    assert "Exit code" in proc.stdout


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        _cli.main([])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        _cli.main(["diff", "only-one"])
    assert raised.value.code == 2
    assert "the following arguments are required: B" in capsys.readouterr().err


def test_console_script_is_declared() -> None:
    scripts = [ep for ep in metadata.distribution("srcpickle").entry_points if ep.group == "console_scripts"]
    assert [(ep.name, ep.value) for ep in scripts] == [("srcpickle", "srcpickle._cli:main")]


# ----------------------------------------------------------------------------------------- README

README = Path(__file__).resolve().parent.parent / "README.md"


def _fenced_blocks(language: str) -> List[str]:
    text = README.read_text(encoding="utf-8")
    return [
        textwrap.dedent(block) for block in re.findall(rf"^ *```{language}\n(.*?)^ *```$", text, re.S | re.M)
    ]


def test_readme_opens_with_the_two_commands_ci_runs_the_second() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# srcpickle"
    first_block = next(i for i, line in enumerate(lines) if line.strip().startswith("```"))
    # The title, then one sentence (wrapped), then the commands.
    intro = " ".join(lines[1:first_block]).strip()
    assert intro.endswith(".") and intro.count(". ") == 0, intro
    assert _fenced_blocks("sh")[:2] == [
        "pip install . && python -m srcpickle demo\n",
        'pip install -e ".[test]" && python -m pytest\n',
    ]
    # .ci/run runs that command's two halves with the default Python and in a venv of the oldest
    # and of the newest supported CPython (installs first, then the three runs side by side).
    ci = [line.strip() for line in (README.parent / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert ci.count('pip install -e ".[test]"') == 1 and ci.count('pip install --quiet -e ".[test]"') == 1
    assert ci.count("python -m pytest") == 1 and ci.count("python -m pytest || failed=1") == 1
    assert ci.count("for version in 3.9 3.13; do") == 2


def test_readme_examples_are_real(tmp_path: Path) -> None:
    """The quick start's script writes the payload the README shows, and its interactive
    examples give the outputs the README shows."""
    import doctest

    script = _fenced_blocks("python")[0]
    assert script.startswith("import math\n") and 'srcpickle.dump(normalize, "normalize.srcpickle")' in script
    (tmp_path / "prep.py").write_text(script, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "prep.py"], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    payload = tmp_path / "normalize.srcpickle"
    shown = next(block for block in _fenced_blocks("text") if block.startswith("srcpickle-payload 1\n"))

    def without_writer(text: str) -> str:
        return re.sub(r"^written-by: .*$", "written-by: ...", text, flags=re.M)

    assert without_writer(payload.read_text(encoding="utf-8")) == without_writer(shown)
    examples = "".join(block for block in _fenced_blocks("python") if block.startswith(">>>"))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(examples, {}, "README", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.failures == 0 and runner.tries >= 7


def test_show_and_check_of_overloads_and_guards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``show`` listed neither a function's overloads (only the stub sections, each headed by the
    same name) nor guard sections; ``check`` did not say which way a guard goes here."""
    golden = Path(__file__).resolve().parent / "corpus" / "golden" / "v3"
    code, out, err = cli(capsys, "show", str(golden / "overloads.srcpickle"))
    assert (code, err) == (0, "")
    assert (
        "  overloads   scaled(x: int) -> int  @scaled-2\n              scaled(x: str) -> str  @scaled-3\n"
        in out
    )
    code, out, err = cli(capsys, "show", str(golden / "guarded_import.srcpickle"))
    assert (code, err) == (0, "")
    assert out.endswith(
        "imports\n  import tomllib  standard library\n"
        "  guarded in module __main__: where module tomllib is missing, tomllib = None\n"
    )
    # A guard of a module missing everywhere, with a flag and a name left unbound.
    text = (golden / "guarded_import.srcpickle").read_text(encoding="utf-8")
    text = text.replace("'tomllib'", "'h74_nowhere'").replace(
        "global tomllib = None\n", "global HAS_TOML = False\nglobal tomllib = None\nunbound: ('parse',)\n"
    )
    edited = tmp_path / "nowhere.srcpickle"
    edited.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "show", str(edited))
    assert (code, err) == (0, "")
    assert out.endswith(
        "  guarded in module __main__: where module h74_nowhere is missing, HAS_TOML = False, "
        "tomllib = None, parse unbound\n"
    )
    code, out, err = cli(capsys, "check", str(edited))
    assert (code, err) == (0, "")
    assert (
        "  ok    guarded import of h74_nowhere (module __main__): not found here, the fallback of its "
        "except clause is used (HAS_TOML, tomllib, parse)\n"
    ) in out
    code, out, err = cli(capsys, "check", str(golden / "guarded_import.srcpickle"))
    found = importlib.util.find_spec("tomllib") is not None  # 3.11+
    way = (
        "found, the code uses it"
        if found
        else "not found here, the fallback of its except clause is used (tomllib)"
    )
    assert code == 0 and f"guarded import of tomllib (module __main__): {way}" in out
    assert srcpickle.loads(edited.read_bytes())() == "no tomllib"

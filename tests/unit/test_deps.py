"""Where modules come from (standard library, installed distribution, the user's own) and the
oldest Python a source needs."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from typing import Sequence

import pytest

import srcpickle
from srcpickle import ArgumentError, _args, _deps, _dists
from srcpickle._pythons import Interpreter
from srcpickle._rebuild import checks

from . import (
    RESULT_MARK,
    full_site_start,  # noqa: F401 - a fixture, used by name
    import_from,
    interpreters,
    result_of,
    run_fresh,
    write_module,
)


@pytest.mark.parametrize(
    "name", ["json", "os", "os.path", "xml.etree.ElementTree", "sys", "math", "collections.abc"]
)
def test_standard_library_modules(name: str) -> None:
    assert _deps.is_stdlib(name)
    assert _deps.distribution_of(name) == _deps.STDLIB
    assert _deps.distribution_of(name).is_stdlib  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["libcst", "typeguard", "pytest", "srcpickle"])
def test_installed_distributions_are_not_stdlib(name: str) -> None:
    __import__(name)
    assert not _deps.is_stdlib(name)


@pytest.mark.parametrize(
    "module, dist", [("libcst", "libcst"), ("libcst._nodes", "libcst"), ("typeguard", "typeguard")]
)
def test_distribution_of_an_installed_module(module: str, dist: str) -> None:
    found = _deps.distribution_of(module)
    assert found is not None
    assert found.name == dist
    assert found.version == metadata.version(dist)
    assert found.version and found.version[0].isdigit()
    assert str(found) == f"{dist} {found.version}"


def test_distribution_of_a_module_of_the_users_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "deps_user_module", "X = 1\n")
    import_from(monkeypatch, tmp_path, "deps_user_module")
    assert _deps.distribution_of("deps_user_module") is None
    assert not _deps.is_stdlib("deps_user_module")
    overrides = _deps.Overrides((), ())
    assert _deps.is_user_module("deps_user_module", overrides)
    assert _deps.is_user_module("__main__", overrides)
    assert _deps.is_user_module("never_imported_module_xyz", overrides)
    assert not _deps.is_user_module("json", overrides)
    assert not _deps.is_user_module("libcst", overrides)


def test_overrides_pick_the_longest_prefix() -> None:
    overrides = _deps.Overrides(("libcst",), ("libcst._nodes", "mine"))
    assert _deps.is_user_module("libcst", overrides)
    assert _deps.is_user_module("libcst.metadata", overrides)
    assert not _deps.is_user_module("libcst._nodes.base", overrides)
    assert not _deps.is_user_module("mine.sub", overrides)


def test_a_module_in_both_is_an_argument_error() -> None:
    # (refused with the arguments, before an Overrides is made: it was a DumpError of Overrides)
    with pytest.raises(ArgumentError) as info:
        _args.module_choices(("pkg",), ("pkg",), "dumps")
    assert "pkg" in str(info.value)
    assert "both" in str(info.value)


@pytest.mark.parametrize("bad", [3, "", "not a name", "a..b", None])
def test_module_entries_reject_what_is_not_a_module(bad: object) -> None:
    with pytest.raises(ArgumentError) as info:
        _args.module_entries((bad,), "by_value", "dumps")
    assert "dumps(): by_value" in str(info.value)


def test_module_entries_accept_names_and_modules() -> None:
    import json

    assert _args.module_entries(("os.path", json), "by_reference", "dumps") == ("os.path", "json")
    assert _args.module_entries("os.path", "by_reference", "dumps") == ("os.path",)
    assert _args.module_entries(None, "by_reference", "dumps") == ()


def _needs(source: str) -> tuple:  # type: ignore[type-arg]
    text = textwrap.dedent(source)
    return _deps.required_python(ast.parse(text), text)


def test_plain_function_needs_the_oldest_python() -> None:
    version, why = _needs(
        """\
        def f(x, /, y=2, *, z: int = 3, **kw):
            if (n := len(kw)) > 1:
                return f"{x=} {n}"
            return [a async for a in y] if False else {**kw}
        """
    )
    assert version == (3, 9)
    assert version == _deps.MIN_PYTHON
    assert why == ""


@pytest.mark.skipif(sys.version_info < (3, 10), reason="this Python cannot parse a match statement")
def test_match_statement_needs_python_310() -> None:
    version, why = _needs(
        """\
        def f(command):
            match command.split():
                case [action, obj]:
                    return action, obj
                case _:
                    return None
        """
    )
    assert version == (3, 10)
    assert "match" in why


@pytest.mark.skipif(sys.version_info < (3, 11), reason="this Python cannot parse except*")
def test_except_star_needs_python_311() -> None:
    version, why = _needs(
        """\
        def f():
            try:
                pass
            except* ValueError:
                pass
        """
    )
    assert version == (3, 11)
    assert "except*" in why


# f-strings by the grammar that first reads them. Before 3.12 an f-string was one string token:
# no replacement field could reuse its quote, span lines (single-quoted) or hold a backslash or
# a "#" in its expression part (a comment); the format spec's literal text could hold "#".
FSTRINGS_312 = {
    "quote reused": 'f"{d["a"]}"',
    "quote reused, single": "f'{d['a']}'",
    "backslash in the expression": "f\"{'\\n'.join(x)}\"",
    "comment in a field": 'f"{x # why\n}"',
    "expression over two lines": 'f"{x +\n 1}"',
    "line break before the expression": 'f"{\nx}"',
    "quote reused in the format spec": 'f"{x:{d["w"]}}"',
    "nested with one quote": 'f"{f"{f"{x}"}"}"',
    "comment, triple-quoted": 'f"""{x # why\n}"""',
    "comment holding a colon before the spec": 'f"""{x # a: b\n:>10}"""',
    "backslash in a spec's field": "f\"{x:{'\\t'}}\"",
    "comment after the conversion": 'f"""{x!r # why\n}"""',
}
FSTRINGS_39 = {
    "conversion and nested spec": 'f"{x!r:>{w}}"',
    "# in the format spec": "f'{x:#x}'",
    "other quotes, triple-quoted": 'f"""{d[\'a\']}"""',
    "debug": 'f"{x=}"',
    "debug with spaces": 'f"{ x = !r:^5}"',
    "line breaks in a triple-quoted literal": 'f"""a\n{x}\nb"""',
    "nested with other quotes": "f\"{f'{x}'}\"",
    "dict display in the expression": "f\"{ {'a': 1}['a'] }\"",
    "lambda in parentheses": 'f"{(lambda y: y)(x)}"',
    "slice": 'f"{x[1:2]}"',
    "escape in the literal": 'f"a\\tb{x}"',
    "line continuation in the literal": 'f"a\\\nb{x}"',
    "two fields in the spec": 'f"{x:{w}.{p}}"',
}


def _fstring_function(expression: str) -> str:
    return f"def f(x, d={{}}, w=1, p=2):\n    return {expression}\n"


@pytest.mark.parametrize(
    "expression, needed",
    [(e, (3, 12)) for e in FSTRINGS_312.values()] + [(e, (3, 9)) for e in FSTRINGS_39.values()],
    ids=list(FSTRINGS_312) + list(FSTRINGS_39),
)
def test_an_f_string_needs_the_python_whose_grammar_reads_it(expression: str, needed: tuple) -> None:  # type: ignore[type-arg]
    if sys.version_info < (3, 12):
        # The table itself: this Python's grammar reads the older f-strings and no newer one.
        if needed == (3, 12):
            with pytest.raises(SyntaxError):
                ast.parse(_fstring_function(expression))
        else:
            ast.parse(_fstring_function(expression))
        return
    version, why = _needs(_fstring_function(expression))
    assert version == needed, why
    assert ("f-string" in why) == (needed == (3, 12))


# Functions by the oldest Python that compiles them: an assignment expression as an index without
# its own parentheses (3.10), an asynchronous list, set or dict comprehension inside a
# comprehension that is not one itself (3.11; before, "asynchronous comprehension outside of an
# asynchronous function"), and their neighbours that 3.9 compiles.
COMPILED_BY = {
    "index x[y := 1]": ("def f(x):\n    return x[y := 1], y\n", (3, 10)),
    "index x[2, y := 1]": ("def f(x):\n    return x[2, y := 1]\n", (3, 10)),
    "index x[y := 1, 2]": ("def f(x):\n    return x[y := 1, 2]\n", (3, 10)),
    "index over lines": ("def f(x):\n    return x[\n        y := 1\n    ]\n", (3, 10)),
    "second index": ("def f(x):\n    return x[(y := 1)][z := 2]\n", (3, 10)),
    "index x[(y := 1)]": ("def f(x):\n    return x[(y := 1)]\n", (3, 9)),
    "index x[( y := 1 )]": ("def f(x):\n    return x[ (  y := 1 ) ]\n", (3, 9)),
    "index x[(y := 1), 2]": ("def f(x):\n    return x[(y := 1), 2]\n", (3, 9)),
    "index x[(y := 1, 2)]": ("def f(x):\n    return x[(y := 1, 2)]\n", (3, 9)),
    "index x[g(y := 1)]": ("def f(x, g):\n    return x[g(y := 1)]\n", (3, 9)),
    "slice x[1:(y := 2)]": ("def f(x):\n    return x[1:(y := 2)]\n", (3, 9)),
    "async for in the element": (
        "async def f(xs):\n    return [[y async for y in x] for x in xs]\n",
        (3, 11),
    ),
    "await in the element": ("async def f(xs):\n    return [[await y for y in x] for x in xs]\n", (3, 11)),
    "in a generator expression": (
        "async def f(xs):\n    return list([y async for y in x] for x in xs)\n",
        (3, 11),
    ),
    "in a dict comprehension": (
        "async def f(xs):\n    return {k: [y async for y in x] for k, x in xs}\n",
        (3, 11),
    ),
    "in a condition": ("async def f(xs):\n    return [x for x in xs if [y async for y in x]]\n", (3, 11)),
    "in the second iterable": (
        "async def f(xs):\n    return [y for x in xs for y in [z async for z in x]]\n",
        (3, 11),
    ),
    "in the first iterable": ("async def f(xs):\n    return [y for y in [z async for z in xs]]\n", (3, 9)),
    "both asynchronous": ("async def f(xs):\n    return [[y async for y in x] async for x in xs]\n", (3, 9)),
    "await in the outer": (
        "async def f(xs):\n    return [[await y for y in x] for x in await xs if await x]\n",
        (3, 9),
    ),
    "asynchronous generator expression": (
        "def f(xs):\n    return [(y async for y in x) for x in xs]\n",
        (3, 9),
    ),
    "await alone": ("async def f(xs):\n    return [await x for x in xs]\n", (3, 9)),
}


@pytest.mark.parametrize("source, needed", list(COMPILED_BY.values()), ids=list(COMPILED_BY))
def test_a_function_needs_the_oldest_python_that_compiles_it(source: str, needed: tuple) -> None:  # type: ignore[type-arg]
    # The table itself, on this Python: it compiles the source exactly when it is new enough.
    if sys.version_info[:2] < needed:
        with pytest.raises(SyntaxError):
            compile(source, "table", "exec")
        return
    compile(source, "table", "exec")
    assert _needs(source)[0] == needed


@pytest.mark.skipif(sys.version_info < (3, 10), reason="this Python cannot parse a match statement")
def test_payload_records_the_python_its_sources_need(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path,
        "deps_match",
        """\
        def plain(x):
            return x


        def matcher(value):
            match value:
                case 1:
                    return plain("one")
                case _:
                    return "other"
        """,
    )
    module = import_from(monkeypatch, tmp_path, "deps_match")
    assert srcpickle.inspect(srcpickle.dumps(module.plain)).requires_python == (3, 9)
    data = srcpickle.dumps(module.matcher)
    assert srcpickle.inspect(data).requires_python == (3, 10)
    assert b"requires-python: '3.10'" in data
    assert srcpickle.loads(data)(1) == "one"


# ------------------------------------------------------------------- where libraries live

# Prints the shortcut's paths, whether taking them read the build configuration (the module
# _sysconfigdata*, the cost the shortcut avoids), and sysconfig's own answer.
INSTALL_PATHS_PROBE = """\
import json, sys, sysconfig
from srcpickle import _dists
ours = _dists.install_paths()
configured = sorted(m for m in sys.modules if m.startswith("_sysconfigdata"))
theirs = sysconfig.get_paths()
print(json.dumps([ours, configured, {key: theirs[key] for key in ours}]))
"""
INSTALL_KEYS = ["platlib", "platstdlib", "purelib", "stdlib"]


def test_install_paths_are_sysconfigs() -> None:
    """The shortcut (templates expanded without the build configuration) answers what
    ``sysconfig.get_paths()`` does here, in a virtual environment (as the suite runs), where the
    standard library and the distributions live under different prefixes."""
    import sysconfig

    ours = _dists.install_paths()
    assert sorted(ours) == INSTALL_KEYS
    assert ours == {key: sysconfig.get_paths()[key] for key in INSTALL_KEYS}
    assert ours["stdlib"] != ours["purelib"]


# What site sets up is what this asks about: the children keep its full start.
@pytest.mark.usefixtures("full_site_start")
def test_install_paths_are_sysconfigs_on_every_interpreter() -> None:
    """Every scheme the interpreters of the machine use (CPython 3.9-3.13 installs, PyPy's
    Debian scheme), each in a fresh isolated process."""
    import json

    from . import isolated

    checked = []
    for interpreter in interpreters():
        proc = isolated().run(interpreter, INSTALL_PATHS_PROBE)
        assert proc.returncode == 0, proc.stderr
        ours, configured, theirs = json.loads(proc.stdout)
        assert sorted(ours) == INSTALL_KEYS, interpreter.label
        assert ours == theirs, interpreter.label
        assert configured == [], f"{interpreter.label}: the shortcut fell back to sysconfig.get_paths()"
        checked.append(interpreter.label)
    assert checked


# Where the standard library's and the distributions' folders lie (their prefixes, the
# standard library's own folder, the distributions' folders on sys.path: _install_roots), and for
# files of each kind, whether the shortcut says "in no install folder" (without sysconfig) beside
# the answer of the install folders themselves. Also: whether the first question imported
# sysconfig.
INSTALL_ROOTS_PROBE = """\
import json, os, sys, tempfile
had_sysconfig = "sysconfig" in sys.modules
from srcpickle import _deps, _dists

work = os.path.realpath(tempfile.mkdtemp())
mine = os.path.join(work, "mine.py")
open(mine, "w").close()
first = _deps._outside_installs(mine)
imported_sysconfig = not had_sysconfig and "sysconfig" in sys.modules


def identity(folder):
    status = os.stat(folder)
    return status.st_dev, status.st_ino


def in_roots(folder, roots):
    while True:
        if identity(folder) in roots:
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


roots = _deps._install_roots()
premise = {
    key: in_roots(os.path.realpath(folder), roots)
    for key, folder in _dists.install_paths().items()
    if os.path.isdir(folder)
}
target = os.path.join(work, "target")  # pip install --target: a folder of distributions
os.makedirs(os.path.join(target, "x-1.dist-info"))
open(os.path.join(target, "x.py"), "w").close()
link = os.path.join(work, "lib")  # the standard library reached through a link
os.symlink(os.path.dirname(os.__file__), link)
files = [mine, os.path.join(target, "x.py"), os.__file__, json.__file__, os.path.join(link, "os.py")]
for folder in sorted(set(_dists.install_paths().values())):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".py")) if os.path.isdir(folder) else []
    files += [os.path.join(folder, n) for n in names[:1]]
files += sys.argv[1:]
answers = [
    [
        name,
        _deps._outside_installs(name),
        _dists._under(name, _dists._stdlib_dirs()) or _dists._under(name, _dists._site_dirs()),
        _deps._stdlib_file(name),
        _deps._user_file(name),
    ]
    for name in files
]
print(json.dumps([first, imported_sysconfig, premise, answers]))
"""


def check_install_roots(interpreter: Interpreter, extra: Sequence[str] = ()) -> None:
    from . import isolated

    proc = isolated().run(interpreter, INSTALL_ROOTS_PROBE, args=list(extra))
    assert proc.returncode == 0, proc.stderr
    first, imported_sysconfig, premise, answers = json.loads(proc.stdout)
    label = f"{interpreter.label} ({interpreter.path})"
    assert "stdlib" in premise and all(premise.values()), (label, premise)
    assert first is True and imported_sysconfig is False, label
    by_kind = {}
    for name, outside, installed, stdlib_file, user_file in answers:
        # The shortcut never says "in no install folder" of a file in one.
        assert not (outside and installed), (label, name)
        by_kind[name] = (outside, installed, stdlib_file, user_file)
    mine, target, os_file, json_file, linked = [answer[0] for answer in answers[:5]]
    assert by_kind[mine] == (True, False, False, True), label
    assert by_kind[target] == (True, False, False, False), label
    for name in (os_file, json_file, linked):
        assert by_kind[name][:3] == (False, True, True), (label, name)
    for name in extra:
        assert by_kind[name][:2] == (False, True), (label, name)
        assert by_kind[name][3] is False, (label, name)


# What site sets up is what this asks about: the children keep its full start.
@pytest.mark.usefixtures("full_site_start")
def test_user_files_are_told_without_sysconfig_on_every_interpreter() -> None:
    """A first dumps tells a file of the user's own from the standard library's and the
    distributions' without importing sysconfig (issue 9: ~0.5 ms): on every interpreter of the
    machine (CPython 3.9-3.13, Debian's, PyPy with Debian's scheme), every install folder lies in
    the folders the shortcut knows, and files of every kind get the answers the install folders
    give (a file of the user's own, one beside a distribution's metadata, the standard library's,
    reached through a symbolic link too, and a distribution's)."""
    checked = []
    for interpreter in interpreters():
        check_install_roots(interpreter)
        checked.append(interpreter.label)
    assert checked


# What site sets up is what this asks about: the children keep its full start.
@pytest.mark.usefixtures("full_site_start")
def test_user_files_are_told_without_sysconfig_in_virtual_environments(tmp_path: Path) -> None:
    """The same in a virtual environment of each interpreter (its distributions' folder under
    the environment's prefix, its standard library under the base prefix), with a module in the
    environment's site-packages."""
    from . import missing

    checked = []
    for number, interpreter in enumerate(interpreters()):
        env = tmp_path / f"env{number}"
        made = subprocess.run(
            [interpreter.path, "-m", "venv", "--without-pip", str(env)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if made.returncode != 0:
            missing(f"{interpreter.label} cannot make a virtual environment: {made.stderr.strip()[-300:]}")
        python = env / ("Scripts" if sys.platform == "win32" else "bin") / "python"
        site = next(env.glob("lib*/*/site-packages"))
        placed = site / "probe_installed.py"
        placed.write_text("", encoding="utf-8")
        check_install_roots(
            Interpreter(str(python), interpreter.implementation, interpreter.version), [str(placed)]
        )
        checked.append(interpreter.label)
    assert checked


# ------------------------------------------------------- a distribution's metadata beside it

METADATA_TEXTS = {
    "plain": "Metadata-Version: 2.1\nName: acme-ver\nVersion: 2.5.1\nSummary: x\n",
    "blanks": "Name:  acme-ver \nVersion:   2.5.1  \n",
    "twice": "Name: acme-ver\nVersion: 1.0\nVersion: 2.0\n",
    "folded": "Name: acme-ver\nVersion:\n 3.0\n",
    "crlf": "Name: acme-ver\r\nVersion: 4.0\r\n",
    "body": "Name: acme-ver\n\nVersion: 9.9\n",
    "later": "Metadata-Version: 2.1\nSummary: x\nversion: 5.0\nName: acme-ver\n",
}


@pytest.mark.parametrize("kind", sorted(METADATA_TEXTS))
def test_a_version_read_beside_a_package_is_importlib_metadatas(tmp_path: Path, kind: str) -> None:
    """What a first dumps reads from METADATA without importlib.metadata, and a load comparing
    versions (the same reader), is what importlib.metadata reads, or nothing (then
    importlib.metadata is asked)."""
    info = tmp_path / "acme_ver-1.dist-info"
    info.mkdir()
    (info / "METADATA").write_bytes(METADATA_TEXTS[kind].encode("utf-8"))
    name, version = checks.metadata_headers(str(info))
    expected = metadata.PathDistribution(info)
    assert name is None or name == expected.metadata["Name"].strip()
    assert version is None or version == expected.version
    assert (version is None) == (kind in ("folded", "body"))  # folded, or no Version header


ACME_USER = """\
import acme_ver


def bump(x):
    return acme_ver.step(x) + 1
"""


def test_first_dumps_reads_a_packages_version_without_importlib_metadata(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_module(site, "acme_ver", "def step(x):\n    return 2 * x\n")
    info = site / "acme_ver-2.5.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(METADATA_TEXTS["blanks"], encoding="utf-8")
    (info / "top_level.txt").write_text("acme_ver\n", encoding="utf-8")
    write_module(tmp_path / "code", "acme_user", ACME_USER)
    proc = run_fresh(
        f"""\
        import srcpickle, acme_user
        data = srcpickle.dumps(acme_user.bump)
        node = next(node for _, node in srcpickle.inspect(data).imports())
        print({RESULT_MARK!r} + repr((
            "importlib.metadata" in sys.modules, node.module, str(node.distribution),
            srcpickle.loads(data)(3),
        )))
        """,
        extra_path=[site, tmp_path / "code"],
    )
    version = metadata.PathDistribution(info).version
    assert result_of(proc) == (False, "acme_ver", f"acme-ver {version}", 7)

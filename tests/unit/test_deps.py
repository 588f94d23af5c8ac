"""Where modules come from (standard library, installed distribution, the user's own) and the
oldest Python a source needs."""

from __future__ import annotations

import ast
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

import srcpickle
from srcpickle import DumpError, _deps
from srcpickle._rebuild import checks

from . import RESULT_MARK, import_from, interpreters, result_of, run_fresh, write_module


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


def test_overrides_conflict_is_a_dump_error() -> None:
    with pytest.raises(DumpError) as info:
        _deps.Overrides(("pkg",), ("pkg",))
    assert "pkg" in str(info.value)
    assert "both" in str(info.value)


@pytest.mark.parametrize("bad", [3, "", "not a name", "a..b", None])
def test_module_names_rejects_what_is_not_a_module(bad: object) -> None:
    with pytest.raises(DumpError) as info:
        _deps.module_names((bad,), "by_value")
    assert "by_value" in str(info.value)


def test_module_names_accepts_names_and_modules() -> None:
    import json

    assert _deps.module_names(("os.path", json), "by_reference") == ("os.path", "json")


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
from srcpickle import _deps
ours = _deps.install_paths()
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

    ours = _deps.install_paths()
    assert sorted(ours) == INSTALL_KEYS
    assert ours == {key: sysconfig.get_paths()[key] for key in INSTALL_KEYS}
    assert ours["stdlib"] != ours["purelib"]


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

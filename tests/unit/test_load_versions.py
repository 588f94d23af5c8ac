"""The installed version a load compares with the payload's (``check_versions``): read from the
metadata beside the module the payload imports, without ``importlib.metadata``; that module asked
only where the metadata is not there. Real distributions on disk (a package and its
``.dist-info`` folder, as pip installs them), loaded in fresh interpreters."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any, List

import pytest

from srcpickle._rebuild import checks

from . import RESULT_MARK, result_of, run_fresh, write_module, write_payload

# The user's function, calling the distribution's package.
USER = """\
import acme_ver


def bump(x):
    return acme_ver.step(x) + 1
"""


def install(site: Path, version: str, *, package: bool = True, with_code: bool = True) -> Path:
    """Install distribution acme-ver ``version`` into ``site`` as pip does: its code (a package,
    or a single module) and its ``.dist-info`` folder beside it."""
    if with_code:
        code = "def step(x):\n    return 2 * x\n"
        if package:
            write_module(site / "acme_ver", "__init__", code)
        else:
            write_module(site, "acme_ver", code)
    info = site / f"acme_ver-{version}.dist-info"
    info.mkdir(parents=True)
    headers = f"Metadata-Version: 2.1\nName: acme-ver\nVersion: {version}\n"
    (info / "METADATA").write_text(headers, encoding="utf-8")
    (info / "top_level.txt").write_text("acme_ver\n", encoding="utf-8")
    return info


def saved_with(tmp_path: Path, version: str) -> Path:
    """A payload of the user's function, saved where acme-ver ``version`` was installed."""
    site = tmp_path / "saved-site"
    install(site, version)
    write_module(tmp_path / "code", "acme_user", USER)
    proc = run_fresh(
        f"""\
        import srcpickle, acme_user
        print({RESULT_MARK!r} + repr(srcpickle.dumps(acme_user.bump)))
        """,
        extra_path=[site, tmp_path / "code"],
    )
    data = result_of(proc)
    assert f"distribution: 'acme-ver {version}'".encode() in data
    return write_payload(tmp_path, data)


def load_where(payload: Path, path: List[Path], strict: bool = False) -> Any:
    """Load ``payload`` in a fresh interpreter with ``path`` on ``sys.path`` (the user's code is
    not): (result or error, warnings, importlib.metadata imported, acme_ver imported)."""
    proc = run_fresh(
        f"""\
        import sys, warnings
        import srcpickle
        from pathlib import Path
        data = Path({str(payload)!r}).read_bytes()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = srcpickle.loads(data, strict={strict!r})(3)
            except srcpickle.LoadError as error:
                result = type(error).__name__ + ": " + str(error)
        print({RESULT_MARK!r} + repr((
            result,
            [str(w.message) for w in caught],
            "importlib.metadata" in sys.modules,
            "acme_ver" in sys.modules,
        )))
        """,
        extra_path=path,
    )
    return result_of(proc)


@pytest.mark.parametrize("package", [True, False], ids=["package", "module"])
def test_the_installed_version_is_read_beside_the_package(tmp_path: Path, package: bool) -> None:
    payload = saved_with(tmp_path, "3.1.0")
    site = tmp_path / "site"
    install(site, "2.5.1", package=package)
    result, warned, used_metadata, _ = load_where(payload, [site])
    assert result == 7
    assert warned == [
        "acme-ver 2.5.1 is installed but the payload was saved with acme-ver 3.1.0 (used by bump); "
        "pip install acme-ver==3.1.0 to match"
    ]
    assert not used_metadata
    assert metadata.PathDistribution(site / "acme_ver-2.5.1.dist-info").version == "2.5.1"


def test_the_same_version_or_a_newer_minor_loads_without_a_warning(tmp_path: Path) -> None:
    payload = saved_with(tmp_path, "2.4.0")
    for installed in ("2.4.0", "2.9.3"):
        site = tmp_path / f"site-{installed}"
        install(site, installed)
        assert load_where(payload, [site]) == (7, [], False, True)


def test_strict_refuses_before_importing_anything(tmp_path: Path) -> None:
    payload = saved_with(tmp_path, "3.1.0")
    site = tmp_path / "site"
    install(site, "2.5.1")
    result, warned, used_metadata, imported = load_where(payload, [site], strict=True)
    assert result.startswith("DependencyVersionError: ")
    assert "acme-ver 2.5.1 is installed but the payload was saved with acme-ver 3.1.0" in result
    assert "nothing was executed" in result
    assert (warned, used_metadata, imported) == ([], False, False)


def test_a_stale_copy_of_the_metadata_earlier_on_sys_path_is_not_the_version_in_use(tmp_path: Path) -> None:
    """What the load compares is the version of the code it imports: importlib.metadata would
    take the first metadata of that name on sys.path, here a copy left without its code."""
    payload = saved_with(tmp_path, "2.5.1")
    stale, site = tmp_path / "stale", tmp_path / "site"
    install(stale, "1.0", with_code=False)
    install(site, "2.5.1")
    assert load_where(payload, [stale, site]) == (7, [], False, True)
    found = run_fresh(
        f"""\
        from importlib import metadata
        print({RESULT_MARK!r} + repr(metadata.version("acme-ver")))
        """,
        extra_path=[stale, site],
    )
    assert result_of(found) == "1.0"  # what the load compared before


def test_metadata_not_beside_the_code_is_read_by_importlib_metadata(tmp_path: Path) -> None:
    """An editable install: the code in a source folder, the .dist-info in site-packages."""
    payload = saved_with(tmp_path, "3.1.0")
    source, site = tmp_path / "src", tmp_path / "site"
    write_module(source / "acme_ver", "__init__", "def step(x):\n    return 2 * x\n")
    install(site, "2.0", with_code=False)
    result, warned, used_metadata, _ = load_where(payload, [source, site])
    assert result == 7
    assert warned == [
        "acme-ver 2.0 is installed but the payload was saved with acme-ver 3.1.0 (used by bump); "
        "pip install acme-ver==3.1.0 to match"
    ]
    assert used_metadata


def test_two_copies_of_the_metadata_beside_the_code_are_left_to_importlib_metadata(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "2.5.1")
    install(site, "9.0", with_code=False)  # an upgrade that left the old folder behind
    proc = run_fresh(
        f"""\
        from srcpickle._rebuild import checks
        print({RESULT_MARK!r} + repr((checks._version_beside("acme-ver", "acme_ver"),
                                     checks.installed_version("acme-ver", ["acme_ver"]))))
        """,
        extra_path=[site],
    )
    beside, installed = result_of(proc)
    assert beside is None
    assert installed in ("2.5.1", "9.0")  # importlib.metadata's pick, as before


def test_a_distribution_not_installed_is_not_compared(tmp_path: Path) -> None:
    """No version to compare: the missing module is reported by the module check, as before."""
    payload = saved_with(tmp_path, "3.1.0")
    result, warned, _, imported = load_where(payload, [])
    assert result.startswith("MissingDependencyError: ")
    assert "acme-ver 3.1.0" in result
    assert (warned, imported) == ([], False)


def test_the_version_of_this_environments_typeguard_is_importlib_metadatas() -> None:
    """A distribution pip installed (this environment's typeguard), read both ways."""
    import typeguard  # noqa: F401 - imported: its file is where the metadata is looked for

    assert checks._version_beside("typeguard", "typeguard") == metadata.version("typeguard")


def test_check_compares_the_version_loading_compares(tmp_path: Path) -> None:
    """``check`` applies the loader's version rule to the same installed version: with a stale
    copy of the metadata earlier on sys.path, both take the version of the code imported."""
    payload = saved_with(tmp_path, "2.5.1")
    stale, site = tmp_path / "stale", tmp_path / "site"
    install(stale, "1.0", with_code=False)
    install(site, "2.5.1")
    for installed, expected in (("2.5.1", "ok"), ("2.0", "warn")):
        if installed != "2.5.1":
            site = tmp_path / f"site-{installed}"
            install(site, installed)
        proc = run_fresh(
            f"""\
            from pathlib import Path
            from srcpickle._check import run_checks
            report = run_checks(Path({str(payload)!r}).read_bytes())
            print({RESULT_MARK!r} + repr([(i["status"], i["message"]) for i in report["items"]
                                          if i["kind"] == "version"]))
            """,
            extra_path=[stale, site],
        )
        found = result_of(proc)
        assert [status for status, _ in found] == [expected], found
        if expected == "warn":
            assert found[0][1].startswith(f"acme-ver {installed} is installed here"), found

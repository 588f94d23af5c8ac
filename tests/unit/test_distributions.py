"""A missing or different distribution is found when a payload loads, never inside a call (h67):
which distribution a payload names for each module it imports (a package named other than its
distribution, a namespace package spread over distributions, a module a plugin adds to another
distribution's package), imports made by a call with a literal name, imports the code guards
against their failure, and a distribution found at load whose import fails.

Real distributions on disk (a package and its ``.dist-info`` folder, as pip installs them);
dumped in a fresh interpreter and loaded in another, which cannot import the user's code.
"""

from __future__ import annotations

import ast
import os
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

import srcpickle
from srcpickle import _deps, _dists
from srcpickle._model import ImportNode, RefNode

from . import CURRENT, RESULT_MARK, interpreter, isolated, result_of, write_payload


def install(
    site: Path, name: str, version: str, files: Dict[str, str], top_level: Optional[str] = None
) -> Path:
    """Install distribution ``name`` ``version`` into ``site``: its ``files`` and a ``.dist-info``
    folder with METADATA and RECORD (and ``top_level.txt`` when given)."""
    for path, text in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(textwrap.dedent(text), encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "RECORD").write_text(
        "".join(f"{path},,\n" for path in [*files, f"{info.name}/METADATA"]), encoding="utf-8"
    )
    if top_level is not None:
        (info / "top_level.txt").write_text(top_level + "\n", encoding="utf-8")
    return site


def _files_of(folder: Path) -> Tuple[Tuple[str, bytes], ...]:
    """Every file below ``folder`` with its bytes, but bytecode (which a child writes there and
    derives from the sources)."""
    return tuple(
        sorted(
            (path.relative_to(folder).as_posix(), path.read_bytes())
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        )
    )


# The payloads dump_where made in this session, by what made them: the interpreter, the user's
# code and the files of each folder on the path. A payload names no folder (the user's module
# goes by its file's name) and the same inputs give the same bytes in any process (payloads are
# deterministic: tests/roundtrip/test_determinism.py), so the tests that dump one guarded module
# beside the same distribution (to load it, to dump it again where the module is found and where
# it is missing, ...) share one child's dump instead of starting one each.
_DUMPED: Dict[Tuple[str, str, Tuple[Tuple[Tuple[str, bytes], ...], ...]], bytes] = {}
# What load_where gave, by the interpreter, the payload, strict and the files of the path's folders.
_LOADED: Dict[Tuple[str, bytes, bool, Tuple[Tuple[Tuple[str, bytes], ...], ...]], Any] = {}


def dump_where(tmp_path: Path, user_code: str, path: Sequence[Path], python: Any = CURRENT) -> bytes:
    """The payload of ``f`` of the user's module ``user_code``, dumped in a fresh interpreter
    (``python``) with ``path`` on ``sys.path`` (made once per session for the same code, folder
    contents and interpreter)."""
    key = (python.path, textwrap.dedent(user_code), tuple(_files_of(folder) for folder in path))
    if key in _DUMPED:
        return _DUMPED[key]
    code = tmp_path / "code"
    code.mkdir(exist_ok=True)
    (code / "h67_user.py").write_text(textwrap.dedent(user_code), encoding="utf-8")
    proc = isolated().run(
        python,
        f"import srcpickle, h67_user\nprint({RESULT_MARK!r} + repr(srcpickle.dumps(h67_user.f)))\n",
        extra_path=[str(p) for p in [*path, code]],
    )
    data = result_of(proc)
    assert isinstance(data, bytes)
    _DUMPED[key] = data
    return data


def load_where(
    tmp_path: Path, data: bytes, path: Sequence[Path], *, strict: bool = False, python: Any = CURRENT
) -> Any:
    """Load ``data`` in a fresh interpreter with ``path`` on ``sys.path`` and call ``f(2)``:
    (result or "ErrorClass: message", the cause's class name, warnings' messages); once per
    session for the same payload, folder contents, ``strict`` and interpreter (as ``dump_where``:
    a load's outcome names no folder)."""
    key = (python.path, data, strict, tuple(_files_of(folder) for folder in path))
    if key in _LOADED:
        return _LOADED[key]
    payload = write_payload(tmp_path, data)
    code = f"""\
import warnings
import srcpickle
data = open({str(payload)!r}, "rb").read()
cause = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        result = srcpickle.loads(data, strict={strict!r})(2)
    except srcpickle.LoadError as error:
        result = type(error).__name__ + ": " + str(error)
        cause = type(error.__cause__).__name__ if error.__cause__ is not None else None
print({RESULT_MARK!r} + repr((result, cause, [str(w.message) for w in caught])))
"""
    _LOADED[key] = result_of(isolated().run(python, code, extra_path=[str(p) for p in path]))
    return _LOADED[key]


def distributions(data: bytes) -> Dict[str, str]:
    """Each imported module (an import's submodules too, a reference's module) and the
    distribution the payload names for it."""
    found = {}
    for _, node in srcpickle.inspect(data).imports():
        if isinstance(node, ImportNode):
            for module in (node.module, *node.submodules):
                found[module] = str(node.distribution)
        else:
            assert isinstance(node, RefNode)
            found[node.module] = str(node.distribution)
    return found


# ----------------------------------------------------------- namespace packages, plugin modules

NAMESPACE_USES = {
    "import_submodule": "import nsco.beta\n\ndef f(x):\n    return nsco.beta.b(x)\n",
    "from_package_import_submodule": "from nsco import beta\n\ndef f(x):\n    return beta.b(x)\n",
    "from_submodule_import_name": "from nsco.beta import b\n\ndef f(x):\n    return b(x)\n",
    "body_import": "def f(x):\n    import nsco.beta\n    return nsco.beta.b(x)\n",
    "body_from_import": "def f(x):\n    from nsco.beta import b\n    return b(x)\n",
    "import_module_literal": (
        "import importlib\n\ndef f(x):\n    return importlib.import_module('nsco.beta').b(x)\n"
    ),
}


@pytest.fixture
def namespace_sites(tmp_path: Path) -> Dict[str, Path]:
    """nsco, a namespace package: nsco.alpha from nsco-alpha 1.0, nsco.beta from nsco-beta 2.0
    (or 3.0), each in a folder of its own."""
    alpha = install(
        tmp_path / "alpha", "nsco-alpha", "1.0", {"nsco/alpha.py": "def a(x):\n    return x + 1\n"}, "nsco"
    )
    beta_code = {"nsco/beta.py": "def b(x):\n    return x * 2\n"}
    beta = install(tmp_path / "beta", "nsco-beta", "2.0", beta_code, "nsco")
    beta3 = install(tmp_path / "beta3", "nsco-beta", "3.0", beta_code, "nsco")
    return {"alpha": alpha, "beta": beta, "beta3": beta3}


@pytest.mark.parametrize("use", sorted(NAMESPACE_USES))
def test_a_namespace_submodule_names_its_own_distribution(
    tmp_path: Path, namespace_sites: Dict[str, Path], use: str
) -> None:
    """It was the first distribution of the namespace by name (nsco-alpha): a load without
    nsco-beta said ``pip install nsco-alpha==1.0``, and nsco-beta 3.0 loaded without a warning."""
    sites = namespace_sites
    data = dump_where(tmp_path, NAMESPACE_USES[use], [sites["alpha"], sites["beta"]])
    assert distributions(data)["nsco.beta"] == "nsco-beta 2.0"
    result, _, warned = load_where(tmp_path, data, [sites["alpha"]])
    assert result.startswith("MissingDependencyError: "), result
    assert "nsco.beta (saved with nsco-beta 2.0), used by f\n" in result
    assert "pip install nsco-beta==2.0" in result
    assert "nsco-alpha" not in result
    assert load_where(tmp_path, data, [sites["alpha"], sites["beta3"]]) == (
        4,
        None,
        [
            "nsco-beta 3.0 is installed but the payload was saved with nsco-beta 2.0 (used by f); "
            "pip install nsco-beta==2.0 to match"
        ],
    )
    assert load_where(tmp_path, data, [sites["alpha"], sites["beta"]]) == (4, None, [])


@pytest.mark.parametrize(
    "code",
    [
        "import nsco.alpha, nsco.beta\n\ndef f(x):\n    return nsco.alpha.a(nsco.beta.b(x))\n",
        "import nsco.alpha\nimport nsco.beta\n\ndef f(x):\n    return nsco.alpha.a(nsco.beta.b(x))\n",
        "import nsco.beta\nimport nsco.alpha\n\ndef f(x):\n    return nsco.alpha.a(nsco.beta.b(x))\n",
    ],
    ids=["one_statement", "alpha_first", "beta_first"],
)
def test_two_submodules_of_two_distributions_name_each(
    tmp_path: Path, namespace_sites: Dict[str, Path], code: str
) -> None:
    """One global (nsco) reaches nsco.alpha and nsco.beta: the import section named one
    distribution (nsco-alpha), so a load without nsco-beta asked for nsco-alpha. Each
    distribution's submodules now have an import section of their own."""
    sites = namespace_sites
    data = dump_where(tmp_path, code, [sites["alpha"], sites["beta"]])
    found = {}
    for _, node in srcpickle.inspect(data).imports():
        assert isinstance(node, ImportNode)
        for module in (node.module, *node.submodules):
            found[module] = str(node.distribution)
    assert found["nsco.alpha"] == "nsco-alpha 1.0" and found["nsco.beta"] == "nsco-beta 2.0", found
    result, _, _ = load_where(tmp_path, data, [sites["alpha"]])
    assert "nsco.beta (saved with nsco-beta 2.0)" in result and "pip install nsco-beta==2.0" in result, result
    assert "nsco-alpha" not in result, result
    result, _, _ = load_where(tmp_path, data, [sites["beta"]])
    assert "pip install nsco-alpha==1.0" in result and "nsco-beta" not in result, result
    assert load_where(tmp_path, data, [sites["alpha"], sites["beta"]]) == (5, None, [])


@pytest.mark.parametrize("python", ["3.9", "3.13", "pypy"])
def test_a_namespace_submodule_missing_on_another_python(
    tmp_path: Path, namespace_sites: Dict[str, Path], python: str
) -> None:
    data = dump_where(
        tmp_path, NAMESPACE_USES["import_submodule"], [namespace_sites["alpha"], namespace_sites["beta"]]
    )
    result, _, _ = load_where(tmp_path, data, [namespace_sites["alpha"]], python=interpreter(python))
    assert result.startswith("MissingDependencyError: "), result
    assert "pip install nsco-beta==2.0" in result


def test_a_module_a_plugin_adds_to_another_distributions_package(tmp_path: Path) -> None:
    """sharedpkg is shared-core's; shared-extra installs sharedpkg/extra.py into it."""
    core = {"sharedpkg/__init__.py": "X = 1\n", "sharedpkg/core.py": "def c(x):\n    return x\n"}
    both = install(tmp_path / "both", "shared-core", "1.0", core, "sharedpkg")
    install(both, "shared-extra", "5.0", {"sharedpkg/extra.py": "def e(x):\n    return -x\n"}, "sharedpkg")
    only_core = install(tmp_path / "core", "shared-core", "1.0", core, "sharedpkg")
    uses = {
        "import": "import sharedpkg.extra\n\ndef f(x):\n    return sharedpkg.extra.e(x)\n",
        "from": "from sharedpkg.extra import e\n\ndef f(x):\n    return e(x)\n",
        "core": "import sharedpkg.core\n\ndef f(x):\n    return sharedpkg.core.c(x)\n",
    }
    for use, code in uses.items():
        data = dump_where(tmp_path, code, [both])
        if use == "core":
            assert distributions(data)["sharedpkg.core"] == "shared-core 1.0"
            assert load_where(tmp_path, data, [only_core]) == (2, None, [])
            continue
        assert distributions(data)["sharedpkg.extra"] == "shared-extra 5.0", use
        result, _, _ = load_where(tmp_path, data, [only_core])
        assert "sharedpkg.extra (saved with shared-extra 5.0)" in result, (use, result)
        assert "pip install shared-extra==5.0" in result, (use, result)


@pytest.mark.parametrize("top_level", ["solopkg", None])
def test_a_package_alone_in_its_distribution_is_not_taken_for_a_shared_one(
    tmp_path: Path, top_level: Optional[str]
) -> None:
    """A package's own .dist-info (``solopkg-1.0.dist-info``) starts like a plugin's name
    (``solopkg_extra``): read as one, it marked every package found by its name as shared, and
    each of its submodules dumped was looked up again. A real plugin still marks it."""
    from srcpickle import _deps, _dists

    core = {"solopkg/__init__.py": "X = 1\n", "solopkg/core.py": "def c(x):\n    return x\n"}
    alone = install(tmp_path / "alone", "solopkg", "1.0", core, top_level)
    both = install(tmp_path / "both", "solopkg", "1.0", core, top_level)
    install(both, "solopkg-extra", "2.0", {"solopkg/extra.py": "E = 2\n"}, top_level)
    seen = []
    for site in (alone, both):
        _deps.SHARED_PACKAGES.discard("solopkg")
        _dists._declared_in.cache_clear()
        found = _dists._declared_in("solopkg", str(site / "solopkg" / "__init__.py"))
        assert found is not None and found[:2] == ("solopkg", "1.0"), found
        seen.append("solopkg" in _deps.SHARED_PACKAGES)
    _deps.SHARED_PACKAGES.discard("solopkg")
    _dists._declared_in.cache_clear()
    assert seen == [False, True]
    data = dump_where(tmp_path, "import solopkg.core\n\ndef f(x):\n    return solopkg.core.c(x)\n", [alone])
    assert distributions(data)["solopkg.core"] == "solopkg 1.0"


@pytest.mark.parametrize("top_level", ["namedpkg", None])
def test_a_plugin_into_a_package_named_like_its_distribution(
    tmp_path: Path, top_level: Optional[str]
) -> None:
    """namedpkg is distribution namedpkg's, whose metadata sits beside it (found by its name,
    without the full scan); namedpkg-plugin installs namedpkg/plugin.py into it. The plugin module
    was recorded as namedpkg 1.0, and a load without namedpkg-plugin asked for namedpkg."""
    core = {"namedpkg/__init__.py": "X = 1\n", "namedpkg/core.py": "def c(x):\n    return x\n"}
    plugin = {"namedpkg/plugin.py": "def p(x):\n    return -x\n"}
    both = install(tmp_path / "both", "namedpkg", "1.0", core, top_level)
    install(both, "namedpkg-plugin", "2.0", plugin, top_level)
    only_core = install(tmp_path / "core", "namedpkg", "1.0", core, top_level)
    uses = {
        "import": "import namedpkg.plugin\n\ndef f(x):\n    return namedpkg.plugin.p(x)\n",
        "from": "from namedpkg.plugin import p\n\ndef f(x):\n    return p(x)\n",
        "body": "def f(x):\n    import namedpkg.plugin\n    return namedpkg.plugin.p(x)\n",
        "core": "import namedpkg.core\n\ndef f(x):\n    return namedpkg.core.c(x)\n",
        "package": "import namedpkg\n\ndef f(x):\n    return namedpkg.X + x\n",
    }
    for use, code in uses.items():
        data = dump_where(tmp_path, code, [both])
        if use in ("core", "package"):
            assert distributions(data)[f"namedpkg{'.core' if use == 'core' else ''}"] == "namedpkg 1.0", use
            assert load_where(tmp_path, data, [only_core])[0] in (2, 3), use
            continue
        assert distributions(data)["namedpkg.plugin"] == "namedpkg-plugin 2.0", use
        assert load_where(tmp_path, data, [both]) == (-2, None, []), use
        result, _, _ = load_where(tmp_path, data, [only_core])
        assert "namedpkg.plugin (saved with namedpkg-plugin 2.0)" in result, (use, result)
        assert "pip install namedpkg-plugin==2.0" in result, (use, result)


# ------------------------------------------------------- imports by a call with a literal name

DYNAMIC_USES = {
    "importlib_import_module": (
        "import importlib\n\ndef f(x):\n    return importlib.import_module('acmeunits').meters(x)\n"
    ),
    "imported_import_module": (
        "from importlib import import_module\n\ndef f(x):\n    return import_module('acmeunits').meters(x)\n"
    ),
    "dunder_import": "def f(x):\n    return __import__('acmeunits').meters(x)\n",
    "dunder_import_submodule": "def f(x):\n    return __import__('acmeunits.conv', fromlist=['k']).k(x)\n",
    "lambda": "f = lambda x: __import__('acmeunits').meters(x)\n",
    "inner_function": (
        "def f(x):\n    def inner():\n        return __import__('acmeunits')\n    return inner().meters(x)\n"
    ),
}
ACME = {
    "acmeunits/__init__.py": "def meters(x):\n    return x * 1000\n",
    "acmeunits/conv.py": "def k(x):\n    return x * 1000\n",
}


@pytest.mark.parametrize("use", sorted(DYNAMIC_USES))
def test_a_module_imported_by_a_literal_name_is_checked_when_loading(tmp_path: Path, use: str) -> None:
    """It was not recorded: a load without the distribution (or with another major version)
    succeeded, and the first call raised ModuleNotFoundError."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, DYNAMIC_USES[use], [saved])
    assert distributions(data).get("acmeunits", "").startswith("Acme-Units 1.4.2") or (
        distributions(data).get("acmeunits.conv") == "Acme-Units 1.4.2"
    ), distributions(data)
    empty = tmp_path / "empty"
    empty.mkdir()
    result, _, _ = load_where(tmp_path, data, [empty])
    assert result.startswith("MissingDependencyError: the payload needs modules"), result
    assert (", used by <lambda>\n" if use == "lambda" else ", used by f\n") in result
    assert "pip install Acme-Units==1.4.2" in result
    major = install(tmp_path / "major", "Acme-Units", "2.0.0", ACME, "acmeunits")
    result, _, _ = load_where(tmp_path, data, [major], strict=True)
    assert result.startswith("DependencyVersionError: "), result
    assert load_where(tmp_path, data, [saved]) == (2000, None, [])


def test_names_of_dynamic_imports() -> None:
    """Only literal names, relative ones resolved against a literal package (or left relative
    for the function's package), through the three callables."""
    from srcpickle._imports import _astparse, dynamic_imports

    source = """\
def f(name, package):
    __import__("yaml")
    __import__("a.b", globals(), None, ["c"], 0)
    __import__("rel", level=2)
    __import__(name)
    importlib.import_module("PIL.Image")
    import_module(".sub", "pkg.inner")
    import_module("..up", package="pkg.inner")
    importlib.import_module(".here")
    importlib.import_module(".other", package)
    import_module("...above", "pkg")
    import_module("3bad")
    other.import_module("not.this")
    something.importlib.import_module("nor.this")
"""
    nodes = list(_astparse.walk(_astparse.parse(source)))
    assert sorted(dynamic_imports(nodes)) == sorted(
        ["yaml", "a.b", "..rel", "PIL.Image", "pkg.inner.sub", "pkg.up", ".here", ".other"]
    )


# ------------------------------------------------------------------------------ guarded imports

GUARDED = {
    "try_except_import_error": """\
        def f(x):
            try:
                import acmeunits
            except ImportError:
                return -x
            return acmeunits.meters(x)
        """,
    "try_except_module_not_found_in_a_tuple": """\
        def f(x):
            try:
                from acmeunits import meters
            except (ValueError, ModuleNotFoundError):
                meters = None
            return -x if meters is None else meters(x)
        """,
    "bare_except": """\
        def f(x):
            try:
                import acmeunits.conv as conv
            except:  # noqa: E722 - the case
                return -x
            return conv.k(x)
        """,
    "except_exception_with_else": """\
        def f(x):
            try:
                import acmeunits
            except Exception:
                return -x
            else:
                return acmeunits.meters(x)
        """,
    "suppress": """\
        import contextlib

        def f(x):
            meters = None
            with contextlib.suppress(ImportError):
                from acmeunits import meters
            return -x if meters is None else meters(x)
        """,
    "guarded_dynamic": """\
        import importlib

        def f(x):
            try:
                module = importlib.import_module("acmeunits")
            except ImportError:
                return -x
            return module.meters(x)
        """,
    "guarded_in_a_branch": """\
        def f(x):
            if x:
                try:
                    import acmeunits
                except ImportError:
                    acmeunits = None
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
}


@pytest.mark.parametrize("use", sorted(GUARDED))
def test_an_import_the_code_guards_is_optional(tmp_path: Path, use: str) -> None:
    """It was required: a load without the distribution raised MissingDependencyError, where the
    function runs its fallback."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, GUARDED[use], [saved])
    assert not [m for m in distributions(data) if m.startswith("acmeunits")], distributions(data)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert load_where(tmp_path, data, [empty]) == (-2, None, [])
    assert load_where(tmp_path, data, [saved]) == (2000, None, [])


UNGUARDED = {
    "except_value_error": """\
        def f(x):
            try:
                import acmeunits
            except ValueError:
                return -x
            return acmeunits.meters(x)
        """,
    "import_in_the_handler": """\
        def f(x):
            try:
                value = int("nope")
            except ImportError:
                value = 0
            except ValueError:
                import acmeunits
                value = acmeunits.meters(x)
            return value
        """,
    "guarded_and_unguarded": """\
        def f(x):
            try:
                import acmeunits
            except ImportError:
                pass
            import acmeunits
            return acmeunits.meters(x)
        """,
    "import_in_finally": """\
        def f(x):
            try:
                pass
            except ImportError:
                pass
            finally:
                import acmeunits
            return acmeunits.meters(x)
        """,
}


@pytest.mark.parametrize("use", sorted(UNGUARDED))
def test_an_import_not_guarded_against_its_failure_is_still_required(tmp_path: Path, use: str) -> None:
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, UNGUARDED[use], [saved])
    assert distributions(data)["acmeunits"] == "Acme-Units 1.4.2"
    empty = tmp_path / "empty"
    empty.mkdir()
    result, _, _ = load_where(tmp_path, data, [empty])
    assert "pip install Acme-Units==1.4.2" in result, result


# --------------------------------------------------------------- guarded module-level imports

MODULE_GUARDED = {
    "fallback_none": """\
        try:
            import acmeunits
        except ImportError:
            acmeunits = None

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "flag": """\
        try:
            import acmeunits as units
            HAS_UNITS = True
        except ImportError:
            HAS_UNITS = False

        def f(x):
            return units.meters(x) if HAS_UNITS else -x
        """,
    "flag_in_else": """\
        try:
            from acmeunits import meters
        except ModuleNotFoundError:
            meters = None
            HAS_UNITS = False
        else:
            HAS_UNITS = True

        def f(x):
            return meters(x) if HAS_UNITS else -x
        """,
    "fallback_global_function": """\
        def _negate(x):
            return -x

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            return convert(x)
        """,
    "fallback_import": """\
        try:
            import acmeunits.conv as conv
        except (ImportError, OSError):
            import operator as conv

        def f(x):
            return conv.k(x) if hasattr(conv, "k") else conv.neg(x)
        """,
    "fallback_dotted_name": """\
        import operator

        try:
            from acmeunits import meters as convert
        except Exception:
            convert = operator.neg

        def f(x):
            return convert(x)
        """,
    "pass_leaves_it_unbound": """\
        try:
            import acmeunits
        except:  # noqa: E722 - the case
            pass

        def f(x):
            try:
                return acmeunits.meters(x)
            except NameError:
                return -x
        """,
    "in_an_if": """\
        if True:
            try:
                import acmeunits
            except ImportError:
                acmeunits = None

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "in_a_version_test_beside_other_branches": """\
        import sys

        if sys.version_info < (3, 0):
            acmeunits = None
        elif sys.platform != "h74-nowhere":
            try:
                import acmeunits
                HAS_UNITS = True
            except ImportError:
                acmeunits = None
                HAS_UNITS = False
        else:
            acmeunits = None

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "with_suppress": """\
        from contextlib import suppress

        acmeunits = None
        with suppress(ImportError):
            import acmeunits

        def f(x):
            try:
                return acmeunits.meters(x)
            except (NameError, AttributeError):
                return -x
        """,
    "with_contextlib_suppress": """\
        import contextlib

        with contextlib.suppress(ModuleNotFoundError, OSError):
            from acmeunits import meters

        def f(x):
            try:
                return meters(x)
            except NameError:
                return -x
        """,
    # Where the import fails, a name the handler does not bind keeps what a top-level statement
    # before the guard bound it to (Python leaves it alone): it was left unbound (NameError).
    "suppress_keeps_the_earlier_none": """\
        import contextlib

        acmeunits = None
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "pass_keeps_the_earlier_flag": """\
        HAS_UNITS = True
        HAS_UNITS = False
        try:
            import acmeunits
            HAS_UNITS = True
        except ImportError:
            pass

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "suppress_keeps_an_earlier_annotated_none": """\
        from contextlib import suppress
        from typing import Any, Callable, Optional

        meters: Optional[Callable[[Any], Any]] = None
        with suppress(ModuleNotFoundError):
            from acmeunits import meters

        def f(x):
            return -x if meters is None else meters(x)
        """,
    "suppress_keeps_an_earlier_import": """\
        import contextlib
        import operator as conv

        with contextlib.suppress(ImportError):
            import acmeunits.conv as conv

        def f(x):
            return conv.k(x) if hasattr(conv, "k") else conv.neg(x)
        """,
    "suppress_keeps_an_earlier_global": """\
        import contextlib

        def _negate(x):
            return -x

        meters = _negate
        with contextlib.suppress(ImportError):
            from acmeunits import meters

        def f(x):
            return meters(x)
        """,
    "suppress_in_an_if_keeps_the_earlier_none": """\
        import contextlib
        import sys

        acmeunits = None
        if sys.version_info >= (3, 9):
            with contextlib.suppress(ImportError):
                import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "pass_keeps_what_the_handler_does_not_bind": """\
        acmeunits = None
        try:
            import acmeunits
            HAS_UNITS = True
        except ImportError:
            HAS_UNITS = False

        def f(x):
            assert HAS_UNITS is (acmeunits is not None)
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "suppress_keeps_an_earlier_parenthesised_import": """\
        import contextlib

        conv = None
        from operator import (
            neg as conv,
        )
        with contextlib.suppress(ImportError):
            from acmeunits.conv import k as conv

        def f(x):
            return conv(x)
        """,
    # A fallback function that reads a global and has a default; a lambda; a guard after
    # __all__; a parenthesised import with a fallback for each name (h81).
    "fallback_function_reading_a_global_with_a_default": """\
        import operator
        SCALE = 1

        def _negate(x, scale=SCALE):
            return operator.neg(x) * scale

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            return convert(x)
        """,
    "fallback_lambda": """\
        _negate = lambda x: -x  # noqa: E731 - the case
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            return convert(x)
        """,
    "after_all": """\
        __all__ = ["f"]

        try:
            import acmeunits
        except ImportError:
            acmeunits = None

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "a_fallback_for_each_name_of_a_parenthesised_import": """\
        def _negate(x):
            return -x

        try:
            from acmeunits import (
                meters,
                meters as other,
            )
        except ImportError:
            meters = _negate
            other = None

        def f(x):
            return meters(x) if other is None else other(x)
        """,
    # Tuple assignments of literals before the guard are read, item by item (h81); a store in
    # an indented block before the last column-0 binding, or one in a def or class body (names
    # of their own), changes nothing.
    "suppress_keeps_an_earlier_tuple_of_literals": """\
        import contextlib

        acmeunits, HAS_UNITS = None, False
        with contextlib.suppress(ImportError):
            import acmeunits

            HAS_UNITS = True

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "pass_keeps_an_earlier_list_of_literals": """\
        [HAS_UNITS, units] = [False, None]
        try:
            import acmeunits as units

            HAS_UNITS = True
        except ImportError:
            pass

        def f(x):
            return units.meters(x) if HAS_UNITS else -x
        """,
    "a_block_store_before_the_earlier_binding": """\
        import contextlib

        if True:
            acmeunits = 0
        acmeunits = None
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "local_stores_in_a_def_and_a_class_between": """\
        import contextlib

        acmeunits = None

        def _helper():
            acmeunits = 0
            return acmeunits

        class Settings:
            acmeunits = 0

        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    # A guard in a top-level if keeps what its own block bound before it (h81: it was looked for
    # before the if only, and the name was left unbound: NameError).
    "suppress_in_an_if_keeps_what_its_block_bound_before": """\
        import contextlib
        import sys

        acmeunits = 0
        if sys.version_info >= (3, 0):
            acmeunits = None
            with contextlib.suppress(ImportError):
                import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "pass_in_an_else_keeps_what_ran_before_the_if": """\
        import sys

        HAS_UNITS = False
        if sys.version_info < (3, 0):
            HAS_UNITS = True
        else:
            try:
                import acmeunits

                HAS_UNITS = True
            except ImportError:
                pass

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "two_guards_one_missing": """\
        import json

        try:
            import acmeunits
        except ImportError:
            acmeunits = None

        try:
            import json as fast_json
        except ImportError:
            fast_json = None

        def f(x):
            assert fast_json is json
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
}


@pytest.mark.parametrize("use", sorted(MODULE_GUARDED))
def test_a_module_level_import_the_module_guards_is_optional(tmp_path: Path, use: str) -> None:
    """It was refused: a load without the distribution raised MissingDependencyError, where the
    module's except clause binds a fallback (format 3 guard section) that the code uses."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, MODULE_GUARDED[use], [saved])
    assert data.startswith(b"srcpickle-payload 3\n") and b"\n[guard " in data, data.decode()
    assert "Acme-Units 1.4.2" in distributions(data).values()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert load_where(tmp_path, data, [empty]) == (-2, None, [])
    assert load_where(tmp_path, data, [saved]) == (2000, None, [])
    # (this process has no acmeunits either: check says what loads does)
    report = srcpickle.check(data)
    assert report.loadable, report.problems


@pytest.mark.parametrize("python", ["3.9", "3.13", "pypy"])
def test_a_module_level_guard_on_other_pythons(tmp_path: Path, python: str) -> None:
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, MODULE_GUARDED["flag"], [saved])
    empty = tmp_path / "empty"
    empty.mkdir()
    assert load_where(tmp_path, data, [empty], python=interpreter(python)) == (-2, None, [])
    assert load_where(tmp_path, data, [saved], python=interpreter(python)) == (2000, None, [])


def redump_where(tmp_path: Path, data: bytes, path: Sequence[Path], python: Any = CURRENT) -> bytes:
    """``dumps(loads(data))`` in a fresh interpreter (``python``) with ``path`` on ``sys.path``,
    nothing of the payload called."""
    payload = write_payload(tmp_path, data)
    code = f"""\
import srcpickle
data = open({str(payload)!r}, "rb").read()
print({RESULT_MARK!r} + repr(srcpickle.dumps(srcpickle.loads(data))))
"""
    again = result_of(isolated().run(python, code, extra_path=[str(p) for p in path]))
    assert isinstance(again, bytes)
    return again


def without_written_by(data: bytes) -> bytes:
    return b"".join(line for line in data.splitlines(True) if not line.startswith(b"written-by: "))


@pytest.mark.parametrize("where", ["found", "missing"])
@pytest.mark.parametrize("use", sorted(MODULE_GUARDED))
def test_a_loaded_guard_is_dumped_again(tmp_path: Path, use: str, where: str) -> None:
    """``dumps(loads(p)) == p`` for a payload with guards, where the guarded module is found
    (the globals hold what the try bound) and where it is missing (the load took the fallbacks):
    the guards were dropped, so the re-dumped payload required the module (h80 bug 2)."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, MODULE_GUARDED[use], [saved])
    empty = tmp_path / "empty"
    empty.mkdir()
    again = redump_where(tmp_path, data, [saved] if where == "found" else [empty])
    assert again == data, f"--- p\n{data.decode()}\n--- dumps(loads(p))\n{again.decode()}"


@pytest.mark.any_python  # (dumped and re-dumped on fixed interpreters: once per CI)
@pytest.mark.parametrize("python", ["3.9", "3.13", "pypy"])
@pytest.mark.parametrize(
    "use", ["flag", "fallback_global_function", "suppress_keeps_an_earlier_import", "class"]
)
def test_a_loaded_guard_is_dumped_again_on_other_pythons(tmp_path: Path, use: str, python: str) -> None:
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, {**MODULE_GUARDED, **FALLBACK_NOT_BUILT}[use], [saved])
    empty = tmp_path / "empty"
    empty.mkdir()
    for path in ([saved], [empty]):
        again = redump_where(tmp_path, data, path, python=interpreter(python))
        assert without_written_by(again) == without_written_by(data), again.decode()
        # What was dumped again still takes the module where it is found, the fallback where not.
        assert load_where(tmp_path, again, [empty]) == (-2, None, [])
        assert load_where(tmp_path, again, [saved]) == (2000, None, [])


# Guards whose fallback is a section that a load where the module is found does not build (a
# class with its methods, an instance made by a call, a closure with its cells, a recursive one):
# dumped again there, those sections are copied as they came with the globals they read (h81).
FALLBACK_NOT_BUILT = {
    "class": """\
        class _Negate:
            def __new__(cls, x):
                return -x

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _Negate

        def f(x):
            return convert(x)
        """,
    "class_with_a_method_reading_a_global_and_a_nested_class": """\
        import operator

        class _Negate:
            class Sign:
                value = -1

            def __new__(cls, x):
                return operator.mul(cls.Sign.value, x)

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _Negate

        def f(x):
            return convert(x)
        """,
    # Docstrings a format 3 section leaves out, which a load takes from the code it compiled: a
    # losing side's function is not compiled, and its copy must still carry its doc.
    "function_with_a_docstring": """\
        def _negate(x):
            '''Minus x, where acmeunits is missing.'''
            return -x

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            '''Meters of x.'''
            return convert(x)
        """,
    "class_with_a_documented_method": """\
        class _Negate:
            '''Stands in for meters.'''

            def __new__(cls, x):
                '''Minus x.'''
                return -x

        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _Negate

        def f(x):
            return convert(x)
        """,
    "instance_with_state": """\
        class _Scale:
            def __init__(self, factor):
                self.factor = factor
                self.seen = []

            def __call__(self, x):
                return self.factor * x

        _negate = _Scale(-1)
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            return convert(x)
        """,
    "closure": """\
        def _make():
            sign = -1

            def negate(x):
                return sign * x

            return negate

        _negate = _make()
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            return convert(x)
        """,
    "recursive_closure": """\
        def _make():
            def negate(x, depth=1):
                return negate(x, 0) if depth else -x

            return negate

        _negate = _make()
        try:
            from acmeunits import meters as convert
        except ImportError:
            convert = _negate

        def f(x):
            return convert(x)
        """,
}


@pytest.mark.parametrize("use", sorted(FALLBACK_NOT_BUILT))
def test_a_loaded_guard_whose_fallback_was_not_built_is_dumped_again(tmp_path: Path, use: str) -> None:
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, FALLBACK_NOT_BUILT[use], [saved])
    assert b"\n[guard " in data, data.decode()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert load_where(tmp_path, data, [empty]) == (-2, None, [])
    assert redump_where(tmp_path, data, [empty]) == data
    again = redump_where(tmp_path, data, [saved])
    assert again == data, f"--- p\n{data.decode()}\n--- dumps(loads(p))\n{again.decode()}"
    assert load_where(tmp_path, again, [saved]) == (2000, None, [])
    assert load_where(tmp_path, again, [empty]) == (-2, None, [])


MODULE_UNGUARDED = {
    # Bound before the guard by running code: no guard can carry that value, so the import
    # stays required (it was left unbound: a NameError inside a call where the module is missing).
    "earlier_value_made_by_a_call": """\
        import contextlib

        def _make():
            return None

        acmeunits = _make()
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "earlier_def_of_the_name": """\
        def acmeunits():
            return None

        try:
            import acmeunits
        except ImportError:
            pass

        def f(x):
            return acmeunits.meters(x)
        """,
    "earlier_augmented_assignment": """\
        acmeunits = 0
        acmeunits += 1
        try:
            import acmeunits
        except ImportError:
            pass

        def f(x):
            return acmeunits.meters(x)
        """,
    # Rebound between the last column-0 binding and the guard by a statement that runs code (a
    # store inside a block, a loop, an earlier try, a walrus, a call's result unpacked): the
    # older value was used (h81); now no guard is written.
    "rebound_in_an_if_block": """\
        import contextlib

        acmeunits = None
        if True:
            acmeunits = 0
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "rebound_by_a_for_loop": """\
        import contextlib

        acmeunits = None
        for acmeunits in (0,):
            pass
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "rebound_by_an_earlier_try": """\
        HAS_UNITS = False
        try:
            HAS_UNITS = int("1") == 1
        except ValueError:
            pass
        try:
            import acmeunits

            HAS_UNITS = True
        except ImportError:
            pass

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "rebound_in_a_with_block": """\
        import contextlib

        acmeunits = None
        with contextlib.nullcontext():
            acmeunits = 0
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "rebound_by_a_walrus": """\
        import contextlib

        acmeunits = None
        if (acmeunits := 0) == 0:
            pass
        with contextlib.suppress(ImportError):
            import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "rebound_by_a_loop_in_the_guards_own_block": """\
        import contextlib

        if True:
            acmeunits = None
            for acmeunits in (0,):
                pass
            with contextlib.suppress(ImportError):
                import acmeunits

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "earlier_tuple_made_by_a_call": """\
        import contextlib

        def _make():
            return None, False

        acmeunits, HAS_UNITS = _make()
        with contextlib.suppress(ImportError):
            import acmeunits

            HAS_UNITS = True

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "earlier_tuple_swapping_its_names": """\
        import contextlib

        acmeunits, HAS_UNITS = None, False
        HAS_UNITS, acmeunits = acmeunits, HAS_UNITS
        with contextlib.suppress(ImportError):
            import acmeunits

            HAS_UNITS = True

        def f(x):
            return acmeunits.meters(x) if HAS_UNITS else -x
        """,
    "fallback_made_by_a_call": """\
        def _make():
            return None

        try:
            import acmeunits
        except ImportError:
            acmeunits = _make()

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "except_value_error": """\
        try:
            import acmeunits
        except ValueError:
            acmeunits = None

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
    "guarded_at_module_level_required_in_the_body": """\
        try:
            import acmeunits
        except ImportError:
            acmeunits = None

        def f(x):
            import acmeunits
            return acmeunits.meters(x)
        """,
    "suppress_of_its_own": """\
        import contextlib

        def suppress(*caught):
            return contextlib.nullcontext()

        with suppress(ImportError):
            import acmeunits

        def f(x):
            return acmeunits.meters(x)
        """,
    "suppress_of_another_error": """\
        from contextlib import suppress

        with suppress(ValueError):
            import acmeunits

        def f(x):
            return acmeunits.meters(x)
        """,
    "nested_in_a_with_block": """\
        import threading

        with threading.Lock():
            try:
                import acmeunits
            except ImportError:
                acmeunits = None

        def f(x):
            return -x if acmeunits is None else acmeunits.meters(x)
        """,
}


@pytest.mark.parametrize("use", sorted(MODULE_UNGUARDED))
def test_a_module_level_import_without_a_fallback_it_can_carry_is_still_required(
    tmp_path: Path, use: str
) -> None:
    """A handler whose value is made by a call, an except clause (or a ``suppress``) that does
    not catch ImportError, a ``suppress`` of the module's own, an import the function's body
    makes too, a try in a statement other than a top-level ``if``: the import stays required."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, MODULE_UNGUARDED[use], [saved])
    assert b"\n[guard " not in data, data.decode()
    assert distributions(data)["acmeunits"] == "Acme-Units 1.4.2"
    empty = tmp_path / "empty"
    empty.mkdir()
    result, _, _ = load_where(tmp_path, data, [empty])
    assert "pip install Acme-Units==1.4.2" in result, result
    assert load_where(tmp_path, data, [saved]) == (2000, None, [])


# ------------------------------------------------------------ found at load, failing to import

FAILING: Dict[str, Dict[str, str]] = {
    "runtime_error": {"acmeunits/__init__.py": "raise RuntimeError('needs a GPU driver')\n"},
    "missing_dependency_of_its_own": {"acmeunits/__init__.py": "import acme_native_dependency\n"},
    "attribute_error": {"acmeunits/__init__.py": "import json\njson.no_such_function\n"},
    "syntax_error": {"acmeunits/__init__.py": "def (:\n"},
    "system_exit": {"acmeunits/__init__.py": "raise SystemExit('unsupported platform')\n"},
}
CAUSES = {
    "runtime_error": ("RuntimeError", "needs a GPU driver"),
    "missing_dependency_of_its_own": ("ModuleNotFoundError", "No module named 'acme_native_dependency'"),
    "attribute_error": ("AttributeError", "no_such_function"),
    "syntax_error": ("SyntaxError", "invalid syntax"),
    "system_exit": ("SystemExit", "unsupported platform"),
}
USES = {
    "global": "import acmeunits\n\ndef f(x):\n    return acmeunits.meters(x)\n",
    "from": "from acmeunits import meters\n\ndef f(x):\n    return meters(x)\n",
    "body": "def f(x):\n    import acmeunits\n    return acmeunits.meters(x)\n",
    "submodule": "import acmeunits.conv\n\ndef f(x):\n    return acmeunits.conv.k(x)\n",
}


@pytest.mark.parametrize("use", sorted(USES))
@pytest.mark.parametrize("failure", sorted(FAILING))
def test_a_distribution_that_fails_to_import_is_named_with_its_versions(
    tmp_path: Path, failure: str, use: str
) -> None:
    """It was 'building import section @acmeunits raised RuntimeError: ...' (a LoadError naming
    an internal section) or 'cannot import acme_native_dependency needed by the payload', which
    named neither the distribution nor its versions."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, USES[use], [saved])
    files = (
        dict(ACME, **FAILING[failure])
        if use != "submodule"
        else {**ACME, "acmeunits/conv.py": FAILING[failure]["acmeunits/__init__.py"]}
    )
    broken = install(tmp_path / "broken", "Acme-Units", "1.5.0", files, "acmeunits")
    result, cause, warned = load_where(tmp_path, data, [broken])
    module = "acmeunits.conv" if use == "submodule" else "acmeunits"
    kind, text = CAUSES[failure]
    assert result.startswith(
        f"MissingDependencyError: the payload imports {module} (saved with Acme-Units 1.4.2; "
        "Acme-Units 1.5.0 is installed here), and importing it here raised "
    ), result
    assert f"raised {kind}: " in result and text in result, result
    assert "nothing of the payload was executed" in result
    assert "pip install --force-reinstall Acme-Units==1.4.2" in result
    assert cause == kind
    assert warned == []


def test_the_failure_to_import_pickles_and_is_an_import_error(tmp_path: Path) -> None:
    import pickle

    from srcpickle._model import Distribution
    from srcpickle._rebuild.failures import import_failure

    error = import_failure("acmeunits", Distribution("Acme-Units", "1.4.2"), RuntimeError("boom"))
    assert isinstance(error, ImportError) and isinstance(error, srcpickle.LoadError)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.missing) == (str(error), ("acmeunits",))


# ------------------------------------------------- standard-library modules removed or added later

REMOVED = {
    "imp": ("import imp\n\ndef f(x):\n    return imp.get_suffixes() and x\n", "use importlib"),
    "asynchat_body": ("def f(x):\n    import asynchat\n    return asynchat.__name__, x\n", "use asyncio"),
    "asyncore_from": (
        "from asyncore import dispatcher\n\ndef f(x):\n    return dispatcher, x\n",
        "use asyncio",
    ),
    "distutils_submodule": (
        "import distutils.version\n\ndef f(x):\n    return distutils.version.LooseVersion(str(x))\n",
        "use setuptools (which still provides distutils)",
    ),
}


@pytest.mark.any_python  # (dumped on 3.9, loaded on 3.12 and 3.13: whichever Python runs the suite)
@pytest.mark.parametrize("python", ["3.12", "3.13"])
@pytest.mark.parametrize("use", sorted(REMOVED))
def test_a_module_a_newer_python_removed_says_when_and_what_to_use(
    tmp_path: Path, use: str, python: str
) -> None:
    code, hint = REMOVED[use]
    data = dump_where(tmp_path, code, [], python=interpreter("3.9"))
    result, _, _ = load_where(tmp_path, data, [], python=interpreter(python))
    assert result.startswith("MissingDependencyError: the payload needs modules"), result
    assert ": removed in Python 3.12 (no drop-in replacement: " + hint in result, result
    assert "Load it on a Python whose standard library" not in result


@pytest.mark.parametrize("python", ["3.9", "pypy"])
def test_a_module_a_newer_python_added_is_a_python_too_old(tmp_path: Path, python: str) -> None:
    if CURRENT.version < (3, 11):
        pytest.skip("tomllib is new in Python 3.11")
    data = dump_where(tmp_path, "def f(x):\n    import tomllib\n    return tomllib.loads(x)\n", [])
    result, _, _ = load_where(tmp_path, data, [], python=interpreter(python))
    # No install mends a Python too old for the module: PythonVersionError, not a missing one.
    assert result.startswith("PythonVersionError: this payload needs Python 3.11 or newer"), result
    assert "this Python (3.9." in result and "nothing was executed" in result
    assert "  tomllib (used by f): new in Python 3.11\n" in result
    written = "cpython " + ".".join(map(str, CURRENT.version))
    assert f"Load it with Python 3.11 or newer (such as {written}, which wrote it)." in result


def test_a_missing_or_different_distribution_names_the_code_that_uses_it(tmp_path: Path) -> None:
    """Helpers the function calls, a class's methods and a body import each name themselves."""
    code = """\
        import acmeunits
        from acmeunits.conv import k


        def helper(x):
            return acmeunits.meters(x)


        class Scale:
            def apply(self, x):
                return k(x)


        def f(x):
            import acmeunits.conv

            return helper(x) + Scale().apply(x) + acmeunits.conv.k(0)
        """
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, code, [saved])
    empty = tmp_path / "empty"
    empty.mkdir()
    result, _, _ = load_where(tmp_path, data, [empty])
    assert result.startswith("MissingDependencyError: the payload needs modules"), result
    used = {}
    for line in result.splitlines()[1:-1]:
        module, _, users = line.strip().partition(" (saved with Acme-Units 1.4.2), used by ")
        used[module] = set(users.split(", "))
    # (f reads acmeunits too: the name its body's import binds)
    assert used == {"acmeunits": {"f", "helper"}, "acmeunits.conv": {"f", "Scale"}}, result
    major = install(tmp_path / "major", "Acme-Units", "2.0.0", ACME, "acmeunits")
    result, _, warned = load_where(tmp_path, data, [major])
    assert result == 4000
    assert len(warned) == 1 and warned[0].startswith(
        "Acme-Units 2.0.0 is installed but the payload was saved with Acme-Units 1.4.2 (used by "
    ), warned
    assert set(warned[0].split("(used by ")[1].split(")")[0].split(", ")) == {"f", "helper", "Scale"}


@pytest.mark.parametrize(
    "body,required",
    [
        ("import json", ["json"]),
        ("try:\n    import ujson\nexcept ImportError:\n    import json", ["json"]),
        ("try:\n    import ujson\nexcept* ImportError:\n    pass", []),
        ("if sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli", []),
        ("if sys.platform == 'win32':\n    import winreg\nelif os.name == 'posix':\n    import termios", []),
        ("if platform.system() == 'Darwin':\n    import Foundation", []),
        ("if sys.implementation.name == 'pypy':\n    import __pypy__", []),
        ("if verbose:\n    import pprint", ["pprint"]),
        ("if sys.argv:\n    import pprint", ["pprint"]),
        ("x = __import__('tomllib') if sys.version_info >= (3, 11) else None", []),
        ("x = __import__('pprint') if verbose else None", ["pprint"]),
        ("with suppress(ModuleNotFoundError):\n    import ujson\nimport json", ["json"]),
        ("with open('f'):\n    import json", ["json"]),
        ("try:\n    import json\nexcept KeyError:\n    pass", ["json"]),
    ],
)
def test_which_imports_of_a_body_are_required(body: str, required: List[str]) -> None:
    """An import the code guards (try/except ImportError, suppress) or makes on some Pythons or
    platforms only (a branch of an if testing sys.version_info, sys.platform, os.name, ...) is
    optional; any other is required."""
    if "except*" in body and sys.version_info < (3, 11):
        pytest.skip("except* is new in Python 3.11")
    from srcpickle._imports import _astparse, required_imports

    tree = _astparse.parse("def f(verbose):\n" + textwrap.indent(body, "    ") + "\n")
    nodes = list(_astparse.walk(tree))
    names = {node.id for node in nodes if isinstance(node, ast.Name)}
    assert sorted(required_imports(nodes, names)) == required


@pytest.mark.parametrize("failure", ["missing_dependency_of_its_own", "runtime_error"])
def test_a_guarded_import_found_but_failing_is_reported_not_replaced(tmp_path: Path, failure: str) -> None:
    """A guard is decided by finding the module, never by importing it (FORMAT.md section 17):
    found but failing to import (an ImportError of its own included), it is reported with its
    distribution and the remedy, as an unguarded import is, instead of silently taking the
    fallback."""
    saved = install(tmp_path / "saved", "Acme-Units", "1.4.2", ACME, "acmeunits")
    data = dump_where(tmp_path, MODULE_GUARDED["fallback_none"], [saved])
    assert b"\n[guard " in data
    broken = install(tmp_path / "broken", "Acme-Units", "1.4.2", dict(ACME, **FAILING[failure]), "acmeunits")
    result, cause, _ = load_where(tmp_path, data, [broken])
    kind, text = CAUSES[failure]
    assert result.startswith("MissingDependencyError: the payload imports acmeunits"), result
    assert f"raised {kind}: " in result and text in result and "nothing of the payload was executed" in result
    assert cause == kind


# ------------------------------------- the distribution beside a package, without the full scan

# A dumps in a fresh interpreter that counts the calls of the full scan of every installed
# distribution (_dists._packages_distributions, read once and kept: with hundreds installed,
# ~1.5 s of a first dumps, issue 9).
COUNTED_DUMPS = """\
import srcpickle
from srcpickle import _dists
scans = []
_scan = _dists._packages_distributions
def _counted():
    scans.append(1)
    return _scan()
_dists._packages_distributions = _counted
import h87_user
print({mark!r} + repr((srcpickle.dumps(h87_user.f), len(scans))))
"""


def dump_counting(
    tmp_path: Path,
    user_code: str,
    path: Sequence[Path],
    *,
    beside: Optional[Path] = None,
    python: Any = CURRENT,
) -> Any:
    """(payload of ``f`` of the user's module ``user_code``, how many full scans its dumps ran),
    dumped in a fresh interpreter with ``path`` on ``sys.path``; the module is written into
    ``beside`` (a folder of ``path``) when given, else into a folder of its own."""
    if beside is None:
        beside = tmp_path / "code"
        beside.mkdir(exist_ok=True)
        path = [*path, beside]
    (beside / "h87_user.py").write_text(textwrap.dedent(user_code), encoding="utf-8")
    code = COUNTED_DUMPS.format(mark=RESULT_MARK)
    return result_of(isolated().run(python, code, extra_path=[str(p) for p in path]))


def crowd(site: Path, count: int = 12) -> Path:
    """``count`` unrelated distributions installed into ``site`` beside the ones a test installs,
    half declaring their package in top_level.txt, half in RECORD alone."""
    for index in range(count):
        install(
            site,
            f"filler-{index:02d}",
            "1.0",
            {f"filler_{index:02d}.py": "X = 1\n"},
            f"filler_{index:02d}" if index % 2 else None,
        )
    return site


THING = {
    "thing/__init__.py": "def triple(x):\n    return 3 * x\n",
    "thing/sub.py": "def half(x):\n    return x / 2\n",
}
THING_USES = {
    "package": ("import thing\n\ndef f(x):\n    return thing.triple(x)\n", "thing", 6),
    "from_package": ("from thing import triple\n\ndef f(x):\n    return triple(x)\n", "thing", 6),
    "submodule": ("import thing.sub\n\ndef f(x):\n    return thing.sub.half(x)\n", "thing.sub", 1.0),
    "body": ("def f(x):\n    import thing\n    return thing.triple(x)\n", "thing", 6),
}


@pytest.mark.parametrize("use", sorted(THING_USES))
@pytest.mark.parametrize("declared", ["top_level", "record"])
def test_a_distribution_named_other_than_its_package_is_found_beside_it(
    tmp_path: Path, declared: str, use: str
) -> None:
    """Py-Thing installs package thing (as PyYAML installs yaml): its metadata, not named after
    the package, was found only by the full scan of every installed distribution (issue 9: ~1.5 s
    of a first dumps with 300 installed). Declared by top_level.txt, or by RECORD alone (wheels
    built by flit or hatchling have no top_level.txt)."""
    site = install(
        crowd(tmp_path / "site"), "Py-Thing", "4.2", THING, "thing" if declared == "top_level" else None
    )
    code, module, expected = THING_USES[use]
    data, scans = dump_counting(tmp_path, code, [site])
    assert distributions(data)[module] == "Py-Thing 4.2"
    # A body import was never imported: no module's file tells where to look (srcpickle does not
    # import what it classifies), so the full scan answers.
    assert (scans > 0) == (use == "body")
    assert load_where(tmp_path, data, [site]) == (expected, None, [])
    result, _, _ = load_where(tmp_path, data, [crowd(tmp_path / "other")])
    assert result.startswith("MissingDependencyError: "), result
    assert "pip install Py-Thing==4.2" in result, result


@pytest.mark.parametrize("declared", ["top_level", "record"])
def test_a_module_of_a_distribution_named_otherwise_is_found_beside_it(tmp_path: Path, declared: str) -> None:
    """One file, thingmod.py, from distribution thing-module-dist (as python-dateutil's is a
    package dateutil; six's a module six.py)."""
    files = {"thingmod.py": "def inc(x):\n    return x + 1\n"}
    site = install(
        crowd(tmp_path / "site"),
        "thing-module-dist",
        "0.3",
        files,
        "thingmod" if declared == "top_level" else None,
    )
    data, scans = dump_counting(
        tmp_path, "import thingmod\n\ndef f(x):\n    return thingmod.inc(x)\n", [site]
    )
    assert distributions(data)["thingmod"] == "thing-module-dist 0.3"
    assert scans == 0
    assert load_where(tmp_path, data, [site]) == (3, None, [])


# Top-level names past what one small read of top_level.txt holds (_dists._TOP_LEVEL_READ).
LONG_TOP_LEVEL = "\n".join(f"padding_module_{index:04d}" for index in range(120))
# How Py-Thing's own top_level.txt reads (None: no file, RECORD alone) and how the fillers' read.
TOP_LEVEL_TEXTS = {
    "empty": ("", None),
    "long": (LONG_TOP_LEVEL + "\nthing", None),
    "repeated": ("thing\nthing\nthing_extras\nthing", None),
    "long fillers": ("thing", LONG_TOP_LEVEL),
}


@pytest.mark.parametrize("case", sorted(TOP_LEVEL_TEXTS))
def test_a_distribution_named_otherwise_is_found_beside_it_whatever_its_top_level(
    tmp_path: Path, case: str
) -> None:
    """The folder's declarations read each top_level.txt in one small read (h97): an empty one
    (RECORD declares the package), one longer than that read (its last name is the package's), one
    naming the package several times, and fillers whose top_level.txt are long (none names it)
    give the full scan's answer, without it."""
    own, fillers = TOP_LEVEL_TEXTS[case]
    site = crowd(tmp_path / "site", 6)
    if fillers is not None:
        for info in site.glob("filler_*.dist-info"):
            (info / "top_level.txt").write_text(
                fillers + "\n" + info.name.split("-")[0] + "\n", encoding="utf-8"
            )
    install(site, "Py-Thing", "4.2", THING, own)
    if case == "long":
        assert len((site / "Py_Thing-4.2.dist-info" / "top_level.txt").read_bytes()) > _dists._TOP_LEVEL_READ
    code, module, expected = THING_USES["submodule"]
    data, scans = dump_counting(tmp_path, code, [site])
    assert distributions(data)[module] == "Py-Thing 4.2"
    assert scans == 0
    assert load_where(tmp_path, data, [site]) == (expected, None, [])


def test_a_folders_declarations_are_what_each_distribution_declares(tmp_path: Path) -> None:
    """_folder_declarations reads the common top_level.txt itself (h97): its answer is the one
    _declared_tops gives for each distribution (top_level.txt empty, exactly one read long, longer,
    naming a module twice, not UTF-8, absent with RECORD alone), in the folder's order; with a
    distribution that declares nothing readable, None."""
    site = tmp_path / "site"
    texts: Dict[str, Optional[str]] = {
        "empty": "",
        "one-read": "x" * (_dists._TOP_LEVEL_READ - 2),
        "exactly-one-read": "y" * (_dists._TOP_LEVEL_READ - 1),
        "long": LONG_TOP_LEVEL + "\nlongpkg",
        "twice": "twicepkg\nother\ntwicepkg",
        "latin": None,
        "record-only": None,
    }
    for name, text in texts.items():
        install(site, name, "1.0", {f"{name.replace('-', '_')}_mod.py": "X = 1\n"}, text)
    # (top_level lines end with the newline install() adds; the sizes above are before it)
    (site / "latin-1.0.dist-info" / "top_level.txt").write_bytes(b"caf\xe9\n")
    entries = _deps.metadata_entries(str(site))
    assert len(entries) == len(texts)
    expected: Dict[str, Tuple[str, ...]] = {}
    for entry in entries:
        tops = _dists._declared_tops(str(site) + os.sep + entry + os.sep)
        assert tops is not None
        for top in tops:
            expected[top] = expected.get(top, ()) + (entry,)
    _dists._DECLARATIONS.clear()
    assert _dists._folder_declarations(str(site), entries) == expected
    assert expected["longpkg"] == ("long-1.0.dist-info",)
    assert expected["twicepkg"] == ("twice-1.0.dist-info",)
    assert expected["caf\ufffd"] == ("latin-1.0.dist-info",)
    # A distribution saying nothing (no top_level.txt, no RECORD): no declarations at all.
    (site / "record_only-1.0.dist-info" / "RECORD").unlink()
    _dists._DECLARATIONS.clear()
    assert _dists._folder_declarations(str(site), entries) is None
    _dists._DECLARATIONS.clear()


@pytest.mark.any_python  # (dumped on fixed interpreters: once per CI)
@pytest.mark.parametrize("python", ["3.9", "3.13", "pypy"])
def test_a_distribution_named_otherwise_on_other_pythons(tmp_path: Path, python: str) -> None:
    """Dumped by each interpreter (3.9 has no packages_distributions; PyPy's metadata paths),
    loaded here."""
    site = install(crowd(tmp_path / "site"), "Py-Thing", "4.2", THING, None)
    code, module, expected = THING_USES["submodule"]
    data, scans = dump_counting(tmp_path, code, [site], python=interpreter(python))
    assert distributions(data)[module] == "Py-Thing 4.2"
    assert scans == 0
    assert load_where(tmp_path, data, [site]) == (expected, None, [])


def test_a_module_beside_distributions_none_declares_is_found_without_the_full_scan(tmp_path: Path) -> None:
    """h87_user.py sits in a folder holding distributions (pip install --target, a benchmark's
    environment) and none declares it: the answer is as before (a module of such a folder is
    taken for an installed one, by reference, named after itself), now without the full scan."""
    site = install(crowd(tmp_path / "site"), "Py-Thing", "4.2", THING, "thing")
    code = (
        "import thing\n\ndef helper(x):\n    return x - 1\n\ndef f(x):\n    return helper(thing.triple(x))\n"
    )
    data, scans = dump_counting(tmp_path, code, [site], beside=site)
    assert distributions(data) == {"h87_user": "h87_user"}
    assert scans == 0
    assert load_where(tmp_path, data, [site]) == (5, None, [])


PLUGIN_USES = {
    "import": "import {top}.plugin\n\ndef f(x):\n    return {top}.plugin.p(x)\n",
    "from": "from {top}.plugin import p\n\ndef f(x):\n    return p(x)\n",
    "body": "def f(x):\n    import {top}.plugin\n    return {top}.plugin.p(x)\n",
}


@pytest.mark.parametrize("use", sorted(PLUGIN_USES))
@pytest.mark.parametrize("top_level", ["namedpkg", None])
def test_a_plugin_module_is_found_beside_its_package(
    tmp_path: Path, top_level: Optional[str], use: str
) -> None:
    """namedpkg-plugin installs namedpkg/plugin.py into distribution namedpkg's package: the one
    distribution of the package's folder whose RECORD lists it, without the full scan."""
    core = {"namedpkg/__init__.py": "X = 1\n", "namedpkg/core.py": "def c(x):\n    return x\n"}
    site = install(crowd(tmp_path / "site"), "namedpkg", "1.0", core, top_level)
    install(site, "namedpkg-plugin", "2.0", {"namedpkg/plugin.py": "def p(x):\n    return -x\n"}, top_level)
    data, scans = dump_counting(tmp_path, PLUGIN_USES[use].format(top="namedpkg"), [site])
    assert distributions(data)["namedpkg.plugin"] == "namedpkg-plugin 2.0"
    assert (scans > 0) == (use == "body")  # (never imported: no file to look beside)
    assert load_where(tmp_path, data, [site]) == (-2, None, [])
    result, _, _ = load_where(
        tmp_path, data, [install(tmp_path / "core", "namedpkg", "1.0", core, top_level)]
    )
    assert "pip install namedpkg-plugin==2.0" in result, result


def test_a_package_several_distributions_declare_is_left_to_the_full_scan(tmp_path: Path) -> None:
    """Py-Thing and thing-extra both declare thing (neither named after it): the package's own
    answer is the full scan's (the first by name), unchanged; the plugin module is its one
    installer's."""
    site = install(crowd(tmp_path / "site"), "Py-Thing", "4.2", THING, "thing")
    install(site, "thing-extra", "0.9", {"thing/plugin.py": "def p(x):\n    return -x\n"}, "thing")
    data, scans = dump_counting(tmp_path, "import thing\n\ndef f(x):\n    return thing.triple(x)\n", [site])
    assert distributions(data)["thing"] == "Py-Thing 4.2"
    assert scans >= 1
    data, _ = dump_counting(tmp_path, PLUGIN_USES["import"].format(top="thing"), [site])
    assert distributions(data)["thing.plugin"] == "thing-extra 0.9"
    assert load_where(tmp_path, data, [site]) == (-2, None, [])


def test_a_namespace_package_is_left_to_the_full_scan(
    tmp_path: Path, namespace_sites: Dict[str, Path]
) -> None:
    """nsco has no file, so no folder to read: each submodule's distribution comes from the full
    scan, as before, with crowded folders around it."""
    sites = namespace_sites
    crowd(sites["alpha"])
    crowd(sites["beta"])
    code = "import nsco.alpha, nsco.beta\n\ndef f(x):\n    return nsco.alpha.a(x) + nsco.beta.b(x)\n"
    data, scans = dump_counting(tmp_path, code, [sites["alpha"], sites["beta"]])
    found = distributions(data)
    assert found["nsco.alpha"] == "nsco-alpha 1.0" and found["nsco.beta"] == "nsco-beta 2.0", found
    assert scans >= 1
    assert load_where(tmp_path, data, [sites["alpha"], sites["beta"]]) == (7, None, [])

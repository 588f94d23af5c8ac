"""Packaging a package index would accept: the sdist and the wheel are built (PEP 517, as ``pip``
and ``python -m build`` build them), checked with ``twine check --strict``, their file lists and
metadata compared with what they must hold; the test suite is collected and run from the unpacked
sdist; and the wheel is installed into a clean virtual environment of every interpreter of the
machine (CPython 3.9-3.13 and PyPy), with its runtime dependencies only, where one dumps/loads
round trip must work.
"""

from __future__ import annotations

import concurrent.futures
import email
import importlib
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import pytest

# The shared test helpers (tests/unit/__init__.py), imported as tests/integration imports them.
unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

# Builds, installs or checks with fixed interpreters: .ci/run runs it once (see conftest.py).
pytestmark = pytest.mark.any_python(run="oldest")

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 300

# Every file of the wheel besides its .dist-info: the package, its subpackage and its data.
# Every module of the package and of its subpackages, and the data files.
WHEEL_PACKAGE_FILES = sorted(
    [p.relative_to(ROOT).as_posix() for p in (ROOT / "srcpickle").rglob("*.py")]
    + ["srcpickle/py.typed", "srcpickle/stdlib_moves.json"]
)
CLASSIFIERS = [
    "Programming Language :: Python :: 3.9",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Programming Language :: Python :: Implementation :: CPython",
    "Programming Language :: Python :: Implementation :: PyPy",
    "Typing :: Typed",
]
# What a plain install runs: a function of a script, dumped and loaded. Then the venv's
# distributions, as ``pip list`` gives them but for pip and setuptools (asked of the venv's own
# Python: a pip run per venv, under its interpreter, cost 1-4 s of CPU).
SMOKE = """\
import sys
import srcpickle


def area(width, height=2):
    return width * height


print(srcpickle.loads(srcpickle.dumps(area))(21), sys.implementation.name)

import importlib.metadata

names = {dist.metadata["Name"].lower() for dist in importlib.metadata.distributions()}
print(" ".join(sorted(names - {"pip", "setuptools"})))
"""


def _run(command: List[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT, **kwargs)
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """The sdist and the wheel, the wheel built from the sdist (as ``python -m build`` does)."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)])
    (sdist,) = out.glob("srcpickle-*.tar.gz")
    (wheel,) = out.glob("srcpickle-*-py3-none-any.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_twine_check_strict_passes(dist: Dict[str, Path]) -> None:
    proc = _run([sys.executable, "-m", "twine", "check", "--strict", str(dist["sdist"]), str(dist["wheel"])])
    assert proc.stdout.count("PASSED") == 2, proc.stdout


def _wheel_metadata(wheel: Path) -> Tuple[List[str], Any]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        return names, email.message_from_bytes(archive.read(metadata))


def test_the_wheel_holds_the_package_and_its_data_and_nothing_else(dist: Dict[str, Path]) -> None:
    names, _ = _wheel_metadata(dist["wheel"])
    package = sorted(n for n in names if ".dist-info/" not in n)
    assert package == WHEEL_PACKAGE_FILES
    info = sorted(n.split("/", 1)[1] for n in names if ".dist-info/" in n)
    assert info == ["METADATA", "RECORD", "WHEEL", "entry_points.txt", "licenses/LICENSE", "top_level.txt"]


def test_the_metadata_says_license_pythons_and_a_loader_free_of_libcst(dist: Dict[str, Path]) -> None:
    _, metadata = _wheel_metadata(dist["wheel"])
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert metadata["Requires-Python"] == ">=3.9"
    classifiers = metadata.get_all("Classifier")
    assert [c for c in CLASSIFIERS if c not in classifiers] == []
    assert not any(c.startswith("License ::") for c in classifiers), "PEP 639: the expression replaces them"
    requires = metadata.get_all("Requires-Dist")
    unconditional = [r for r in requires if "extra ==" not in r]
    assert [re.split(r"[<>=;\s]", r)[0] for r in unconditional] == ["typeguard"]
    libcst = [r for r in requires if r.startswith("libcst")]
    assert libcst and all('extra == "migrate"' in r or 'extra == "test"' in r for r in libcst)
    assert set(metadata.get_all("Provides-Extra")) == {"fuzz", "migrate", "test"}
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "## Migrating stored functions" in metadata.get_payload()


def test_the_sdist_carries_tests_docs_benchmarks_and_the_changelog(dist: Dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    tracked = _run(["git", "ls-files"], cwd=ROOT).stdout.split()
    wanted = {
        name
        for name in tracked
        if name.startswith(("tests/", "docs/", "benchmarks/", "srcpickle/"))
        or name in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "MANIFEST.in")
    }
    assert sorted(wanted - names) == []
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def _collected(cwd: Path, env: Any = None) -> Set[str]:
    proc = _run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"], cwd=cwd, env=env
    )
    return {line for line in proc.stdout.splitlines() if "::" in line}


def _whole_session(request: pytest.FixtureRequest) -> Optional[Set[str]]:
    # The node ids of this session's tests when it collected the whole suite with nothing
    # deselected (.ci/run's runs, a plain ``pytest``): a test file of every tests/ file, as many
    # items as were collected. Else None.
    session = request.session
    ids = {item.nodeid for item in session.items}
    files = {node_id.split("::", 1)[0] for node_id in ids}
    every = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    if session.testscollected != len(session.items) or not every <= files:
        return None
    return ids


def test_the_suite_runs_from_the_unpacked_sdist(
    dist: Dict[str, Path], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Collected whole (every test of the checkout's suite, by node id: every test module imports
    and every case file is there) and a part run, with the package imported from the unpacked
    sdist itself."""
    with tarfile.open(dist["sdist"]) as archive:
        # The "data" filter where tarfile has it (3.12, and security releases before): 3.14
        # makes it the default and 3.13 warns without it.
        options = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(tmp_path, **options)  # noqa: S202 - our own freshly built archive
    (unpacked,) = tmp_path.glob("srcpickle-*")
    env = dict(os.environ, PYTHONPATH=str(unpacked))
    where = _run([sys.executable, "-c", "import srcpickle; print(srcpickle.__file__)"], cwd=unpacked, env=env)
    assert where.stdout.strip() == str(unpacked / "srcpickle" / "__init__.py")
    # This session's own items when it collected the whole suite (a second collection of the
    # checkout costs about as much as the one of the sdist).
    here = _whole_session(request) or _collected(ROOT)
    from_sdist = _collected(unpacked, env)
    assert sorted(here - from_sdist) == [] and sorted(from_sdist - here) == []
    # The golden corpus and the format's document are data files the sdist must carry.
    ran = _run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_golden.py",
            "tests/test_format_doc.py",
        ],
        cwd=unpacked,
        env=env,
    )
    assert re.search(r"^\d+ passed", ran.stdout.splitlines()[-1]), ran.stdout


def _one_per_minor() -> List[Any]:
    chosen: Dict[Tuple[str, Tuple[int, ...]], Any] = {}
    for interpreter in unit.interpreters():
        chosen.setdefault((interpreter.implementation, interpreter.version[:2]), interpreter)
    return list(chosen.values())


def _pip_version() -> Tuple[int, ...]:
    import pip

    return tuple(int(p) for p in pip.__version__.split(".")[:2] if p.isdigit())


# pip 23.2 installs into any supported Python's venv with --python (older pips break on 3.12).
_PIP_TARGETS_ANY_PYTHON = _pip_version() >= (23, 2)


def _install(interpreter: Any, wheel: Path, root: Path) -> Tuple[str, str, int, List[str]]:
    """A clean venv of ``interpreter`` with the wheel installed by pip (from this environment's
    pip, ``--python``: the venv needs no pip of its own); returns the smoke output, the venv's
    distributions and its site-packages size."""
    venv = root / f"{interpreter.implementation}-{'.'.join(map(str, interpreter.version))}"
    python = venv / "bin" / "python"
    if _PIP_TARGETS_ANY_PYTHON:
        _run([interpreter.path, "-m", "venv", "--without-pip", str(venv)])
        pip = [sys.executable, "-m", "pip", "--python", str(python)]
    else:
        # An older pip (a 3.9 venv's) cannot install into a Python 3.12 venv from outside: each
        # venv uses the pip its interpreter brings.
        _run([interpreter.path, "-m", "venv", str(venv)])
        pip = [str(python), "-m", "pip"]
    _run([*pip, "install", "--quiet", str(wheel)])
    script = venv / "smoke.py"
    script.write_text(SMOKE, encoding="utf-8")
    smoke, listed = _run([str(python), "-I", str(script)], cwd=venv).stdout.strip().splitlines()
    (site,) = venv.glob("lib/*/site-packages")
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return interpreter.label, smoke, size, listed.split()


def test_the_wheel_installs_in_a_clean_venv_of_every_interpreter(
    dist: Dict[str, Path], tmp_path: Path
) -> None:
    interpreters = _one_per_minor()
    required = {(3, 9), (3, 10), (3, 11), (3, 12), (3, 13)}
    have = {tuple(i.version[:2]) for i in interpreters if i.implementation == "cpython"}
    if (required - have or not any(i.implementation == "pypy" for i in interpreters)) and unit.IN_CI:
        pytest.fail(f"CI needs CPython 3.9-3.13 and PyPy; found {[i.label for i in interpreters]}")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda i: _install(i, dist["wheel"], tmp_path), interpreters))
    for label, smoke, size, installed in results:
        implementation = "pypy" if label.startswith("PyPy") else "cpython"
        assert smoke == f"42 {implementation}", label
        assert "libcst" not in installed and "pyyaml" not in installed, (label, installed)
        assert "srcpickle" in installed and "typeguard" in installed, (label, installed)
        print(f"{label}: installed {', '.join(installed)}; site-packages {size / 1e6:.1f} MB")

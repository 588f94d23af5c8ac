"""The environment contract (issue 5): what a payload records about the environment it needs, and
what ``loads`` checks before anything from the payload runs.

Payloads for environments we do not have (a distribution that is not installed, another version of
one, a newer Python) are real payloads with their text edited. Every refusal also proves that
nothing from the payload ran: the payload holds a class whose body appends to a marker file
whenever its statement executes (at every successful load), and in a fresh interpreter none of
the modules the payload imports appears in ``sys.modules`` after the refusal.

The command line side of the contract is tested in ``tests/test_cli.py``.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import os
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import srcpickle
from srcpickle import (
    DependencyVersionError,
    DependencyVersionWarning,
    DisallowedImportError,
    FormatVersionError,
    LoadError,
    MissingDependencyError,
    PythonVersionError,
    _dists,
)
from srcpickle._model import ImportNode, Payload, RefNode
from srcpickle._pythons import IsolatedPackage

from . import (
    CURRENT,
    RESULT_MARK,
    import_from,
    interpreters,
    isolated,
    lines_of,
    load_error_fresh,
    load_fresh,
    result_of,
    write_module,
    write_payload,
)
from . import missing as interpreter_missing

TYPEGUARD = importlib.metadata.version("typeguard")
LIBCST = importlib.metadata.version("libcst")
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"


def edit(data: bytes, old: str, new: str) -> bytes:
    """``data`` with the one occurrence of ``old`` replaced by ``new`` (fails if not exactly one)."""
    text = data.decode("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in:\n{text}"
    return text.replace(old, new).encode("utf-8")


def missing(data: bytes, module: str, version: str, number: int) -> bytes:
    """Rename the import of third-party ``module`` to a module and distribution nobody has."""
    return edit(
        data,
        f"module: '{module}'\ndistribution: '{module} {version}'",
        f"module: 'ct_absent_{number}'\ndistribution: 'ct-absent-{number} {number}.2.3'",
    )


def imported_modules(payload: Payload) -> List[str]:
    """Every module a payload imports: import and by-reference nodes, and their submodules."""
    names = set()
    for _, node in payload.imports():
        names.add(node.module)
        if isinstance(node, ImportNode):
            names.update(node.submodules)
    return sorted(names)


def version_tuple(version: str) -> Tuple[int, int, int]:
    major, minor, micro = (int(part) for part in version.split(".")[:3])
    return major, minor, micro


# ------------------------------------------------------------------------- the guarded payload

GUARDED_MODULE = """\
import colorsys
import xml.etree.ElementTree

import libcst
import typeguard


class Tripwire:
    # Runs whenever this class statement executes: when the module is imported, at every load.
    with open({marker!r}, "a", encoding="utf-8") as _handle:
        _handle.write("class body ran\\n")
    del _handle


def scale(x: float, factor: float = 2.0) -> float:
    \"\"\"Reaches every import, so the payload records them all.\"\"\"
    if x is None:
        return (Tripwire, colorsys.rgb_to_hsv, xml.etree.ElementTree.Element, libcst.parse_module,
                typeguard.check_type)
    return x * factor
"""


@dataclass
class Guarded:
    """A real payload of ``scale`` importing stdlib and third-party modules, and its marker."""

    data: bytes
    marker: Path
    modules: List[str]
    tmp_path: Path

    def ran(self) -> List[str]:
        return lines_of(self.marker)

    def refuse_fresh(self, data: bytes, options: str = "") -> Tuple[str, str, Any]:
        """Load ``data`` in a fresh interpreter, where it must fail: the error's class name,
        message, and ``(isinstance ImportError, payload modules now in sys.modules)``."""
        return load_error_fresh(  # type: ignore[no-any-return]
            data,
            self.tmp_path,
            options=options,
            after=f"(isinstance(error, ImportError), [m for m in {self.modules!r} if m in sys.modules])",
        )


@pytest.fixture
def guarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Guarded:
    marker = tmp_path / "ran.txt"
    write_module(tmp_path / "code", "ct_guarded", GUARDED_MODULE.format(marker=str(marker)))
    module = import_from(monkeypatch, tmp_path / "code", "ct_guarded")
    assert lines_of(marker) == ["class body ran"]  # the tripwire works
    marker.unlink()
    data = srcpickle.dumps(module.scale)
    modules = imported_modules(srcpickle.inspect(data))
    assert modules == ["colorsys", "libcst", "typeguard", "xml", "xml.etree.ElementTree"]
    for line in (
        "requires-python: '3.9'",
        f"distribution: 'typeguard {TYPEGUARD}'",
        f"distribution: 'libcst {LIBCST}'",
    ):
        assert data.decode("utf-8").count(line) == 1, line
    return Guarded(data, marker, modules, tmp_path)


def test_guarded_payload_runs_its_class_body_when_it_loads(guarded: Guarded) -> None:
    """The control case for every refusal below: a load that passes the checks does run it."""
    assert srcpickle.loads(guarded.data)(3.0) == 6.0
    assert guarded.ran() == ["class body ran"]
    assert load_fresh(guarded.data, guarded.tmp_path, "fn(1.5)") == 3.0
    assert guarded.ran() == ["class body ran"] * 2


def test_the_fresh_interpreter_could_import_every_module_of_the_payload(guarded: Guarded) -> None:
    """The sys.modules checks below mean something: the payload's modules are importable there."""
    path = write_payload(guarded.tmp_path, guarded.data)
    proc = isolated().run(
        CURRENT,
        "import srcpickle\n"
        "fn = srcpickle.loads(open(sys.argv[1], 'rb').read())\n"
        f"print({RESULT_MARK!r} + repr(sorted(m for m in {guarded.modules!r} if m in sys.modules)))\n",
        args=[str(path)],
    )
    assert result_of(proc) == guarded.modules


# ------------------------------------------------------------------------------- import list

IMPORT_LIST_MODULE = """\
import json
import os.path
import xml.etree.ElementTree
import xml.etree.ElementTree as ET
from json import dumps as to_json

import typeguard
from typeguard import check_type


def uses_everything(path):
    tree = xml.etree.ElementTree.parse(path)
    return (json.loads, os.path.join("a", path), tree, ET.Element, to_json, typeguard.TypeCheckError,
            check_type)
"""


def test_import_list_records_each_import_its_distribution_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "ct_imports", IMPORT_LIST_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_imports")
    payload = srcpickle.inspect(srcpickle.dumps(module.uses_everything))
    found = {
        (type(node).__name__, node.module, getattr(node, "qualname", None)): node
        for _, node in payload.imports()
    }
    assert sorted(found) == [
        ("ImportNode", "json", None),
        ("ImportNode", "os", None),
        ("ImportNode", "typeguard", None),
        ("ImportNode", "xml", None),
        ("ImportNode", "xml.etree.ElementTree", None),
        ("RefNode", "json", "dumps"),
        ("RefNode", "typeguard", "check_type"),
    ]
    for key, node in found.items():
        if key[1] == "typeguard":
            assert (node.distribution.name, node.distribution.version) == ("typeguard", TYPEGUARD)
            assert not node.distribution.is_stdlib
        else:
            assert node.distribution.is_stdlib
            assert node.distribution.version is None
            assert str(node.distribution) == "stdlib"


def test_submodules_are_recorded_as_submodules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "ct_submodules", IMPORT_LIST_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_submodules")
    data = srcpickle.dumps(module.uses_everything)
    imports = {
        node.module: node for _, node in srcpickle.inspect(data).imports() if isinstance(node, ImportNode)
    }
    assert imports["os"].submodules == ("os.path",)
    assert imports["xml"].submodules == ("xml.etree.ElementTree",)
    assert imports["xml.etree.ElementTree"].submodules == ()  # `import ... as ET` binds the submodule
    assert imports["json"].submodules == ()
    assert "submodules: ('os.path',)" in data.decode("utf-8")


@pytest.mark.parametrize(
    "statement, name, module, qualname",
    [
        ("from json import dumps as to_json", "to_json", "json", "dumps"),
        ("from collections import OrderedDict", "OrderedDict", "collections", "OrderedDict"),
        ("from typeguard import check_type", "check_type", "typeguard", "check_type"),
        # The name lives in a private module (libcst._parser.entrypoints), which a later libcst may
        # move; the import as written keeps working.
        ("from libcst import parse_module", "parse_module", "libcst", "parse_module"),
        # os.path is posixpath here and ntpath on Windows: recording posixpath.join would give a
        # Windows loader the POSIX join.
        ("from os.path import join", "join", "os.path", "join"),
    ],
)
def test_an_imported_name_is_recorded_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statement: str, name: str, module: str, qualname: str
) -> None:
    source = f"{statement}\n\n\ndef f():\n    return {name}\n"
    module_name = f"ct_as_written_{name.lower()}"
    write_module(tmp_path, module_name, source)
    user = import_from(monkeypatch, tmp_path, module_name)
    data = srcpickle.dumps(user.f)
    refs = [node for _, node in srcpickle.inspect(data).imports() if isinstance(node, RefNode)]
    assert [(ref.module, ref.qualname) for ref in refs] == [(module, qualname)], data.decode("utf-8")
    assert srcpickle.loads(data)() is getattr(user, name)


def test_each_distribution_version_is_looked_up_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """typeguard's metadata sits beside it: its version is read from there once per process,
    without importlib.metadata (whose import costs a first dumps ~20 ms), and is the version
    importlib.metadata gives."""
    functions = "".join(
        f"\n\ndef f{i}(x):\n    return typeguard.check_type(x, int) + {i}\n" for i in range(20)
    )
    write_module(tmp_path, "ct_twenty", "import typeguard\n" + functions)
    module = import_from(monkeypatch, tmp_path, "ct_twenty")
    lookups: Dict[str, int] = {}
    real_version, real_headers = importlib.metadata.version, _dists.metadata_headers

    def counting_version(name: str) -> str:
        lookups[name] = lookups.get(name, 0) + 1
        return real_version(name)

    def counting_headers(dist_info: str) -> Tuple[Optional[str], Optional[str]]:
        lookups[dist_info] = lookups.get(dist_info, 0) + 1
        return real_headers(dist_info)

    monkeypatch.setattr(importlib.metadata, "version", counting_version)
    monkeypatch.setattr(_dists, "metadata_headers", counting_headers)
    # Earlier tests of this process already looked typeguard up: start this process's count over.
    _dists._version.cache_clear()
    _dists._declared_in.cache_clear()
    _dists._DISTRIBUTIONS.clear()
    payloads = [srcpickle.dumps(getattr(module, f"f{i}")) for i in range(20)]
    assert list(lookups.values()) == [1], lookups
    (dist_info,) = lookups
    assert os.path.basename(dist_info).startswith("typeguard-") and dist_info.endswith(".dist-info")
    assert real_version("typeguard") == TYPEGUARD
    for data in payloads:
        assert f"distribution: 'typeguard {TYPEGUARD}'" in data.decode("utf-8")


# --------------------------------------------------------------------------- minimum Python

PLAIN_SOURCE = "def f(x):\n    return x\n"
MATCH_SOURCE = """\
def f(x):
    match x:
        case [a, *_]:
            return a
        case _:
            return x
"""
PLAIN_AND_MATCH = (
    PLAIN_SOURCE.replace("def f", "def plain") + "\n\n" + MATCH_SOURCE.replace("def f", "def uses_match")
)

MIN_PYTHON_CASES = [
    pytest.param(PLAIN_SOURCE, (3, 9), "", id="plain"),
    pytest.param(
        "def f(*args: *tuple[int, ...]):\n    return args\n",
        (3, 11),
        "a starred *args annotation in f",
        id="starred-args-annotation",
    ),
    pytest.param(
        "def f[T = int](x: T) -> T:\n    return x\n", (3, 13), "type parameter syntax in f", id="type-default"
    ),
    pytest.param(MATCH_SOURCE, (3, 10), "a match statement in f", id="match"),
    pytest.param(
        "def f(x):\n    try:\n        x = x()\n    except* ValueError:\n        x = None\n    return x\n",
        (3, 11),
        "except* in f",
        id="except-star",
    ),
    pytest.param(
        "def f(x):\n    type Number = int\n    return Number\n",
        (3, 12),
        "a type statement in f",
        id="type-statement",
    ),
    pytest.param(
        "def f[T](x: T) -> T:\n    return x\n", (3, 12), "type parameter syntax in f", id="generic-def"
    ),
    pytest.param(
        "import typing\n\nP = typing.ParamSpec('P')\n\n\ndef f(x):\n    return P.__name__\n",
        (3, 10),
        "the type variable P (typing.ParamSpec)",
        id="paramspec-value",
    ),
    pytest.param(
        "import typing\n\nTs = typing.TypeVarTuple('Ts')\n\n\ndef f(x):\n    return Ts.__name__\n",
        (3, 11),
        "the type variable Ts (typing.TypeVarTuple)",
        id="typevartuple-value",
    ),
    pytest.param(
        "Number = int | float\n\n\ndef f(x):\n    return isinstance(x, Number)\n",
        (3, 10),
        "the union int | float (types.UnionType)",
        id="union-global",
    ),
    pytest.param(
        "def f(x, kinds=(str, int | None)):\n    return isinstance(x, kinds[1])\n",
        (3, 10),
        "the union int | None (types.UnionType)",
        id="union-default",
    ),
    pytest.param(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int | None = None\n\n\n"
        "def f(x):\n    return Point(x)\n",
        (3, 10),
        "the annotation int | None in Point",
        id="union-dataclass-field",
    ),
    pytest.param(
        "class Box:\n    class Item:\n        def get(self) -> list[str | None]:\n            return []\n\n\n"
        "def f(x):\n    return Box.Item().get()\n",
        (3, 10),
        "the annotation str | None in Box",
        id="union-nested-method-annotation",
    ),
    pytest.param(
        "class Box:\n    x: 'int | None' = None\n\n"
        "    def get(self, y: 'str | None') -> 'int':\n        return 1\n\n\n"
        "def f(x):\n    return Box().get(x)\n",
        (3, 9),
        "",
        id="union-annotations-as-strings",
    ),
    pytest.param(
        'def f(x):\n    return f"{x # a comment in a replacement field\n    }"\n',
        (3, 12),
        "an f-string using the Python 3.12 grammar in f",
        id="fstring-comment",
    ),
    pytest.param(
        "def f(x):\n    return f\"{'-'.join(\n        x)}\"\n",
        (3, 12),
        "an f-string using the Python 3.12 grammar in f",
        id="fstring-over-two-lines",
    ),
    pytest.param(
        "class Box[T]:\n    def __init__(self, v: T) -> None:\n        self.v = v\n\n\n"
        "def f(x):\n    return Box(x)\n",
        (3, 12),
        "type parameter syntax in Box",
        id="generic-class",
    ),
]


def _dump_on_newest(folder: Path, module: str, needed: Tuple[int, int]) -> bytes:
    newest = max((i for i in interpreters() if i.implementation == "cpython"), key=lambda i: i.version)
    if newest.version[:2] < needed:
        needs = f"{needed[0]}.{needed[1]}"
        interpreter_missing(f"no interpreter here parses Python {needs} (newest: {newest.label})")
    code = (
        f"import importlib, sys, srcpickle\n"
        f"data = srcpickle.dumps(importlib.import_module({module!r}).f)\n"
        "srcpickle.loads(data)\n"
        "sys.stdout.write(data.decode('utf-8'))\n"
    )
    with IsolatedPackage() as package:
        done = package.run(newest, code, extra_path=[str(folder)])
    assert done.returncode == 0, done.stderr
    return done.stdout.encode("utf-8")


@pytest.mark.parametrize("source, needed, what", MIN_PYTHON_CASES)
def test_minimum_python_is_computed_from_the_syntax(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    source: str,
    needed: Tuple[int, int],
    what: str,
) -> None:
    name = "ct_min_" + request.node.callspec.id.replace("-", "_")
    write_module(tmp_path, name, source)
    if sys.version_info[:2] < needed:
        # This Python cannot parse the source: the newest interpreter on the machine dumps it
        # (and loads it back), this one reads what it wrote.
        data = _dump_on_newest(tmp_path, name, needed)
        assert srcpickle.inspect(data).requires_python == needed
        with pytest.raises(srcpickle.PythonVersionError, match=re.escape(what)):
            srcpickle.loads(data)
        return
    module = import_from(monkeypatch, tmp_path, name)
    data = srcpickle.dumps(module.f)
    payload = srcpickle.inspect(data)
    assert payload.requires_python == needed
    assert payload.requires_python_for == what  # what the PythonVersionError will name
    assert f"requires-python: '{needed[0]}.{needed[1]}'" in data.decode("utf-8")
    srcpickle.loads(data)  # this Python is new enough: the recorded minimum lets it load


@pytest.mark.skipif(sys.version_info < (3, 10), reason="this Python cannot parse a match statement")
def test_minimum_python_is_the_newest_any_source_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "ct_min_mixed", PLAIN_AND_MATCH)
    module = import_from(monkeypatch, tmp_path, "ct_min_mixed")
    assert srcpickle.inspect(srcpickle.dumps(module.plain)).requires_python == (3, 9)
    assert srcpickle.inspect(srcpickle.dumps((module.plain, module.uses_match))).requires_python == (3, 10)


# ------------------------------------------------------------------------ Python version check


def test_newer_python_is_refused_naming_the_version_and_nothing_runs(guarded: Guarded) -> None:
    crafted = edit(guarded.data, "requires-python: '3.9'", "requires-python: '3.99'")
    assert srcpickle.inspect(crafted).requires_python == (3, 99)
    with pytest.raises(PythonVersionError) as info:
        srcpickle.loads(crafted)
    message = str(info.value)
    assert "Python 3.99" in message
    assert "scale" in message  # what needs it
    assert sys.version.split()[0] in message  # what this is
    assert guarded.ran() == []
    name, message, (_, imported) = guarded.refuse_fresh(crafted)
    assert name == "PythonVersionError"
    assert "3.99" in message
    assert imported == []
    assert guarded.ran() == []


def test_a_match_statement_is_refused_by_an_older_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interpreters: Tuple[Any, ...]
) -> None:
    """A real payload, not an edited one: dumped here, loaded by an interpreter older than 3.10."""
    if sys.version_info < (3, 10):
        pytest.skip("this Python cannot parse a match statement")
    older = [i for i in interpreters if i.version[:2] < (3, 10)]
    if not older:
        pytest.skip("no Python older than 3.10 on this machine")
    write_module(tmp_path, "ct_match_old", PLAIN_AND_MATCH)
    module = import_from(monkeypatch, tmp_path, "ct_match_old")
    path = write_payload(tmp_path, srcpickle.dumps((module.plain, module.uses_match)))
    code = (
        "import srcpickle\n"
        "try:\n"
        "    srcpickle.loads(open(sys.argv[1], 'rb').read())\n"
        "except Exception as exc:\n"
        f"    print({RESULT_MARK!r} + repr((type(exc).__name__, str(exc))))\n"
    )
    for interpreter in older:
        name, message = result_of(isolated().run(interpreter, code, args=[str(path)]))
        assert name == "PythonVersionError", (interpreter.label, message)
        assert "Python 3.10" in message
        assert "a match statement in uses_match" in message
        # Only what needs the newer Python is named: plain() would load on any Python.
        assert "plain" not in message, message


# ------------------------------------------------------------------------------ check order


def test_load_checks_run_in_contract_order(guarded: Guarded) -> None:
    """One payload with every fault at once; removing the fault that wins exposes the next:
    format version, Python version, allowed_imports, missing imports, versions."""
    all_faults = missing(guarded.data, "typeguard", TYPEGUARD, 1)
    major = version_tuple(LIBCST)[0]
    all_faults = edit(
        all_faults, f"distribution: 'libcst {LIBCST}'", f"distribution: 'libcst {major + 1}.0.0'"
    )
    all_faults = edit(all_faults, "requires-python: '3.9'", "requires-python: '3.99'")
    # (format 3: its two functions of one module share their module's fields)
    first = all_faults.split(b"\n", 1)[0].decode("ascii") + "\n"
    all_faults = edit(all_faults, first, "srcpickle-payload 99\n")
    no_format = edit(all_faults, "srcpickle-payload 99\n", first)
    no_python = edit(no_format, "requires-python: '3.99'", "requires-python: '3.9'")
    options: Dict[str, Any] = {"allowed_imports": ["json"], "strict": True}
    steps = [
        (all_faults, options, FormatVersionError, "payload format 99"),
        (no_format, options, PythonVersionError, "Python 3.99"),
        (no_python, options, DisallowedImportError, "colorsys"),
        (no_python, {"strict": True}, MissingDependencyError, "ct_absent_1"),
        (
            edit(guarded.data, f"distribution: 'libcst {LIBCST}'", f"distribution: 'libcst {major + 1}.0.0'"),
            {"strict": True},
            DependencyVersionError,
            f"libcst {major + 1}.0.0",
        ),
    ]
    for data, kwargs, error, text in steps:
        with pytest.raises(error) as info:
            srcpickle.loads(data, **kwargs)
        assert type(info.value) is error, (error, info.value)
        assert text in str(info.value)
        assert guarded.ran() == []


# ----------------------------------------------------------------------- missing dependencies


def test_missing_distributions_are_all_listed_with_one_pip_line(guarded: Guarded) -> None:
    crafted = missing(missing(guarded.data, "typeguard", TYPEGUARD, 1), "libcst", LIBCST, 2)
    with pytest.raises(ImportError) as info:  # caught as ImportError, like a failed import
        srcpickle.loads(crafted)
    error = info.value
    assert isinstance(error, MissingDependencyError)
    assert error.missing == ("ct_absent_1", "ct_absent_2")
    message = str(error)
    assert "ct_absent_1 (saved with ct-absent-1 1.2.3)" in message
    assert "ct_absent_2 (saved with ct-absent-2 2.2.3)" in message
    pip_lines = [line for line in message.splitlines() if "pip install" in line]
    assert pip_lines == ["To install them: pip install ct-absent-1==1.2.3 ct-absent-2==2.2.3"]
    assert "nothing was executed" in message
    assert guarded.ran() == []
    name, message, (is_import_error, imported) = guarded.refuse_fresh(crafted)
    assert (name, is_import_error, imported) == ("MissingDependencyError", True, [])
    assert "ct-absent-1==1.2.3 ct-absent-2==2.2.3" in message
    assert guarded.ran() == []


def test_a_missing_submodule_is_found_before_other_modules_are_imported(guarded: Guarded) -> None:
    """The top-level package is installed, the submodule the payload reaches is not: still a
    missing dependency, found with the others before the payload's other modules are imported."""
    crafted = edit(
        guarded.data, "submodules: ('xml.etree.ElementTree',)", "submodules: ('xml.etree.ct_absent',)"
    )
    with pytest.raises(MissingDependencyError) as info:
        srcpickle.loads(crafted)
    assert "xml.etree.ct_absent" in str(info.value)
    assert guarded.ran() == []
    name, message, (is_import_error, imported) = guarded.refuse_fresh(crafted)
    assert (name, is_import_error) == ("MissingDependencyError", True)
    assert "xml.etree.ct_absent" in message
    # Looking for a submodule may import its parent package, and nothing else.
    assert set(imported) <= {"xml"}, imported
    assert guarded.ran() == []


def test_a_missing_submodule_names_the_saved_version_and_a_pip_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libcst is installed, but not the version the payload was saved with, which had the submodule."""
    source = "import libcst.metadata\n\n\ndef f():\n    return libcst.metadata.MetadataWrapper\n"
    write_module(tmp_path, "ct_libcst_sub", source)
    data = srcpickle.dumps(import_from(monkeypatch, tmp_path, "ct_libcst_sub").f)
    crafted = edit(data, "submodules: ('libcst.metadata',)", "submodules: ('libcst.ct_absent',)")
    with pytest.raises(MissingDependencyError) as info:
        srcpickle.loads(crafted)
    message = str(info.value)
    assert "libcst.ct_absent" in message
    assert f"libcst {LIBCST}" in message
    assert f"pip install libcst=={LIBCST}" in message


def test_a_missing_imported_name_is_an_import_error_naming_the_saved_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``from typeguard import check_type`` where the installed typeguard has no such name."""
    source = "from typeguard import check_type\n\n\ndef f():\n    return check_type\n"
    write_module(tmp_path, "ct_missing_name", source)
    data = srcpickle.dumps(import_from(monkeypatch, tmp_path, "ct_missing_name").f)
    crafted = edit(data, "qualname: 'check_type'\n", "qualname: 'ct_absent_name'\n")
    with pytest.raises(ImportError) as info:
        srcpickle.loads(crafted)
    message = str(info.value)
    assert "ct_absent_name" in message
    assert f"typeguard {TYPEGUARD}" in message
    assert f"pip install typeguard=={TYPEGUARD}" in message


# ------------------------------------------------------------------------------ versions


def _saved_versions() -> List[Any]:
    major, minor, micro = version_tuple(TYPEGUARD)
    return [
        pytest.param(TYPEGUARD, False, id="same"),
        pytest.param(
            f"{major}.0.0" if (minor, micro) != (0, 0) else TYPEGUARD, False, id="installed-newer-minor"
        ),
        pytest.param(f"{major}.{minor}.{micro + 1}", True, id="installed-older-micro"),
        pytest.param(f"{major}.{minor + 1}.0", True, id="installed-older-minor"),
        # Numbers, not strings: "4.16.0" sorts before "4.6.0" as text.
        pytest.param(f"{major}.{minor + 10}.0", True, id="installed-older-two-digit-minor"),
        pytest.param(f"{major - 1}.{minor}.{micro}", True, id="installed-newer-major"),
        pytest.param(f"{major + 1}.0.0", True, id="installed-older-major"),
    ]


@pytest.mark.parametrize("saved, warns", _saved_versions())
def test_installed_version_older_or_of_another_major_warns(guarded: Guarded, saved: str, warns: bool) -> None:
    crafted = edit(
        guarded.data, f"distribution: 'typeguard {TYPEGUARD}'", f"distribution: 'typeguard {saved}'"
    )
    if warns:
        with pytest.warns(DependencyVersionWarning) as record:
            fn = srcpickle.loads(crafted)
        assert len(record) == 1
        message = str(record[0].message)
        assert f"typeguard {TYPEGUARD} is installed" in message
        assert f"typeguard {saved}" in message
        assert f"pip install typeguard=={saved}" in message
        assert record[0].filename == __file__  # points at the loads call
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fn = srcpickle.loads(crafted)
    assert fn(2.0) == 4.0  # a warning, not a refusal: the payload loads
    assert guarded.ran() == ["class body ran"]


@pytest.mark.parametrize("saved, warns", _saved_versions())
def test_strict_turns_the_version_warning_into_an_error_before_anything_runs(
    guarded: Guarded, saved: str, warns: bool
) -> None:
    crafted = edit(
        guarded.data, f"distribution: 'typeguard {TYPEGUARD}'", f"distribution: 'typeguard {saved}'"
    )
    if not warns:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert srcpickle.loads(crafted, strict=True)(1.0) == 2.0
        return
    with pytest.raises(DependencyVersionError) as info:
        srcpickle.loads(crafted, strict=True)
    assert f"typeguard {saved}" in str(info.value)
    assert "nothing was executed" in str(info.value)
    assert guarded.ran() == []
    name, message, (_, imported) = guarded.refuse_fresh(crafted, "strict=True")
    assert (name, imported) == ("DependencyVersionError", [])
    assert guarded.ran() == []


def test_strict_lists_every_version_problem_at_once(guarded: Guarded) -> None:
    major = version_tuple(TYPEGUARD)[0]
    crafted = edit(
        guarded.data, f"distribution: 'typeguard {TYPEGUARD}'", f"distribution: 'typeguard {major + 1}.0'"
    )
    crafted = edit(crafted, f"distribution: 'libcst {LIBCST}'", "distribution: 'libcst 99.1'")
    with pytest.raises(DependencyVersionError) as info:
        srcpickle.loads(crafted, strict=True)
    assert f"typeguard=={major + 1}.0" in str(info.value)
    assert "libcst==99.1" in str(info.value)
    with pytest.warns(DependencyVersionWarning) as record:
        srcpickle.loads(crafted)
    assert sorted(str(w.message).split()[0] for w in record) == ["libcst", "typeguard"]


# ------------------------------------------------------------------------- allowed_imports

JSON_MODULE = """\
import json
import json.decoder
from json.decoder import JSONDecodeError


def parse(text):
    try:
        return json.decoder.JSONDecoder().decode(text)
    except JSONDecodeError:
        return json.loads("null")
"""


def test_allowed_imports_json_covers_json_decoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "ct_json", JSON_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_json")
    data = srcpickle.dumps(module.parse)
    assert "json.decoder" in imported_modules(srcpickle.inspect(data))
    fn = srcpickle.loads(data, allowed_imports=["json"])
    assert fn("[1]") == [1]
    assert fn("{") is None
    for too_narrow in (["json.decoder"], ["js"], ["jsonx"], []):
        with pytest.raises(DisallowedImportError):
            srcpickle.loads(data, allowed_imports=too_narrow)


def test_allowed_imports_refuses_any_import_outside_the_list_before_anything_runs(guarded: Guarded) -> None:
    for allowed, refused in [
        (["json"], ["colorsys", "libcst", "typeguard", "xml", "xml.etree.ElementTree"]),
        (["colorsys", "xml", "libcst"], ["typeguard"]),
        (["colorsys", "xml.etree", "libcst", "typeguard"], ["xml"]),
    ]:
        with pytest.raises(DisallowedImportError) as info:
            srcpickle.loads(guarded.data, allowed_imports=allowed)
        assert f"imports {', '.join(refused)}, outside allowed_imports" in str(info.value)
        assert guarded.ran() == []
    name, message, (_, imported) = guarded.refuse_fresh(guarded.data, "allowed_imports=['json']")
    assert (name, imported) == ("DisallowedImportError", [])
    assert guarded.ran() == []
    allowed = ["colorsys", "xml", "libcst", "typeguard"]
    # Every import is allowed now, but Tripwire's class body (code that runs at load) opens a
    # file: that built-in needs "builtins" in the list too.
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(guarded.data, allowed_imports=allowed)
    assert info.value.routes == ("class Tripwire, line 10: uses the built-in open (allowed with 'builtins')",)
    assert guarded.ran() == []
    assert srcpickle.loads(guarded.data, allowed_imports=[*allowed, "builtins"])(1.0) == 2.0
    assert guarded.ran() == ["class body ran"]


def test_allowed_imports_covers_modules_reached_through_captured_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only import statements: a global holding an object rebuilt from a module counts."""
    write_module(
        tmp_path,
        "ct_values",
        "import fractions\n\nHALF = fractions.Fraction(1, 2)\n\n\ndef half(x):\n    return x * HALF\n",
    )
    module = import_from(monkeypatch, tmp_path, "ct_values")
    data = srcpickle.dumps(module.half)
    with pytest.raises(DisallowedImportError) as info:
        srcpickle.loads(data, allowed_imports=["json"])
    assert "fractions" in str(info.value)
    assert srcpickle.loads(data, allowed_imports=["fractions"])(3) == module.half(3)


# ------------------------------------------------------------------------------ signatures

SIGNATURE_MODULE = """\
{future}from typing import Optional


def scale(x: float, factor: float = 2.0) -> float:
    return x * factor


def keyword_only(a, *, b=1, c: int, d: "list[str]" = ["x"]):
    return a, b, c, d


def positional_only(a, b=2, /, c=3, *, d=4):
    return a, b, c, d


def variadic(*args: int, **kwargs: str) -> None:
    return None


def everything(a: int, /, b: str = "x", *args: float, c: bool = True, d, **kw: object) -> Optional[str]:
    return None


def generics(values: list[int], weights: dict[str, float] = {{}}, maybe: Optional[int] = None) -> tuple:
    return tuple(values)


lam = lambda x, y=3, *a, k=1, **kw: x
"""

SIGNATURE_NAMES = ["scale", "keyword_only", "positional_only", "variadic", "everything", "generics", "lam"]


@pytest.mark.parametrize("future", ["", "from __future__ import annotations\n"], ids=["evaluated", "future"])
def test_loaded_signature_equals_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, future: str
) -> None:
    name = "ct_signatures" + ("_future" if future else "")
    write_module(tmp_path, name, SIGNATURE_MODULE.format(future=future))
    module = import_from(monkeypatch, tmp_path, name)
    for fn_name in SIGNATURE_NAMES:
        original = getattr(module, fn_name)
        loaded = srcpickle.loads(srcpickle.dumps(original))
        assert inspect.signature(loaded) == inspect.signature(original), fn_name
        assert str(inspect.signature(loaded)) == str(inspect.signature(original)), fn_name
        assert loaded.__annotations__ == original.__annotations__, fn_name


def test_signature_text_is_recorded_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(tmp_path, "ct_signature_text", SIGNATURE_MODULE.format(future=""))
    module = import_from(monkeypatch, tmp_path, "ct_signature_text")
    expected = {
        "scale": "(x: float, factor: float = 2.0) -> float",
        "positional_only": "(a, b=2, /, c=3, *, d=4)",
        "variadic": "(*args: int, **kwargs: str) -> None",
        # As written: Optional[str], not typing.Optional[str] as inspect would render it.
        "everything": "(a: int, /, b: str = 'x', *args: float, c: bool = True, d, **kw: object)"
        " -> Optional[str]",
        # A default that is not a scalar shows as its type only (deterministic everywhere).
        "generics": "(values: list[int], weights: dict[str, float] = <dict object>, "
        "maybe: Optional[int] = None) -> tuple",
        "lam": "(x, y=3, *a, k=1, **kw)",
    }
    for fn_name, text in expected.items():
        (node,) = [
            node for _, node in srcpickle.inspect(srcpickle.dumps(getattr(module, fn_name))).functions()
        ]
        assert node.signature == text, fn_name


# Runs on one interpreter: the signature text capture writes (made from the code object without
# importing inspect) must be inspect's, for every function of these modules and for hand-made
# parameter lists with every kind, default and annotation placement, defaults that do not fit
# the parameters, and attributes that change what inspect reads.
SIGNATURE_TEXT_CHILD = """
import importlib, inspect, types
from srcpickle import _signature
from srcpickle._capture import functions as _scope

def t(a, b, /, c, d=1, *args, e, f=2, **kw): pass
def u(a: int, /, b: 'x' = 3, *, c: str, d: float = 1.5, **kw: bool) -> None: pass
def v(*, a=[], b): pass
def w(a, b=1, /): pass
def x(*args: int): pass
def y(**kw): pass
def z(): pass
lam = lambda p, q=(1, 2), *r, s=None, **o: p
def long_defaults(a, b): pass
long_defaults.__defaults__ = (1, 2, 3)
def short_kwdefaults(*, a, b): pass
short_kwdefaults.__kwdefaults__ = {"b": 2, "zz": 3}
def texted(a, b): pass
texted.__text_signature__ = "(x, y=1)"
def signed(a): pass
signed.__signature__ = inspect.Signature([inspect.Parameter("q", inspect.Parameter.KEYWORD_ONLY)])
functions = [t, u, v, w, x, y, z, lam, long_defaults, short_kwdefaults, texted, signed]
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    for value in vars(module).values():
        if inspect.isclass(value):
            functions.extend(v for v in vars(value).values() if isinstance(v, types.FunctionType))
        elif isinstance(value, types.FunctionType):
            functions.append(value)
differ = []
for fn in functions:
    for annotations in ([], [(k, "<" + k + ">") for k in fn.__annotations__]):
        fast = _scope.signature_text(fn, annotations)
        reference = _signature.inspected_signature_text(fn, annotations)
        if fast != reference:
            differ.append((fn.__qualname__, fast, reference))
print("RESULT=" + repr((len(functions), differ)))
"""


@pytest.mark.any_python
@pytest.mark.parametrize("interpreter", interpreters(), ids=lambda i: i.label)
def test_signature_text_is_inspects_on_every_interpreter(interpreter: Any) -> None:
    modules = [
        "argparse",
        "dataclasses",
        "inspect",
        "typing",
        "srcpickle._source",
        "srcpickle._fmt.read",
        "srcpickle._fmt.write",
    ]
    proc = isolated().run(interpreter, SIGNATURE_TEXT_CHILD, args=modules, timeout=120)
    count, differ = result_of(proc)
    assert count > 500
    assert differ == [], differ


def test_inspect_gives_the_signature_without_executing_anything(guarded: Guarded) -> None:
    payload = srcpickle.inspect(guarded.data)
    (signature,) = [node.signature for _, node in payload.functions()]
    assert signature == "(x: float, factor: float = 2.0) -> float"
    assert dict(next(node for _, node in payload.functions()).annotations) == {
        "x": "float",
        "factor": "float",
        "return": "float",
    }
    assert guarded.ran() == []
    path = write_payload(guarded.tmp_path, guarded.data)
    proc = isolated().run(
        CURRENT,
        "before = set(sys.modules)\n"
        "import srcpickle\n"
        "payload = srcpickle.inspect(open(sys.argv[1], 'rb').read())\n"
        "signatures = [node.signature for _, node in payload.functions()]\n"
        f"imported = sorted(m for m in {guarded.modules!r} if m in sys.modules)\n"
        f"print({RESULT_MARK!r} + repr((signatures, imported)))\n",
        args=[str(path)],
    )
    assert result_of(proc) == (["(x: float, factor: float = 2.0) -> float"], [])
    assert guarded.ran() == []


USER_CLASS_MODULE = """\
{future}class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


def add(a: Money, b: "Money" = None) -> Money:
    return Money(a.cents + (b.cents if b is not None else 0))
"""


@pytest.mark.parametrize("future", ["", "from __future__ import annotations\n"], ids=["evaluated", "future"])
def test_annotations_naming_a_user_class_captured_in_the_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, future: str
) -> None:
    name = "ct_user_class" + ("_future" if future else "")
    write_module(tmp_path, name, USER_CLASS_MODULE.format(future=future))
    module = import_from(monkeypatch, tmp_path, name)
    data = srcpickle.dumps(module.add)
    assert [type(node).__name__ for _, node in srcpickle.inspect(data).sources()] == [
        "FunctionNode",
        "ClassNode",
    ]
    loaded = srcpickle.loads(data)
    money = loaded.__globals__["Money"]
    assert money is not module.Money and money.__qualname__ == "Money"
    assert str(inspect.signature(loaded)) == str(inspect.signature(module.add))
    if future:
        assert loaded.__annotations__ == {"a": "Money", "b": "'Money'", "return": "Money"}
    else:
        assert loaded.__annotations__ == {"a": money, "b": "Money", "return": money}
    assert loaded(money(2), money(3)).cents == 5


TYPE_CHECKING_MODULE = """\
{future}from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ct_never_installed_types import Widget


def describe(w: {quote}Widget{quote}, n: int = 1) -> {quote}Widget{quote}:
    return w
"""


@pytest.mark.parametrize(
    "future, quote", [("", '"'), ("from __future__ import annotations\n", "")], ids=["quoted", "future"]
)
def test_a_name_imported_under_type_checking_stays_a_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, future: str, quote: str
) -> None:
    name = "ct_type_checking" + ("_future" if future else "")
    write_module(tmp_path, name, TYPE_CHECKING_MODULE.format(future=future, quote=quote))
    module = import_from(monkeypatch, tmp_path, name)
    data = srcpickle.dumps(module.describe)
    assert "ct_never_installed_types" not in data.decode("utf-8")
    assert [node.module for _, node in srcpickle.inspect(data).imports()] == []
    (node,) = [node for _, node in srcpickle.inspect(data).functions()]
    assert node.signature == f"(w: {quote}Widget{quote}, n: int = 1) -> {quote}Widget{quote}"
    loaded = srcpickle.loads(data)
    assert loaded.__annotations__["w"] == "Widget"
    assert loaded.__annotations__["return"] == "Widget"
    assert inspect.signature(loaded) == inspect.signature(module.describe)
    assert loaded("anything") == "anything"
    checked = srcpickle.loads(data, typecheck=True)
    assert checked("anything") == "anything"  # an unresolvable annotation is not checked
    with pytest.raises(_type_check_error()):
        checked("anything", n="1")  # the rest still is
    assert load_fresh(data, tmp_path, "(fn.__annotations__['w'], fn(7))") == ("Widget", 7)


# ------------------------------------------------------------------------------ typecheck

TYPECHECK_MODULE = """\
from typing import Optional


class Point:
    def __init__(self, x: float) -> None:
        self.x = x


def total(values: list[int]) -> int:
    return sum(values)


def mean(weights: dict[str, float]) -> float:
    return sum(weights.values()) / len(weights)


def maybe(value: Optional[int] = None) -> Optional[int]:
    return value


def norm(p: Point) -> float:
    return abs(p.x)


def gather(*items: int, **named: str) -> int:
    return len(items) + len(named)


def broken(x: int) -> str:
    return x
"""


def _type_check_error() -> Any:
    import typeguard

    return typeguard.TypeCheckError


@pytest.fixture
def typecheck_payload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    write_module(tmp_path, "ct_typecheck", TYPECHECK_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_typecheck")
    return srcpickle.dumps(
        (module.total, module.mean, module.maybe, module.norm, module.gather, module.broken, module.Point)
    )


def test_typecheck_checks_arguments_and_return_values(typecheck_payload: bytes) -> None:
    total, mean, maybe, norm, gather, broken, point = srcpickle.loads(typecheck_payload, typecheck=True)
    error = _type_check_error()
    assert total([1, 2]) == 3
    assert mean({"a": 1.0, "b": 2}) == 1.5
    assert maybe() is None and maybe(3) == 3
    assert norm(point(-2.0)) == 2.0
    assert gather(1, 2, key="v") == 3
    cases = [
        (lambda: total([1, "2"]), '"values"'),
        (lambda: total(values=(1, 2)), '"values"'),
        (lambda: mean({"a": "heavy"}), '"weights"'),
        (lambda: mean({1: 1.0}), '"weights"'),
        (lambda: maybe("3"), '"value"'),
        (lambda: norm(-2.0), '"p"'),
        (lambda: gather(1, "2"), '"*items"'),
        (lambda: gather(key=3), '"**named"'),
        (lambda: broken(1), "return value"),
    ]
    for call, named in cases:
        with pytest.raises(error) as info:
            call()
        assert named in str(info.value), str(info.value)
    assert inspect.signature(total) == inspect.signature(srcpickle.loads(typecheck_payload)[0])
    # The defaults as the function has them (functools.wraps leaves them out; code reads them).
    assert (maybe.__defaults__, maybe.__kwdefaults__, total.__defaults__) == ((None,), None, None)


def test_without_typecheck_calls_are_not_checked(typecheck_payload: bytes) -> None:
    total, mean, maybe, norm, gather, broken, point = srcpickle.loads(typecheck_payload)
    assert maybe("3") == "3"
    assert broken(1) == 1
    assert total((1, 2)) == 3


def test_loading_without_typecheck_never_imports_typeguard(typecheck_payload: bytes, tmp_path: Path) -> None:
    expression = "(fn[2]('unchecked'), fn[5](1), 'typeguard' in sys.modules)"
    assert load_fresh(typecheck_payload, tmp_path, expression) == ("unchecked", 1, False)
    # The control: the same child does import it when asked to check.
    checked = """\
    with open(sys.argv[1], "rb") as handle:
        fn = srcpickle.loads(handle.read(), typecheck=True)
    try:
        fn[2]("checked")
    except Exception as exc:
        failure = type(exc).__name__
    """
    assert load_fresh(
        typecheck_payload, tmp_path, "(failure, 'typeguard' in sys.modules)", before=checked
    ) == (
        "TypeCheckError",
        True,
    )


def test_typecheck_errors_are_not_load_errors(typecheck_payload: bytes) -> None:
    """A violation is a call-time typeguard error, not a srcpickle LoadError."""
    total = srcpickle.loads(typecheck_payload, typecheck=True)[0]
    with pytest.raises(_type_check_error()) as info:
        total(["x"])
    assert not isinstance(info.value, LoadError)
    assert "total()" in str(info.value)


TYPECHECK_WRAPPED_MODULE = """\
import functools


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@logged
def scale(x: float, factor: int = 2) -> float:
    return x * factor


def pair(a: int, b: str) -> tuple:
    return (a, b)
"""


def test_typecheck_checks_the_parameters_of_a_wrapped_function(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A functools.wraps wrapper carries the wrapped function's annotations, which name its
    parameters, not the wrapper's ``*args, **kwargs``: its arguments went unchecked (a wrong
    ``x`` surfaced as a wrong return value, if at all). They are checked by the signature callers
    see (``inspect.signature``, which follows ``__wrapped__``)."""
    write_module(tmp_path, "ct_typecheck_wrapped", TYPECHECK_WRAPPED_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_typecheck_wrapped")
    scale = srcpickle.loads(srcpickle.dumps(module.scale), typecheck=True)
    error = _type_check_error()
    assert scale(1.5, 3) == 4.5 and scale(1.5) == 3.0 and scale(x=2, factor=1) == 2
    for call, named in [
        (lambda: scale("x"), 'argument "x" of scale()'),
        (lambda: scale(1.0, factor="y"), 'argument "factor" of scale()'),
        (lambda: scale(1.0, "y"), 'argument "factor" of scale()'),
    ]:
        with pytest.raises(error) as info:
            call()
        assert named in str(info.value), str(info.value)


def test_typecheck_leaves_arguments_that_do_not_fit_to_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arguments that do not fit the signature raise the error the call raises unchecked, which
    names the function (inspect's bind said "missing a required argument: 'b'")."""
    write_module(tmp_path, "ct_typecheck_arity", TYPECHECK_WRAPPED_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_typecheck_arity")
    data = srcpickle.dumps(module.pair)
    checked, plain = srcpickle.loads(data, typecheck=True), srcpickle.loads(data)
    for args, kwargs in [((1,), {}), ((1, "b", 3), {}), ((1,), {"c": 2}), ((), {"b": "x"})]:
        with pytest.raises(TypeError) as unchecked:
            plain(*args, **kwargs)
        with pytest.raises(TypeError) as info:
            checked(*args, **kwargs)
        assert type(info.value) is TypeError and str(info.value) == str(unchecked.value)
        assert "pair()" in str(info.value)


def test_dumping_a_checked_function_dumps_the_loaded_one(typecheck_payload: bytes) -> None:
    """A function loaded with ``typecheck=True`` is srcpickle's wrapper of the loaded one; dumping
    it wrote the wrapper's source, with srcpickle's private module as its globals (a payload
    naming srcpickle's internals). It dumps the loaded function: the payload it came from."""
    checked = srcpickle.loads(typecheck_payload, typecheck=True)
    assert srcpickle.dumps(checked) == typecheck_payload
    total = checked[0]
    again = srcpickle.dumps(total)
    assert b"srcpickle._typecheck" not in again
    assert again == srcpickle.dumps(srcpickle.loads(typecheck_payload)[0])
    assert srcpickle.dumps([total, total.__wrapped__]).count(b"[function total]") == 1  # one object


TYPECHECK_KINDS_MODULE = """\
from typing import AsyncIterator, Callable, Generator, Iterator


def count(n: int) -> Iterator[int]:
    yield from range(n)
    yield "three"


def echo(first: str) -> Generator[str, str, int]:
    sent = yield first
    while sent != "stop":
        sent = yield sent
    return len(first)


def bad_return() -> Generator[int, None, int]:
    yield 1
    return "one"


async def double(n: int) -> int:
    return n * 2


async def ticks(n: int) -> AsyncIterator[int]:
    for i in range(n):
        yield i
    yield "late"


class Meter:
    def read(self, unit: str) -> float:
        return 1.0 if unit == "m" else "wrong"

    @staticmethod
    def convert(value: float) -> float:
        return value * 100

    @classmethod
    def make(cls, label: str) -> "Meter":
        return cls()

    async def poll(self, times: int) -> int:
        return times

    def steps(self, n: int) -> Iterator[int]:
        yield from range(n)


scale: Callable[[float], float] = lambda x: x * 2
scale.__annotations__ = {"x": float, "return": float}
"""

KINDS_PROBE = """\
import asyncio, inspect
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
loaded = srcpickle.loads(data, typecheck=True)
count, echo, bad_return, double, ticks, Meter, scale = loaded
# The class holds the checking wrappers now: it dumps as it was loaded.
redumped = srcpickle.dumps(loaded) == data

def outcome(call):
    try:
        return repr(call())
    except Exception as exc:
        return type(exc).__name__ + ": " + str(exc).split(":")[0]

async def collect(agen):
    return [item async for item in agen]

def conversation():
    talk = echo("a")
    said = [next(talk), talk.send("b")]
    try:
        talk.send("stop")
    except StopIteration as stop:
        said.append(stop.value)
    return said

kinds = (
    inspect.isgeneratorfunction(count), inspect.isgeneratorfunction(echo),
    inspect.iscoroutinefunction(double), inspect.isasyncgenfunction(ticks),
    inspect.iscoroutinefunction(Meter.poll), inspect.isgeneratorfunction(Meter.steps),
    str(inspect.signature(count)), str(inspect.signature(Meter.read)), count.__name__,
)
calls = (
    outcome(lambda: list(count(2))), outcome(lambda: list(count("2"))), outcome(conversation),
    outcome(lambda: list(bad_return())), outcome(lambda: asyncio.run(double(2))),
    outcome(lambda: asyncio.run(double("2"))), outcome(lambda: asyncio.run(collect(ticks(2)))),
    outcome(lambda: asyncio.run(collect(ticks("2")))), outcome(lambda: Meter().read("m")),
    outcome(lambda: Meter().read(1)), outcome(lambda: Meter().read("cm")),
    outcome(lambda: Meter.convert("1")), outcome(lambda: type(Meter.make("x")).__name__),
    outcome(lambda: Meter.make(1)), outcome(lambda: asyncio.run(Meter().poll("1"))),
    outcome(lambda: list(Meter().steps("1"))), outcome(lambda: scale(1.0)), outcome(lambda: scale("1")),
)
"""


def test_typecheck_keeps_the_kind_of_each_function_and_checks_methods(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checked generator function, coroutine function or async generator function was a plain
    function (inspect said it was none of them, and what a generator yields went unchecked),
    and the methods of a class loaded by value were not checked at all. Each keeps its kind;
    arguments are checked when the body starts (for a generator: its first ``next``, as
    typeguard's own ``@typechecked`` does), what it yields and returns against its return
    annotation, and sends and throws reach the generator."""
    write_module(tmp_path, "ct_typecheck_kinds", TYPECHECK_KINDS_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_typecheck_kinds")
    data = srcpickle.dumps(
        (
            module.count,
            module.echo,
            module.bad_return,
            module.double,
            module.ticks,
            module.Meter,
            module.scale,
        )
    )
    kinds, calls, redumped = load_fresh(data, tmp_path, "(kinds, calls, redumped)", before=KINDS_PROBE)
    assert redumped
    assert kinds == (
        True,
        True,
        True,
        True,
        True,
        True,
        "(n: int) -> Iterator[int]",
        "(self, unit: str) -> float",
        "count",
    )
    wrong = "TypeCheckError"
    assert calls == (
        f"{wrong}: the item 2 yielded of count()",
        f'{wrong}: argument "n" of count()',
        "['a', 'b', 1]",
        f"{wrong}: the return value of bad_return()",
        "4",
        f'{wrong}: argument "n" of double()',
        f"{wrong}: the item 2 yielded of ticks()",
        f'{wrong}: argument "n" of ticks()',
        "1.0",
        f'{wrong}: argument "unit" of Meter.read()',
        f"{wrong}: the return value of Meter.read()",
        f'{wrong}: argument "value" of Meter.convert()',
        "'Meter'",
        f'{wrong}: argument "label" of Meter.make()',
        f'{wrong}: argument "times" of Meter.poll()',
        f'{wrong}: argument "n" of Meter.steps()',
        "2.0",
        f'{wrong}: argument "x" of <lambda>()',
    )


TYPECHECK_PROPERTIES_MODULE = """\
class Box:
    def __init__(self, size: int) -> None:
        self._size = size

    @property
    def size(self) -> int:
        \"\"\"The size.\"\"\"
        return self._size

    @size.setter
    def size(self, value: int) -> None:
        self._size = value

    @size.deleter
    def size(self) -> None:
        self._size = 0

    @property
    def label(self) -> str:
        return self._size

    def _get_area(self) -> int:
        return self._size * self._size

    def _set_area(self, value: int) -> None:
        self._size = int(value ** 0.5)

    area = property(_get_area, _set_area)
"""

PROPERTIES_PROBE = """\
import srcpickle
def attempt(call):
    try:
        return repr(call())
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).split(':')[0]}"
"""


def test_typecheck_checks_property_getters_setters_and_deleters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They were called unchecked: the property kept the loaded functions, not their checked
    wrappers (check_methods replaced functions, static and class methods only)."""
    pytest.importorskip("typeguard")
    write_module(tmp_path, "ct_typecheck_properties", TYPECHECK_PROPERTIES_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_typecheck_properties")
    data = srcpickle.dumps(module.Box)
    expression = (
        "(attempt(lambda: fn(2).size), attempt(lambda: setattr(fn(2), 'size', 'x')),"
        " attempt(lambda: fn(2).__delattr__('size')), attempt(lambda: fn(2).label),"
        " attempt(lambda: setattr(fn(2), 'area', 'x')), fn.size.__doc__, srcpickle.dumps(fn) == data)"
    )
    checked = "srcpickle.loads(data, typecheck=True)"
    before = PROPERTIES_PROBE + f"data = {data!r}\nfn = {checked}\n"
    wrong = "TypeCheckError"
    assert load_fresh(data, tmp_path, expression, before=before) == (
        "2",
        f'{wrong}: argument "value" of Box.size()',
        "None",
        f"{wrong}: the return value of Box.label()",
        f'{wrong}: argument "value" of Box._set_area()',
        "The size.",
        True,
    )


TYPECHECK_VARIADIC_MODULE = """\
from typing import Tuple, TypeVarTuple, Unpack

Ts = TypeVarTuple("Ts")


def pack(*args: Unpack[Ts]) -> Tuple[Unpack[Ts]]:
    return args


def tagged(tag: str, *args: Unpack[Ts]) -> tuple[str, Unpack[Ts]]:
    return (tag, *args)
"""


@pytest.mark.skipif(sys.version_info < (3, 11), reason="TypeVarTuple is new in Python 3.11")
def test_typecheck_leaves_unpacked_type_variable_tuples_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """typeguard takes ``Tuple[*Ts]`` for a tuple of one element: correct calls of a variadic
    generic raised TypeCheckError ("tuple has wrong number of elements"). Such hints are not
    checked; the other annotations of the function still are."""
    write_module(tmp_path, "ct_typecheck_variadic", TYPECHECK_VARIADIC_MODULE)
    module = import_from(monkeypatch, tmp_path, "ct_typecheck_variadic")
    pack, tagged = srcpickle.loads(srcpickle.dumps((module.pack, module.tagged)), typecheck=True)
    assert pack(1, "a", 2.0) == (1, "a", 2.0) and pack() == ()
    assert tagged("t", 1, 2) == ("t", 1, 2)
    with pytest.raises(_type_check_error(), match='argument "tag" of tagged'):
        tagged(1, 2)


def test_allowed_imports_guards_the_builtins_that_run_code() -> None:
    """eval, exec, open and friends count as imports of their own under allowed_imports: a
    payload naming one is refused unless the caller lists "builtins"."""
    runs_code = srcpickle.dumps((eval, "1 + 1"))
    with pytest.raises(srcpickle.DisallowedImportError, match="builtins.eval"):
        srcpickle.loads(runs_code, allowed_imports=[])
    assert srcpickle.loads(runs_code, allowed_imports=["builtins"])[0] is eval
    # Other built-ins stay allowed: a payload of len and a bound method (getattr) loads.
    harmless = srcpickle.dumps((len, [1, 2].append))
    loaded = srcpickle.loads(harmless, allowed_imports=[])
    assert loaded[0] is len and loaded[1].__name__ == "append"

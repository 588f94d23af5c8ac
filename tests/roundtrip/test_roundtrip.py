"""Round trips on the running Python: dumped by a script, loaded in a fresh process that cannot
import the script, every probe compared case by case. Also what the payload records about the
imports a function uses (read with ``srcpickle.inspect``, which executes nothing)."""

from __future__ import annotations

import json
import math
import os
import textwrap
from typing import Any, Dict, List, Set, Tuple

import pytest

import srcpickle
from srcpickle._model import ImportNode, NamespaceNode, Payload, Ref, RefNode

from .harness import CaseFile, case_file, case_files, current_interpreter, problems


def _case_params() -> List[Any]:
    params = []
    for file in case_files():
        for name in file.case_names:
            params.append(pytest.param(file, name, id=f"{file.name}::{name}"))
    return params


@pytest.mark.parametrize("case_file,case", _case_params())
def test_roundtrip(roundtrip_harness: Any, case_file: CaseFile, case: str) -> None:
    current = current_interpreter()
    if not case_file.runs_on(current.version):
        pytest.skip(f"{case_file.name} needs Python {case_file.requires_python}, this is {current.label}")
    found = problems(roundtrip_harness.load(current, case_file, current), [case])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("case_file", case_files(), ids=lambda c: c.name)
def test_every_case_is_collected(roundtrip_harness: Any, case_file: CaseFile) -> None:
    """The cases the script dumped are exactly those the tests were generated for."""
    current = current_interpreter()
    if not case_file.runs_on(current.version):
        pytest.skip(f"{case_file.name} needs Python {case_file.requires_python}")
    dump = roundtrip_harness.dump(current, case_file)
    assert sorted(dump.record["cases"]) == sorted(case_file.case_names)
    assert all(entry["probes"] for entry in dump.record["cases"].values()), "a case without probes"


# ------------------------------------------------------------------------ imports in payloads


def _imports(payload: Payload) -> Set[Tuple[str, ...]]:
    """Each import as ("import", module, distribution, submodules...) or ("ref", module, qualname,
    distribution)."""
    found: Set[Tuple[str, ...]] = set()
    for _, node in payload.imports():
        if isinstance(node, ImportNode):
            found.add(("import", node.module, str(node.distribution), *node.submodules))
        else:
            assert isinstance(node, RefNode)
            found.add(("ref", node.module, node.qualname, str(node.distribution)))
    return found


def _globals(payload: Payload) -> Dict[str, Any]:
    namespaces = [node for node in payload.nodes.values() if isinstance(node, NamespaceNode)]
    assert len(namespaces) == 1, namespaces
    return dict(namespaces[0].globals)


EXPECTED_IMPORTS: Dict[str, Set[Tuple[str, ...]]] = {
    "json_alias": {("import", "json", "stdlib")},
    "math_names": {("ref", "math", "sqrt", "stdlib")},
    "os_path": {("import", "os", "stdlib", "os.path")},
    "xml_etree_chain": {("import", "xml", "stdlib", "xml.etree.ElementTree")},
    "xml_etree_through_package": {("import", "xml.etree", "stdlib", "xml.etree.ElementTree")},
    "collections_abc": {("import", "collections", "stdlib", "collections.abc")},
    "modules_in_a_container": {("import", "json", "stdlib"), ("ref", "math", "sqrt", "stdlib")},
    "stdlib_class_and_function": {
        ("ref", "collections", "OrderedDict", "stdlib"),
        ("ref", "os.path", "join", "stdlib"),  # as imported, not posixpath: portable
    },
    "builtin_alias": {("ref", "builtins", "len", "stdlib")},
}
# The global each case reaches its import through, and the module that import names.
EXPECTED_BINDINGS = {
    "json_alias": ("j", "json"),
    "math_names": ("sqrt", "math"),
    "os_path": ("os", "os"),
    "xml_etree_chain": ("xml", "xml"),
    "xml_etree_through_package": ("etree", "xml.etree"),
    "collections_abc": ("collections", "collections"),
}


@pytest.fixture(scope="module")
def import_payloads(roundtrip_harness: Any) -> Dict[str, Payload]:
    current = current_interpreter()
    dump = roundtrip_harness.dump(current, case_file("imports"))
    return {name: srcpickle.inspect(data) for name, data in dump.payloads().items()}


@pytest.mark.parametrize("case", sorted(EXPECTED_IMPORTS))
def test_imports_recorded(import_payloads: Dict[str, Payload], case: str) -> None:
    assert case in import_payloads, f"imports::{case} was not dumped"
    assert _imports(import_payloads[case]) == EXPECTED_IMPORTS[case]


@pytest.mark.parametrize("case", sorted(EXPECTED_BINDINGS))
def test_import_bound_to_its_global(import_payloads: Dict[str, Payload], case: str) -> None:
    payload = import_payloads[case]
    name, module = EXPECTED_BINDINGS[case]
    value = _globals(payload).get(name)
    assert isinstance(value, Ref), f"global {name} of {case} is {value!r}, not a reference to an import"
    node = payload.nodes[value.id]
    assert isinstance(node, (ImportNode, RefNode)) and node.module == module, node


def test_imported_constant_goes_by_value(import_payloads: Dict[str, Payload]) -> None:
    """``from math import pi as PI``: a float, captured as its value, not as an import."""
    assert _globals(import_payloads["math_names"])["PI"] == math.pi


def test_body_imports_are_in_the_import_list(import_payloads: Dict[str, Payload]) -> None:
    """Imports inside the function body are imports the source needs: the payload lists them, so
    that a loader lacking one fails before anything runs."""
    modules = {entry[1] for entry in _imports(import_payloads["body_imports"])}
    assert {"statistics", "fractions"} <= modules, f"import list: {sorted(modules)}"


# ------------------------------------------------------------ a third-party distribution

FAKE_DIST = "srcpickle-fake-dist"
FAKE_VERSION = "1.2.3"
FAKE_MODULE = "srcpickle_fake_module"


def _make_fake_distribution(site: str) -> None:
    """An installed pure-Python distribution, as pip would leave it."""
    package = os.path.join(site, FAKE_MODULE)
    os.makedirs(package)
    with open(os.path.join(package, "__init__.py"), "w", encoding="utf-8") as handle:
        handle.write("VALUE = 41\n\ndef bump(x):\n    return x + 1\n")
    info = os.path.join(site, f"{FAKE_DIST.replace('-', '_')}-{FAKE_VERSION}.dist-info")
    os.makedirs(info)
    files = {
        "METADATA": f"Metadata-Version: 2.1\nName: {FAKE_DIST}\nVersion: {FAKE_VERSION}\n",
        "top_level.txt": f"{FAKE_MODULE}\n",
        "RECORD": f"{FAKE_MODULE}/__init__.py,,\n",
    }
    for name, text in files.items():
        with open(os.path.join(info, name), "w", encoding="utf-8") as handle:
            handle.write(text)


@pytest.mark.parametrize("dumper_role", ["running", "oldest"])
def test_third_party_import(roundtrip_harness: Any, tmp_path: Any, dumper_role: str) -> None:
    """A module from an installed distribution goes by reference, recorded with the distribution's
    name and version; a loader without it refuses with the pip command, one with it works."""
    from .harness import CaseFile, discover_interpreters

    dumper = current_interpreter()
    if dumper_role == "oldest":
        cpythons = sorted(
            (i for i in discover_interpreters() if i.implementation == "cpython"), key=lambda i: i.version
        )
        if not cpythons:
            pytest.skip("no CPython found")
        dumper = cpythons[0]
    site = str(tmp_path / "site")
    _make_fake_distribution(site)
    script = tmp_path / "third_party.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import sys
            sys.path.insert(0, {site!r})
            import {FAKE_MODULE} as fake
            from {FAKE_MODULE} import bump


            def uses_fake(x):
                return bump(x) + fake.VALUE


            CASES = {{"third_party": (uses_fake, ["f(1)"])}}
            """
        ),
        encoding="utf-8",
    )
    case = CaseFile(str(script), (3, 9), ("third_party",))
    dump = roundtrip_harness.dump_uncached(dumper, case)
    payload = srcpickle.inspect(dump.payload("third_party"))
    assert _imports(payload) == {
        ("import", FAKE_MODULE, f"{FAKE_DIST} {FAKE_VERSION}"),
        ("ref", FAKE_MODULE, "bump", f"{FAKE_DIST} {FAKE_VERSION}"),
    }

    current = current_interpreter()
    without = roundtrip_harness.load_uncached(dump, current)
    error = without.results["third_party"]["load_error"]
    assert error is not None and error["type"] == "MissingDependencyError", without.results
    assert f"pip install {FAKE_DIST}=={FAKE_VERSION}" in error["message"], error["message"]

    with_it = roundtrip_harness.load_uncached(dump, current, extra_path=[site])
    found = problems(with_it)
    assert not found, "\n".join(found) + "\n" + json.dumps(with_it.results)

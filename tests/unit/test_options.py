"""Options of dumps and loads taken as a newcomer would take them (issue 8): one module name for
``by_value``/``by_reference``, ``typecheck=True`` where typeguard is not installed, ids that read
naturally for a root instance."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import ModuleType

import pytest

import srcpickle
from srcpickle._model import ClassNode, ReduceNode
from srcpickle.errors import ArgumentError, MissingDependencyError

from . import RESULT_MARK, import_from, result_of, run_fresh, write_module, write_payload

LIBRARY = """\
SCALE = 3


def scale(x):
    return x * SCALE


class Box:
    def __init__(self, size):
        self.size = size
"""


@pytest.fixture()
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # A module of an installed distribution: a folder holding .dist-info metadata.
    folder = tmp_path / "site"
    write_module(folder, "opt_installed_lib", LIBRARY)
    info = folder / "opt_installed_lib-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: opt-installed-lib\nVersion: 1.0\n")
    (info / "top_level.txt").write_text("opt_installed_lib\n")
    return import_from(monkeypatch, folder, "opt_installed_lib")


@pytest.mark.parametrize("option", ["name", "module", "list of one name", "tuple of one module"])
def test_by_value_takes_one_module_or_several(installed: ModuleType, option: str) -> None:
    value = {
        "name": "opt_installed_lib",
        "module": installed,
        "list of one name": ["opt_installed_lib"],
        "tuple of one module": (installed,),
    }[option]
    payload = srcpickle.inspect(srcpickle.dumps(installed.scale, by_value=value))
    assert [fn.qualname for _, fn in payload.functions()] == ["scale"]
    assert not list(payload.imports())
    assert srcpickle.loads(srcpickle.dumps(installed.scale, by_value=value))(2) == 6


def test_by_reference_takes_one_name(installed: ModuleType) -> None:
    payload = srcpickle.inspect(srcpickle.dumps(installed.scale, by_reference="opt_installed_lib"))
    assert [(node.module, node.qualname) for _, node in payload.imports()] == [("opt_installed_lib", "scale")]


@pytest.mark.parametrize("bad", [3, "not a module name", ["ok", 7]])
def test_by_value_refuses_what_is_not_a_module(bad: object) -> None:
    # An ArgumentError (it was a DumpError, as if the object could not be captured).
    with pytest.raises(ArgumentError) as info:
        srcpickle.dumps(len, by_value=bad)
    assert "dumps(): by_value " in str(info.value) and "module" in str(info.value)


def test_the_pickler_takes_one_module_name_as_dumps_does(installed: ModuleType, tmp_path: Path) -> None:
    """by_value="opt_installed_lib" was the modules o, p, t, ... to Pickler, pickle_dumps,
    portable and get_context (tuple() of the str): the library's function went by reference,
    and failed to unpickle where the library is not installed."""
    pickled = [
        srcpickle.pickle_dumps(installed.scale, by_value="opt_installed_lib"),
        srcpickle.pickle_dumps(installed.scale, by_value=iter(["opt_installed_lib"])),
        pickle.dumps(srcpickle.portable(installed.scale, by_value="opt_installed_lib")),
    ]
    paths = []
    for number, data in enumerate(pickled):
        paths.append(tmp_path / f"scale{number}.pickle")
        paths[-1].write_bytes(data)
    proc = run_fresh(
        f"""\
        import pickle
        results = [pickle.loads(open(path, "rb").read())(2) for path in sys.argv[1:]]
        print({RESULT_MARK!r} + repr(results))
        """,
        args=[str(path) for path in paths],
    )
    assert result_of(proc) == [6, 6, 6]


def test_typecheck_without_typeguard_is_a_missing_dependency_error(tmp_path: Path) -> None:
    """A child that sees srcpickle and no site-packages (where typeguard is installed): loading
    refuses before anything runs, naming what to install."""

    def double(x: int) -> int:
        return 2 * x

    path = write_payload(tmp_path, srcpickle.dumps(double))
    proc = run_fresh(
        f"""\
        sys.path[:] = [p for p in sys.path if "-packages" not in p]
        import srcpickle
        try:
            srcpickle.load(sys.argv[1], typecheck=True)
        except srcpickle.MissingDependencyError as exc:
            said = (exc.missing, "pip install typeguard" in str(exc), isinstance(exc, ImportError))
            print({RESULT_MARK!r} + repr(said))
        """,
        args=[str(path)],
    )
    assert result_of(proc) == (("typeguard",), True, True)
    assert issubclass(MissingDependencyError, ImportError)


def test_a_root_instance_and_its_class_get_natural_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_module(tmp_path, "opt_plain", "class Plain:\n    def __init__(self):\n        self.value = 1\n")
    module = import_from(monkeypatch, tmp_path, "opt_plain")
    payload = srcpickle.inspect(srcpickle.dumps(module.Plain()))
    kinds = {node_id: type(node) for node_id, node in payload.nodes.items()}
    assert kinds["Plain"] is ClassNode
    assert kinds["Plain.instance"] is ReduceNode
    assert payload.root.id == "Plain.instance"  # type: ignore[union-attr]

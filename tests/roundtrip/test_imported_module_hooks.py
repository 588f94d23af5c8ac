"""Classes made by ``type()`` or a metaclass call in an *imported* module of the user's own, whose
creation hooks read the module's globals: the case file ``type_made_hooks`` imported as a module
(not run as ``__main__``), its functions dumped, and loaded in a fresh process where the module
cannot be imported. The module travels by value, and its hooks run again at load as they do for
a script.
"""

from __future__ import annotations

import ast
import importlib
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict

import pytest

import srcpickle

from .harness import CASES_DIR, current_interpreter

MODULE = "rt_type_made_hooks"


@pytest.fixture
def hooks_module(tmp_path: Path) -> Any:
    folder = tmp_path / "module"
    folder.mkdir()
    shutil.copy(Path(CASES_DIR) / "type_made_hooks.py", folder / f"{MODULE}.py")
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(MODULE)
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(MODULE, None)


def test_type_made_classes_of_an_imported_module_load(hooks_module: Any, tmp_path: Path) -> None:
    from srcpickle._pythons import IsolatedPackage

    # The cases whose object is a function called without arguments: dumped, then called live.
    functions = {
        name: obj for name, (obj, probes) in hooks_module.CASES.items() if probes == ["f()"] and callable(obj)
    }
    assert len(functions) >= 15
    payloads = tmp_path / "payloads"
    payloads.mkdir()
    for name, function in functions.items():
        assert function.__module__ == MODULE
        (payloads / f"{name}.srcpickle").write_bytes(srcpickle.dumps(function))
    live: Dict[str, str] = {name: repr(function()) for name, function in functions.items()}
    code = textwrap.dedent(
        f"""
        import os, srcpickle
        assert {MODULE!r} not in sys.modules
        found = {{}}
        for entry in sorted(os.listdir(sys.argv[1])):
            try:
                found[entry[: -len(".srcpickle")]] = repr(srcpickle.load(os.path.join(sys.argv[1], entry))())
            except Exception as exc:
                found[entry[: -len(".srcpickle")]] = "raised " + repr(exc)
        print("RESULT=" + repr(found))
        """
    )
    with IsolatedPackage() as package:
        proc = package.run(current_interpreter(), code, [str(payloads)])
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT=")]
    assert lines, proc.stderr
    loaded = ast.literal_eval(lines[-1][len("RESULT=") :])
    assert loaded == live

"""``check`` and ``loads`` decide alike whether an imported module is found (one rule,
``srcpickle._rebuild.checks._module_findable``): a submodule of a module that is no package
(``os`` for ``os.path``) was taken as found by ``check`` (the payload "loadable") and then
refused by ``loads`` at its import (``'os' is not a package``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import srcpickle

from . import RESULT_MARK, result_of, run_fresh, write_module, write_payload

# Modules that are no packages on disk, beside the payload's child: one that registers a
# submodule when imported (as os registers os.path), one that installs a finder for its
# submodules (as six does for six.moves), and a plain one.
REGISTERS = """\
import sys, types
sub = types.ModuleType(__name__ + ".sub")
sub.VALUE = "registered"
sys.modules[sub.__name__] = sub
"""
FINDS = """\
import importlib.abc, importlib.util, sys, types
__path__ = []  # a package to the import system, as six makes itself one for six.moves


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name == __name__ + ".sub":
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.VALUE = "found"


sys.meta_path.append(_Finder())
"""
PLAIN = "VALUE = 'plain'\n"


def _edited(module: str) -> bytes:
    """A payload whose import section names ``module`` (a dumps of ``import os.path`` records
    posixpath, the module's real name; an older payload, or a renamed module, names others)."""

    def use() -> Any:
        import os.path

        return os.path.basename("a/b")

    data = srcpickle.dumps(use)
    assert b"module: 'posixpath'" in data
    return data.replace(b"module: 'posixpath'", f"module: '{module}'".encode())


@pytest.mark.parametrize(
    "module, found",
    [
        ("os.path", True),
        ("json.decoder", True),
        ("check_registers.sub", True),
        ("check_finds.sub", True),
        ("os.nothere", False),
        ("sys.nothere", False),
        ("math.x.y", False),
        ("check_registers.other", False),
        ("check_plain.sub", False),
        ("check_missing.sub", False),
    ],
)
def test_check_and_loads_agree_on_submodules(tmp_path: Path, module: str, found: bool) -> None:
    code = tmp_path / "code"
    write_module(code, "check_registers", REGISTERS)
    write_module(code, "check_finds", FINDS)
    write_module(code, "check_plain", PLAIN)
    path = write_payload(tmp_path, _edited(module))
    proc = run_fresh(
        f"""\
        import srcpickle
        data = open(sys.argv[1], "rb").read()
        report = srcpickle.check(data)
        problems = [item.message for item in report.problems]
        try:
            loaded = srcpickle.loads(data)() == "b"
        except srcpickle.MissingDependencyError as exc:
            loaded = (exc.missing, "nothing was executed" in str(exc))
        print({RESULT_MARK!r} + repr((report.loadable, problems, loaded)))
        """,
        extra_path=[code],
        args=[str(path)],
    )
    loadable, problems, loaded = result_of(proc)
    if found:
        assert (loadable, problems, loaded) == (True, [], True)
    else:
        assert not loadable and len(problems) == 1 and module in problems[0], problems
        assert loaded == ((module,), True)

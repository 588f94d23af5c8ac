"""Every error raised while a payload's objects are built is a ``LoadError`` (FORMAT.md section 13):
whichever phase of the build it comes from (the first phase that imports modules and makes
functions, the globals set before any payload code runs, the completions, the class state, the
annotations, the root value), it names the section (and the global, or the root) and chains the
original exception.

The payloads are hand-written, as a hostile or broken writer would write them: a reference used as
a dict key or set item that names an unhashable object (``os.environ``), a module that fails when
imported, an attribute that fails when read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Type

import pytest

import srcpickle
from srcpickle import LoadError

from . import drop_on_teardown, write_module

HEADER = "srcpickle-payload 1\nwritten-by: 'hand'\nrequires-python: '3.9'\nroot: {root}\n\n"

FUNCTION = """\
[function f]
name: 'f'
qualname: 'f'
module: 'm'
namespace: @m
{extra}doc: None
kind: 'def'
line: 1
source: 2
    def f(x=None):
        return D

"""

ENVIRON = """\
[ref env]
module: 'os'
qualname: 'environ'
distribution: 'stdlib'

"""


def payload(root: str, *sections: str, globals_: str = "") -> str:
    namespace = f"[namespace m]\nmodule: 'm'\n{globals_}\n"
    return HEADER.format(root=root) + namespace + "".join(sections) + "[end]\n"


def assert_wrapped(data: str, cause: Type[BaseException], *fragments: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        srcpickle.loads(data)
    error = info.value
    assert isinstance(error.__cause__, cause), repr(error.__cause__)
    for fragment in fragments:
        assert fragment in str(error), str(error)
    assert "the original exception is chained" in str(error)
    return error


# Unhashable objects as dict keys and set items, in every place a value can stand: the globals
# set before any payload code runs (phase 2), the root value (built last), and the sections that
# are completed one by one.
@pytest.mark.parametrize(
    "value",
    ["{@env: 1}", "{@env}", "[{@env}]", "frozenset({@env})", "({@env: 1},)", "{'k': {@env}}"],
)
def test_an_unhashable_key_in_a_namespace_global(value: str) -> None:
    data = payload("@f", FUNCTION.format(extra=""), ENVIRON, globals_=f"global D = {value}\n")
    assert_wrapped(data, TypeError, "namespace section @m (global D)", "unhashable type: '_Environ'")


@pytest.mark.parametrize("value", ["{@env: 1}", "{@env}", "[{@env}]", "frozenset({@env})"])
def test_an_unhashable_key_in_the_root(value: str) -> None:
    assert_wrapped(payload(value, ENVIRON), TypeError, "the payload's root value", "_Environ")


@pytest.mark.parametrize(
    ("section", "where"),
    [
        ("[value v]\nvalue: {@env: 1}\n\n", "value section @v"),
        ("[cell v]\ncontents: {@env}\n\n", "cell section @v"),
        (FUNCTION.format(extra="defaults: ({@env: 1},)\n").replace("[function f]", "[function v]"),
         "function section @v (f)"),
    ],
)  # fmt: skip
def test_an_unhashable_key_in_a_section(section: str, where: str) -> None:
    assert_wrapped(payload("@v", section, ENVIRON), TypeError, where, "_Environ")


def test_a_module_that_fails_when_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by check_imports (it exists), then imported in the first phase of the build: a
    # MissingDependencyError naming the module, whatever its import raised.
    write_module(tmp_path, "build_error_fails", "raise RuntimeError('no display found')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    drop_on_teardown(monkeypatch, "build_error_fails")
    section = "[import build_error_fails]\nmodule: 'build_error_fails'\ndistribution: 'stdlib'\n\n"
    with pytest.raises(srcpickle.MissingDependencyError) as info:
        srcpickle.loads(payload("@build_error_fails", section))
    assert isinstance(info.value.__cause__, RuntimeError), repr(info.value.__cause__)
    assert info.value.missing == ("build_error_fails",)
    assert "the payload imports build_error_fails" in str(info.value)
    assert "raised RuntimeError: no display found; nothing of the payload was executed" in str(info.value)


def test_an_attribute_that_fails_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_module(
        tmp_path,
        "build_error_getattr",
        """\
        def __getattr__(name):
            raise ValueError(f"{name} is computed from a configuration that is missing")
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    drop_on_teardown(monkeypatch, "build_error_getattr")
    section = "[ref r]\nmodule: 'build_error_getattr'\nqualname: 'setting'\ndistribution: 'stdlib'\n\n"
    assert_wrapped(payload("@r", section), ValueError, "ref section @r", "setting is computed")


def test_a_missing_attribute_is_still_a_missing_dependency() -> None:
    # The wrapping leaves srcpickle's own errors as they are.
    section = "[ref r]\nmodule: 'json'\nqualname: 'no_such_name'\ndistribution: 'stdlib'\n\n"
    with pytest.raises(srcpickle.MissingDependencyError, match="json.no_such_name"):
        srcpickle.loads(payload("@r", section))

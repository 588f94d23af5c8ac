"""Globals common in user code that were refused at dumps or never loaded: the standard streams
(by reference), ``NewType``, ``MappingProxyType``, the functional ``TypedDict`` and the type
variables of newer Pythons. (Round trips on every interpreter: tests/roundtrip/cases/common_globals.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import srcpickle

from . import import_from, load_fresh, write_module

STREAMS = """\
import sys

ERR = sys.stderr


def log(message, file=sys.stderr):
    print(message, file=file)
    return ERR is sys.stderr
"""


def test_a_standard_stream_is_the_loading_processs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", sys.__stderr__)  # pytest's capture replaced it
    user = import_from(monkeypatch, write_module(tmp_path, "streamuser", STREAMS).parent, "streamuser")
    data = srcpickle.dumps(user.log)
    assert data.startswith(b"srcpickle-payload 1\n")
    assert b"[ref sys.stderr]\nmodule: 'sys'\nqualname: 'stderr'\n" in data
    # The loading process replaced its stream before loading: the function writes to that one.
    before = "import io\nsys.stderr = io.StringIO()\nfn = srcpickle.loads(open(sys.argv[1], 'rb').read())\n"
    assert load_fresh(data, tmp_path, "(fn('hello'), sys.stderr.getvalue())", before=before) == (
        True,
        "hello\n",
    )


REDIRECTED = """\
import sys


def show(message, file=sys.stdout):
    print(message, file=file)
    return file is sys.__stdout__, file is sys.stdout
"""


def test_a_stream_dumped_inside_redirect_stdout_is_the_loading_processs_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default is the process's original stdout, which sys.stdout no longer is while the
    # capture runs (a redirect_stdout, pytest's capture): it goes as sys.__stdout__, never as the
    # redirected stream, and no stream of this process is written into the payload.
    import contextlib
    import io

    monkeypatch.setattr(sys, "stdout", sys.__stdout__)  # pytest's capture replaced it
    user = import_from(monkeypatch, write_module(tmp_path, "redirectuser", REDIRECTED).parent, "redirectuser")
    with contextlib.redirect_stdout(io.StringIO()):
        data = srcpickle.dumps(user.show)
    assert b"[ref sys.__stdout__]\nmodule: 'sys'\nqualname: '__stdout__'\n" in data
    assert b"[ref sys.stdout]" not in data
    # The loading process replaced sys.stdout while loading: the default is its original.
    before = (
        "import io\nsys.stdout = io.StringIO()\nfn = srcpickle.loads(open(sys.argv[1], 'rb').read())\n"
        "replaced, sys.stdout = sys.stdout, sys.__stdout__\n"
    )
    expression = "(fn.__defaults__[0] is sys.__stdout__, fn.__defaults__[0] is replaced)"
    assert load_fresh(data, tmp_path, expression, before=before) == (True, False)


NEWTYPES = """\
from typing import NewType

UserId = NewType("UserId", int)


def make(n):
    return UserId(n)
"""


def test_a_newtype_keeps_its_name_and_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "newtypeuser", NEWTYPES).parent, "newtypeuser")
    data = srcpickle.dumps(user.make)
    expression = "(fn(4), g['UserId'].__name__, g['UserId'].__supertype__ is int)"
    assert load_fresh(data, tmp_path, expression, before="g = fn.__globals__\n") == (4, "UserId", True)
    if sys.version_info >= (3, 10):  # a class's instance from 3.10 (a function before)
        assert load_fresh(data, tmp_path, "repr(fn.__globals__['UserId'])") == "newtypeuser.UserId"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="ParamSpec is new in 3.10, TypeVarTuple in 3.11")
def test_paramspec_and_typevartuple_globals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        "import typing\n\nP = typing.ParamSpec('P')\nTs = typing.TypeVarTuple('Ts')\n\n\n"
        "def names():\n    return P.__name__, Ts.__name__, type(P).__name__, type(Ts).__name__\n"
    )
    user = import_from(monkeypatch, write_module(tmp_path, "paramuser", source).parent, "paramuser")
    data = srcpickle.dumps(user.names)
    assert load_fresh(data, tmp_path, "fn()") == ("P", "Ts", "ParamSpec", "TypeVarTuple")


def test_a_mappingproxy_is_a_view_of_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (
        "import types\n\nTABLE = types.MappingProxyType({'a': [1]})\n\n\ndef table():\n    return TABLE\n"
    )
    user = import_from(monkeypatch, write_module(tmp_path, "proxyuser", source).parent, "proxyuser")
    data = srcpickle.dumps(user.table)
    assert b"[ref types.MappingProxyType]" in data
    assert load_fresh(data, tmp_path, "(type(fn()).__name__, dict(fn()))") == ("mappingproxy", {"a": [1]})

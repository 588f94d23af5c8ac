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


BUFFERED = """\
import io

buf = io.StringIO()
raw = io.BytesIO()


def write(message):
    print(message, file=buf)
    raw.write(message.encode())
    return buf.getvalue(), raw.getvalue()
"""


@pytest.mark.parametrize("redirected", ["stdout", "stderr", "both"])
def test_a_buffer_of_the_users_is_itself_while_a_redirect_makes_it_a_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, redirected: str
) -> None:
    # The StringIO is sys.stdout only while the redirect runs: it went as a reference to
    # sys.stdout, and the loaded function printed to the loading process's stdout (and had no
    # getvalue there). It is the user's buffer, with what it held.
    import contextlib

    user = import_from(monkeypatch, write_module(tmp_path, "bufferuser", BUFFERED).parent, "bufferuser")
    user.buf.write("before\n")
    with contextlib.ExitStack() as stack:
        if redirected in ("stdout", "both"):
            stack.enter_context(contextlib.redirect_stdout(user.buf))
        if redirected in ("stderr", "both"):
            stack.enter_context(contextlib.redirect_stderr(user.buf))
        stack.enter_context(monkeypatch.context()).setattr(sys, "stdin", user.raw)
        data = srcpickle.dumps(user.write)
    assert b"[ref sys." not in data, data.decode()
    expression = "(fn('x'), sys.stdout is fn.__globals__['buf'])"
    assert load_fresh(data, tmp_path, expression) == (("before\nx\n", b"x"), False)


FILED = """\
LOG = open(__file__ + ".log", "w")


def log(message):
    print(message, file=LOG)
"""


def test_a_file_a_redirect_writes_to_is_refused_as_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib

    user = import_from(monkeypatch, write_module(tmp_path, "fileuser", FILED).parent, "fileuser")
    try:
        with contextlib.redirect_stdout(user.LOG), pytest.raises(srcpickle.UnsupportedObjectError) as caught:
            srcpickle.dumps(user.log)
    finally:
        user.LOG.close()
    assert "root.__globals__['LOG']" in str(caught.value) and "as an argument" in str(caught.value)


STREAM_BUFFERS = """\
import sys

OUT = sys.stdout.buffer
ERR = sys.__stderr__.buffer


def write(data, out=sys.stdout.buffer):
    return OUT is sys.stdout.buffer, ERR is sys.__stderr__.buffer, out is sys.stdout.buffer
"""


def test_the_binary_buffer_of_a_standard_stream_is_the_loading_processs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It was refused (a FileIO refuses the pickle protocol): it goes as the stream does.
    monkeypatch.setattr(sys, "stdout", sys.__stdout__)  # pytest's capture replaced it
    monkeypatch.setattr(sys, "stderr", sys.__stderr__)
    user = import_from(
        monkeypatch, write_module(tmp_path, "bufferstreams", STREAM_BUFFERS).parent, "bufferstreams"
    )
    data = srcpickle.dumps(user.write)
    assert b"[ref sys.stdout.buffer]\nmodule: 'sys'\nqualname: 'stdout.buffer'\n" in data
    assert b"qualname: 'stderr.buffer'\n" in data
    assert load_fresh(data, tmp_path, "fn(b'')") == (True, True, True)


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

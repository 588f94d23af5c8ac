"""Wrong arguments to the public functions: each is an ``ArgumentError`` (a ``SrcpickleError``,
and a ``TypeError`` and ``ValueError`` as Python's own argument errors are) that names the
function or the argument, raised before anything of the payload is read or run; never a raw
``TypeError``/``AttributeError`` from deep inside, and never an option silently taken as another
(``strict="no"`` was strict, ``allowed_imports=[3]`` allowed nothing and said nothing)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import srcpickle
from srcpickle import ArgumentError, SrcpickleError

from . import import_from, write_module

KEY = b"a key for the argument tests, 12345"


@pytest.fixture()
def payload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    write_module(tmp_path, "args_twice", "import json\n\ndef twice(x):\n    return json.dumps(2 * x)\n")
    return srcpickle.dumps(import_from(monkeypatch, tmp_path, "args_twice").twice)


CALLS: Dict[str, Callable[[bytes], Any]] = {
    "loads allowed_imports=3": lambda data: srcpickle.loads(data, allowed_imports=3),  # type: ignore[arg-type]
    "loads allowed_imports=b'json'": lambda data: srcpickle.loads(data, allowed_imports=b"json"),  # type: ignore[arg-type]
    "loads allowed_imports=[3]": lambda data: srcpickle.loads(data, allowed_imports=[3]),  # type: ignore[list-item]
    "loads allowed_imports=['']": lambda data: srcpickle.loads(data, allowed_imports=[""]),
    "loads allowed_imports=['json.*']": lambda data: srcpickle.loads(data, allowed_imports=["json.*"]),
    "loads strict='no'": lambda data: srcpickle.loads(data, strict="no"),  # type: ignore[arg-type]
    "loads strict=None": lambda data: srcpickle.loads(data, strict=None),  # type: ignore[arg-type]
    "loads typecheck=2": lambda data: srcpickle.loads(data, typecheck=2),
    "loads key=3": lambda data: srcpickle.loads(data, key=3),  # type: ignore[arg-type]
    "loads key=[]": lambda data: srcpickle.loads(data, key=[]),
    "loads key short": lambda data: srcpickle.loads(data, key="short"),
    "dumps key short": lambda data: srcpickle.dumps(len, key=b"short"),
    "check python=3": lambda data: srcpickle.check(data, 3),  # type: ignore[arg-type]
    "check strict='yes'": lambda data: srcpickle.check(data, strict="yes"),  # type: ignore[arg-type]
    "migrate renames=3": lambda data: srcpickle.migrate(data, 3),  # type: ignore[arg-type]
    "migrate renames=['a=b']": lambda data: srcpickle.migrate(data, ["json=ujson"]),  # type: ignore[arg-type]
    "migrate check='no'": lambda data: srcpickle.migrate(data, {"json": "ujson"}, check="no"),  # type: ignore[arg-type]
    # by_value and by_reference, wherever they are taken (they raised DumpError, or a raw
    # TypeError from tuple(3) in the pickler's functions).
    "dumps by_value=3": lambda data: srcpickle.dumps(len, by_value=3),  # type: ignore[arg-type]
    "dumps by_value=b'json'": lambda data: srcpickle.dumps(len, by_value=b"json"),
    "dumps by_value=['json', 7]": lambda data: srcpickle.dumps(len, by_value=["json", 7]),
    "dumps by_reference='a-b'": lambda data: srcpickle.dumps(len, by_reference="a-b"),
    "dumps in both": lambda data: srcpickle.dumps(len, by_value="json", by_reference=["json"]),
    "dump by_value=3": lambda data: srcpickle.dump(len, io.BytesIO(), by_value=3),
    # dump and load pass their options on: a wrong one named dumps() or loads(), and an unknown
    # one was a plain TypeError from those.
    "dump by_valeu='x'": lambda data: srcpickle.dump(len, io.BytesIO(), by_valeu="x"),
    "load stict=True": lambda data: srcpickle.load(io.BytesIO(data), stict=True),
    "load strict='no'": lambda data: srcpickle.load(io.BytesIO(data), strict="no"),
    "load typecheck=3": lambda data: srcpickle.load(io.BytesIO(data), typecheck=3),
    "load allowed_imports=3": lambda data: srcpickle.load(io.BytesIO(data), allowed_imports=3),
    "pickle_dumps by_value=3": lambda data: srcpickle.pickle_dumps(len, by_value=3),  # type: ignore[arg-type]
    "pickle_dump by_reference=[3]": lambda data: srcpickle.pickle_dump(len, io.BytesIO(), by_reference=[3]),
    "Pickler by_value=3": lambda data: srcpickle.Pickler(io.BytesIO(), by_value=3),  # type: ignore[arg-type]
    "portable by_value=3.5": lambda data: srcpickle.portable(len, by_value=3.5),  # type: ignore[arg-type]
    "get_context by_reference=3": lambda data: srcpickle.get_context(by_reference=3),  # type: ignore[arg-type]
    "get_context in both": lambda data: srcpickle.get_context(by_value=["json"], by_reference="json"),
    "register_by_value 3": lambda data: srcpickle.register_by_value(3),
    "register_by_value ''": lambda data: srcpickle.register_by_value(""),
    "unregister_by_value None": lambda data: srcpickle.unregister_by_value(None),
}
SAYS = {
    "loads allowed_imports=3": "loads(): allowed_imports takes module names (a str, or a list of str)",
    "loads allowed_imports=b'json'": "not bytes",
    "loads allowed_imports=[3]": "allowed_imports takes module names (str), and it holds 3 (int)",
    "loads allowed_imports=['']": "allowed_imports holds '', which is not a module name",
    "loads allowed_imports=['json.*']": "allowed_imports holds 'json.*', which is not a module name",
    "loads strict='no'": "loads(): strict takes True or False, not 'no'",
    "loads strict=None": "loads(): strict takes True or False, not None",
    "loads typecheck=2": "loads(): typecheck takes True or False, not 2",
    "loads key=3": "key is bytes, str or a sequence of them, not int",
    "loads key=[]": "key is an empty sequence",
    "loads key short": "a signing key needs at least 16 bytes",
    "dumps key short": "a signing key needs at least 16 bytes",
    "check python=3": "check(): python is a version ('3.13'), 'pypy' or an interpreter's path (str), not int",
    "check strict='yes'": "check(): strict takes True or False, not 'yes'",
    "migrate renames=3": "migrate(): renames is a mapping of old dotted names to new ones",
    "migrate renames=['a=b']": "not list",
    "migrate check='no'": "migrate(): check takes True or False, not 'no'",
    "dumps by_value=3": "dumps(): by_value takes modules or module names (a module, a str, or a list of "
    "them), not int",
    "dumps by_value=b'json'": "dumps(): by_value takes modules or module names",
    "dumps by_value=['json', 7]": "dumps(): by_value takes modules or module names (a module, a str, or a "
    "list of them), and it holds 7 (int)",
    "dumps by_reference='a-b'": "dumps(): by_reference holds 'a-b', which is not a module name",
    "dumps in both": "dumps(): module 'json' is in both by_value and by_reference; choose one",
    "dump by_value=3": "dump(): by_value takes modules or module names",
    "dump by_valeu='x'": "dump() takes no option 'by_valeu'; its options are by_value, by_reference, key",
    "load stict=True": "load() takes no option 'stict'; its options are allowed_imports, strict, "
    "typecheck, key",
    "load strict='no'": "load(): strict takes True or False, not 'no'",
    "load typecheck=3": "load(): typecheck takes True or False, not 3",
    "load allowed_imports=3": "load(): allowed_imports takes module names (a str, or a list of str), not int",
    "pickle_dumps by_value=3": "pickle_dumps(): by_value takes modules or module names",
    "pickle_dump by_reference=[3]": "pickle_dump(): by_reference takes modules or module names",
    "Pickler by_value=3": "Pickler(): by_value takes modules or module names",
    "portable by_value=3.5": "portable(): by_value takes modules or module names",
    "get_context by_reference=3": "get_context(): by_reference takes modules or module names",
    "get_context in both": "get_context(): module 'json' is in both by_value and by_reference",
    "register_by_value 3": "register_by_value(): module is a module or a module's name (a str), not 3 (int)",
    "register_by_value ''": "register_by_value(): module is '', which is not a module name",
    "unregister_by_value None": "unregister_by_value(): module is a module or a module's name",
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_wrong_argument_is_an_argument_error(payload: bytes, call: str) -> None:
    if call.startswith("migrate"):
        pytest.importorskip("libcst")
    with pytest.raises(ArgumentError) as raised:
        CALLS[call](payload)
    assert SAYS[call] in str(raised.value), str(raised.value)
    # Also what Python raises for a wrong argument, and a srcpickle error.
    assert isinstance(raised.value, (TypeError, ValueError, SrcpickleError))
    assert isinstance(raised.value, TypeError) and isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    "options",
    [
        {"allowed_imports": "json"},
        {"allowed_imports": ("json", "builtins")},
        {"allowed_imports": iter(["json"])},
        {"allowed_imports": {"json": "why"}},
        {"strict": 0},
        {"strict": True, "typecheck": 1},
    ],
)
def test_the_forms_an_argument_takes_still_load(payload: bytes, options: Dict[str, Any]) -> None:
    # (typecheck=1 needs typeguard: installed with the test dependencies)
    assert srcpickle.loads(payload, **options)(3) == "6"


def test_an_argument_error_pickles_and_is_caught_as_before() -> None:
    import pickle

    error = ArgumentError("loads(): strict takes True or False, not 'no'")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ArgumentError and str(again) == str(error)
    with pytest.raises(ValueError):
        srcpickle.dumps(len, key="too short")
    with pytest.raises(TypeError):
        srcpickle.dumps(len, key=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("method, says", [(["spawn"], "not list"), ("nope", "for 'nope'")])
def test_get_context_with_no_start_method_is_an_argument_error(method: Any, says: str) -> None:
    """A list raised a raw TypeError (unhashable), a wrong name a ValueError it still is."""
    with pytest.raises(ArgumentError, match=says) as raised:
        srcpickle.get_context(method)
    assert isinstance(raised.value, ValueError)


def test_loads_cached_takes_text_as_loads_does(payload: bytes) -> None:
    """loads_cached(text) raised "TypeError: string argument without an encoding"."""
    assert srcpickle.loads_cached(payload.decode("utf-8"))(4) == "8"
    with pytest.raises(srcpickle.PayloadFormatError, match="payload must be bytes or str, not int"):
        srcpickle.loads_cached(5)  # type: ignore[arg-type]

"""An ABC's registry of classes by reference (format 3), and the one fixed list of function
attribute names a payload never holds. (Round trips on every interpreter:
tests/roundtrip/cases/registries_and_attributes.py.)"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

import srcpickle
from srcpickle._fmt.read import parse
from srcpickle._model import FUNCTION_FIELDS, format_needed

from . import import_from, load_fresh, write_module

ABCS = """\
import abc
import collections


class Shape(abc.ABC):
    pass


class Square:
    pass


class Plain(abc.ABC):
    pass


Shape.register(tuple)
Shape.register(collections.OrderedDict)
Plain.register(Square)


def is_shape(value):
    return isinstance(value, Shape)


def is_plain(value):
    return isinstance(value, Plain), Square
"""


def test_an_abc_carries_its_registered_library_classes_in_format_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "abcuser", ABCS).parent, "abcuser")
    data = srcpickle.dumps(user.is_shape)
    assert data.startswith(b"srcpickle-payload 3\n")
    assert b"registry: (@builtins.tuple, @collections.OrderedDict)\n" in data
    loaded = load_fresh(data, tmp_path, "[fn((1,)), fn([1]), fn(__import__('collections').OrderedDict())]")
    assert loaded == [True, False, True]
    relabelled = data.replace(b"srcpickle-payload 3\n", b"srcpickle-payload 2\n", 1)
    # (format 3's lines written after another section's are no format 2 value either: numbers)
    relabelled = re.sub(rb"(?m)^line: @\S+ \+ \d+$", b"line: 1", relabelled)
    with pytest.raises(srcpickle.PayloadFormatError, match="field 'registry' needs format 3"):
        srcpickle.inspect(relabelled)


def test_an_abc_with_only_user_classes_registered_keeps_its_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The registered user class says so itself (format 2), as before: no registry line."""
    user = import_from(monkeypatch, write_module(tmp_path, "abcuser2", ABCS).parent, "abcuser2")
    data = srcpickle.dumps(user.is_plain)
    assert b"registry:" not in data
    # (written as format 3 for the fields its sections share, section 17: it needs format 2)
    assert format_needed(parse(data)) == 2
    assert load_fresh(data, tmp_path, "fn(fn(None)[1]())[0]") is True


def test_a_registered_class_that_cannot_be_named_is_refused_at_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = ABCS + "\nShape.register(type({}.keys()))\n"
    user = import_from(monkeypatch, write_module(tmp_path, "abcuser3", source).parent, "abcuser3")
    with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
        srcpickle.dumps(user.is_shape)
    message = str(caught.value)
    assert "the ABC Shape" in message and "dict_keys is registered with it" in message


def test_a_registry_entry_that_is_not_a_class_is_a_load_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = import_from(monkeypatch, write_module(tmp_path, "abcuser4", ABCS).parent, "abcuser4")
    data = srcpickle.dumps(user.is_shape).replace(b"qualname: 'OrderedDict'", b"qualname: 'namedtuple'")
    with pytest.raises(srcpickle.LoadError, match="in its registry, which is not a class"):
        srcpickle.loads(data)


# ------------------------------------------------------------------ function attribute names


def test_the_fixed_list_refuses_nothing_a_reader_took_before() -> None:
    """Each name was refused by every reader before (a reader refused whatever
    ``hasattr(types.FunctionType, name)`` held on its Python, and ``__annotations__`` before
    format 3 by a rule of its own): a payload that loaded still loads."""
    assert all(hasattr(types.FunctionType, name) for name in FUNCTION_FIELDS - {"__annotations__"})


# Data attributes of functions that only some Pythons have: their names stay entries of the
# function's __dict__ (what the function had) on every Python.
VERSION_DEPENDENT = {"__builtins__", "__type_params__", "__defaults_count__", "__weakref__"}


def test_every_data_attribute_of_functions_here_is_listed_or_known_to_vary() -> None:
    data = {name for name, value in vars(types.FunctionType).items() if hasattr(type(value), "__set__")}
    assert data <= FUNCTION_FIELDS | VERSION_DEPENDENT, sorted(data - FUNCTION_FIELDS - VERSION_DEPENDENT)


def _payload_with_attribute(name: str, version: int = 1) -> bytes:
    def plain(x):  # type: ignore[no-untyped-def]
        return x

    plain.marker = 1  # type: ignore[attr-defined]
    data = srcpickle.dumps(plain)
    assert data.startswith(b"srcpickle-payload 1\n")
    data = data.replace(b"attribute marker = 1", f"attribute {name} = 1".encode())
    return data.replace(b"srcpickle-payload 1\n", f"srcpickle-payload {version}\n".encode(), 1)


@pytest.mark.parametrize("name", sorted(FUNCTION_FIELDS - {"__annotations__"}))
def test_a_reader_refuses_a_function_field_as_an_attribute_on_every_python(name: str) -> None:
    for version in (1, 2, 3):
        with pytest.raises(srcpickle.PayloadFormatError, match="is part of every function"):
            srcpickle.inspect(_payload_with_attribute(name, version))


@pytest.mark.parametrize(
    "name", ["__text_signature__", "__call__", "__mro__", "__get__", "__type_params__", "__builtins__"]
)
def test_a_reader_takes_other_dunder_names_into_the_dict(name: str) -> None:
    loaded = srcpickle.loads(_payload_with_attribute(name))
    assert vars(loaded) == {name: 1} and loaded(5) == 5


@pytest.mark.parametrize("name", sorted(FUNCTION_FIELDS) + [1, ("a",)])
def test_the_writer_refuses_what_no_reader_takes(name: object) -> None:
    def plain(x):  # type: ignore[no-untyped-def]
        return x

    plain.__dict__[name] = 1  # type: ignore[index]
    with pytest.raises(srcpickle.UnsupportedObjectError) as caught:
        srcpickle.dumps(plain)
    assert f"its __dict__ holds {name!r}" in str(caught.value)
    assert "Delete it from the function's __dict__" in str(caught.value)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="__type_params__ is a function attribute from 3.12")
def test_a_dict_entry_named_type_params_never_sets_the_type_parameters() -> None:
    loaded = srcpickle.loads(_payload_with_attribute("__type_params__"))
    assert loaded.__type_params__ == () and vars(loaded) == {"__type_params__": 1}

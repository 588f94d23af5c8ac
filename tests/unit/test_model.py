"""The payload model: its records behave as the frozen dataclasses they were in 0.1.0.

``srcpickle.inspect`` returns a ``Payload`` of nodes; users take its fields by keyword, copy it
with ``dataclasses.replace``, list it with ``dataclasses.fields`` and ``asdict``. The records are
made without the ``dataclasses`` module (a fresh process that only loads never imports it), so
each answer is compared with the one real dataclasses of the same definitions give: the model's
own source, made by ``dataclasses``.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pprint
import sys
import types
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import srcpickle
from srcpickle import _model

from . import RESULT_MARK, import_from, result_of, run_fresh, write_module, write_payload

SUBJECT = """\
import json
from collections import OrderedDict

SCALE = 3


class Box:
    def __init__(self, items):
        self.items = list(items)

    def total(self, *, extra=0):
        return sum(self.items) * SCALE + extra


def make(offset):
    cache = OrderedDict()

    def run(values, *, label: str = "run") -> str:
        box = Box(v + offset for v in values)
        cache[label] = box.total()
        return json.dumps([label, cache[label]])

    return run
"""


@pytest.fixture
def subject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    write_module(tmp_path / "code", "model_subject", SUBJECT)
    return import_from(monkeypatch, tmp_path / "code", "model_subject")


@pytest.fixture
def payload(subject: Any) -> _model.Payload:
    """A payload with every kind of node a function usually brings: namespace, function, cells,
    imports, a class and an instance-free reduce of OrderedDict."""
    return srcpickle.inspect(srcpickle.dumps(subject.make(1)))


def _as_dataclasses() -> types.ModuleType:
    """``srcpickle._model`` made by the ``dataclasses`` module: its own source, with the branch
    type checkers see taken at run time."""
    path = Path(_model.__file__)
    text = path.read_text(encoding="utf-8")
    assert text.count("if TYPE_CHECKING:") == 1
    module = types.ModuleType("srcpickle._model_as_dataclasses")
    module.__package__ = "srcpickle"
    # dataclasses looks a class's module up in sys.modules while it makes the class.
    sys.modules[module.__name__] = module
    try:
        text = text.replace("if TYPE_CHECKING:", "if True:")
        if sys.version_info < (3, 10):
            # typing.TypeAlias is new in 3.10; the module's aliases are annotations, never read.
            text = text.replace(", TypeAlias,", ",")
        code = compile(text, str(path), "exec")
        exec(code, vars(module))  # noqa: S102 - the package's own source
    finally:
        del sys.modules[module.__name__]
    return module


REAL = _as_dataclasses()
RECORD_CLASSES = sorted(
    name
    for name, value in vars(_model).items()
    if isinstance(value, type) and value.__module__ == _model.__name__ and hasattr(value, "__record_fields__")
)


def _field_facts(cls: Any) -> List[Tuple[Any, ...]]:
    # Defaults by repr: a default record (TupleValue(())) is of each model's own class.
    return [
        (f.name, f.type, repr(f.default), f.default_factory, f.init, f.repr, f.compare, f.hash, f.metadata)
        for f in dataclasses.fields(cls)
    ]


def test_every_record_class_is_checked() -> None:
    assert (
        len(RECORD_CLASSES) == 18
        and "Payload" in RECORD_CLASSES
        and "GuardNode" in RECORD_CLASSES
        and "Ref" in RECORD_CLASSES
    )


def test_a_record_class_is_a_plain_class_and_the_decorator_alone_makes_the_same() -> None:
    """The model's classes are made by ``_records.record`` (their methods in the namespace before
    the class is made, issue 9), yet are of type ``type`` as a dataclass is; a class given only
    the decorator (``_sign``'s) gets the same fields and methods set on it."""
    from srcpickle import _records

    assert all(type(getattr(_model, name)) is type for name in RECORD_CLASSES)

    def define(*keywords: Any) -> Any:
        class Spot(**dict(keywords)):
            x: int
            y: str = "y"
            z: Tuple[int, ...] = _records.field(default=(), compare=False)

        return Spot

    by_record = define(("metaclass", _records.record))
    decorated = _records.dataclass(define(), frozen=True)
    for cls in by_record, decorated:
        assert type(cls) is type and "x" not in vars(cls) and cls.y == "y" and cls.z == ()
        assert [f.name for f in _records.fields(cls)] == ["x", "y", "z"]
        assert cls.__match_args__ == ("x", "y", "z")
        spot = cls(1, z=(2,))
        assert cls.__qualname__.endswith("<locals>.Spot")
        assert repr(spot) == f"{cls.__qualname__}(x=1, y='y', z=(2,))"
        assert spot == cls(1, "y", (3,)) != cls(2) and hash(spot) == hash(cls(1))
        assert cls.__eq__.__qualname__.endswith("Spot.__eq__")
        with pytest.raises(dataclasses.FrozenInstanceError):
            spot.x = 2  # type: ignore[misc]
        assert [f.name for f in dataclasses.fields(cls)] == ["x", "y", "z"]
    assert _records.dataclass(by_record, frozen=True) is by_record


@pytest.mark.parametrize("name", RECORD_CLASSES)
def test_each_record_class_answers_as_a_real_dataclass(name: str) -> None:
    record, real = getattr(_model, name), getattr(REAL, name)
    assert dataclasses.is_dataclass(record) and dataclasses.is_dataclass(real)
    assert _field_facts(record) == _field_facts(real)
    assert repr(record.__dataclass_params__) == repr(real.__dataclass_params__)
    assert str(inspect.signature(record)) == str(inspect.signature(real))
    if sys.version_info >= (3, 10):
        assert record.__match_args__ == real.__match_args__


def test_the_payload_of_inspect_is_a_dataclass(payload: _model.Payload) -> None:
    assert dataclasses.is_dataclass(payload) and not isinstance(payload, type)
    assert [f.name for f in dataclasses.fields(payload)] == [
        "root",
        "nodes",
        "requires_python",
        "requires_python_for",
        "written_by",
        "format_version",
        "positions",
    ]
    changed = dataclasses.replace(payload, written_by="someone else")
    assert changed.written_by == "someone else" and payload.written_by.startswith("srcpickle ")
    assert changed == dataclasses.replace(payload, written_by="someone else") != payload
    assert changed.nodes is payload.nodes
    as_dict = dataclasses.asdict(payload)
    assert as_dict["root"] == {"id": payload.root.id}
    assert set(as_dict["nodes"]) == set(payload.nodes)
    assert dataclasses.astuple(payload)[4] == payload.written_by
    with pytest.raises(dataclasses.FrozenInstanceError):
        payload.written_by = "x"  # type: ignore[misc]


def test_every_node_is_made_again_from_its_fields_by_keyword_and_by_position(payload: _model.Payload) -> None:
    kinds = {type(node).__name__ for node in payload.nodes.values()}
    assert {"NamespaceNode", "FunctionNode", "CellNode", "ImportNode", "ClassNode"} <= kinds
    values: List[Any] = [payload, *payload.nodes.values()]
    values += [
        v for node in payload.nodes.values() for v in _model.node_values(node) if dataclasses.is_dataclass(v)
    ]
    for value in values:
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        assert type(value)(**fields) == value
        assert type(value)(*fields.values()) == value
        assert dataclasses.replace(value) == value
        assert dataclasses.asdict(value) == dataclasses.asdict(type(value)(**fields))


def test_a_fields_reader_reads_what_attribute_reads_give(payload: _model.Payload) -> None:
    """_records.fields_reader (the writer's and finish's reads of a function section, issue 9)
    gives the values attribute reads give: of a node captured, parsed, made by keyword and
    made with a field left to its class's default (no entry in its __dict__); a name that is
    no field is refused when the reader is made."""
    from srcpickle import _records

    names = tuple(f.name for f in dataclasses.fields(_model.FunctionNode))
    every = _records.fields_reader(_model.FunctionNode, *names)
    some = _records.fields_reader(_model.FunctionNode, "in_class", "namespace")
    one = _records.fields_reader(_model.FunctionNode, "line")
    functions = [node for node in payload.nodes.values() if isinstance(node, _model.FunctionNode)]
    assert functions
    parsed = srcpickle.inspect(srcpickle.dumps(result_of))
    functions += [node for node in parsed.nodes.values() if isinstance(node, _model.FunctionNode)]
    for node in list(functions):
        functions.append(_model.FunctionNode(**{name: getattr(node, name) for name in names}))
        partial = object.__new__(_model.FunctionNode)
        partial.__dict__.update({name: getattr(node, name) for name in names[:7]})
        functions.append(partial)
    for node in functions:
        assert every(node) == tuple(getattr(node, name) for name in names)
        assert some(node) == (node.in_class, node.namespace)
        assert one(node) == (node.line,)
    assert functions[-1].overloads == () and every(functions[-1])[-2] == ()
    with pytest.raises(TypeError, match="no field 'lines'"):
        _records.fields_reader(_model.FunctionNode, "line", "lines")


def test_the_captures_hand_written_makers_make_the_records_own(payload: _model.Payload) -> None:
    """The capture's constructors of its most common records (issue 9) make what the record
    classes make from the same fields, and a maker whose parameters are not its record's
    fields in order is refused at import."""
    from srcpickle import _records
    from srcpickle._capture import _namespace_node, _payload
    from srcpickle._capture.functions import _function_node

    nodes = list(payload.nodes.values())
    samples: List[Tuple[Any, Any]] = [(payload, _payload)]
    samples += [(node, _function_node) for node in nodes if isinstance(node, _model.FunctionNode)]
    samples += [(node, _namespace_node) for node in nodes if isinstance(node, _model.NamespaceNode)]
    assert {type(record) for record, _ in samples} == {
        _model.Payload,
        _model.FunctionNode,
        _model.NamespaceNode,
    }
    for record, maker in samples:
        fields = [getattr(record, f.name) for f in dataclasses.fields(record)]
        made = maker(*fields)
        assert type(made) is type(record)
        assert made == record and repr(made) == repr(record)
        if not isinstance(record, _model.Payload):  # (a payload holds a dict: no hash)
            assert hash(made) == hash(record)
        assert vars(made) == vars(type(record)(*fields))
        assert dataclasses.replace(made) == record
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.module = "x"
    _records.check_record_maker(_model.NamespaceNode, _namespace_node)

    def swapped(globals: Any, module: Any) -> Any:
        return None

    with pytest.raises(TypeError, match="swapped takes"):
        _records.check_record_maker(_model.NamespaceNode, swapped)


def test_with_field_is_replace_of_one_field(payload: _model.Payload) -> None:
    # The loader's copy of a node with its doc filled in (issue 9): what replace() makes, the
    # original unchanged.
    from srcpickle import _records

    for node in payload.nodes.values():
        for field in dataclasses.fields(node):
            before = repr(node)
            made = _records.with_field(node, field.name, "changed")
            expected = dataclasses.replace(node, **{field.name: "changed"})
            assert type(made) is type(node) and made == expected and repr(made) == repr(expected)
            assert hash(made) == hash(expected) and vars(made) == vars(expected)
            assert repr(node) == before
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(made, field.name, "x")


def test_a_single_field_record_takes_its_field_by_keyword() -> None:
    ref = _model.Ref(id="a")
    assert ref == _model.Ref("a") and hash(ref) == hash(_model.Ref("a"))
    assert dataclasses.replace(ref, id="b") == _model.Ref("b")
    assert _model.TupleValue(items=(1, ref)).items == (1, ref)
    assert _model.BytearrayValue(data=b"x") == _model.BytearrayValue(b"x")


@pytest.mark.parametrize(
    "make",
    [
        lambda cls: cls(),
        lambda cls: cls("a", "b"),
        lambda cls: cls("a", id="b"),
        lambda cls: cls(ident="a"),
    ],
    ids=["missing", "too-many", "twice", "unknown"],
)
def test_wrong_arguments_are_refused_as_a_dataclass_refuses_them(make: Any) -> None:
    with pytest.raises(TypeError):
        make(REAL.Ref)
    with pytest.raises(TypeError):
        make(_model.Ref)


def test_replace_refuses_a_field_the_record_lacks() -> None:
    with pytest.raises(TypeError):
        dataclasses.replace(_model.Ref("a"), ident="b")


@pytest.mark.skipif(sys.version_info < (3, 13), reason="copy.replace is new in Python 3.13")
def test_copy_replace(payload: _model.Payload) -> None:
    assert copy.replace(payload, written_by="w") == dataclasses.replace(payload, written_by="w")  # type: ignore[attr-defined]


def test_pprint_and_repr_as_a_dataclass(payload: _model.Payload) -> None:
    # pprint reads __dataclass_params__ of anything dataclasses.is_dataclass accepts (3.10+).
    assert pprint.pformat(_model.Ref("x")) == "Ref(id='x')" == repr(REAL.Ref("x"))
    assert pprint.pformat(payload, width=10_000) == repr(payload)


def test_a_fresh_process_that_inspects_and_loads_never_imports_dataclasses_and_can_ask_it(
    subject: Any, tmp_path: Path
) -> None:
    data = srcpickle.dumps(subject.make(1))
    path = write_payload(tmp_path, data)
    proc = run_fresh(
        f"""\
        import srcpickle
        with open(sys.argv[1], "rb") as handle:
            data = handle.read()
        payload = srcpickle.inspect(data)
        result = srcpickle.loads(data)([1, 2], label="x")
        before = "dataclasses" in sys.modules
        import dataclasses
        root = payload.root.id
        node = payload.nodes[root]
        renamed = dataclasses.replace(node, name="other")
        again = type(node)(**{{f.name: getattr(renamed, f.name) for f in dataclasses.fields(node)}})
        answers = (
            before,
            result,
            dataclasses.is_dataclass(payload),
            [f.name for f in dataclasses.fields(payload)][:2],
            dataclasses.replace(payload, written_by="w").written_by,
            dataclasses.asdict(payload)["nodes"][root]["source"] == node.source,
            (renamed.name, renamed.source == node.source, again == renamed != node),
            type(payload.root)(id=root) == payload.root,
        )
        print({RESULT_MARK!r} + repr(answers))
        """,
        args=[str(path)],
    )
    assert result_of(proc) == (
        False,
        subject.make(1)([1, 2], label="x"),
        True,
        ["root", "nodes"],
        "w",
        True,
        ("other", True, True),
        True,
    )


def test_records_keep_their_values_in_a_dict_as_dataclasses_do() -> None:
    # pickle and copy of a record (what user code does with inspect's result) take its __dict__.
    ref = _model.Ref("a")
    node = _model.CellNode(contents=ref)
    assert vars(node) == {"contents": ref, "empty": False}
    assert copy.deepcopy(node) == node
    data: Dict[str, Any] = {"node": node}
    import pickle

    assert pickle.loads(pickle.dumps(data))["node"] == node


@pytest.mark.parametrize("name", RECORD_CLASSES)
def test_a_record_made_by_position_is_the_one_its_class_makes(name: str) -> None:
    """The parser makes its nodes with positional_maker (issue 9): for every record class, the
    same type, the same fields in the same order (compared or not), equal, hashed alike and
    frozen."""
    from srcpickle._records import positional_maker

    cls = getattr(_model, name)
    values = [f"value of {field.name}" for field in dataclasses.fields(cls)]
    made, expected = positional_maker(cls)(*values), cls(*values)
    assert type(made) is cls
    assert vars(made) == vars(expected) and list(vars(made)) == list(vars(expected))
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.x = 1

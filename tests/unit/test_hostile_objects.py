"""Objects whose own code fails when srcpickle asks about them.

Whatever an object's hooks raise while it is captured (its ``__class__``, ``__getattribute__``,
``__reduce_ex__``, a metaclass property...), ``dumps`` raises ``UnsupportedObjectError`` naming
where the object was found, with the object's exception as the cause: never the object's
exception itself, wherever the object sits (the root, a container, a closure, a default). An
interrupt (``KeyboardInterrupt``) is not a failure of the object and goes through untouched.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest

import srcpickle
from srcpickle.errors import UnsupportedObjectError


class Custom(Exception):
    """An exception class of the user's own."""


EXCEPTIONS = [ValueError, KeyError, StopIteration, RuntimeError, TypeError, LookupError, Custom]


def _raiser(hook: str, exc: type) -> Callable[..., Any]:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise exc(f"{hook} says no")

    return boom


def _class_property(boom: Callable[..., Any]) -> Any:
    class Hostile:
        __class__ = property(boom)  # type: ignore[assignment]

    return Hostile()


def _getattribute(boom: Callable[..., Any]) -> Any:
    class Hostile:
        def __getattribute__(self, name: str) -> Any:
            return boom()

    return Hostile()


def _getattr(boom: Callable[..., Any]) -> Any:
    class Hostile:
        def __getattr__(self, name: str) -> Any:
            return boom()

    return Hostile()


def _reduce_ex(boom: Callable[..., Any]) -> Any:
    class Hostile:
        __reduce_ex__ = boom

    return Hostile()


def _getstate(boom: Callable[..., Any]) -> Any:
    class Hostile:
        __getstate__ = boom

    hostile = Hostile()
    hostile.x = 1  # type: ignore[attr-defined]
    return hostile


def _repr_and_reduce(boom: Callable[..., Any]) -> Any:
    # The error message describes the object: its failing repr must not fail the message.
    class Hostile:
        __reduce_ex__ = boom
        __repr__ = boom

    return Hostile()


def _list_items(boom: Callable[..., Any]) -> Any:
    class Hostile(list):  # type: ignore[type-arg]
        def __reduce_ex__(self, protocol: Any) -> Any:
            return (Hostile, (), None, (boom() for _ in [1]))

    return Hostile()


def _list_iteration(boom: Callable[..., Any]) -> Any:
    class Hostile(list):  # type: ignore[type-arg]
        def __iter__(self) -> Iterator[Any]:
            return boom()  # type: ignore[no-any-return]

    return Hostile([1, 2])


def _dict_iteration(boom: Callable[..., Any]) -> Any:
    class Hostile(dict):  # type: ignore[type-arg]
        def __iter__(self) -> Iterator[Any]:
            return boom()  # type: ignore[no-any-return]

        def items(self) -> Any:
            return boom()

    hostile = Hostile()
    dict.__setitem__(hostile, 1, 2)
    return hostile


def _metaclass_module(boom: Callable[..., Any]) -> Any:
    class Meta(type):
        __module__ = property(boom)  # type: ignore[assignment]

    class Hostile(metaclass=Meta):
        pass

    return Hostile


HOSTILE: Dict[str, Callable[[Callable[..., Any]], Any]] = {
    "__class__ property": _class_property,
    "__getattribute__": _getattribute,
    "__getattr__": _getattr,
    "__reduce_ex__": _reduce_ex,
    "__getstate__": _getstate,
    "__repr__ and __reduce_ex__": _repr_and_reduce,
    "list items of its reduce": _list_items,
    "list __iter__": _list_iteration,
    "dict __iter__ and items": _dict_iteration,
    "metaclass __module__ property": _metaclass_module,
}


def _places(obj: Any) -> List[Tuple[str, Any, str]]:
    """(place, value holding obj there, where the error must say obj was found)."""

    def reads_default(value: Any = obj) -> Any:
        return value

    places = [
        ("root", obj, "root"),
        ("list item", [obj], "root[0]"),
        ("dict value", {"k": obj}, "root['k']"),
        ("tuple item", (1, obj), "root[1]"),
        ("closure cell", lambda: obj, "root.<closure>['obj']"),
        ("default", reads_default, "root.<defaults>['value']"),
    ]
    if type(obj).__hash__ is not None:
        places += [("dict key", {obj: 1}, "root<key>"), ("set item", {obj}, "root<item>")]
    return places


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


@pytest.mark.parametrize("hook", sorted(HOSTILE))
@pytest.mark.parametrize("exc", EXCEPTIONS, ids=lambda exc: exc.__name__)
def test_an_object_whose_own_code_fails_is_an_unsupported_object_error_wherever_it_is(
    hook: str, exc: type
) -> None:
    obj = HOSTILE[hook](_raiser(hook, exc))
    for place, value, path in _places(obj):
        with pytest.raises(UnsupportedObjectError) as info:
            srcpickle.dumps(value)
        message = str(info.value)
        assert f"found at {path}:" in message, (place, message)
        causes = [type(cause) for cause in _chain(info.value)]
        # A StopIteration from the object's own code is reported as PEP 479 does (a
        # RuntimeError caused by it); every other exception is the cause itself.
        assert exc in causes, (place, causes)


@pytest.mark.parametrize("hook", ["__class__ property", "__reduce_ex__", "list __iter__"])
def test_an_interrupt_inside_an_object_hook_is_not_swallowed(hook: str) -> None:
    obj = HOSTILE[hook](_raiser(hook, KeyboardInterrupt))
    for place, value, _ in _places(obj):
        with pytest.raises(KeyboardInterrupt):
            srcpickle.dumps(value)


class _UnhashableMeta(type):
    """Defines __eq__ without __hash__: its classes cannot be hashed."""

    def __eq__(cls, other: object) -> bool:
        return cls is other


class _HashFailsMeta(type):
    def __hash__(cls) -> int:
        raise ValueError("this class has no hash")


# A global read by _reads_odd_global (set by the test).
ODD_GLOBAL: Any = None


def _reads_odd_global() -> Any:
    return ODD_GLOBAL


@pytest.mark.parametrize("meta", [_UnhashableMeta, _HashFailsMeta], ids=lambda meta: meta.__name__)
def test_an_object_whose_class_cannot_be_hashed_is_refused_where_it_is(
    meta: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Capture tests a live object's type against the scalar types by hashing it (a set): a class
    whose metaclass cannot hash it is no scalar, and its instance goes on to the pickle protocol,
    which refuses it as pickle does (copyreg's table is looked up by the class). The error names
    the object where it was found, wherever that is: never the function that reads it."""
    odd_class = meta("Odd", (), {"__reduce__": lambda self: (type(self), ())})
    obj = odd_class()

    def reads_keyword_default(*, value: Any = obj) -> Any:
        return value

    def with_attribute() -> None:
        pass

    with_attribute.data = obj  # type: ignore[attr-defined]
    monkeypatch.setitem(globals(), "ODD_GLOBAL", obj)
    places = [p for p in _places(obj) if p[0] not in ("dict key", "set item")] + [
        ("global", _reads_odd_global, "root.__globals__['ODD_GLOBAL']"),
        ("keyword default", reads_keyword_default, "root.__kwdefaults__['value']"),
        ("function attribute", with_attribute, "root.data"),
        ("list of a global and the object", [_reads_odd_global, obj], "root[0].__globals__['ODD_GLOBAL']"),
        ("frozenset item", frozenset([(1, obj)]), "root<item>[1]"),
        ("list item after scalars", [1, "a", None, obj], "root[3]"),
    ]
    for place, value, path in places:
        with pytest.raises(UnsupportedObjectError) as info:
            srcpickle.dumps(value)
        message = str(info.value)
        assert message.startswith("cannot capture <"), (place, message)
        assert "Odd object" in message, (place, message)
        assert f"found at {path}: it refuses the pickle protocol" in message, (place, message)


class _LyingMeta(type):
    """A metaclass whose classes say they equal anything (and hash as classes do): a test of a
    type by == (``type(obj) in (list, dict)``) takes them for whatever it asks about."""

    def __eq__(cls, other: object) -> bool:
        return True

    __hash__ = type.__hash__


class _EqFailsMeta(type):
    """A metaclass whose classes' == raises (and hash as classes do)."""

    def __eq__(cls, other: object) -> bool:
        raise ValueError("this class will not be compared")

    __hash__ = type.__hash__


class _EqStopsMeta(type):
    """A metaclass whose classes' == raises StopIteration (which ends a generator's step when it
    escapes into one)."""

    def __eq__(cls, other: object) -> bool:
        raise StopIteration("this class will not be compared")

    __hash__ = type.__hash__


_FRESH_LOADER = r"""
import json, sys
import srcpickle

results = []
for text in json.load(sys.stdin):
    value = srcpickle.loads(text.encode("utf-8"))
    if callable(value):
        value = value()
    results.append(repr(value))
print(json.dumps(results))
"""


@pytest.mark.parametrize("meta", [_LyingMeta, _EqFailsMeta, _EqStopsMeta], ids=lambda meta: meta.__name__)
def test_an_object_whose_class_lies_or_fails_when_compared_goes_by_its_own_protocol(
    meta: type, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Capture tells a live object's kind (scalar, container, static method, type variable)
    without comparing its type with == (which runs its metaclass's __eq__): an instance of a class
    whose metaclass says it equals anything went to the containers' handler, whose error was
    raised raw; one whose == raises raised that error. Wherever it sits, it goes by its own
    __reduce__, and a fresh process loads what that gives."""
    import json
    import subprocess
    import sys

    odd_class = meta("Odd", (), {"__reduce__": lambda self: (complex, (1.0, 2.0))})
    obj = odd_class()

    def reads_default(value: Any = obj) -> Any:
        return value

    def reads_keyword_default(*, value: Any = obj) -> Any:
        return value

    def reads_closure() -> Any:
        return obj

    def with_attribute() -> Any:
        return with_attribute.data  # type: ignore[attr-defined]

    with_attribute.data = obj  # type: ignore[attr-defined]
    monkeypatch.setitem(globals(), "ODD_GLOBAL", obj)
    places = {
        "root": (obj, "(1+2j)"),
        "list item": ([obj], "[(1+2j)]"),
        "list item after scalars": ([1, "a", None, obj], "[1, 'a', None, (1+2j)]"),
        "tuple item": ((obj,), "((1+2j),)"),
        "dict value": ({"a": obj}, "{'a': (1+2j)}"),
        "dict key": ({obj: 1}, "{(1+2j): 1}"),
        "set item": ({obj}, "{(1+2j)}"),
        "frozenset item": (frozenset([obj]), "frozenset({(1+2j)})"),
        "default": (reads_default, "(1+2j)"),
        "keyword default": (reads_keyword_default, "(1+2j)"),
        "closure cell": (reads_closure, "(1+2j)"),
        "global": (_reads_odd_global, "(1+2j)"),
        "function attribute": (with_attribute, "(1+2j)"),
    }
    texts = [srcpickle.dumps(value).decode("utf-8") for value, _ in places.values()]
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_LOADER],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = dict(zip(places, json.loads(done.stdout)))
    assert loaded == {place: expected for place, (_, expected) in places.items()}


def _lying(reduction: Callable[[], Any]) -> Any:
    class Liar:
        def __reduce_ex__(self, protocol: Any) -> Any:
            return reduction()

    return Liar()


# Reductions pickle refuses (save_reduce's rules), and what the error says about each.
LYING_REDUCTIONS: Dict[str, Tuple[Callable[[], Any], str]] = {
    "arguments as a str": (lambda: (int, "12"), "the second item (the arguments) is str, not a tuple"),
    "arguments as a list": (lambda: (int, ["12"]), "the second item (the arguments) is list, not a tuple"),
    "seven items": (lambda: (int, (), None, None, None, None, None), "a tuple of 7 items"),
    "one item": (lambda: (int,), "a tuple of 1 item,"),
    "a callable that is not": (lambda: ("int", ()), "the first item (the callable) is str"),
    "list items in a list": (lambda: (list, (), None, [1]), "item 4 (the list items) is list"),
    "dict items in a dict": (lambda: (dict, (), None, None, {1: 2}), "item 5 (the dict items) is dict"),
    "a state setter that is not": (lambda: (list, (), {}, None, None, 5), "the sixth item (the state"),
}


@pytest.mark.parametrize("lie", sorted(LYING_REDUCTIONS))
def test_a_reduction_pickle_would_refuse_is_refused_where_it_is(lie: str) -> None:
    """__reduce__ returning (int, "12") was taken as int('1', '2'), one argument per character: a
    payload that failed only when loaded (LoadError: int() takes at most 2 arguments); one of 7
    items said "returned tuple, not a tuple"."""
    reduction, says = LYING_REDUCTIONS[lie]
    for place, value, path in _places(_lying(reduction)):
        with pytest.raises(UnsupportedObjectError) as info:
            srcpickle.dumps(value)
        message = str(info.value)
        assert f"found at {path}: its __reduce_ex__ lies about it: " in message, (place, message)
        assert says in message, (place, message)


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda: __import__("threading").Thread(target=print), "threading.Thread"),
        (lambda: __import__("threading").Event(), "threading.Event"),
        (lambda: __import__("threading").Condition(), "threading.Condition"),
    ],
    ids=["Thread", "Event", "Condition"],
)
def test_an_object_refused_for_what_it_holds_is_named_with_it(make: Callable[[], Any], kind: str) -> None:
    """A Thread in a global was refused as "<_thread.lock object> ... found at
    root.__globals__['T'].__reduce__()[2]['_started']...": the lock the user never made. The
    message also names the object the user holds and where."""
    obj = make()
    for place, value, path in _places(obj):
        with pytest.raises(UnsupportedObjectError) as info:
            srcpickle.dumps(value)
        message = str(info.value)
        assert f"found at {path}.__reduce__()" in message, (place, message)
        assert f"of type {kind}, found at {path}, which srcpickle asked how to rebuild" in message, (
            place,
            message,
        )


def test_an_object_refused_for_itself_names_no_holder() -> None:
    import threading

    with pytest.raises(UnsupportedObjectError) as info:
        srcpickle.dumps([threading.Lock()])
    assert "it is part of <" not in str(info.value)


def _paused_generator() -> Any:
    def numbers() -> Iterator[int]:
        yield 1

    return numbers()


def _frame() -> Any:
    import sys

    return sys._getframe()


def _traceback() -> Any:
    try:
        raise ValueError("x")
    except ValueError as exc:
        return exc.__traceback__


def _rlock() -> Any:
    import threading

    return threading.RLock()


INTERPRETER_STATE: Dict[str, Tuple[Callable[[], Any], str]] = {
    "generator": (_paused_generator, "it is a generator (a paused frame)"),
    "frame": (_frame, "it is a frame"),
    "traceback": (_traceback, "it is a traceback (frames)"),
    "code object": (lambda: _frame.__code__, "it is a code object (bytecode"),
    "cell": (lambda: __import__("types").CellType(1), "it is a closure cell on its own"),
    "lock": (lambda: __import__("threading").Lock(), "it is a lock"),
    "RLock": (_rlock, "it is a lock"),
}


@pytest.mark.parametrize("kind", sorted(INTERPRETER_STATE))
def test_running_interpreter_state_is_refused_on_every_python(kind: str) -> None:
    """PyPy's reduce protocol takes generators, frames, tracebacks, code objects, cells and
    RLocks: dumped on PyPy, a generator or a frame became a payload no Python loads
    (object.__new__(generator) is not safe), a code object or a cell a call of PyPy's
    _pickle_support (bytecode; loading on CPython said "pip install"), an RLock a new one. Each
    is refused, by what it is, where it was found, on CPython and PyPy alike."""
    make, says = INTERPRETER_STATE[kind]
    obj = make()
    for place, value, path in _places(obj):
        with pytest.raises(UnsupportedObjectError) as info:
            srcpickle.dumps(value)
        message = str(info.value)
        assert f"found at {path}: {says}" in message, (place, message)
        assert "part of a running interpreter, which srcpickle never carries" in message, (place, message)

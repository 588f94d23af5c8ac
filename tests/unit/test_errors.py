"""The error classes: one base, a dump side, a load side and the errors of the tools that work on
payloads without loading them (check, migrate); each survives pickling intact."""

from __future__ import annotations

import inspect
import io
import pickle
import queue
import threading
from typing import Any, List

import pytest

import srcpickle
from srcpickle import errors

ERROR_CLASSES: List[Any] = [
    obj
    for _, obj in inspect.getmembers(errors, inspect.isclass)
    if obj.__module__ == errors.__name__ and issubclass(obj, BaseException) and not issubclass(obj, Warning)
]
DUMP_SIDE = {"SourceUnavailableError", "SourceMismatchError", "UnsupportedObjectError"}
LOAD_SIDE = {
    "PayloadFormatError",
    "FormatVersionError",
    "PythonVersionError",
    "MissingDependencyError",
    "DisallowedImportError",
}
# Neither dumping nor loading: checking a payload on another interpreter, migrating one.
TOOL_SIDE = {"CheckError", "MigrationError"}
# A public function's argument it cannot take: also what Python raises for one (and earlier
# releases raised), so except TypeError / except ValueError keep catching it.
ARGUMENT_SIDE = {"ArgumentError"}


def test_the_expected_classes_exist() -> None:
    names = {cls.__name__ for cls in ERROR_CLASSES}
    assert names >= DUMP_SIDE | LOAD_SIDE | TOOL_SIDE | ARGUMENT_SIDE | {
        "SrcpickleError",
        "DumpError",
        "LoadError",
    }


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_derives_from_the_base(cls: type) -> None:
    assert issubclass(cls, errors.SrcpickleError)
    assert issubclass(cls, Exception)
    assert cls.__doc__ and cls.__doc__.strip(), f"{cls.__name__} has no docstring"


@pytest.mark.parametrize("name", sorted(DUMP_SIDE))
def test_dump_side_errors_are_dump_errors(name: str) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, errors.DumpError)
    assert not issubclass(cls, errors.LoadError)


@pytest.mark.parametrize("name", sorted(LOAD_SIDE))
def test_load_side_errors_are_load_errors(name: str) -> None:
    cls = getattr(errors, name)
    assert issubclass(cls, errors.LoadError)
    assert not issubclass(cls, errors.DumpError)


def test_every_class_is_either_dump_or_load_side() -> None:
    for cls in ERROR_CLASSES:
        if cls in (errors.SrcpickleError, errors.DumpError, errors.LoadError):
            continue
        if cls.__name__ in ARGUMENT_SIDE:
            assert cls.__bases__ == (errors.SrcpickleError, TypeError, ValueError), cls
            continue
        if cls.__name__ in TOOL_SIDE:
            assert not issubclass(cls, (errors.DumpError, errors.LoadError)), cls
            assert cls.__bases__ == (errors.SrcpickleError,), cls
            continue
        assert issubclass(cls, errors.DumpError) != issubclass(cls, errors.LoadError), cls


def test_migration_warning_is_a_warning() -> None:
    assert issubclass(errors.MigrationWarning, UserWarning)


def test_format_version_error_is_a_payload_format_error() -> None:
    assert issubclass(errors.FormatVersionError, errors.PayloadFormatError)


def test_missing_dependency_error_is_an_import_error() -> None:
    assert issubclass(errors.MissingDependencyError, ImportError)
    error = errors.MissingDependencyError("needs numpy", ("numpy",))
    with pytest.raises(ImportError):
        raise error
    assert error.missing == ("numpy",)


def test_dependency_version_warning_is_a_warning() -> None:
    assert issubclass(errors.DependencyVersionWarning, UserWarning)


def test_public_names_are_the_error_module_classes() -> None:
    for name in errors.__all__:
        assert getattr(srcpickle, name) is getattr(errors, name)
        assert name in srcpickle.__all__
    assert {cls.__name__ for cls in ERROR_CLASSES} <= set(errors.__all__)


def _instances() -> List[errors.SrcpickleError]:
    made: List[errors.SrcpickleError] = []
    for cls in ERROR_CLASSES:
        if issubclass(cls, errors.PayloadFormatError):
            made.append(cls("bad field", 3, 7))
            made.append(cls("no position"))
        elif cls is errors.MissingDependencyError:
            made.append(cls("needs numpy: pip install numpy", ("numpy", "scipy")))
        else:
            made.append(cls(f"{cls.__name__}: what failed, for which object, what to do"))
    return made


@pytest.mark.parametrize(
    "error", _instances(), ids=lambda e: f"{type(e).__name__}-{getattr(e, 'line', None)}"
)
@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_errors_survive_pickling(error: errors.SrcpickleError, protocol: int) -> None:
    copy = pickle.loads(pickle.dumps(error, protocol=protocol))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.message == error.message
    assert copy.args == error.args
    for field in ("line", "column", "missing"):
        assert getattr(copy, field, None) == getattr(error, field, None)


def test_payload_format_error_reports_its_position() -> None:
    error = errors.PayloadFormatError("unexpected text", 12, 5)
    assert str(error) == "unexpected text (line 12, column 5)"
    assert (error.line, error.column, error.message) == (12, 5, "unexpected text")
    assert str(errors.PayloadFormatError("unexpected text", 12)) == "unexpected text (line 12)"
    assert str(errors.PayloadFormatError("unexpected text")) == "unexpected text"


def test_a_real_error_survives_pickling() -> None:
    namespace: dict = {}  # type: ignore[type-arg]
    exec("def made(x):\n    return x\n", namespace)  # noqa: S102 - a function without source
    with pytest.raises(errors.SourceUnavailableError) as info:
        srcpickle.dumps(namespace["made"])
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is errors.SourceUnavailableError
    assert str(copy) == str(info.value)
    assert "made" in str(copy)


def test_a_real_payload_error_keeps_its_position_through_pickling() -> None:
    with pytest.raises(errors.PayloadFormatError) as info:
        srcpickle.loads(b"srcpickle-payload 1\nwritten-by: 'x'\nrequires-python: 3.9\nroot: None\n\n[end]\n")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (type(copy), str(copy), copy.line, copy.column) == (
        type(info.value),
        str(info.value),
        info.value.line,
        info.value.column,
    )
    assert copy.line is not None


def test_internal_errors_do_not_escape_raw() -> None:
    """Garbage in gives a ``PayloadFormatError``, never a raw KeyError, ValueError or
    UnicodeDecodeError."""
    for data in (
        b"",
        b"\xff\xfe\x00",
        b"srcpickle-payload 1\n",
        "srcpickle-payload 1\nroot: @nowhere\n[end]\n",
    ):
        with pytest.raises(errors.PayloadFormatError):
            srcpickle.loads(data)


class _Stopper:
    # Choosing a handler asks isinstance(obj, types.ModuleType), which reads the object's
    # __class__ when its type is no module: this property raises StopIteration there, which must
    # not end the walk's step.
    @property  # type: ignore[misc]
    def __class__(self) -> type:  # type: ignore[override]
        raise StopIteration("asked for its class")


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: _Stopper(), "root"),
        (lambda: [1, _Stopper()], "root[1]"),
        (lambda: {"k": (1, _Stopper())}, "root['k'][1]"),
    ],
)
def test_stop_iteration_while_choosing_a_handler_is_a_failure_of_that_object(make: Any, path: str) -> None:
    """A ``StopIteration`` raised by an object's own code while the walk picks its handler is
    reported as that object's failure (as Python reports one raised in a generator), never taken
    for the end of a step that would leave a value out of the payload."""
    with pytest.raises(errors.UnsupportedObjectError) as caught:
        srcpickle.dumps(make())
    message = str(caught.value)
    assert f"found at {path}:" in message
    assert "_Stopper object" in message
    assert "RuntimeError: generator raised StopIteration" in message
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert isinstance(caught.value.__cause__.__cause__, StopIteration)


def _made_by_exec() -> Any:
    namespace: dict = {}
    exec("def no_source(x):\n    return x + 1\n", namespace)  # noqa: S102 - a function without a file
    return namespace["no_source"]


def _reads_a_generator() -> Any:
    numbers = (n for n in range(3))

    def next_number() -> int:
        return next(numbers)

    return next_number


@pytest.mark.parametrize("make", [_made_by_exec, _reads_a_generator], ids=["no source", "generator"])
@pytest.mark.parametrize(
    ("wrap", "path"),
    [
        (lambda fn: fn, "root"),
        (lambda fn: [1, fn], "root[1]"),
        (lambda fn: {"k": (0, [fn])}, "root['k'][1][0]"),
    ],
)
def test_a_refused_function_is_refused_wherever_the_walk_meets_it(make: Any, wrap: Any, path: str) -> None:
    """A function the capture refuses (no source; one reading a generator) is refused with its
    path, at the root and nested in containers, and the walk stops there: the same refusal on a
    second dumps, and a dumps of something else afterwards is not affected."""
    fn = make()
    messages = []
    for _ in range(2):
        with pytest.raises((errors.SourceUnavailableError, errors.UnsupportedObjectError)) as caught:
            srcpickle.dumps(wrap(fn))
        messages.append((type(caught.value), str(caught.value)))
    assert messages[0] == messages[1]
    assert f"found at {path}" in messages[0][1]
    assert srcpickle.loads(srcpickle.dumps(wrap(3))) == wrap(3)


def _spawn_queue() -> Any:
    import multiprocessing

    return multiprocessing.get_context("spawn").Queue()


def _spawn_lock() -> Any:
    import multiprocessing

    return multiprocessing.get_context("spawn").Lock()


SHARED = "multiprocessing.Manager()'s (manager.Lock(), manager.Queue())"
AS_ARGUMENT = "Pass such data to the function as an argument instead."


@pytest.mark.parametrize(
    ("make", "remedy"),
    [
        *[
            (make, SHARED)
            for make in (
                threading.Lock,
                threading.RLock,
                threading.Event,
                threading.Condition,
                threading.Semaphore,
                threading.BoundedSemaphore,
                queue.Queue,
                queue.SimpleQueue,
                _spawn_queue,
                _spawn_lock,
            )
        ],
        (threading.Thread, AS_ARGUMENT),
        (lambda: io.TextIOWrapper(io.BytesIO()), AS_ARGUMENT),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else value[:6],
)
def test_a_refused_lock_or_queue_says_how_processes_share_one(make: Any, remedy: str) -> None:
    """Passing a lock or a queue "as an argument instead" fails in a process pool too: the
    refusal of one (held by a function, or inside the object held) says how to share one; other
    process state (a thread, a file) keeps the advice to pass it as an argument."""
    held = make()

    def uses(item: Any = held) -> Any:
        return item

    with pytest.raises(errors.UnsupportedObjectError) as caught:
        srcpickle.dumps(uses)
    message = str(caught.value)
    assert "found at root.<defaults>['item']" in message
    assert remedy in message
    assert (SHARED if remedy == AS_ARGUMENT else AS_ARGUMENT) not in message

"""Multiprocessing contexts whose pickling is ``srcpickle.Pickler``.

``get_context(method)`` gives a context of the ``spawn``, ``forkserver`` or ``fork`` method for
``ProcessPoolExecutor(mp_context=...)``, ``ctx.Pool()``, ``ctx.Process`` and ``ctx.Queue``: the
functions, lambdas and classes their tasks, initializers, targets and results carry travel by
source where the other process could not import them; everything else as multiprocessing pickles
it (with its own reducers: connections, sockets, shared-memory tensors).

multiprocessing picks its pickler per process, not per context (the queues bind it when they are
imported), so a context cannot just name a reducer: its queues, its pool's pipes and its
processes pickle with srcpickle themselves, and ``ProcessPoolExecutor``, which makes its call
queue without asking the context, has that queue adopted when the context starts a worker for it.
Pickles made here live as long as a pool does, and may name srcpickle's private classes.

Queues pickle in ``put``, in the caller's thread, never in their feeder thread. Since CPython 3.13
(gh-83856) a child process flushes its queues from an ``atexit`` hook, which runs after the loader's
own exit hook (hooks run in reverse order of registration) has released the sources of the
functions the child loaded when multiprocessing registered its hook first; pickling a function
made by one of them failed there, and multiprocessing only logs a feeder thread's error once the
process is exiting, so the object was lost without a word.
Pickled in ``put``, an object is sent as it was when put, and one that cannot be sent raises there.

Imports only the standard library.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import multiprocessing.context
import multiprocessing.pool
import multiprocessing.queues
import multiprocessing.reduction
import pickle
import sys
from concurrent.futures import process as _futures
from typing import Any, ClassVar, Dict, Iterable, Optional, Tuple, cast

from ._exceptions import explain_name_error
from ._pickler import Options, Pickler, _options
from .errors import ArgumentError

NO_OPTIONS: Options = ((), ())


class ForkingPickler(Pickler):
    """``srcpickle.Pickler`` with the reducers multiprocessing registers (connections,
    sockets, and those of libraries: torch's shared-memory tensors)."""

    def __init__(self, file: Any, protocol: Optional[int] = None, options: Options = NO_OPTIONS) -> None:
        super().__init__(file, protocol, by_value=options[0], by_reference=options[1])
        table = copyreg.dispatch_table.copy()
        table.update(vars(multiprocessing.reduction.ForkingPickler)["_extra_reducers"])
        self.dispatch_table = table

    @classmethod
    def dumps(cls, obj: Any, protocol: Optional[int] = None, options: Options = NO_OPTIONS) -> bytes:
        buffer = io.BytesIO()
        cls(buffer, protocol, options).dump(obj)
        return buffer.getvalue()


class _Pickled:
    """What a queue's feeder thread sends: ``obj`` already pickled with srcpickle by ``put``;
    unpickles as ``obj``. Pickling it only copies bytes, so the feeder never runs srcpickle."""

    __slots__ = ("data", "obj")

    def __init__(self, obj: Any, options: Options) -> None:
        self.data = ForkingPickler.dumps(obj, options=options)
        # Kept for the feeder's error hook (a call item that cannot be written fails its future).
        self.obj = obj

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        return (pickle.loads, (self.data,))


def _unwrapped(obj: Any) -> Any:
    return obj.obj if isinstance(obj, _Pickled) else obj


class Queue(multiprocessing.queues.Queue):  # type: ignore[type-arg]
    """``multiprocessing.Queue`` pickling with srcpickle, in ``put``: what it cannot send raises
    there (multiprocessing's own queue prints it from its feeder thread, or drops it at exit)."""

    def __init__(self, maxsize: int = 0, *, ctx: Any, options: Options = NO_OPTIONS) -> None:
        super().__init__(maxsize, ctx=ctx)
        self._srcpickle_options = options

    def __getstate__(self) -> Any:
        return (cast(Any, super()).__getstate__(), self._srcpickle_options)

    def __setstate__(self, state: Any) -> None:
        cast(Any, super()).__setstate__(state[0])
        self._srcpickle_options = state[1]

    def put(self, obj: Any, block: bool = True, timeout: Optional[float] = None) -> None:
        super().put(_Pickled(obj, self._srcpickle_options), block, timeout)


class JoinableQueue(Queue, multiprocessing.queues.JoinableQueue):  # type: ignore[type-arg]
    """``multiprocessing.JoinableQueue`` pickling with srcpickle, in ``put`` (``Queue``'s methods,
    which reach the joinable queue's own through ``super()``)."""


class _CallQueue(_futures._SafeQueue):
    """A ``ProcessPoolExecutor``'s call queue, adopted: its call items pickle with srcpickle,
    and an item that cannot be pickled still fails its own future."""

    _srcpickle_options: Options = NO_OPTIONS

    def put(self, obj: Any, block: bool = True, timeout: Optional[float] = None) -> None:
        item: Any = obj
        if obj is not None:  # None: the sentinel that stops a worker
            try:
                item = _Pickled(obj, self._srcpickle_options)
            except Exception as exc:  # noqa: BLE001 - what the feeder thread catches, handled as it would
                # The executor's manager thread calls put: raising here would break the pool,
                # while the feeder's hook fails only this item's future, with the error.
                self._on_queue_feeder_error(exc, obj)
                return
        super().put(item, block, timeout)

    def _on_queue_feeder_error(self, e: Exception, obj: Any) -> None:
        super()._on_queue_feeder_error(e, _unwrapped(obj))


class _Writer:
    """The writing end of a ``SimpleQueue``: ``Pool`` sends its tasks with ``send``."""

    __slots__ = ("connection", "options")

    def __init__(self, connection: Any, options: Options) -> None:
        self.connection = connection
        self.options = options

    def send(self, obj: Any) -> None:
        self.connection.send_bytes(ForkingPickler.dumps(obj, options=self.options))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


class SimpleQueue(multiprocessing.queues.SimpleQueue):  # type: ignore[type-arg]
    """``multiprocessing.SimpleQueue`` pickling with srcpickle (the pipes of ``Pool`` and the
    result queue of ``ProcessPoolExecutor``)."""

    _writer: Any

    def __init__(self, *, ctx: Any, options: Options = NO_OPTIONS) -> None:
        super().__init__(ctx=ctx)
        self._writer = _Writer(self._writer, options)

    def __getstate__(self) -> Any:
        reader, writer, rlock, wlock = cast(Any, super()).__getstate__()
        return (reader, writer.connection, rlock, wlock, writer.options)

    def __setstate__(self, state: Any) -> None:
        cast(Any, super()).__setstate__(state[:4])
        self._writer = _Writer(self._writer, state[4])

    def put(self, obj: Any) -> None:
        if type(obj) is _futures._ResultItem and obj.exception is not None:
            # A ProcessPoolExecutor task's error: its traceback is already text here.
            error = obj.exception
            explain_name_error(getattr(error, "exc", error), getattr(error, "tb", ""))
        data = ForkingPickler.dumps(obj, options=self._writer.options)
        if self._wlock is None:  # type: ignore[attr-defined]
            self._writer.send_bytes(data)
        else:
            with self._wlock:  # type: ignore[attr-defined]
                self._writer.send_bytes(data)


def _rebuild_process(data: bytes) -> Any:
    cls, state = pickle.loads(data)  # noqa: S301 - written by this process's parent (spawn, forkserver)
    process = cls.__new__(cls)
    process.__dict__.update(state)
    # What the process runs of the user's: the initializer of a pool's worker, else its target.
    target, args = state.get("_target"), state.get("_args")
    workers = (getattr(multiprocessing.pool, "worker"), _futures._process_worker)  # noqa: B009 - no stub
    if target in workers and isinstance(args, tuple) and len(args) > 2 and callable(args[2]):
        process._args = (*args[:2], _Explaining(args[2]), *args[3:])
    elif target is not None and target not in workers:
        process._target = _Explaining(target)
    return process


class _Explaining:
    """Calls ``fn``; a NameError a loaded function raises there says which function and global
    (see ``_exceptions.explain_name_error``): multiprocessing prints it as the worker dies."""

    __slots__ = ("fn",)

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.fn(*args, **kwargs)
        except NameError as exc:
            explain_name_error(exc)
            raise


class _Process:
    """What the processes of a srcpickle context add: they pickle (target, arguments) with
    srcpickle when started by spawn or forkserver, and adopt the call queue of a
    ``ProcessPoolExecutor`` they are a worker of."""

    _target: Any
    _args: Tuple[Any, ...]
    # The per-module choices of the context (a context with choices has a subclass of its own,
    # which pickles as its importable base, _srcpickle_static).
    _srcpickle_options: Options = NO_OPTIONS
    _srcpickle_static: type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._target is _futures._process_worker and self._args:
            queue = self._args[0]
            if type(queue) is _futures._SafeQueue:
                queue.__class__ = _CallQueue
                cast(_CallQueue, queue)._srcpickle_options = self._srcpickle_options

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        state = (self._srcpickle_static, self.__dict__)
        return (_rebuild_process, (ForkingPickler.dumps(state, options=self._srcpickle_options),))


class _Context:
    """What a srcpickle context changes in its base context."""

    Process: ClassVar[Any]

    def __init__(self, options: Options = NO_OPTIONS) -> None:
        self._srcpickle_options = options
        if options != NO_OPTIONS:
            base = type(self).Process
            process = type(base.__name__, (base,), {"_srcpickle_options": options, "__module__": __name__})
            setattr(self, "Process", process)  # noqa: B010 - the instance's own, over the class's

    def get_context(self, method: Optional[str] = None) -> Any:
        if method is None:
            return self
        return get_context(
            method, by_value=self._srcpickle_options[0], by_reference=self._srcpickle_options[1]
        )

    def SimpleQueue(self) -> SimpleQueue:  # noqa: N802 - multiprocessing's name
        return SimpleQueue(ctx=self.get_context(), options=self._srcpickle_options)

    def Queue(self, maxsize: int = 0) -> Queue:  # noqa: N802
        return Queue(maxsize, ctx=self.get_context(), options=self._srcpickle_options)

    def JoinableQueue(self, maxsize: int = 0) -> JoinableQueue:  # noqa: N802
        return JoinableQueue(maxsize, ctx=self.get_context(), options=self._srcpickle_options)


class SpawnProcess(_Process, multiprocessing.context.SpawnProcess):
    """A spawned process whose target and arguments travel with srcpickle."""


SpawnProcess._srcpickle_static = SpawnProcess


class SpawnContext(_Context, multiprocessing.context.SpawnContext):
    """The ``spawn`` context of srcpickle."""

    Process = SpawnProcess


_CONTEXT_CLASSES: Dict[str, Any] = {"spawn": SpawnContext}

if sys.platform != "win32":

    class ForkServerProcess(_Process, multiprocessing.context.ForkServerProcess):
        """A forkserver process whose target and arguments travel with srcpickle."""

    ForkServerProcess._srcpickle_static = ForkServerProcess

    class ForkServerContext(_Context, multiprocessing.context.ForkServerContext):
        """The ``forkserver`` context of srcpickle."""

        Process = ForkServerProcess

    class ForkProcess(_Process, multiprocessing.context.ForkProcess):
        """A forked process (its target is inherited; its queues pickle with srcpickle)."""

    ForkProcess._srcpickle_static = ForkProcess

    class ForkContext(_Context, multiprocessing.context.ForkContext):
        """The ``fork`` context of srcpickle."""

        Process = ForkProcess

    _CONTEXT_CLASSES.update(forkserver=ForkServerContext, fork=ForkContext)

_CONTEXTS: Dict[Tuple[str, Options], Any] = {}


def get_context(
    method: Optional[str] = None, *, by_value: Iterable[Any] = (), by_reference: Iterable[Any] = ()
) -> multiprocessing.context.BaseContext:
    """A multiprocessing context whose pickling is ``srcpickle.Pickler``.

    Args:
        method: ``"spawn"``, ``"forkserver"`` or ``"fork"``; default: multiprocessing's current
            start method.
        by_value, by_reference: per-module choices, as for ``srcpickle.dumps`` (they hold for
            what the workers send back too).

    Returns:
        The context (one per method and choices): pass it to
        ``ProcessPoolExecutor(mp_context=...)``, use its ``Pool``, ``Process``, ``Queue`` and
        ``SimpleQueue``.

    Raises:
        ArgumentError: ``method`` is not a start method of this platform, or ``by_value`` or
            ``by_reference`` is wrong as for ``srcpickle.dumps`` (also a ``ValueError``).
    """
    if method is None:
        method = (
            multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
        )
    if not isinstance(method, str):
        raise ArgumentError(
            f"get_context(): method is a start method's name ('spawn', 'forkserver', 'fork'), "
            f"not {type(method).__name__}"
        )
    options = _options(by_value, by_reference, "get_context")
    context = _CONTEXTS.get((method, options))
    if context is None:
        if method not in _CONTEXT_CLASSES or method not in multiprocessing.get_all_start_methods():
            available = ", ".join(m for m in multiprocessing.get_all_start_methods() if m in _CONTEXT_CLASSES)
            # (an ArgumentError is a ValueError, what this raised before)
            raise ArgumentError(f"cannot find context for {method!r}: this platform has {available}")
        context = _CONTEXTS.setdefault((method, options), _CONTEXT_CLASSES[method](options))
    return context  # type: ignore[no-any-return]


__all__ = ["ForkingPickler", "get_context"]

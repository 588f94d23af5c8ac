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

Imports only the standard library.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import multiprocessing.context
import multiprocessing.queues
import multiprocessing.reduction
import pickle
import sys
from concurrent.futures import process as _futures
from typing import Any, Dict, Optional, Tuple, cast

from ._pickler import Pickler


class ForkingPickler(Pickler):
    """``srcpickle.Pickler`` with the reducers multiprocessing registers (connections,
    sockets, and those of libraries: torch's shared-memory tensors)."""

    def __init__(self, file: Any, protocol: Optional[int] = None) -> None:
        super().__init__(file, protocol)
        table = copyreg.dispatch_table.copy()
        table.update(vars(multiprocessing.reduction.ForkingPickler)["_extra_reducers"])
        self.dispatch_table = table

    @classmethod
    def dumps(cls, obj: Any, protocol: Optional[int] = None) -> bytes:
        buffer = io.BytesIO()
        cls(buffer, protocol).dump(obj)
        return buffer.getvalue()


class _Pickled:
    """An object a queue's feeder thread pickles with srcpickle; unpickles as the object."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        return (pickle.loads, (ForkingPickler.dumps(self.obj),))


def _unwrapped(obj: Any) -> Any:
    return obj.obj if isinstance(obj, _Pickled) else obj


class Queue(multiprocessing.queues.Queue):  # type: ignore[type-arg]
    """``multiprocessing.Queue`` pickling with srcpickle."""

    def put(self, obj: Any, block: bool = True, timeout: Optional[float] = None) -> None:
        super().put(_Pickled(obj), block, timeout)


class JoinableQueue(multiprocessing.queues.JoinableQueue):  # type: ignore[type-arg]
    """``multiprocessing.JoinableQueue`` pickling with srcpickle."""

    def put(self, obj: Any, block: bool = True, timeout: Optional[float] = None) -> None:
        super().put(_Pickled(obj), block, timeout)


class _CallQueue(_futures._SafeQueue):
    """A ``ProcessPoolExecutor``'s call queue, adopted: its call items pickle with srcpickle,
    and an item that cannot be pickled still fails its own future."""

    def put(self, obj: Any, block: bool = True, timeout: Optional[float] = None) -> None:
        super().put(cast(Any, obj if obj is None else _Pickled(obj)), block, timeout)

    def _on_queue_feeder_error(self, e: Exception, obj: Any) -> None:
        super()._on_queue_feeder_error(e, _unwrapped(obj))


class _Writer:
    """The writing end of a ``SimpleQueue``: ``Pool`` sends its tasks with ``send``."""

    __slots__ = ("connection",)

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def send(self, obj: Any) -> None:
        self.connection.send_bytes(ForkingPickler.dumps(obj))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


class SimpleQueue(multiprocessing.queues.SimpleQueue):  # type: ignore[type-arg]
    """``multiprocessing.SimpleQueue`` pickling with srcpickle (the pipes of ``Pool`` and the
    result queue of ``ProcessPoolExecutor``)."""

    _writer: Any

    def __init__(self, *, ctx: Any) -> None:
        super().__init__(ctx=ctx)
        self._writer = _Writer(self._writer)

    def __getstate__(self) -> Any:
        reader, writer, rlock, wlock = cast(Any, super().__getstate__())
        return (reader, writer.connection, rlock, wlock)

    def __setstate__(self, state: Any) -> None:
        super().__setstate__(state)
        self._writer = _Writer(self._writer)

    def put(self, obj: Any) -> None:
        data = ForkingPickler.dumps(obj)
        if self._wlock is None:  # type: ignore[attr-defined]
            self._writer.send_bytes(data)
        else:
            with self._wlock:  # type: ignore[attr-defined]
                self._writer.send_bytes(data)


def _rebuild_process(data: bytes) -> Any:
    cls, state = pickle.loads(data)  # noqa: S301 - written by this process's parent (spawn, forkserver)
    process = cls.__new__(cls)
    process.__dict__.update(state)
    return process


class _Process:
    """What the processes of a srcpickle context add: they pickle (target, arguments) with
    srcpickle when started by spawn or forkserver, and adopt the call queue of a
    ``ProcessPoolExecutor`` they are a worker of."""

    _target: Any
    _args: Tuple[Any, ...]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self._target is _futures._process_worker and self._args:
            queue = self._args[0]
            if type(queue) is _futures._SafeQueue:
                queue.__class__ = _CallQueue

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        return (_rebuild_process, (ForkingPickler.dumps((type(self), self.__dict__)),))


class _Context:
    """What a srcpickle context changes in its base context."""

    def get_context(self, method: Optional[str] = None) -> Any:
        return self if method is None else get_context(method)

    def SimpleQueue(self) -> SimpleQueue:  # noqa: N802 - multiprocessing's name
        return SimpleQueue(ctx=self.get_context())

    def Queue(self, maxsize: int = 0) -> Queue:  # noqa: N802
        return Queue(maxsize, ctx=self.get_context())

    def JoinableQueue(self, maxsize: int = 0) -> JoinableQueue:  # noqa: N802
        return JoinableQueue(maxsize, ctx=self.get_context())


class SpawnProcess(_Process, multiprocessing.context.SpawnProcess):
    """A spawned process whose target and arguments travel with srcpickle."""


class SpawnContext(_Context, multiprocessing.context.SpawnContext):
    """The ``spawn`` context of srcpickle."""

    Process = SpawnProcess


_CONTEXT_CLASSES: Dict[str, Any] = {"spawn": SpawnContext}

if sys.platform != "win32":

    class ForkServerProcess(_Process, multiprocessing.context.ForkServerProcess):
        """A forkserver process whose target and arguments travel with srcpickle."""

    class ForkServerContext(_Context, multiprocessing.context.ForkServerContext):
        """The ``forkserver`` context of srcpickle."""

        Process = ForkServerProcess

    class ForkProcess(_Process, multiprocessing.context.ForkProcess):
        """A forked process (its target is inherited; its queues pickle with srcpickle)."""

    class ForkContext(_Context, multiprocessing.context.ForkContext):
        """The ``fork`` context of srcpickle."""

        Process = ForkProcess

    _CONTEXT_CLASSES.update(forkserver=ForkServerContext, fork=ForkContext)

_CONTEXTS: Dict[str, Any] = {}


def get_context(method: Optional[str] = None) -> multiprocessing.context.BaseContext:
    """A multiprocessing context whose pickling is ``srcpickle.Pickler``.

    Args:
        method: ``"spawn"``, ``"forkserver"`` or ``"fork"``; default: multiprocessing's current
            start method.

    Returns:
        The context (one per method): pass it to ``ProcessPoolExecutor(mp_context=...)``, use
        its ``Pool``, ``Process``, ``Queue`` and ``SimpleQueue``.

    Raises:
        ValueError: ``method`` is not a start method of this platform.
    """
    if method is None:
        method = (
            multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
        )
    context = _CONTEXTS.get(method)
    if context is None:
        if method not in _CONTEXT_CLASSES or method not in multiprocessing.get_all_start_methods():
            available = ", ".join(m for m in multiprocessing.get_all_start_methods() if m in _CONTEXT_CLASSES)
            raise ValueError(f"cannot find context for {method!r}: this platform has {available}")
        context = _CONTEXTS.setdefault(method, _CONTEXT_CLASSES[method]())
    return context  # type: ignore[no-any-return]


__all__ = ["ForkingPickler", "get_context"]

"""Pickle with srcpickle: what the other side cannot import travels as a srcpickle payload.

``Pickler`` is a ``pickle.Pickler`` whose ``reducer_override`` sends the functions and classes
that plain pickle would store as a reference the loading side cannot resolve (those of
``__main__``, of local scopes, of the user's own modules, of modules registered by value or no
longer importable; the rules of ``srcpickle.dumps``) as their srcpickle payload, rebuilt by
``srcpickle.loads_cached``. Every other object is pickled exactly as pickle pickles it (protocol
5, out-of-band buffers, ``dispatch_table``). ``portable(fn)`` wraps one callable so that any
pickler (plain pickle, cloudpickle, Dask's, Ray's) sends it that way.

Sending the same object again does not redo the work: each function or class object keeps its
payload (weakly, so the object can die) together with a fingerprint of everything its payload
was made from (code, defaults, attributes, closure contents, the globals its sources name, the
state of the data they hold, each read as the capture reads it) and the ABC cache token (the
classes registered with an ABC are the ABC's state, not the class's: any ``ABC.register``
dumps again); a changed fingerprint or token dumps again. The loading side keeps what
``loads_cached`` built, per payload, in a bounded cache.

Imports only the standard library. ``srcpickle.loads_cached`` and ``srcpickle.Portable`` are named
by every pickle this module writes: they are public API forever.
"""

from __future__ import annotations

import abc
import collections
import copyreg
import hashlib
import io
import pickle
import re
import sys
import threading
import types
import unicodedata
import weakref
from typing import IO, Any, Callable, Dict, Iterable, List, Optional, Tuple, Union

from ._args import module_choices
from ._deps import REGISTERED_BY_VALUE, Overrides, found, is_user_module
from ._exceptions import explain_name_error, new_object_reduction
from ._rebuild import LOADED_CLASSES
from .errors import DumpError, LoadError

# Loaded objects a process keeps, by payload: enough for every function and class a worker
# runs in practice, while a worker fed ever-new payloads (a closure over each task's data) stays
# bounded.
LOAD_CACHE_SIZE = 256

Buffer = Union[bytes, bytearray, memoryview]
Options = Tuple[Tuple[str, ...], Tuple[str, ...]]


# --------------------------------------------------------------------------- by value or not


_USER_MODULES: Dict[Tuple[Any, ...], bool] = {}
_USER_MODULES_LOCK = threading.Lock()
# Answers remembered at most: a process meets a few hundred modules; past this, start again.
_USER_MODULES_MAX = 4096


def _is_user_module(name: Optional[str], overrides: Overrides, options: Options) -> bool:
    # is_user_module looks at files on disk: remembered per module object and rules (a module
    # imported again is a new object, a new register_by_value a new key).
    key = (name, sys.modules.get(name or ""), options, tuple(REGISTERED_BY_VALUE))
    found = _USER_MODULES.get(key)
    if found is None:
        found = is_user_module(name, overrides)
        with _USER_MODULES_LOCK:
            if len(_USER_MODULES) >= _USER_MODULES_MAX:
                _USER_MODULES.clear()
            _USER_MODULES[key] = found
    return found


def _by_value(obj: Any, overrides: Overrides, options: Options) -> bool:
    """Whether ``obj`` (a function or class) goes as a payload rather than by reference."""
    module = getattr(obj, "__module__", None)
    if _is_user_module(module, overrides, options):
        return True
    return not found(module, getattr(obj, "__qualname__", ""), obj)


# ------------------------------------------------------------------------------ fingerprints


def _token(*args: Any) -> None:
    """Stands for an object in a fingerprint (fingerprints are compared, never loaded)."""


# The exact types the C pickler writes itself, never asking reducer_override (pickle's
# documentation of reducer_override). The pure-Python pickler, the only one PyPy has, asks about
# every object: reduced, these name themselves again (a str's reduction holds a str, a tuple's
# the tuple), and the fingerprint recursed until RecursionError (on PyPy no send was remembered,
# and 8 threads sending at once hung; see _Fingerprinter).
_PICKLED_PLAINLY = frozenset(
    {type(None), bool, int, float, bytes, str, dict, set, frozenset, list, tuple, bytearray}
)


_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def _named(payload: bytes) -> Tuple[str, ...]:
    """Every identifier in the sources of a payload: a superset of the global names they read
    (and of the attributes they reach through a module of the user's own)."""
    from ._fmt.read import parse

    names = set()
    for _, node in parse(payload).sources():
        for word in _IDENTIFIER.findall(node.source):
            # The compiler reads identifiers in NFKC form: so do the globals they name.
            names.add(word if word.isascii() else unicodedata.normalize("NFKC", word))
    return tuple(sorted(names))


# The capture's own reading of objects, imported by the first fingerprint (the loading side never
# fingerprints) and kept: an import statement in every fingerprint would take importlib's module
# lock on PyPy (see _Fingerprinter).
_CAPTURE_READING: List[Any] = []


def _capture_reading() -> List[Any]:
    from ._capture.objects import InUse, constructor_arguments

    _CAPTURE_READING[:] = [constructor_arguments, InUse]
    return _CAPTURE_READING


class _Fingerprinter(pickle.Pickler):
    """Pickles, at protocol 4 as the capture reduces objects, the state a payload was made from.

    A function or class that goes by value becomes the state the capture reads from it. What
    pickle would write as a global (a function, class or builtin that goes by reference) and
    an object pickle refuses (a lock that a global of the same name as a local holds) stand for
    themselves by identity, kept alive so an id cannot be reused while it is compared. So a
    fingerprint imports nothing: pickle's ``save_global`` imports the object's module to check
    the name, and on PyPy every import, of a loaded module too, takes importlib's module lock,
    a pure-Python lock that a ``RecursionError`` striking inside it leaves held for ever (every
    thread importing that module then hangs).
    """

    def __init__(
        self, file: IO[bytes], names: Tuple[str, ...], overrides: Overrides, options: Options
    ) -> None:
        super().__init__(file, protocol=4)
        # The token that every reduction below calls, memoised before the dump: pickled, it
        # would be a global.
        self.memo = {id(_token): (0, _token)}
        self.constructor_arguments, self.in_use = _CAPTURE_READING or _capture_reading()
        self.names = names
        self.overrides = overrides
        self.options = options
        self.keep: List[Any] = []

    def _identity(self, obj: Any) -> Tuple[str, int]:
        self.keep.append(obj)
        return ("id", id(obj))

    def _reference(self, obj: Any, name: Optional[str] = None) -> Tuple[Any, ...]:
        # By identity, and by the name the payload's import would give it (an object whose
        # __qualname__ is changed is imported by its new name).
        if name is None:
            name = getattr(obj, "__qualname__", None)
        return (_token, ("ref", getattr(obj, "__module__", None), name, self._identity(obj)))

    def _globals(self, namespace: Dict[str, Any]) -> Tuple[Tuple[str, Any], ...]:
        return tuple((name, namespace[name]) for name in self.names if name in namespace)

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _PICKLED_PLAINLY:
            return NotImplemented
        if kind is types.FunctionType:
            if not _by_value(obj, self.overrides, self.options):
                return self._reference(obj)
            cells = []
            for cell in obj.__closure__ or ():
                try:
                    cells.append(cell.cell_contents)
                except ValueError:  # an empty cell
                    cells.append(_token)
            state: Tuple[Any, ...] = (
                obj.__name__,
                obj.__qualname__,
                obj.__module__,
                obj.__doc__,
                obj.__defaults__,
                obj.__kwdefaults__,
                dict(vars(obj)),
                dict(obj.__annotations__),
                tuple(cells),
                obj.__globals__.get("__name__"),
                self._globals(obj.__globals__),
            )
            return (_token, ("function", self._identity(obj.__code__)), state)
        if isinstance(obj, type):
            if not _by_value(obj, self.overrides, self.options):
                return self._reference(obj)
            module = sys.modules.get(obj.__module__)
            namespaces = [vars(module)] if module is not None else []
            namespaces += _loaded_class_globals(obj)
            state = (
                obj.__name__,
                obj.__qualname__,
                obj.__module__,
                obj.__bases__,
                type(obj),
                tuple(vars(obj).items()),
                tuple(self._globals(namespace) for namespace in namespaces),
            )
            # By state alone: the memo holds its objects weakly, and a class's payload is made
            # of what it holds, not of its identity.
            return (_token, ("class",), state)
        if isinstance(obj, types.ModuleType):
            # By reference, or, for a module of the user's own, by the attributes the sources
            # may reach through it.
            own = _is_user_module(obj.__name__, self.overrides, self.options)
            return (_token, ("module", obj.__name__), self._globals(vars(obj)) if own else None)
        # By identity: == on a class runs its metaclass's __eq__ (see _capture.SCALARS).
        if kind is staticmethod or kind is classmethod:
            return (_token, (kind.__name__,), (obj.__func__,))
        if kind is property:
            return (_token, ("property",), (obj.fget, obj.fset, obj.fdel, obj.__doc__))
        if kind is types.GetSetDescriptorType or kind is types.MemberDescriptorType:
            # A class's __dict__, __weakref__ and slots: made by its class statement.
            return (_token, ("descriptor", obj.__name__))
        if callable(getattr(obj, "cache_parameters", None)) and hasattr(obj, "__wrapped__"):
            # functools.lru_cache: pickle names the wrapper, the capture takes what it wraps.
            return (_token, ("lru_cache",), (obj.__wrapped__, obj.cache_parameters()))
        if kind.__name__ == "TypeAliasType" and kind.__module__ == "typing":
            return (_token, ("alias", obj.__name__), (obj.__value__,))
        try:
            arguments = self.constructor_arguments(obj)
        except self.in_use:  # (refused by the capture, as pickle refuses a lock)
            return (_token, self._identity(obj))
        if arguments is not None:
            # Written as the call that makes it: its arguments are what the payload holds (an
            # itertools.count's reduce is deprecated from 3.12 and gone in 3.14), and then the
            # attributes set after the call, by their values (an asyncio queue's items).
            args, kwargs, keys = arguments
            set_after = tuple((key, getattr(obj, key)) for key in keys)
            return (_token, ("call", kind), (args, kwargs, set_after))
        try:
            reducer = copyreg.dispatch_table.get(kind)
            reduced = reducer(obj) if reducer is not None else obj.__reduce_ex__(4)
        except Exception:  # pickle refuses it: the capture could not have taken it by value
            return (_token, self._identity(obj))
        if isinstance(reduced, str):  # a global of that name (a builtin function, Ellipsis)
            return self._reference(obj, reduced)
        return reduced


def _loaded_class_globals(cls: type) -> List[Dict[str, Any]]:
    # A class srcpickle loaded reads the globals of the synthetic module it was made in.
    loaded = LOADED_CLASSES.get(cls)
    return [] if loaded is None else [loaded[1]]


def _fingerprint(
    obj: Any, names: Tuple[str, ...], overrides: Overrides, options: Options
) -> Optional[Tuple[bytes, List[Any]]]:
    """A digest of the state ``obj``'s payload was made from, and the objects it names by
    identity (to keep alive); None when that state cannot be pickled (nothing is remembered)."""
    buffer = io.BytesIO()
    fingerprinter = _Fingerprinter(buffer, names, overrides, options)
    try:
        fingerprinter.dump(obj)
    except Exception:  # noqa: BLE001 - any failure only means "not memoisable"
        return None
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).digest(), fingerprinter.keep


# ------------------------------------------------------------------------------------- dumps


class _Dumped:
    """What one dump of an object gave: its payload (None: the object goes by reference, since
    srcpickle cannot capture it and pickle can name it), under which rules, from which state.

    The objects its fingerprint names by identity are held weakly where they allow it (a strong
    reference to something that refers back to the dumped object would keep it alive for ever);
    the death of one makes the entry stale, so that a new object at its address never matches.
    """

    __slots__ = ("payload", "options", "registered", "abcs", "names", "fingerprint", "keep", "stale")

    def __init__(
        self,
        payload: Optional[bytes],
        options: Options,
        abcs: object,
        names: Tuple[str, ...],
        fingerprint: bytes,
        identities: List[Any],
    ) -> None:
        self.payload = payload
        self.options = options
        self.registered = tuple(REGISTERED_BY_VALUE)
        # abc.get_cache_token() as of before the dump.
        self.abcs = abcs
        self.names = names
        self.fingerprint = fingerprint
        self.stale = False
        self.keep: List[Any] = []
        for obj in identities:
            try:
                self.keep.append(weakref.ref(obj, self._died))
            except TypeError:  # no weak references to it: held strongly
                self.keep.append(obj)

    def _died(self, _: Any) -> None:
        self.stale = True


_DUMPED: weakref.WeakKeyDictionary[Any, _Dumped] = weakref.WeakKeyDictionary()
_DUMPED_LOCK = threading.Lock()


def _options(by_value: Iterable[Any], by_reference: Iterable[Any], function: str = "Pickler") -> Options:
    # (a str is one module's name, as for dumps: tuple("mylib") made the modules m, y, l, i, b)
    value, reference = module_choices(by_value, by_reference, function)
    return tuple(sorted(value)), tuple(sorted(reference))


def payload_of(
    obj: Any, overrides: Overrides, options: Options, by_reference_ok: bool = True
) -> Optional[bytes]:
    """The srcpickle payload of ``obj`` (a function or class), from the memo when nothing it
    was made from has changed since.

    Args:
        by_reference_ok: when srcpickle cannot capture ``obj`` but pickle can name it, return
            None (it goes by reference, as plain pickle sends it) instead of raising.

    Raises:
        DumpError: srcpickle cannot capture ``obj`` (and pickle cannot name it, or
            ``by_reference_ok`` is false).
    """
    with _DUMPED_LOCK:
        try:
            known = _DUMPED.get(obj)
        except TypeError:  # an object that refuses weak references: never remembered
            known = None
    if (
        known is not None
        and not known.stale
        and (known.payload is not None or by_reference_ok)
        and known.options == options
        and known.registered == tuple(REGISTERED_BY_VALUE)
        and known.abcs == abc.get_cache_token()
    ):
        current = _fingerprint(obj, known.names, overrides, options)
        if current is not None and current[0] == known.fingerprint:
            return known.payload
    return _dump(obj, overrides, options, by_reference_ok)


def _dump(obj: Any, overrides: Overrides, options: Options, by_reference_ok: bool) -> Optional[bytes]:
    from . import dumps

    # Taken first: a registration during the dump makes the next send dump again.
    abcs = abc.get_cache_token()
    from ._capture import sending_flag

    payload: Optional[bytes] = None
    flag = sending_flag()
    sending = flag.set(True)
    try:
        payload = dumps(obj, by_value=options[0], by_reference=options[1])
    except DumpError as exc:
        module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", "")
        if not (by_reference_ok and found(module, qualname, obj)):
            name = qualname or type(obj).__qualname__
            raise type(exc)(f"srcpickle cannot send {name} by source: {exc}") from exc
        if module == "__main__":
            _remember_fallback(obj, str(exc))
    finally:
        flag.reset(sending)
    # The state is fingerprinted once the payload says which names to watch. A mutation by
    # another thread during the dump is remembered as of after it: pickling racing a mutation
    # has no defined result with plain pickle either.
    names = _named(payload) if payload is not None else ()
    state = _fingerprint(obj, names, overrides, options)
    if state is not None:
        entry = _Dumped(payload, options, abcs, names, state[0], state[1])
        try:
            with _DUMPED_LOCK:
                _DUMPED[obj] = entry
        except TypeError:
            pass
    if payload is not None and isinstance(obj, type):
        _remember_class(payload, obj)
    return payload


# Why srcpickle could not send an object of __main__ by source, for the objects that went by
# name instead (weakly: an entry goes with its object).
_FALLBACKS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _remember_fallback(obj: Any, reason: str) -> None:
    try:
        with _DUMPED_LOCK:
            _FALLBACKS[obj] = reason
    except TypeError:  # no weak references to it: sent as pickle sends it
        pass


def _fallback_reason(obj: Any) -> Optional[str]:
    if getattr(obj, "__module__", None) != "__main__":
        return None
    try:
        with _DUMPED_LOCK:
            return _FALLBACKS.get(obj)
    except TypeError:
        return None


def main_object(qualname: str, reason: str) -> Any:
    """The object ``qualname`` of this process's ``__main__``: what ``srcpickle.Pickler`` sends
    for a function or class of ``__main__`` that it could not send by source (``reason``), which
    only a process running the same ``__main__`` has (a forked worker, or a spawned one that
    imports the script again).

    Raises:
        LoadError: this process's ``__main__`` has no such object, with ``reason``.
    """
    obj: Any = sys.modules.get("__main__")
    try:
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except AttributeError:
        main = sys.modules.get("__main__")
        where = getattr(main, "__file__", None) or "no file"
        raise LoadError(
            f"cannot find {qualname} in this process's __main__ ({where}): the process that sent "
            "it could not send it by source, and sent it by name, which only a process running "
            "the same __main__ finds (a forked one, or one that imports the same script). Why it "
            f"could not go by source: {reason}"
        ) from None
    return obj


# ------------------------------------------------------------------------------------- loads


def payload_key(data: Buffer) -> bytes:
    """The cache key of a payload: a digest of its bytes without the ``written-by`` header
    line, which names the Python that wrote it and nothing the payload holds (the same class,
    dumped again by a worker on another Python, is the same payload)."""
    data = bytes(data)
    head, separator, rest = data.partition(b"\n\n")
    lines = [line for line in head.split(b"\n") if not line.startswith(b"written-by:")]
    return hashlib.sha256(b"\n".join(lines) + separator + rest).digest()


_LOADED: collections.OrderedDict[bytes, Any] = collections.OrderedDict()
# Classes this process dumped, by payload: loading a payload of one gives the class itself.
_DUMPED_CLASSES: weakref.WeakValueDictionary[bytes, type] = weakref.WeakValueDictionary()
_LOADED_LOCK = threading.Lock()


def _remember_class(payload: bytes, cls: type) -> None:
    with _LOADED_LOCK:
        _DUMPED_CLASSES.setdefault(payload_key(payload), cls)


def loads_cached(data: Buffer) -> Any:
    """Rebuild the object a srcpickle payload holds, once per payload in this process.

    The reconstructor that ``srcpickle.Pickler`` names in its pickles. The first call with a
    payload loads it (``srcpickle.loads``: every check runs first); later calls with the same
    payload return that same object, from a cache of the last ``LOAD_CACHE_SIZE`` payloads. A
    payload of a class this process dumped gives the class itself. The object is shared like a
    function pickled by reference: state it changes is seen by the next call that gets it.

    Args:
        data: payload bytes (or text, as ``loads`` takes it).

    Returns:
        The rebuilt object.

    Raises:
        LoadError: as ``srcpickle.loads`` (``MissingDependencyError`` names what to install;
            ``PayloadFormatError`` for ``data`` that is neither bytes nor text).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        from ._files import payload_bytes

        # Text is a payload as loads takes it; anything else is refused as loads refuses it.
        data = payload_bytes(data)
    key = payload_key(data)
    with _LOADED_LOCK:
        found = _DUMPED_CLASSES.get(key)
        if found is None and key in _LOADED:
            _LOADED.move_to_end(key)
            found = _LOADED[key]
    if found is not None:
        return found
    from . import loads

    obj = loads(bytes(data))
    with _LOADED_LOCK:
        # Two threads may load one payload at once: the first object stored is everyone's.
        obj = _LOADED.setdefault(key, obj)
        _LOADED.move_to_end(key)
        while len(_LOADED) > LOAD_CACHE_SIZE:
            _LOADED.popitem(last=False)
    return obj


# ----------------------------------------------------------------------------------- Pickler


class Pickler(pickle.Pickler):
    """A ``pickle.Pickler`` that sends what the loading side could not import as source.

    Functions (lambdas, closures, nested functions) and classes that plain pickle would store by
    a reference to ``__main__``, to a local scope, to a module of the user's own (or one
    registered with ``register_by_value``, or no longer importable) are pickled as their
    srcpickle payload, rebuilt on loading by ``srcpickle.loads_cached``; everything else exactly
    as ``pickle.Pickler`` pickles it. Unpickling is plain ``pickle.loads`` wherever srcpickle is
    installed. Also the pickler of ``LOKY_PICKLER=srcpickle`` (joblib, loky).

    Args:
        file: a binary file to write to.
        protocol: the pickle protocol (default ``pickle.HIGHEST_PROTOCOL``).
        fix_imports, buffer_callback: as for ``pickle.Pickler``.
        by_value, by_reference: per-module choices, as for ``srcpickle.dumps``.

    Raises:
        ArgumentError: ``by_value`` or ``by_reference`` is wrong as for ``srcpickle.dumps``.
    """

    def __init__(
        self,
        file: IO[bytes],
        protocol: Optional[int] = None,
        *,
        fix_imports: bool = True,
        buffer_callback: Optional[Callable[[pickle.PickleBuffer], Any]] = None,
        by_value: Iterable[Any] = (),
        by_reference: Iterable[Any] = (),
    ) -> None:
        super().__init__(
            file,
            pickle.HIGHEST_PROTOCOL if protocol is None else protocol,
            fix_imports=fix_imports,
            buffer_callback=buffer_callback,
        )
        self._options = _options(by_value, by_reference, type(self).__name__)
        self._overrides = Overrides(*self._options)

    def reducer_override(self, obj: Any) -> Any:
        """The srcpickle reduction of a function or class that goes by source, or of an exception
        pickle could not make again (see ``_exceptions``), else ``NotImplemented`` (pickle's own
        way)."""
        if type(obj) is not types.FunctionType and not isinstance(obj, type):
            if isinstance(obj, BaseException):
                # (a task's error, sent back to the process that sent the task)
                explain_name_error(obj)
                return new_object_reduction(obj) or NotImplemented
            return NotImplemented
        if not _by_value(obj, self._overrides, self._options):
            return NotImplemented
        payload = payload_of(obj, self._overrides, self._options)
        if payload is None:
            reason = _fallback_reason(obj)
            if reason is None:
                return NotImplemented
            # Sent by name, as pickle would, with why it could not go by source: a process
            # whose __main__ is not this one's (spawn from python -c, loky's workers) then says
            # so, not only "Can't get attribute".
            return (main_object, (obj.__qualname__, reason))
        return (loads_cached, (payload,))


def pickle_dumps(
    obj: Any,
    protocol: Optional[int] = None,
    *,
    buffer_callback: Optional[Callable[[pickle.PickleBuffer], Any]] = None,
    by_value: Iterable[Any] = (),
    by_reference: Iterable[Any] = (),
) -> bytes:
    """Pickle ``obj`` with ``srcpickle.Pickler`` (cloudpickle's ``dumps``, by source).

    Returns pickle bytes, not a srcpickle payload: load them with ``pickle.loads``.

    Args:
        obj: any picklable object; functions and classes the loading side could not import
            travel as source.
        protocol: the pickle protocol (default ``pickle.HIGHEST_PROTOCOL``).
        buffer_callback: as for ``pickle.dumps`` (out-of-band buffers, protocol 5).
        by_value, by_reference: per-module choices, as for ``srcpickle.dumps``.

    Returns:
        The pickle.

    Raises:
        ArgumentError: ``by_value`` or ``by_reference`` is wrong as for ``srcpickle.dumps``.
        DumpError: a function or class can neither go by source nor be named by pickle.
        pickle.PicklingError: as ``pickle.dumps``, for everything else.
    """
    # Checked here, so that an error names this function (an iterator is read once: its names go on).
    by_value, by_reference = module_choices(by_value, by_reference, "pickle_dumps")
    buffer = io.BytesIO()
    Pickler(
        buffer, protocol, buffer_callback=buffer_callback, by_value=by_value, by_reference=by_reference
    ).dump(obj)
    return buffer.getvalue()


def pickle_dump(
    obj: Any,
    file: IO[bytes],
    protocol: Optional[int] = None,
    *,
    buffer_callback: Optional[Callable[[pickle.PickleBuffer], Any]] = None,
    by_value: Iterable[Any] = (),
    by_reference: Iterable[Any] = (),
) -> None:
    """Pickle ``obj`` with ``srcpickle.Pickler`` to the binary file ``file`` (see
    ``pickle_dumps``).

    Args:
        obj: any picklable object; functions and classes the loading side could not import
            travel as source.
        file: a binary file (anything with ``write``).
        protocol: the pickle protocol (default ``pickle.HIGHEST_PROTOCOL``).
        buffer_callback: as for ``pickle.dump`` (out-of-band buffers, protocol 5).
        by_value, by_reference: per-module choices, as for ``srcpickle.dumps``.

    Raises:
        ArgumentError: ``by_value`` or ``by_reference`` is wrong as for ``srcpickle.dumps``.
        DumpError: a function or class can neither go by source nor be named by pickle.
        pickle.PicklingError: as ``pickle.dump``, for everything else.
    """
    by_value, by_reference = module_choices(by_value, by_reference, "pickle_dump")
    Pickler(
        file, protocol, buffer_callback=buffer_callback, by_value=by_value, by_reference=by_reference
    ).dump(obj)


# ---------------------------------------------------------------------------------- portable


class Portable:
    """A callable that any pickler sends as the srcpickle payload of the function it wraps.

    Made by ``srcpickle.portable(fn)``; calling it calls ``fn``. ``Portable(payload)``, what
    unpickling calls, wraps the function a payload holds and loads it (``loads_cached``) when it
    is first called (or ``function`` or ``__wrapped__`` is read), so a process that only passes
    it on (a Dask scheduler) never runs its code: until then ``__name__``, ``__qualname__``,
    ``__module__`` and ``__doc__`` come from the payload, and other attributes are missing. A
    portable made from a payload pickles as that payload; one made from a function pickles as
    the function's payload at that moment.

    Args:
        payload: the srcpickle payload of a callable.
    """

    __slots__ = ("_payload", "_function", "_options", "_about", "__weakref__")

    def __init__(self, payload: Buffer) -> None:
        self._payload: Optional[bytes] = bytes(payload)
        self._function: Any = None
        self._options: Options = ((), ())
        self._about: Optional[Dict[str, Any]] = None

    @classmethod
    def _of(cls, fn: Any, options: Options) -> Portable:
        wrapper = cls.__new__(cls)
        wrapper._payload = None
        wrapper._function = fn
        wrapper._options = options
        wrapper._about = None
        return wrapper

    def _described(self) -> Dict[str, Any]:
        """The names and doc the payload records for its root, read without running anything
        (a Dask scheduler names a task by its function's ``__name__``)."""
        if self._about is None:
            from ._fmt.read import parse
            from ._model import ClassNode, FunctionNode

            assert self._payload is not None
            root = parse(self._payload).root_node
            about: Dict[str, Any] = {}
            if isinstance(root, (FunctionNode, ClassNode)):
                about = {
                    "__name__": root.name,
                    "__qualname__": root.qualname,
                    "__module__": root.module or None,
                }
            if isinstance(root, FunctionNode) and (root.doc is None or isinstance(root.doc, str)):
                about["__doc__"] = root.doc
            self._about = about
        return self._about

    @property
    def function(self) -> Any:
        """The wrapped callable (loaded from the payload on first use)."""
        if self._function is None:
            assert self._payload is not None
            self._function = loads_cached(self._payload)
        return self._function

    @property
    def __wrapped__(self) -> Any:
        return self.function

    def payload(self) -> bytes:
        """The srcpickle payload this wrapper is sent as.

        Raises:
            DumpError: the wrapped function cannot go by source.
        """
        if self._payload is not None:
            return self._payload
        payload = payload_of(self._function, Overrides(*self._options), self._options, by_reference_ok=False)
        assert payload is not None
        return payload

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)

    def __getattribute__(self, name: str) -> Any:
        # The function's names and doc, from the payload while it is not loaded; __doc__ and
        # __module__ are the class's own otherwise.
        if name in _DESCRIBED:
            get = object.__getattribute__
            if get(self, "_function") is None:
                about = get(self, "_described")()
                if name in about:
                    return about[name]
            return getattr(get(self, "function"), name)
        return object.__getattribute__(self, name)

    def __getattr__(self, name: str) -> Any:
        # The function's own attributes, once it is here: looking never loads it, since tools
        # probe what they are given (hasattr(task, "expr"), inspect reading __defaults__) in
        # processes that must not run a payload's code.
        function = object.__getattribute__(self, "_function")
        if function is None or (name.startswith("__") and name.endswith("__") and name not in _FORWARDED):
            raise AttributeError(name)
        return getattr(function, name)

    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]:
        return (Portable, (self.payload(),))

    def __repr__(self) -> str:
        if self._function is None:
            return "<srcpickle.Portable (not loaded yet)>"
        return f"<srcpickle.Portable of {self._function!r}>"


_DESCRIBED = frozenset({"__name__", "__qualname__", "__doc__", "__module__"})
_FORWARDED = frozenset({"__annotations__", "__defaults__", "__kwdefaults__"})


def portable(fn: Any, *, by_value: Iterable[Any] = (), by_reference: Iterable[Any] = ()) -> Portable:
    """Wrap ``fn`` so that any pickler sends it as its srcpickle payload.

    For code that takes a callable and pickles it itself with a pickler you cannot choose: a
    torch ``DataLoader``'s ``collate_fn`` and ``worker_init_fn``, Dask's ``client.submit``,
    Ray tasks. The payload is made now (so an error shows here) and again, from the memo, each
    time the wrapper is pickled.

    Args:
        fn: a function (lambda, closure) or class, or any object ``srcpickle.dumps`` captures.
        by_value, by_reference: per-module choices, as for ``srcpickle.dumps``.

    Returns:
        A ``Portable``: calling it calls ``fn``.

    Raises:
        ArgumentError: ``by_value`` or ``by_reference`` is wrong as for ``srcpickle.dumps``.
        DumpError: ``fn`` cannot be captured.
    """
    if isinstance(fn, Portable):
        return fn
    options = _options(by_value, by_reference, "portable")
    wrapper = Portable._of(fn, options)
    wrapper.payload()
    return wrapper


def pickle_loads(
    data: Buffer,
    /,
    *,
    fix_imports: bool = True,
    encoding: str = "ASCII",
    errors: str = "strict",
    buffers: Optional[Iterable[Any]] = None,
) -> Any:
    """``pickle.loads``, under the name cloudpickle users look for: a pickle of
    ``srcpickle.Pickler`` needs nothing else than srcpickle installed.

    Loading a pickle runs what it names: load only pickles you trust (a srcpickle payload
    inside one is loaded by ``loads_cached``, with every check of ``srcpickle.loads``).

    Args:
        data: the pickle bytes.
        fix_imports, encoding, errors, buffers: as for ``pickle.loads``.

    Returns:
        The unpickled object.

    Raises:
        LoadError: a payload inside the pickle does not load (as ``srcpickle.loads``).
        pickle.UnpicklingError: and the other errors of ``pickle.loads``, for everything else.
    """
    # The caller's own pickle, as with pickle.loads: loading a pickle runs what it names.
    return pickle.loads(data, fix_imports=fix_imports, encoding=encoding, errors=errors, buffers=buffers)  # noqa: S301


def pickle_load(
    file: IO[bytes],
    /,
    *,
    fix_imports: bool = True,
    encoding: str = "ASCII",
    errors: str = "strict",
    buffers: Optional[Iterable[Any]] = None,
) -> Any:
    """``pickle.load``, under the name cloudpickle users look for (see ``pickle_loads``).

    Args:
        file: a binary file to read the pickle from.
        fix_imports, encoding, errors, buffers: as for ``pickle.load``.

    Returns:
        The unpickled object.

    Raises:
        LoadError: a payload inside the pickle does not load (as ``srcpickle.loads``).
        pickle.UnpicklingError: and the other errors of ``pickle.load``, for everything else.
    """
    return pickle.load(file, fix_imports=fix_imports, encoding=encoding, errors=errors, buffers=buffers)  # noqa: S301


# Pickles name the reconstructors by their module: the public one, never this private module.
for _public in (
    Pickler,
    Portable,
    loads_cached,
    main_object,
    portable,
    pickle_dumps,
    pickle_dump,
    pickle_loads,
    pickle_load,
):
    _public.__module__ = "srcpickle"
del _public

__all__ = [
    "LOAD_CACHE_SIZE",
    "Pickler",
    "Portable",
    "loads_cached",
    "main_object",
    "payload_key",
    "payload_of",
    "pickle_dump",
    "pickle_dumps",
    "pickle_load",
    "pickle_loads",
    "portable",
]

"""Capture of objects by reference: an importable object of a library (a function, a class, a
built-in) is recorded as the module and qualified name it is importable under, with its
distribution.

Split from ``objects`` (issue 9): a function reading a library's function (``from math import
sqrt``) needs this, not the handlers of calls and reductions there, which its first ``dumps``
does not import.
"""

from __future__ import annotations

import builtins
import sys
import types

from .._deps import distribution_of, found
from .._model import Distribution, RefNode
from .._records import positional_maker
from ..errors import UnsupportedObjectError
from . import BUILTIN_CALLABLES, DESCRIPTORS, Capturer, Need, Step, short_repr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Tuple

    from .._model import Ref


# ------------------------------------------------------------------------------- by reference


def save_by_reference(cap: Capturer, obj: Any, need: Need) -> Step:
    """An importable object, as ``module`` + ``qualname`` (the public module that exports it)."""
    return by_reference(cap, obj, need.path, library_name(cap, obj))
    yield  # a generator like every handler


def library_name(cap: Capturer, obj: Any) -> Optional[Tuple[str, str]]:
    """The (module, qualname) under which ``obj``, an object of a library (not of the user's
    own code), is importable here, whatever wraps it; None when it is not.

    Its own name first; an object that has none, of a type of a library, is tried under the
    name of the function it wraps (``functools.cached_property`` keeps it as ``func``). A name
    counts only when importing the module and following the name gives back ``obj`` itself.
    """
    try:
        names = [reference_name(obj)]
        if names[0][1] is None and not cap.is_user_module(type(obj).__module__):
            # Looked up in the object's own __dict__: a wrapper keeps what it wraps there, and
            # an object that computes attributes on demand (a mock) is not asked to make one.
            held = getattr(obj, "__dict__", None)
            if isinstance(held, dict):
                names += [reference_name(held[key]) for key in _WRAPPED if key in held]
        for module_name, qualname in names:
            if not qualname:
                continue
            if module_name is None or module_name == "builtins":
                # PyPy's classes written in RPython name themselves after builtins, which lacks
                # them (struct.Struct is builtins.Struct), and their methods after no module
                # (Struct.pack): the public module that exports one.
                if found(module_name or "builtins", qualname, obj):
                    return "builtins", qualname
                portable = _portable_name(obj, "builtins", qualname) if module_name else None
                if portable is not None:
                    return portable
                exporter = _exporting_module(obj, "", qualname)
                if exporter is not None and not cap.is_user_module(exporter):
                    return exporter, qualname
                continue
            if not cap.is_user_module(module_name) and found(module_name, qualname, obj):
                found_name = public_name(obj, (module_name, qualname))
                return found_name[0] or module_name, found_name[1] or qualname
    except Exception:  # noqa: BLE001 - an object that fails to say its name has none
        return None
    return None


# Where a wrapper made by a library keeps the function it wraps: functools.update_wrapper's
# __wrapped__, the func of cached_property (and of partialmethod, singledispatchmethod).
_WRAPPED = ("__wrapped__", "func")


def by_reference(cap: Capturer, obj: Any, path: str, name: Optional[Tuple[str, str]] = None) -> Ref:
    """The ``ref`` node of ``obj`` (found at ``path``); ``name``: its (module, qualname) when known.

    Raises:
        UnsupportedObjectError: importing the module and following the name does not give ``obj``.
    """
    module_name, qualname = name or public_name(obj)
    if module_name is None or qualname is None or not found(module_name, qualname, obj):
        raise UnsupportedObjectError(
            f"cannot capture {short_repr(obj)} found at {path}: it has no source and is not "
            f"importable by name (module {module_name!r}, name {qualname!r}). Define it at "
            "module level of an installed or importable module."
        )
    dist = distribution_of(module_name) or Distribution(module_name.split(".")[0])
    node_id = cap.new_id(f"{module_name}.{qualname}", obj)
    cap.nodes[node_id] = _ref_node(module_name, qualname, dist)  # (every field by position)
    return cap.ref(node_id)


# RefNode(...) without the call through its type's __init__ slot.
_ref_node = positional_maker(RefNode)


# ------------------------------------------------------------------------------------ names

# The built-in classes the types module exports, by id (a class lives as long as the module that
# holds it), each under one name: made on the first built-in class named, kept for the process.
_TYPES_NAMES: Dict[int, str] = {}
# Names types gives a class that has another name too, on some interpreter: CPython's
# BuiltinMethodType is BuiltinFunctionType and LambdaType FunctionType; on PyPy MethodType is
# also BuiltinMethodType and MethodWrapperType, and FunctionType MethodDescriptorType and
# WrapperDescriptorType. The other name is written, which means the same class everywhere.
_ALIASES = frozenset(
    {"LambdaType", "BuiltinMethodType", "MethodWrapperType", "MethodDescriptorType", "WrapperDescriptorType"}
)


def _types_names() -> Dict[int, str]:
    if not _TYPES_NAMES:
        for name in sorted(vars(types), key=lambda name: (name in _ALIASES, name)):
            value = getattr(types, name)
            if type(value) is type and value.__module__ == "builtins" and not name.startswith("_"):
                _TYPES_NAMES.setdefault(id(value), name)
    return _TYPES_NAMES


def public_name(obj: Any, name: Optional[Tuple[str, str]] = None) -> Tuple[Optional[str], Optional[str]]:
    """Where ``obj`` can be imported from (``name``: where it was found, else the name it gives
    itself), preferring the public module that exports it: a class of ``pathlib._local`` (3.13)
    is recorded as ``pathlib``'s, which every version has, one of ``_operator`` (PyPy) as
    ``operator``'s, and PyPy's ``_pypy_generic_alias.GenericAlias`` as ``types``'. Only a
    module that exports the name counts (``collections.abc.Sequence`` stays so on 3.9)."""
    module_name, qualname = name or reference_name(obj)
    if module_name and qualname:
        portable = _portable_name(obj, module_name, qualname)
        if portable is not None:
            return portable
        parts = module_name.split(".")
        candidates = [".".join(parts[:end]) for end in range(1, len(parts))]
        if module_name.startswith("_"):
            candidates.append(module_name.lstrip("_"))
            # The interpreter's own types live in private modules of their own on PyPy
            # (_pypy_generic_alias.GenericAlias): types names them everywhere.
            candidates.append("types")
        for candidate in candidates:
            if found(candidate, qualname, obj) and _exports(candidate, qualname):
                return candidate, qualname
        if module_name in _PRIVATE_EVERYWHERE:
            # Its own name, the same whatever the process imported: the sibling that exports
            # it is found only when imported (email.policy.compat32 is email._policybase's).
            return module_name, qualname
        if any(part.startswith("_") for part in parts[1:]):
            # A private submodule whose package does not export the name, a sibling does:
            # importlib.resources.files is importlib._common's on 3.10 only, which 3.9 and 3.11
            # lack. Only modules of the same package, public ones.
            exporter = _exporting_module(obj, parts[0] + ".", qualname)
            if exporter is not None:
                return exporter, qualname
    return module_name, qualname


# The private submodules of the standard library's packages that every supported Python has
# (3.9 to 3.13, PyPy; tools/stdlib_private.py lists them): an object of one is written under its
# own module's name. Another private module's object is written under the public sibling that
# exports it, when one is imported (its own name is missing from some Pythons).
_PRIVATE_EVERYWHERE = frozenset(
    {
        "concurrent.futures._base",
        "ctypes._aix",
        "ctypes._endian",
        "email._encoded_words",
        "email._header_value_parser",
        "email._parseaddr",
        "email._policybase",
        "importlib._bootstrap",
        "importlib._bootstrap_external",
        "unittest._log",
        "xml.sax._exceptions",
        "zoneinfo._common",
        "zoneinfo._tzpath",
        "zoneinfo._zoneinfo",
    }
)


# Standard-library objects whose own name exists on some supported Pythons only, while the name
# the documentation gives them exists on all (3.9 to 3.13, PyPy): the module (or module and name)
# each is written under instead, when that name gives the same object here. An object held as a
# value (a default, a dict's value, an except tuple) is named by what it says of itself, and
# os.path.islink says genericpath.islink on 3.12+, re.error says re.PatternError on 3.13,
# hashlib.sha3_256 says _hashlib.openssl_sha3_256 (PyPy's says _sha3.sha3_256), threading.Lock
# says _thread.lock on 3.13, and CPython 3.9's and PyPy's weakref.ref say builtins.weakref.
_PORTABLE_MODULES = {
    "genericpath": "os.path",
    "posixpath": "os.path",
    "ntpath": "os.path",
    "_elementtree": "xml.etree.ElementTree",
}
_PORTABLE_NAMES = {
    ("enum", "EnumType"): ("enum", "EnumMeta"),
    ("re", "PatternError"): ("re", "error"),
    ("_thread", "lock"): ("threading", "Lock"),
    ("_thread", "RLock"): ("threading", "RLock"),
    ("_thread", "_excepthook"): ("threading", "excepthook"),
    ("_thread", "_ExceptHookArgs"): ("threading", "ExceptHookArgs"),
    ("_thread", "ExceptHookArgs"): ("threading", "ExceptHookArgs"),
    ("_hashlib", "compare_digest"): ("hmac", "compare_digest"),
    ("_operator", "_compare_digest"): ("hmac", "compare_digest"),
    ("posix", "_path_normpath"): ("os.path", "normpath"),
    ("posix", "_path_splitroot_ex"): ("os.path", "splitroot"),
    ("nt", "_path_normpath"): ("os.path", "normpath"),
    ("nt", "_path_splitroot_ex"): ("os.path", "splitroot"),
    ("builtins", "weakref"): ("weakref", "ReferenceType"),
    ("builtins", "weakproxy"): ("weakref", "ProxyType"),
    ("builtins", "weakcallableproxy"): ("weakref", "CallableProxyType"),
}
# The modules of hashlib's constructors (sha256, sha3_256, blake2b, ...), by interpreter and
# build: OpenSSL's (named openssl_sha256 there) or the built-in ones (PyPy's sha3_256 is _sha3's).
_HASH_MODULES = frozenset({"_hashlib", "_sha1", "_sha2", "_sha256", "_sha512", "_sha3", "_md5", "_blake2"})
_OPENSSL_PREFIX = "openssl_"


def _portable_name(obj: Any, module_name: str, qualname: str) -> Optional[Tuple[str, str]]:
    # The name of _PORTABLE_MODULES or _PORTABLE_NAMES for ``obj`` (found under ``module_name``
    # and ``qualname``), when it gives ``obj`` here; None when none applies.
    wanted = _PORTABLE_NAMES.get((module_name, qualname))
    if wanted is None:
        module = _PORTABLE_MODULES.get(module_name)
        if module is not None:
            wanted = (module, qualname)
        elif module_name in _HASH_MODULES:
            prefixed = qualname.startswith(_OPENSSL_PREFIX)
            wanted = ("hashlib", qualname[len(_OPENSSL_PREFIX) :] if prefixed else qualname)
    if wanted is not None and sys.modules.get(wanted[0]) is not None and found(wanted[0], wanted[1], obj):
        return wanted
    return None


def _exporting_module(obj: Any, prefix: str, qualname: str) -> Optional[str]:
    # The public module already imported (its name starts with ``prefix``; no part private)
    # whose __all__ lists ``qualname``'s first part, and where it gives ``obj``: the shallowest,
    # then the first by name. Only an __all__ counts (a public API, which a module that merely
    # imports the name for itself is not), so that the name chosen does not depend on which
    # other modules a process happens to have imported.
    key = (prefix, qualname, id(obj), len(sys.modules))
    if key in _EXPORTERS:
        known = _EXPORTERS[key]
        # (an id another object may have taken since: a name is checked again)
        if known is None or found(known, qualname, obj):
            return known
    name = qualname.partition(".")[0]
    candidates = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith(prefix) or any(p.startswith("_") for p in module_name.split(".")):
            continue
        exported = getattr(module, "__dict__", {}).get("__all__")
        if isinstance(exported, (list, tuple)) and name in exported:
            candidates.append((module_name.count("."), module_name))
    exporter = next((m for _, m in sorted(candidates) if found(m, qualname, obj)), None)
    if len(_EXPORTERS) > 256:
        _EXPORTERS.clear()
    _EXPORTERS[key] = exporter
    return exporter


# _exporting_module's answers, while no module is imported (the count of sys.modules is part of
# the key): an object of a private module with no public exporter is asked about at every dumps
# that meets it, and each answer scans sys.modules. Bounded; an id is only compared while the
# object lives (the capture holds it).
_EXPORTERS: Dict[Tuple[str, str, int, int], Optional[str]] = {}


def _exports(module_name: str, qualname: str) -> bool:
    # A module exports what its __all__ lists (or, without one, what it binds), not a name its
    # __getattr__ makes up: collections.Sequence on 3.9 is a deprecated alias of
    # collections.abc.Sequence, which 3.10 removed (and 3.9 caches it in the module's dict once
    # asked, so the dict alone cannot tell).
    held = vars(sys.modules[module_name])
    exported = held.get("__all__")
    name = qualname.partition(".")[0]
    return name in exported if isinstance(exported, (list, tuple)) else name in held


def reference_name(obj: Any) -> Tuple[Optional[str], Optional[str]]:
    """The (module, qualname) ``obj`` names itself by; for a built-in class that names itself
    after ``builtins``, which lacks it (``builtins.function``, ``builtins.mappingproxy``), the
    name the ``types`` module exports it under (``types.FunctionType``). One builtins holds under
    its own name keeps it: PyPy's ClassMethodDescriptorType is classmethod itself, which goes as
    builtins.classmethod (on CPython that name is another class)."""
    if (
        type(obj) is type
        and obj.__module__ == "builtins"
        and getattr(builtins, obj.__qualname__, None) is not obj
    ):
        exported = _types_names().get(id(obj))
        if exported is not None:
            return "types", exported
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, types.ModuleType):
        return owner.__name__, obj.__name__
    if isinstance(obj, types.MethodType) and isinstance(owner, type):
        return owner.__module__, f"{owner.__qualname__}.{obj.__name__}"
    if isinstance(obj, DESCRIPTORS):
        return obj.__objclass__.__module__, f"{obj.__objclass__.__qualname__}.{obj.__name__}"
    if getattr(obj, "__module__", None) is None and found("builtins", getattr(obj, "__qualname__", ""), obj):
        return "builtins", obj.__qualname__  # PyPy's str.upper: a function with no module
    if isinstance(obj, BUILTIN_CALLABLES) and owner is not None:
        if isinstance(owner, type):  # a class method of a built-in class
            return owner.__module__, f"{owner.__qualname__}.{obj.__name__}"
        return None, None  # a method bound to an instance
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    return (module if isinstance(module, str) else None), (qualname if isinstance(qualname, str) else None)

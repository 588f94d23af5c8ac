"""Names for alike functions and classes a container holds (``TABLE = [lambda ...]``): a short
digest of the source and of the values the function or class was made with, not its place among
them, which an insertion would move.

Imported by the first capture that names one (``functions``, ``classes``): a dumps of plain
functions does not load this code (issue 9).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    import types
    from typing import Any, List, Optional


# Hex digits of the digest that names one of alike functions held in a container (as
# values._DIGEST_CHARS names a section of no name of its own).
_ALIKE_DIGEST_CHARS = 6


def function_digest(fn: types.FunctionType, source: str) -> str:
    """A digest of ``fn``'s source and of the values its defaults and cells hold: what tells
    apart ``[lambda x, n=n: x + n for n in ...]``, one source made several times."""
    parts = []
    for value in fn.__defaults__ or ():
        parts.append(scalar_text(value))
    for name, value in sorted((fn.__kwdefaults__ or {}).items()):
        parts.append(f"{name}={scalar_text(value)}")
    for cell in fn.__closure__ or ():
        try:
            parts.append(scalar_text(cell.cell_contents))
        except ValueError:  # an empty cell
            parts.append("<empty>")
    return alike_digest(source, parts)


def alike_digest(source: str, parts: List[str]) -> str:
    """The first hex digits of a SHA-256 of ``source`` and ``parts`` (texts of values, see
    ``scalar_text``): the name of one of alike functions or classes a container holds."""
    import hashlib  # (only for a function or class held in a container: issue 9)

    text = "\x00".join([source, *parts]).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()[:_ALIKE_DIGEST_CHARS]


def scalar_text(value: Any, budget: Optional[List[int]] = None) -> str:
    """``value`` as a digest of alike functions counts it: a scalar by its repr, a list, tuple,
    dict, set or frozenset of such values by their texts (a set's sorted), up to
    ``_ALIKE_ITEMS`` items in all; any other value, or a container past that, by its type's name
    (an id or address would differ from run to run, and what is still alike is told apart by a
    number, in the walk's order)."""
    kind = type(value)
    if kind is int:
        return format(value, "x")  # (repr refuses ints of more than 4300 digits)
    if kind in (str, bytes, float, complex, bool, type(None)):
        return repr(value)
    if kind in _CONTAINERS:
        # (closures over [1] and [2], one factory's, told apart by what they hold)
        if budget is None:
            budget = [_ALIKE_ITEMS]
        if len(value) <= budget[0]:
            budget[0] -= len(value)
            if kind is dict:
                items = [f"{scalar_text(k, budget)}:{scalar_text(v, budget)}" for k, v in value.items()]
            else:
                items = [scalar_text(item, budget) for item in value]
                if kind is set or kind is frozenset:
                    items.sort()
            if budget[0] >= 0:
                return f"{kind.__qualname__}({','.join(items)})"
        budget[0] = -1
    if _PYPY:
        return _cpython_type_name(value, kind)
    return kind.__qualname__


# The containers whose items a digest of alike functions reads, and how many items in all (a
# closure over a big table is named by its type, as before: reading it would cost its size).
_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
_ALIKE_ITEMS = 64


# PyPy spells the types of built-in callables and descriptors other than CPython does
# (``builtin_function`` for ``builtin_function_or_method``; an unbound method of a built-in type
# is a plain ``function`` there, a bound one a ``method``), so look-alike lambdas holding them got
# other section names on PyPy than on CPython. A digest is CPython's spelling on every Python:
# payloads are the same bytes whichever interpreter wrote them.
_PYPY = sys.implementation.name == "pypy"
# The dunder names CPython's type slots give (``slotdefs`` in Objects/typeobject.c, 3.9-3.13): a
# built-in type's method of such a name is a ``wrapper_descriptor`` there, and bound a
# ``method-wrapper``; any other method of a built-in type is a ``method_descriptor``, and bound a
# ``builtin_function_or_method``.
_SLOT_NAMES = frozenset(
    """
    __abs__ __add__ __aiter__ __and__ __anext__ __await__ __bool__ __buffer__ __call__ __contains__
    __del__ __delattr__ __delete__ __delitem__ __divmod__ __eq__ __float__ __floordiv__ __ge__
    __get__ __getattribute__ __getitem__ __gt__ __hash__ __iadd__ __iand__ __ifloordiv__
    __ilshift__ __imatmul__ __imod__ __imul__ __index__ __init__ __int__ __invert__ __ior__ __ipow__
    __irshift__ __isub__ __iter__ __itruediv__ __ixor__ __le__ __len__ __lshift__ __lt__ __matmul__
    __mod__ __mul__ __ne__ __neg__ __next__ __or__ __pos__ __pow__ __radd__ __rand__ __rdivmod__
    __release_buffer__ __repr__ __rfloordiv__ __rlshift__ __rmatmul__ __rmod__ __rmul__ __ror__
    __rpow__ __rrshift__ __rshift__ __rsub__ __rtruediv__ __rxor__ __set__ __setattr__ __setitem__
    __str__ __sub__ __truediv__ __xor__
    """.split()
)
# Slot-named methods CPython's built-in types define as plain methods (METH_COEXIST): descriptors.
_SLOT_METHODS = frozenset(
    {
        "dict.__contains__",
        "dict.__getitem__",
        "frozenset.__contains__",
        "list.__getitem__",
        "set.__contains__",
    }
)
# Other types PyPy names otherwise, one to one.
_PYPY_TYPE_NAMES = {
    "builtin_function": "builtin_function_or_method",
    "sysflags": "flags",
    "setiterator": "set_iterator",
}


def _cpython_type_name(value: Any, kind: type) -> str:
    # The name CPython gives the type of ``value``, on PyPy (see _PYPY).
    import types  # (imported at startup: a lookup in sys.modules)

    name: str = kind.__qualname__
    if kind is types.FunctionType or kind is types.MethodType:
        function = value if kind is types.FunctionType else value.__func__
        # A built-in's code is PyPy's 'builtin-code', never a code object.
        if type(function) is not types.FunctionType or type(function.__code__) is types.CodeType:
            return name
        method = function.__name__
        slot = method in _SLOT_NAMES and getattr(function, "__qualname__", "") not in _SLOT_METHODS
        if kind is types.FunctionType:
            if method == "__new__":  # (CPython's tp_new wrapper: a built-in bound to its type)
                return "builtin_function_or_method"
            return "wrapper_descriptor" if slot else "method_descriptor"
        return "method-wrapper" if slot else "builtin_function_or_method"
    return _PYPY_TYPE_NAMES.get(name, name)

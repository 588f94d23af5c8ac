"""Functions that look names up in their globals at run time.

A loaded function's globals hold the names its code reads by name, and no others. One that calls
``globals()``, or ``eval``/``exec`` with no namespace of its own, or finds its module in
``sys.modules``, or reads its frame's globals, may look up a name the payload does not hold; it
fails only when it runs (``KeyError``, ``NameError``), far from the ``dumps`` that left the name
out. ``dumps`` says so then, with a ``DynamicNamesWarning``.
"""

from __future__ import annotations

import ast
import types
from typing import List, Set, Tuple

from ..errors import DynamicNamesWarning


def lookups_in(node: ast.AST, reads: Tuple[str, ...]) -> Tuple[str, ...]:
    """How ``node`` (a def's, lambda's or method's syntax tree) looks names up in its globals at
    run time, given ``reads`` (the global names its code reads); each named once, in the order
    met:

    - ``globals()``, ``eval()``, ``exec()``: ``globals`` called with no argument, ``eval``/
      ``exec`` given only the text to run. ``globals()`` passed to ``__import__`` is left out:
      the import reads ``__name__`` and ``__package__`` from it, which every loaded function's
      globals hold. (``vars()`` and ``locals()`` inside a function give its locals.)
    - ``sys.modules[__name__]``: its own module found by name (``sys.modules[__name__]``,
      ``sys.modules.get(__name__)``, ``importlib.import_module(__name__)``), then read by
      ``getattr`` or ``vars``: a loaded function's module is a synthetic one that no
      ``sys.modules`` entry names.
    - ``f_globals``: its own frame's globals (``sys._getframe().f_globals``,
      ``inspect.currentframe().f_globals``, ``inspect.stack()[0].frame.f_globals``), also
      through a local name the frame was assigned to (``frame = sys._getframe()``), and a
      traceback's first frame, which is the frame that caught it (``exc.__traceback__.tb_frame``
      of an ``except ... as exc`` of the function, ``sys.exc_info()[2].tb_frame``). A caller's
      frame (``sys._getframe(1)``, ``frame.f_back``) is left out: its globals are the caller's,
      after loading as before.
    """
    found: List[str] = []
    passed: Set[int] = set()
    own_module = "__name__" in reads
    # Local names bound to its own frame, and to exceptions it catches; the values whose
    # ``f_globals`` it reads, known to be its frame only once every binding is seen.
    frames: Set[str] = set()
    caught: Set[str] = set()
    read_from: List[ast.AST] = []

    def add(label: str) -> None:
        if label not in found:
            found.append(label)

    # Breadth-first: a call to __import__ is met before its arguments.
    for sub in ast.walk(node):
        kind = type(sub)
        if kind is ast.Attribute:
            if sub.attr == "f_globals":  # type: ignore[attr-defined]
                if _own_frame(sub.value, reads):  # type: ignore[attr-defined]
                    add("f_globals")
                else:
                    read_from.append(sub.value)  # type: ignore[attr-defined]
            continue
        if kind is ast.Assign or kind is ast.NamedExpr:
            targets = sub.targets if kind is ast.Assign else [sub.target]  # type: ignore[attr-defined]
            if len(targets) == 1 and type(targets[0]) is ast.Name and _own_frame(sub.value, reads):  # type: ignore[attr-defined]
                frames.add(targets[0].id)
            continue
        if kind is ast.ExceptHandler:
            if sub.name:  # type: ignore[attr-defined]
                caught.add(sub.name)  # type: ignore[attr-defined]
            continue
        if kind is ast.Subscript:
            if own_module and _is_name(sub.slice, "__name__") and _is_sys_modules(sub.value, reads):  # type: ignore[attr-defined]
                add("sys.modules[__name__]")
            continue
        if kind is not ast.Call:
            continue
        func = sub.func  # type: ignore[attr-defined]
        if type(func) is ast.Attribute:
            # sys.modules.get(__name__), importlib.import_module(__name__)
            first = sub.args[0] if sub.args else None  # type: ignore[attr-defined]
            if own_module and _is_name(first, "__name__"):
                if func.attr == "get" and _is_sys_modules(func.value, reads):
                    add("sys.modules[__name__]")
                elif func.attr == "import_module" and _is_name(func.value, "importlib", reads):
                    add("sys.modules[__name__]")
            continue
        if type(func) is not ast.Name:
            continue
        name = func.id
        if name == "__import__":
            passed.update(id(arg) for arg in sub.args)  # type: ignore[attr-defined]
            passed.update(id(keyword.value) for keyword in sub.keywords)  # type: ignore[attr-defined]
            continue
        if name == "globals":
            looks = not sub.args and id(sub) not in passed  # type: ignore[attr-defined]
        elif name in ("eval", "exec"):
            # (a starred argument may be the namespace: not known from the source)
            arguments = sub.args  # type: ignore[attr-defined]
            alone = len(arguments) == 1 and type(arguments[0]) is not ast.Starred
            looks = alone and not any(keyword.arg in ("globals", None) for keyword in sub.keywords)  # type: ignore[attr-defined]
        else:
            continue
        if looks and name in reads:
            add(f"{name}()")
    if any(_frame_of(value, frames, caught, reads) for value in read_from):
        add("f_globals")
    return tuple(found)


def _frame_of(node: object, frames: Set[str], caught: Set[str], reads: Tuple[str, ...]) -> bool:
    # A local name bound to its own frame, or a traceback's first frame: the function that
    # caught the exception (``exc.__traceback__`` of its ``except ... as exc``,
    # ``sys.exc_info()[2]``, ``sys.exception().__traceback__``).
    kind = type(node)
    if kind is ast.Name:
        return node.id in frames  # type: ignore[attr-defined]
    if kind is not ast.Attribute or node.attr != "tb_frame":  # type: ignore[attr-defined]
        return False
    traceback = node.value  # type: ignore[attr-defined]
    if type(traceback) is ast.Attribute and traceback.attr == "__traceback__":
        holder = traceback.value
        if type(holder) is ast.Name:
            return holder.id in caught
        return _sys_call(holder, "exception", reads)
    return (
        type(traceback) is ast.Subscript
        and _sys_call(traceback.value, "exc_info", reads)
        and _is_index(traceback.slice, 2)
    )


def _sys_call(node: object, name: str, reads: Tuple[str, ...]) -> bool:
    # sys.<name>() with no arguments
    return (
        type(node) is ast.Call
        and not node.args
        and not node.keywords
        and type(node.func) is ast.Attribute
        and node.func.attr == name
        and _is_name(node.func.value, "sys", reads)
    )


def _is_name(node: object, name: str, reads: Tuple[str, ...] = ()) -> bool:
    # A global of that name (in ``reads`` when given: a parameter named sys is not the module).
    return type(node) is ast.Name and node.id == name and (not reads or name in reads)


def _own_frame(node: object, reads: Tuple[str, ...]) -> bool:
    # sys._getframe() or sys._getframe(0), inspect.currentframe(), inspect.stack()[0].frame or
    # inspect.stack()[0][0]
    if type(node) is ast.Attribute and node.attr == "frame":
        node = node.value
    elif type(node) is ast.Subscript and _is_index(node.slice, 0):
        node = node.value
    else:
        return _frame_call(node, reads)
    return type(node) is ast.Subscript and _is_index(node.slice, 0) and _stack_call(node.value, reads)


def _is_index(node: object, index: int) -> bool:
    return type(node) is ast.Constant and node.value == index and type(node.value) is int


def _stack_call(node: object, reads: Tuple[str, ...]) -> bool:
    # inspect.stack() (its entries: frame records, the first this function's)
    return (
        type(node) is ast.Call
        and not node.args
        and not node.keywords
        and type(node.func) is ast.Attribute
        and node.func.attr == "stack"
        and _is_name(node.func.value, "inspect", reads)
    )


def _frame_call(node: object, reads: Tuple[str, ...]) -> bool:
    if type(node) is not ast.Call or node.keywords:
        return False
    func, arguments = node.func, node.args
    if type(func) is not ast.Attribute:
        return False
    if func.attr == "_getframe" and _is_name(func.value, "sys", reads):
        return not arguments or (
            len(arguments) == 1 and type(arguments[0]) is ast.Constant and arguments[0].value == 0
        )
    return func.attr == "currentframe" and not arguments and _is_name(func.value, "inspect", reads)


def _is_sys_modules(node: object, reads: Tuple[str, ...]) -> bool:
    return type(node) is ast.Attribute and node.attr == "modules" and _is_name(node.value, "sys", reads)


def warn_lookups(fn: types.FunctionType, lookups: Tuple[str, ...]) -> None:
    """Warn that ``fn`` looks names up through ``lookups`` (``lookups_in``'s answer), but for
    the builtins its module defines itself (then the calls are the module's own functions)."""
    calls = [label for label in lookups if not label.endswith("()") or label[:-2] not in fn.__globals__]
    if not calls:
        return
    from .._rebuild.checks import warn_caller  # (rare: one import when it warns)

    code = fn.__code__
    warn_caller(
        f"{fn.__qualname__} ({code.co_filename}, line {code.co_firstlineno}) looks names up in its "
        f"globals at run time ({' and '.join(calls)}): the loaded function's globals hold only the "
        "names its code reads by name, so a name it finds only that way is missing when it runs "
        "(KeyError, NameError). Read those names by name (a dict of the handlers as a global), or "
        "dump what it looks up beside it",
        DynamicNamesWarning,
    )

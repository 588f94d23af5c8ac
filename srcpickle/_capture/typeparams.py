"""The names a generic def or class (3.12+) reads, through its type parameters' bounds,
constraints and defaults, in the class body that encloses it (format 3, ``scope-names``).

Imported by the first capture of such a def or class dumped without its class: no other dumps
loads this code (issue 9).
"""

from __future__ import annotations

import types

from . import Capturer, Need, Step

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Tuple

    from .._model import Value


def scope_names_of(cap: Capturer, obj: Any, path: str) -> Step:
    """The names of the class body enclosing a generic def or class (3.12+) that its type
    parameters' bounds, constraints and defaults read (``class Inner[T: Limit]`` under
    ``Limit = int``), with their values: each is evaluated when first asked for, in that class
    body, which a def or class dumped without its class lacks at load (format 3, scope-names).

    Read from the functions the interpreter made for that evaluation (through ``gc``: no other
    way reaches them before 3.14), each holding the class body's namespace as ``__classdict__``:
    exactly the names it reads that the body held, not evaluated here."""
    parameters = getattr(obj, "__type_params__", None)
    if not parameters or type(parameters) is not tuple:
        return ()
    import gc

    found: Dict[str, Any] = {}
    for parameter in parameters:
        for held in gc.get_referents(parameter):
            if type(held) is not types.FunctionType:
                continue
            code = held.__code__
            if "__classdict__" not in code.co_freevars or not held.__closure__:
                continue
            try:
                body = held.__closure__[code.co_freevars.index("__classdict__")].cell_contents
            except ValueError:
                continue  # (an empty cell: nothing to read)
            for name in code.co_names:
                try:
                    if name not in found and name in body:
                        found[name] = body[name]
                except Exception:  # noqa: BLE001, S112 - a __prepare__ mapping may refuse: not carried
                    continue
    values: List[Tuple[str, Value]] = []
    if found:
        cap.later_format = True  # (format 3: see finish)
    for name in sorted(found):
        values.append((name, (yield Need(found[name], f"{path}.__type_params__<{name}>", name))))
    return tuple(values)

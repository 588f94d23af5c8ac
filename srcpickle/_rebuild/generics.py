"""The scope of type parameters of a generic def (``def first[T]``, ``def push[W]`` in
``class Stack[V]``, Python 3.12+), run at load as the ``def`` statement runs it, to give the
loaded function its ``__type_params__`` and the annotations that read them.

Imported by the first generic def a process loads (``functions.generic_scope`` finds its scope):
most processes never load one (issue 9). Runs only code the payload's own source compiled to,
after every check.
"""

from __future__ import annotations

import types

from .functions import put_annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (issue 9)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple

    from .._model import FunctionNode
    from .builder import Builder


def class_cells(builder: Builder, node: FunctionNode) -> Dict[str, Any]:
    """What the scope of type parameters of a method (``def push[W]`` in ``class Stack[V]``)
    reads from its class statement: the class's type parameters and its namespace
    (``__classdict__``, where the annotations find the names of the class body), as cells."""
    cls = builder.objects.get(node.in_class) if node.in_class else None
    if not isinstance(cls, type):
        return {}
    cells: Dict[str, Any] = {"__classdict__": types.CellType(dict(vars(cls)))}
    parameters = getattr(cls, "__type_params__", None)
    if isinstance(parameters, tuple):  # (a payload may have set anything there)
        for parameter in parameters:
            name = getattr(parameter, "__name__", None)
            if isinstance(name, str):
                cells[name] = types.CellType(parameter)
    return cells


def set_type_parameters(
    generic: types.CodeType,
    fn: types.FunctionType,
    outer: Optional[Dict[str, Any]] = None,
    annotations: bool = True,
    body: Optional[Dict[str, Any]] = None,
) -> bool:
    """Give ``fn`` the type parameters and the annotations its scope of type parameters
    ``generic`` makes, run as the ``def`` statement runs it (it makes the type variables, then
    evaluates the annotations with them in scope); False when it cannot run here (the annotations
    are then evaluated from their texts, where the type variables are no globals). ``outer``:
    cells of what encloses a method's def, made again from its class (see ``class_cells``).
    ``annotations``: False leaves the function's annotations as they are (carried as values,
    format 3). ``body``: names of the class body the type parameters read (format 3,
    scope-names), for a def dumped without its class."""
    arguments: List[Any] = []
    for name in generic.co_varnames[: generic.co_argcount]:
        # The def statement hands the scope the defaults it evaluated: the loaded ones.
        if name == ".defaults":
            arguments.append(fn.__defaults__)
        elif name == ".kwdefaults":
            arguments.append(fn.__kwdefaults__)
        else:
            return False
    cells = {**(outer or {}), **dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))}
    stand_ins: Optional[_StandIns] = None
    if any(name not in cells for name in generic.co_freevars):
        # A generic method dumped alone (``def pair[V](self, a: T)`` in ``class Box[T]``): the
        # class header it is compiled in has no type parameters and no body to read. Its scope
        # runs to make its own type parameters: what the class would give stands in while it
        # runs (the annotations' own objects of those names, else a stand-in), and a type
        # parameter the annotations hold is kept as that object.
        stand_ins = _StandIns(fn.__globals__, _type_variables_in(fn.__annotations__))
        if body:
            stand_ins.update(body)  # (what the class body held: read before the module, as there)
        for name in generic.co_freevars:
            if name not in cells:
                cells[name] = types.CellType(stand_ins if name == "__classdict__" else stand_ins[name])
    closure = tuple(cells[name] for name in generic.co_freevars) or None
    try:
        made = types.FunctionType(generic, fn.__globals__, None, None, closure)(*arguments)
    except Exception:  # noqa: BLE001 - an annotation that fails: the texts decide, as for any
        return False
    parameters: Tuple[Any, ...] = made.__type_params__
    if stand_ins is not None:
        stand_ins.done = True
        carried = stand_ins.carried
        kept: List[Any] = []
        for parameter in parameters:
            same = carried.get(getattr(parameter, "__name__", ""))
            kept.append(same if type(same) is type(parameter) else parameter)
        parameters = tuple(kept)
    fn.__type_params__ = parameters  # type: ignore[attr-defined]
    if stand_ins is not None and stand_ins.stood_in:
        return False  # annotations made with stand-ins: the texts (or carried values) decide
    if annotations:
        put_annotations(fn, made.__annotations__)
    return True


def put_scope_names(obj: Any, body: Dict[str, Any]) -> None:
    """Give the type parameters of ``obj``, a generic class made inside a stand-in of the class
    statement that enclosed it (format 3, scope-names), the names of that class body their
    bounds, constraints and defaults read when first asked for: put into the namespace those
    evaluations read (``__classdict__``, the stand-in's throwaway body), where the statement of
    the class dumped without it had nothing. A name the body holds already stays."""
    import gc  # (no other way reaches the evaluation functions before 3.14)

    for parameter in getattr(obj, "__type_params__", None) or ():
        for held in gc.get_referents(parameter):
            if type(held) is not types.FunctionType or not held.__closure__:
                continue
            names = held.__code__.co_freevars
            if "__classdict__" in names:
                namespace = held.__closure__[names.index("__classdict__")].cell_contents
                if isinstance(namespace, dict):
                    for name, value in body.items():
                        namespace.setdefault(name, value)


class _StandIns(dict):  # type: ignore[type-arg]
    """The class namespace a generic method dumped alone is made in: a name of its module or of
    the builtins is that, any other (a name of the class body, a type parameter of the class)
    the annotations' type variable of that name, else a stand-in while the def runs. Afterwards
    (``done``), a name the payload does not hold raises NameError, as it would in any function
    reading a name its module lacks: the lazily evaluated bound of a type parameter reading the
    class body (``def m[K: Number]``) says so when read."""

    def __init__(self, namespace: Dict[str, Any], carried: Dict[str, Any]) -> None:
        super().__init__()
        self.namespace = namespace
        self.carried = carried
        self.done = False
        self.stood_in = False

    def __missing__(self, name: str) -> Any:
        if name in self.namespace:
            return self.namespace[name]
        held = self.namespace.get("__builtins__")
        builtins = vars(held) if isinstance(held, types.ModuleType) else held
        if isinstance(builtins, dict) and name in builtins:
            return builtins[name]
        if self.done:
            raise NameError(
                f"name {name!r} is not defined: a name of the class body of a generic method that "
                "was dumped without its class (dump the class to keep it)"
            )
        self.stood_in = True
        return self.carried[name] if name in self.carried else _StandIn(name)


class _StandIn:
    """Any object an annotation may hold while a def runs: subscripted, called, or'ed, it is
    itself."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __getitem__(self, item: Any) -> Any:
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self

    def __or__(self, other: Any) -> Any:
        return self

    __ror__ = __or__

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self


_TYPE_VARIABLE_KINDS = ("TypeVar", "ParamSpec", "TypeVarTuple")


def _type_variables_in(annotations: Any) -> Dict[str, Any]:
    # The type variables the carried annotations hold, by name (in typing's aliases too: their
    # __args__, a few levels down).
    found: Dict[str, Any] = {}
    pending = [(value, 0) for value in (annotations.values() if isinstance(annotations, dict) else ())]
    while pending:
        value, depth = pending.pop()
        if type(value).__name__ in _TYPE_VARIABLE_KINDS and isinstance(getattr(value, "__name__", None), str):
            found.setdefault(value.__name__, value)
            continue
        parts = getattr(value, "__args__", None)
        if depth < 8 and isinstance(parts, tuple):
            pending.extend((part, depth + 1) for part in parts)
    return found

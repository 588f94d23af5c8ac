"""Check calls of loaded functions against their recorded annotations (``loads(typecheck=True)``).

The only module that imports typeguard, and only when a caller asks for checks: loading without
``typecheck`` never imports it.
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
import weakref
from typing import Any, Callable, Dict, Optional

# The wrappers ``checked`` made: dumping one dumps the function it wraps (capture asks here), as
# a payload never names srcpickle's own code.
WRAPPERS: weakref.WeakSet[Callable[..., Any]] = weakref.WeakSet()


def _resolve(annotation: Any, namespace: Dict[str, Any]) -> Any:
    # String annotations (``from __future__ import annotations``, quoted ones, names only imported
    # for type checkers) and the forward references inside evaluated ones (``Optional["Pet"]``)
    # are resolved at call time, in the function's globals, where every name of the payload
    # exists by then (typeguard alone would look in the frame that called it). One that still
    # does not resolve is not checked.
    holder = types.SimpleNamespace(__annotations__={"hint": annotation})
    try:
        return typing.get_type_hints(holder, globalns=namespace, include_extras=True)["hint"]
    except Exception:  # noqa: BLE001 - any failure: unchecked, as documented
        return None


def _variadic(hint: Any, depth: int = 0) -> bool:
    # Whether ``hint`` holds an unpacked TypeVarTuple (``tuple[*Ts]``, ``Unpack[Ts]``, 3.11),
    # which typeguard (4.x) takes for one element: it refused correct calls ("tuple has wrong
    # number of elements (expected 1, got 2 instead)"). Such a hint is not checked.
    unpack = getattr(typing, "Unpack", None)  # (3.11+)
    if type(hint).__name__ == "TypeVarTuple" or getattr(hint, "__unpacked__", False):
        return True
    if unpack is not None and getattr(hint, "__origin__", None) is unpack:
        return True
    parts = getattr(hint, "__args__", None)
    if depth > 8 or not isinstance(parts, tuple):
        return False
    return any(_variadic(part, depth + 1) for part in parts)


def checked(fn: types.FunctionType) -> Callable[..., Any]:
    """A wrapper of ``fn`` that checks arguments and return value with typeguard."""
    import typeguard

    annotations: Dict[str, Any] = dict(getattr(fn, "__annotations__", {}) or {})
    if not annotations:
        return fn
    try:
        # What callers see and pass (a functools.wraps wrapper's *args, **kwargs take the
        # wrapped function's parameters, which the annotations it copied name).
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        signature = inspect.signature(fn, follow_wrapped=False)
    strategy = typeguard.CollectionCheckStrategy.ALL_ITEMS

    def check(value: Any, name: str, what: str) -> None:
        hint = _resolve(annotations[name], fn.__globals__)
        if hint is None or _variadic(hint):
            return
        try:
            typeguard.check_type(value, hint, collection_check_strategy=strategy)
        except typeguard.TypeCheckError as exc:
            raise typeguard.TypeCheckError(f"{what} of {fn.__qualname__}(): {exc}") from None

    def check_arguments(args: Any, kwargs: Any) -> None:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            # Arguments that do not fit: the call itself raises Python's own error, which names
            # the function (bind's does not); nothing is checked.
            return
        for name, value in bound.arguments.items():
            if name not in annotations:
                continue
            kind = signature.parameters[name].kind
            if kind is inspect.Parameter.VAR_POSITIONAL:
                for index, item in enumerate(value):
                    check(item, name, f'argument "*{name}"[{index}]')
            elif kind is inspect.Parameter.VAR_KEYWORD:
                for key, item in value.items():
                    check(item, name, f'argument "**{name}"[{key!r}]')
            else:
                check(value, name, f'argument "{name}"')

    returns: Optional[str] = "return" if "return" in annotations else None
    wrapper: Callable[..., Any]
    if inspect.iscoroutinefunction(fn):

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            check_arguments(args, kwargs)
            result = await fn(*args, **kwargs)
            if returns:
                check(result, returns, "the return value")
            return result

    elif inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn):
        # What a generator yields is not its return annotation's type; arguments only.
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            check_arguments(args, kwargs)
            return fn(*args, **kwargs)

    else:

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            check_arguments(args, kwargs)
            result = fn(*args, **kwargs)
            if returns:
                check(result, returns, "the return value")
            return result

    made = functools.wraps(fn)(wrapper)
    # The defaults too, which functools.wraps leaves out: code reads them (and typing's
    # get_type_hints of 3.9 and 3.10 its implicit Optional of a keyword-only parameter defaulting
    # to None). The wrapper's own parameters (*args, **kwargs) take none of them.
    setattr(made, "__defaults__", fn.__defaults__)  # noqa: B010 - (a function, which mypy's wraps type hides)
    setattr(made, "__kwdefaults__", fn.__kwdefaults__)  # noqa: B010
    WRAPPERS.add(made)
    return made

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
from typing import Any, Callable, Dict, Optional, Tuple

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
    if inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn):
        # A generator's return annotation (Iterator[int], Generator[int, None, str]) says what
        # it yields and returns: each item is checked as it comes, what is sent and thrown in
        # goes through to the generator. The wrapper is a generator function of the same kind.
        # (resolved at the first call, as the other annotations are at each)
        resolved: Dict[str, Tuple[Any, Any]] = {}

        def check_item(value: Any, what: str, index: int) -> None:
            if "parts" not in resolved:
                resolved["parts"] = _generator_hints(annotations.get("return"), fn.__globals__)
            hint = resolved["parts"][index]
            if hint is not None and not _variadic(hint):
                try:
                    typeguard.check_type(value, hint, collection_check_strategy=strategy)
                except typeguard.TypeCheckError as exc:
                    raise typeguard.TypeCheckError(f"{what} of {fn.__qualname__}(): {exc}") from None

        if inspect.isgeneratorfunction(fn):
            wrapper = _checked_generator(fn, check_arguments, check_item)
        else:
            wrapper = _checked_async_generator(fn, check_arguments, check_item)
    elif inspect.iscoroutinefunction(fn):

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            check_arguments(args, kwargs)
            result = await fn(*args, **kwargs)
            if returns:
                check(result, returns, "the return value")
            return result

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


def check_methods(cls: type, wrapped: Dict[int, Callable[..., Any]]) -> None:
    """Put the checked wrappers of ``wrapped`` (by the id of the function each wraps) in place of
    those functions in the dict of the loaded class ``cls``: its methods, static and class
    methods are what callers of the class call."""
    replaced: Dict[str, Tuple[Any, Any]] = {}
    for name, value in list(vars(cls).items()):
        made: Any = None
        if isinstance(value, (staticmethod, classmethod)):
            inner = wrapped.get(id(value.__func__))
            made = type(value)(inner) if inner is not None else None
        elif isinstance(value, types.FunctionType):
            made = wrapped.get(id(value))
        elif type(value) is property:
            made = _checked_property(value, wrapped)
        if made is not None:
            setattr(cls, name, made)
            replaced[name] = (made, value)
    if replaced:
        REPLACED[cls] = replaced


def _checked_property(value: property, wrapped: Dict[int, Callable[..., Any]]) -> Optional[property]:
    # A property of the class whose getter, setter or deleter was checked: the same property of
    # the checked functions (a subclass of property may hold more, and is left as it is).
    parts = (value.fget, value.fset, value.fdel)
    made = [wrapped.get(id(part), part) if part is not None else None for part in parts]
    if all(new is old for new, old in zip(made, parts)):
        return None
    return property(made[0], made[1], made[2], value.__doc__)


# What check_methods replaced in each class: dumping the class dumps what was loaded (capture
# looks here, through class_items), as dumping a checked function dumps the loaded one.
REPLACED: weakref.WeakKeyDictionary[type, Dict[str, Tuple[Any, Any]]] = weakref.WeakKeyDictionary()


# The generic classes whose first argument is what a generator yields (typing's aliases of them
# have these as their origin).
_YIELDING = frozenset(
    {"Iterator", "Iterable", "Generator", "AsyncIterator", "AsyncIterable", "AsyncGenerator"}
)


def _generator_hints(annotation: Any, namespace: Dict[str, Any]) -> Tuple[Any, Any]:
    """The (yield, return) types a generator's return ``annotation`` says, None where it says
    none (a bare Iterator, an annotation that does not resolve, one of another kind)."""
    if annotation is None:
        return None, None
    hint = _resolve(annotation, namespace)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if getattr(origin, "__module__", "") != "collections.abc" or origin.__name__ not in _YIELDING or not args:
        return None, None
    returned = args[2] if origin.__name__ == "Generator" and len(args) == 3 else None
    return args[0], returned


def _checked_generator(
    fn: Callable[..., Any], check_arguments: Callable[..., None], check_item: Callable[..., None]
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        check_arguments(args, kwargs)
        inner = fn(*args, **kwargs)
        index = 0
        try:
            item = next(inner)
            while True:
                check_item(item, f"the item {index} yielded", 0)
                index += 1
                try:
                    sent = yield item
                except GeneratorExit:
                    inner.close()
                    raise
                except BaseException as exc:  # noqa: BLE001 - thrown in: the generator's to handle
                    item = inner.throw(exc)
                else:
                    item = inner.send(sent)
        except StopIteration as stop:
            check_item(stop.value, "the return value", 1)
            return stop.value

    return wrapper


def _checked_async_generator(
    fn: Callable[..., Any], check_arguments: Callable[..., None], check_item: Callable[..., None]
) -> Callable[..., Any]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        check_arguments(args, kwargs)
        inner = fn(*args, **kwargs)
        index = 0
        try:
            item = await inner.__anext__()
            while True:
                check_item(item, f"the item {index} yielded", 0)
                index += 1
                try:
                    sent = yield item
                except GeneratorExit:
                    await inner.aclose()
                    raise
                except BaseException as exc:  # noqa: BLE001 - thrown in: the generator's to handle
                    item = await inner.athrow(exc)
                else:
                    item = await inner.asend(sent)
        except StopAsyncIteration:
            return

    return wrapper

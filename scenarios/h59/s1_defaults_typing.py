"""Defaults that are objects, typing constructs, wrappers, partials, methods (Python 3.9 syntax)."""

import dataclasses
import enum
import functools
import inspect
import os
import sys
import typing
from typing import (
    Annotated,
    Any,
    Callable,
    Dict,
    Generic,
    List,
    Literal,
    Optional,
    Protocol,
    TypedDict,
    TypeVar,
    Union,
    overload,
)

MISSING = object()


class Sentinel:
    def __repr__(self):
        return "<Sentinel>"


NOTHING = Sentinel()


class Color(enum.Enum):
    RED = 1
    BLUE = 2


@dataclasses.dataclass(frozen=True)
class Point:
    x: int = 0
    y: int = 0


def helper(v):
    return v * 2


T = TypeVar("T", bound="Point")
N = TypeVar("N", int, float)


class Movie(TypedDict):
    title: str
    year: int


class Sized(Protocol):
    def size(self) -> int: ...


def sentinel_default(a, b=MISSING, *, c=NOTHING):
    return (b is MISSING, c is NOTHING)


def enum_default(color: Color = Color.RED) -> Color:
    return color


def dataclass_default(p: Point = Point(1, 2)) -> int:
    return p.x + p.y


def function_and_class_default(fn: Callable[[int], int] = helper, kind: type = Point) -> Any:
    return fn(3), kind.__name__


def typing_mix(
    a: List[int],
    b: Dict[str, Optional[int]],
    c: Union[int, str] = 1,
    d: Literal["x", "y"] = "x",
    e: Annotated[int, "meta", 3] = 0,
    *args: Annotated[float, "each"],
    movie: Optional[Movie] = None,
    thing: Optional[Sized] = None,
    **kw: Callable[..., Any],
) -> "Dict[str, int]":
    return {"n": len(a)}


def pep585(a: list[int], b: dict[str, tuple[int, ...]] = {}) -> type[int]:  # noqa: B006
    return int


def bound_typevar(p: T, n: N) -> T:
    return p


def forward_later(x: "Later", y: Optional["Later"] = None) -> "List[Later]":  # noqa: F821
    return [x]


class Later:
    def __repr__(self):
        return "<Later>"


@overload
def over(x: int) -> int: ...
@overload
def over(x: str) -> str: ...
def over(x: Union[int, str]) -> Union[int, str]:
    return x


def plain_deco(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@plain_deco
def wrapped(a: int, b: str = "s", *, c: Point = Point()) -> List[str]:
    return [b] * a


def add3(a: int, b: int, c: int = 0) -> int:
    return a + b + c


partial_obj = functools.partial(add3, 1, c=5)


class Box(Generic[T]):
    def method(self, x: int, *, y: "Box[T]" = None) -> "Box[T]":
        return self

    @classmethod
    def make(cls, n: int = 3) -> "Box":
        return cls()

    @staticmethod
    def stat(a: Color = Color.BLUE, /, b: Point = Point(3)) -> Color:
        return a

    @property
    def prop(self) -> int:
        return 1


lam = lambda x, y=MISSING, *a, z=Color.RED, **k: (y is MISSING, z)  # noqa: E731


def closure_maker():
    Local = Point
    Alias = List[Point]

    def inner(p: Local, ps: Alias = ()) -> Optional[Local]:
        return p

    return inner


closure_fn = closure_maker()


def later_annotated(a, b=2):
    return a


later_annotated.__annotations__["a"] = Point
later_annotated.__annotations__["return"] = Optional[Color]


def hand_signed(*args, **kwargs):
    return args


hand_signed.__signature__ = inspect.Signature(
    [
        inspect.Parameter("x", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=int),
        inspect.Parameter("flag", inspect.Parameter.KEYWORD_ONLY, default=Color.RED, annotation=Color),
    ],
    return_annotation=Point,
)


def text_sig(*args):
    return args


text_sig.__text_signature__ = "($module, a, b=1, /)"


def any_type_annotations(a: typing.Any, b: typing.NoReturn = None, c: typing.ClassVar = None) -> None:
    pass


CALLS = ["f.__name__", "f.__qualname__"]

CASES = {
    "sentinel_default": (sentinel_default, ["f(1)", "f.__defaults__", "f.__kwdefaults__"]),
    "enum_default": (enum_default, ["f()", "f.__defaults__[0].name"]),
    "dataclass_default": (dataclass_default, ["f()", "f.__defaults__"]),
    "function_and_class_default": (function_and_class_default, ["f()"]),
    "typing_mix": (typing_mix, ["f([1])", "f.__annotations__['return']"]),
    "pep585": (pep585, ["f([1])"]),
    "bound_typevar": (bound_typevar, ["f.__annotations__['p'].__bound__"]),
    "forward_later": (forward_later, ["f(1)"]),
    "over": (over, ["f(1)", "len(typing.get_overloads(f)) if hasattr(typing, 'get_overloads') else None"]),
    "wrapped": (wrapped, ["f(2)", "str(inspect.signature(f, follow_wrapped=False))", "hasattr(f, '__wrapped__')", "typing.get_type_hints(f.__wrapped__)"]),
    "partial_obj": (partial_obj, ["f(2)", "f.args", "f.keywords"]),
    "Box": (Box, [
        "str(inspect.signature(f.method))", "typing.get_type_hints(f.method)",
        "str(inspect.signature(f.make))", "typing.get_type_hints(f.make)",
        "str(inspect.signature(f.stat))", "typing.get_type_hints(f.stat)",
        "str(inspect.signature(f.prop.fget))", "typing.get_type_hints(f.prop.fget)",
        "f.__parameters__",
    ]),
    "box_method": (Box.method, []),
    "box_classmethod": (Box.make, ["f().__class__.__name__"]),
    "lam": (lam, ["f(1)"]),
    "closure_fn": (closure_fn, ["f(1)"]),
    "later_annotated": (later_annotated, ["f.__annotations__"]),
    "hand_signed": (hand_signed, ["f(1)"]),
    "text_sig": (text_sig, ["f.__text_signature__"]),
    "any_type_annotations": (any_type_annotations, []),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

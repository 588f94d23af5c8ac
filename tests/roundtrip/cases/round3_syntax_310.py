"""User scenarios of Python 3.10 syntax and library no case file held before (round 3, h138):
``match`` on dataclasses by position (``__match_args__``) and keyword with guards, on Enum
members as value patterns, on alternatives with captures, on nested mappings and sequences with
star captures, a match inside a closure and a lambda reading a match capture;
``dataclass(slots=True, kw_only=True)`` and a ``kw_only`` subclass whose ``__post_init__``
calls ``super()``, ``X | None`` in ``isinstance`` and annotations read back through
``get_type_hints``, ``ParamSpec`` in a decorator that keeps the signature. Older loaders must
say the source needs 3.10.

Left out: what 3.10 added to the library but not to the syntax (``KW_ONLY``, ``TypeGuard``,
``zip(strict=True)``, ``bisect``'s ``key``) fails on older loaders with MissingDependencyError or
at the call, not with the PythonVersionError this file's REQUIRES_PYTHON expects; parenthesized
context managers parse on 3.9's parser and load there."""

import dataclasses
import enum
import functools
import typing

REQUIRES_PYTHON = (3, 10)


@dataclasses.dataclass
class Point:
    x: int
    y: int


@dataclasses.dataclass
class Circle:
    center: Point
    r: int


class Kind(enum.Enum):
    SQUARE = "sq"
    DOT = "dot"


def where(shape):
    match shape:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y) if y > 0:
            return f"up {y}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Circle(Point(x, y), r=r) if r > 10:
            return f"big circle at {x},{y}"
        case Circle(center=c):
            return f"circle near {where(c)}"
        case Kind.SQUARE | Kind.DOT as kind:
            return f"kind {kind.value}"
        case (str() | bytes()) as text:
            return f"text {len(text)}"
        case {"type": "line", "points": [first, *_, last]}:
            return f"line {first}->{last}"
        case [int(a), *rest] if rest:
            return f"ints from {a} ({len(rest)} more)"
        case _:
            return "unknown"


def make_router(routes):
    def route(request):
        match request.split("/"):
            case ["", "users", user_id] if user_id.isdigit():
                handler = routes["user"]
                return handler(int(user_id))
            case ["", "users"]:
                return routes["list"]()
            case ["", *parts]:
                return ("not found", parts)

    return route


router = make_router({"user": lambda uid: ("user", uid), "list": lambda: ("users",)})


@dataclasses.dataclass(slots=True, kw_only=True)
class Options:
    verbose: bool = False
    level: int = 1

    def louder(self):
        return dataclasses.replace(self, level=self.level + 1)


@dataclasses.dataclass
class Base:
    name: str

    def __post_init__(self):
        self.tag = self.name.upper()


@dataclasses.dataclass(kw_only=True)
class Job(Base):
    retries: int = 3
    queue: str = "default"

    def __post_init__(self):
        super().__post_init__()
        self.tag += f"/{self.queue}"


def use_options():
    o = Options(level=2).louder()
    j = Job("build", queue="fast")
    return [o, hasattr(o, "__dict__"), j.tag, j.retries, [f.kw_only for f in dataclasses.fields(Job)]]


def describe(value: int | str | None) -> list[int | None]:
    if isinstance(value, int | None):
        return [value]
    return [len(value)]


def hints(func):
    return {k: repr(v) for k, v in typing.get_type_hints(func).items()}


P = typing.ParamSpec("P")
R = typing.TypeVar("R")


def traced(func: typing.Callable[P, R]) -> typing.Callable[P, tuple[str, R]]:
    @functools.wraps(func)
    def inner(*args: P.args, **kwargs: P.kwargs) -> tuple[str, R]:
        return (func.__name__, func(*args, **kwargs))

    return inner


@traced
def area(w: int, h: int = 1, *, unit: str = "m") -> str:
    return f"{w * h}{unit}"


CASES = {
    "match_shapes": (
        (where, Point, Circle, Kind),
        [
            "[f[0](f[1](0, 0)), f[0](f[1](0, 5)), f[0](f[1](2, 2))]",
            "[f[0](f[2](f[1](1, 2), 20)), f[0](f[2](f[1](0, 0), 1))]",
            "[f[0](f[3].DOT), f[0](b'ab'), f[0]({'type': 'line', 'points': [1, 2, 3]})]",
            "[f[0]([1, 2, 3]), f[0]([1]), f[0](3.5)]",
        ],
    ),
    "match_in_closure": (router, ["f('/users/7')", "f('/users')", "f('/a/b')"]),
    "slots_kw_only": (use_options, ["f()"]),
    "kw_only_class": (Job, ["f('x', retries=1).tag", "str(inspect.signature(f))"]),
    "union_types": ((describe, hints), ["f[0](3)", "f[0]('abc')", "f[0](None)", "f[1](f[0])"]),
    "paramspec_decorator": (area, ["f(2, 3, unit='cm')", "str(inspect.signature(f))", "f.__wrapped__(4)"]),
}

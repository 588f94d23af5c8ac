# ruff: noqa
import typing
from typing import (
    Annotated,
    Callable,
    ClassVar,
    Final,
    Literal,
    Optional,
    Protocol,
    TypedDict,
    TypeVar,
    Union,
)

T = TypeVar("T", bound="Node")


class Node:
    children: "list[Node]"
    LIMIT: ClassVar[int] = 3
    KIND: Final = "node"

    def __init__(self, *children: "Node") -> None:
        self.children = list(children)

    def walk(self: T) -> "typing.Iterator[T]":
        yield self
        for child in self.children:
            yield from child.walk()


@typing.runtime_checkable
class Sized2(Protocol):
    def size(self) -> int: ...


class Has:
    def size(self):
        return 2


class Partial(TypedDict, total=False):
    a: int
    b: "Optional[Node]"


class Unit:
    def __init__(self, s):
        self.s = s

    def __repr__(self):
        return f"Unit({self.s!r})"


Meters = Annotated[float, Unit("m")]


def measure(
    x: Meters, mode: Literal["a", "b"] = "a", cb: Optional[Callable[[int], str]] = None
) -> Union[int, str]:
    return x, mode


def hints_of(fn):
    return {k: repr(v) for k, v in typing.get_type_hints(fn, include_extras=True).items()}


CASES = {
    "node": (
        Node,
        [
            "len(list(f(f(), f(f())).walk()))",
            "f.LIMIT, f.KIND",
            "f.__annotations__",
            "str(inspect.signature(f.walk))",
        ],
    ),
    "protocol": ([Sized2, Has], ["isinstance(f[1](), f[0])", "isinstance(3, f[0])"]),
    "typeddict": (Partial, ["sorted(f.__optional_keys__)", "f.__total__", "f(a=1)"]),
    "annotated": ([measure, hints_of], ["f[0](1.5)", "str(inspect.signature(f[0]))", "f[1](f[0])"]),
}

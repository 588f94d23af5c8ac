"""from __future__ import annotations: annotations as strings, forward references, methods."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import typing
from typing import TYPE_CHECKING, Annotated, Literal, Optional, TypeVar

if TYPE_CHECKING:
    from decimal import Decimal

T = TypeVar("T", bound="Node")


@dataclasses.dataclass
class Node:
    value: int
    children: list[Node] = dataclasses.field(default_factory=list)

    def add(self, child: Node, *, where: Literal["front", "back"] = "back") -> Node:
        self.children.append(child)
        return self

    @classmethod
    def leaf(cls, value: int = 0) -> Node:
        return cls(value)

    @staticmethod
    def depth(node: Optional[Node]) -> int:
        return 0

    @property
    def size(self) -> int:
        return 1


def newer(x: int | None, y: list[dict[str, Node]] = (), *a: tuple[int, ...], **k: Annotated[str, "m"]) -> Node | None:
    return None


def typevar_user(n: T) -> T:
    return n


def forward(t: Tree) -> Tree:  # noqa: F821
    return t


class Tree:
    pass


def tc_only(d: Decimal) -> Decimal:
    return d


def closure(n):
    Local = Node

    def inner(x: Local) -> Local:
        return x

    return inner


def deco(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k)

    return wrapper


@deco
def decorated(a: Node, b: int = 1) -> list[Node]:
    return [a]


pt = functools.partial(newer, 1)
lam = lambda x=Node(1): x  # noqa: E731

CASES = {
    "Node": (Node, ["str(inspect.signature(f))", "typing.get_type_hints(f.add)", "str(inspect.signature(f.add))",
                    "typing.get_type_hints(f.leaf)", "typing.get_type_hints(f.depth)", "typing.get_type_hints(f.size.fget)",
                    "repr(f(1).add(f(2)))"]),
    "newer": (newer, []),
    "typevar_user": (typevar_user, []),
    "forward": (forward, []),
    "tc_only": (tc_only, []),
    "closure": (closure(1), []),
    "decorated": (decorated, ["str(inspect.signature(f, follow_wrapped=False))", "f.__wrapped__.__name__"]),
    "pt": (pt, ["f.args"]),
    "lam": (lam, ["f()"]),
    "method": (Node.add, []),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

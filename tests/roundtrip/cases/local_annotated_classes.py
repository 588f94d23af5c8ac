"""Classes made inside functions whose bodies annotate (a dataclass, a NamedTuple, a class in a
method), in a module whose own annotations hold something no payload can carry (a lock).

An annotating class body stores in the ``__annotations__`` of its own namespace, never the
module's; its code reads that name, and the capture took it for a global of the module: the
module's annotations went into the payload (refused here: the lock), or, harmless ones, made
every payload change when an unrelated annotation did. A class body that reads
``__annotations__`` without annotating does read the module's (not here: refused).
"""

import threading
from dataclasses import dataclass
from typing import Annotated, NamedTuple

GUARD: Annotated[int, threading.Lock()] = 1
RATE: float = 0.5


def make_point(x):
    @dataclass
    class Point:
        x: int
        y: int = 0

    return Point(x)


def make_pair(a):
    class Pair(NamedTuple):
        first: int
        second: str = "two"

    return Pair(a)


class Factory:
    def build(self, value):
        class Made:
            size: float = 2.0

            def __init__(self, value):
                self.value = value

        return Made(value)


CASES = {
    "local_dataclass": (make_point, ["f(3)", "f(3).y", "sorted(f(3).__annotations__)"]),
    "local_named_tuple": (make_pair, ["f(1)", "f(1)._fields"]),
    "class_in_a_method": (
        Factory,
        ["f().build(5).value", "type(f().build(5)).__annotations__", "f().build(1).size"],
    ),
}

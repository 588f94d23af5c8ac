"""Classes whose annotations are quoted (no ``from __future__ import annotations``): a forward
reference (``List["Pet"]``), ``"typing.ClassVar[int]"``, ``"ClassVar[int]"``. The class statement
never evaluates them; dataclasses and ``typing.get_type_hints`` do, in ``sys.modules[cls.__module__]``
(see ``class_annotation_strings.py``). A string inside ``Literal[...]`` is a value and the
metadata of ``Annotated[...]`` is not a type: the globals their text happens to name (``red``
below, a lock that cannot be captured) stay out of the payload.
"""

import threading
import typing
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, List, Literal, Optional

red = threading.Lock()  # a global that only a Literal's string spells: never captured
meta = threading.Lock()


@dataclass
class Pet:
    name: str
    kind: "str" = "cat"
    registry: "typing.ClassVar[List[str]]" = []


@dataclass
class Owner:
    name: str
    pets: List["Pet"] = field(default_factory=list)
    best: "Optional[Pet]" = None
    owners: "ClassVar[int]" = 0
    color: Literal["red", "blue"] = "red"
    note: Annotated[str, "meta"] = ""

    def adopt(self, name: str) -> "Pet":
        pet = Pet(name)
        self.pets.append(pet)
        return pet


class Node:
    value: "int"
    children: "List[Node]"
    parent: "Optional['Node']"

    def __init__(self, value: int) -> None:
        self.value = value
        self.children = []
        self.parent = None


CASES = {
    "quoted_forward_reference_dataclass": (
        Owner,
        [
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "repr(f('ann', [], None))",
            "raises(f, 'a', [], None, 3, 'red', '', 'extra').split(':')[0]",
            "f.owners",
            "repr(f('bo').adopt('rex'))",
            "sorted(__import__('typing').get_type_hints(f, f.__init__.__globals__))",
            "__import__('typing').get_type_hints(f, f.__init__.__globals__)['pets'].__args__[0]"
            " is f.adopt.__globals__['Pet']",
        ],
    ),
    "quoted_module_classvar": (
        Pet,
        [
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "raises(f, 'a', 'dog', ['x']).split(':')[0]",
            "f.registry",
            "repr(f('tom'))",
        ],
    ),
    "quoted_self_reference": (
        Node,
        [
            "sorted(f.__annotations__.items())",
            "sorted((k, repr(v)) for k, v in"
            " __import__('typing').get_type_hints(f, f.__init__.__globals__).items())",
        ],
    ),
}

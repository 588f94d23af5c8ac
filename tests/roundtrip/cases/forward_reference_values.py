"""Typing objects that hold forward references, as values the code reads: ``PetList =
List["Pet"]`` read by an annotation, ``TypeVar("B", bound="Pet")``, ``Optional["Pet"]`` as a
default. Each holds a ``typing.ForwardRef``, whose reduce state holds the compiled string (a code
object): dumps refused them all. They go as the call ``typing.ForwardRef("Pet")``, and the globals
their strings name go into the payload, so that ``typing.get_type_hints`` resolves them after
loading as it did before (``NameError: name 'Pet' is not defined`` otherwise: the source never
names ``Pet`` outside the string).
"""

import typing
from typing import Dict, Generic, List, Optional, TypeVar

B = TypeVar("B", bound="Pet")
C = TypeVar("C", "Pet", "Owner")
PetList = List["Pet"]
MaybePet = Optional["Pet"]
Table = Dict[str, "Pet"]
Chain = List["MaybePet"]  # an alias whose string names another alias
Deep = Dict["str", List[Optional["Owner"]]]
Builtin585 = Dict[str, "list[Pet]"]
Qualified = Optional["typing.Tuple[Pet, int]"]
NotBound = Optional["OnlyForTypeCheckers"]  # noqa: F821 - bound for type checkers only


class Pet:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Pet({self.name!r})"


class Owner:
    def __repr__(self) -> str:
        return "Owner()"


def feed(pets: PetList, extra: MaybePet = None) -> Table:
    return {pet.name: pet for pet in pets + ([extra] if extra else [])}


def chained(x: Chain, y: Deep, z: Builtin585, q: Qualified = None) -> int:
    return len(x)


def bounded(pet: B, either: C) -> B:
    return pet


def uses_alias_in_body():
    return [repr(MaybePet), repr(B), repr(B.__bound__), B.__bound__ == typing.ForwardRef("Pet")]


def forward_default(kind=Optional["Pet"], *, many=List["Owner"]):
    return repr(kind), repr(many)


def unresolvable(x: NotBound) -> None:
    return None


class Box(Generic[B]):
    def put(self, item: B, others: PetList = ()) -> "Box[B]":
        return self


class Kennel:
    """A class by value: its methods' annotations and its own read the aliases."""

    pets: PetList
    best: MaybePet = None

    def add(self, pet: MaybePet, *more: Pet) -> Table:
        return {}


def make_local():
    Local = List["Pet"]

    def inner(x: Local) -> Optional["Owner"]:
        return None

    return inner


local_annotation = make_local()


def assigned_later(a, b):
    return a


assigned_later.__annotations__["a"] = Optional["Owner"]


DUMPERS_VARY = {
    "type_variable_bounds": "TypeVar of 3.12+ keeps its constraints' strings, older ones make ForwardRefs",
}
# For the same reason, a payload of 3.12+ (constraints as strings) loaded on 3.9 to 3.11 holds
# ForwardRefs there, which a dump on that Python writes.
REDUMP_VARIES = {
    "type_variable_bounds": "TypeVar of 3.9 to 3.11 makes ForwardRefs of a 3.12+ payload's strings",
}

HINTS = "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f).items())"
SIGNATURE = "str(inspect.signature(f))"

CASES = {
    "alias_in_annotations": (
        feed,
        [
            HINTS,
            SIGNATURE,
            "sorted(f([f.__globals__['Pet']('a')], f.__globals__['Pet']('b')))",
            "__import__('typing').get_type_hints(f)['pets'].__args__[0] is f.__globals__['Pet']",
        ],
    ),
    "aliases_naming_aliases": (chained, [HINTS, SIGNATURE, "f([], {}, {})"]),
    "type_variable_bounds": (
        bounded,
        [
            HINTS,
            SIGNATURE,
            "f(1, 2)",
            "repr(f.__annotations__['pet'].__bound__)",
            "len(f.__annotations__['either'].__constraints__)",
        ],
    ),
    "aliases_read_by_the_body": (uses_alias_in_body, ["f()"]),
    "forward_references_as_defaults": (
        forward_default,
        [SIGNATURE, "f()", "f.__defaults__[0].__args__[0].__forward_arg__"],
    ),
    "name_the_module_never_bound": (
        unresolvable,
        [
            "raises(__import__('typing').get_type_hints, f)",
            SIGNATURE,
            "'OnlyForTypeCheckers' in f.__globals__",
        ],
    ),
    "generic_class_bound": (
        Box,
        [
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f.put).items())",
            "f.__parameters__",
            "f().put(1) is not None",
        ],
    ),
    "class_reading_aliases": (
        Kennel,
        [
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f.add).items())",
            # (a class's own hints need its globals passed after loading: README, limitations)
            "sorted(map(repr, __import__('typing').get_type_hints(f, f.add.__globals__).items()))",
            "str(inspect.signature(f.add))",
        ],
    ),
    "local_alias_annotation": (local_annotation, [HINTS, "f(1)"]),
    "annotation_assigned_after_def": (assigned_later, [HINTS, "f(1, 2)"]),
}

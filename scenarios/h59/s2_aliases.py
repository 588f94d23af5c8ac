"""Globals that hold typing objects with forward references."""

import os
import sys
import typing
from typing import Dict, List, Optional, TypeVar

R = TypeVar("R")
B = TypeVar("B", bound="Pet")
PetList = List["Pet"]
MaybePet = Optional["Pet"]
Table = Dict[str, "Pet"]


class Pet:
    def __repr__(self):
        return "<Pet>"


def feed(pets: PetList, extra: MaybePet = None) -> Table:
    return {"n": len(pets)}


def uses_alias_in_body(x):
    return PetList, MaybePet


Chain = List["MaybePet"]  # an alias naming another alias
Deep = Dict["str", List[Optional["Pet"]]]
Builtin585 = list["Pet"]


def chained(x: Chain, y: Deep, z: Builtin585) -> None:
    return None


def closure_maker():
    Local = List["Pet"]

    def inner(x: Local) -> None:
        return None

    return inner


closure_fn = closure_maker()


def later(a, b):
    return a


later.__annotations__["a"] = Optional["Pet"]


def bounded(pet: B) -> B:
    return pet


def forward_in_default(x=Optional["Pet"]):
    return x


class Kennel:
    pets: PetList
    best: MaybePet = None

    def add(self, pet: MaybePet) -> Table:
        return {}


CASES = {
    "Kennel": (Kennel, ["typing.get_type_hints(f.add)", "f.__annotations__", "str(inspect.signature(f.add))"]),
    "feed": (feed, ["f([1])"]),
    "uses_alias_in_body": (uses_alias_in_body, ["f(1)"]),
    "chained": (chained, []),
    "closure_fn": (closure_fn, []),
    "later": (later, []),
    "bounded": (bounded, ["f.__annotations__['pet'].__bound__"]),
    "forward_in_default": (forward_in_default, ["f()"]),
}

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import drive

    drive.main(CASES)

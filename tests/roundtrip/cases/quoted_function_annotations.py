"""Functions whose annotations are quoted (no ``from __future__ import annotations``): the def
never evaluates a string, ``typing.get_type_hints`` and ``typecheck=True`` do, later, in the
function's globals. The globals those strings name (``Hound``, ``List`` inside ``"List['Hound']"``)
go in the payload; they were left out (only unquoted names were read), and after loading
``get_type_hints`` raised ``NameError: Hound`` while ``typecheck=True`` checked nothing (the
interpreters' children have no typeguard: ``test_function_annotations.py`` loads these payloads
with ``typecheck=True`` in a fresh process of the test's own Python).

A string inside ``Literal[...]`` is a value and the metadata of ``Annotated[...]`` is no type:
the globals their text happens to spell (``red``, ``meta``: locks, which cannot be captured) stay
out. A name imported only under ``TYPE_CHECKING`` stays out too, and loading works (its
``get_type_hints`` fails on the original as after loading). A def whose unquoted annotation reads
a local of its enclosing function (``def inner(x: Local)``) keeps the evaluated value.

The class is ``Hound``, a name no other case file uses: ``typing`` caches ``Optional["Pet"]``
with its evaluated forward reference for the whole process (every Python), so a second payload's
``Optional["Pet"]`` would evaluate to the first payload's ``Pet`` (the harness loads every case
file of one dumper and loader in one process). Two modules of one process that use the same
names do the same without srcpickle.
"""

import threading
import typing
from typing import TYPE_CHECKING, Annotated, Dict, List, Literal, Optional

if TYPE_CHECKING:
    from decimal import Decimal

red = threading.Lock()  # only a Literal's string spells it: never captured
meta = threading.Lock()  # only Annotated's metadata spells it: never captured


class Hound:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Hound({self.name!r})"

    def twin(self, other: "Hound") -> "Optional[Hound]":
        return other if other.name == self.name else None


def feed(
    first: "Hound", *more: "Hound", bowl: Optional["Hound"] = None, **named: "List['Hound']"
) -> "list[Hound]":
    return [first, *more] + [p for group in named.values() for p in group]


def choose(color: Literal["red", "blue"], note: Annotated[int, "meta"] = 0) -> "Dict[str, int]":
    return {color: note}


def price(amount: "Decimal", pet: "Hound") -> "typing.Tuple[Hound, str]":
    return pet, str(amount)


def adopt(name: "str") -> "Shelter":  # a class defined further down the module
    return Shelter([Hound(name)])


def count(shelter: "Shelter", kind: "Optional[Kennel]" = None) -> "int":  # both defined later
    return len(shelter.pets)


class Shelter:
    def __init__(self, pets: "List[Hound]") -> None:
        self.pets = pets

    def merge(self, other: "Shelter") -> "Shelter":
        return Shelter(self.pets + other.pets)

    def __repr__(self) -> str:
        return f"Shelter({self.pets!r})"


class Kennel:
    pass


class Clinic:
    Patient = Hound  # a name of the class body, which its methods' annotations read

    def admit(self, who: Patient, after: "Clinic | None" = None) -> "Clinic":
        return self


def make_pair(tag: str) -> typing.Callable[..., typing.Any]:
    class Local:
        def __init__(self, value: int) -> None:
            self.value = value

    def pair(left: Local, right: "Hound") -> "typing.Tuple[Hound, str]":
        return right, f"{tag}{left.value}"

    return pair


def kennel() -> typing.Callable[..., typing.Any]:
    # The inner def's quoted annotations name module globals; they are evaluated only when the
    # loaded kennel has made it.
    def lodge(guest: "Hound", nights: "Optional[int]" = None) -> "List[Hound]":
        return [guest] * (nights or 1)

    return lodge


HINTS = "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f).items())"
CASES = {
    "quoted_parameters_and_return": (
        feed,
        [
            HINTS,
            "str(inspect.signature(f))",
            "f(f.__globals__['Hound']('a'), f.__globals__['Hound']('b'), x=[f.__globals__['Hound']('c')])",
            "__import__('typing').get_type_hints(f)['first'] is f.__globals__['Hound']",
            "__import__('typing').get_type_hints(f)['bowl'].__args__[0] is f.__globals__['Hound']",
        ],
    ),
    "literal_and_annotated_strings": (
        choose,
        [
            HINTS,
            "sorted(__import__('typing').get_type_hints(f, include_extras=True)['note'].__metadata__)",
            # (3.12's inspect shows "Annotated[...]" where older ones show "typing.Annotated[...]")
            "str(inspect.signature(f)).replace('typing.', '')",
            "f('red', 2)",
        ],
    ),
    "type_checking_only_name": (
        price,
        [
            "f(3, 'x')",
            "f.__annotations__",
            "str(inspect.signature(f))",
            "raises(__import__('typing').get_type_hints, f)",
            "'Decimal' in f.__globals__",
        ],
    ),
    "forward_reference_to_later_class": (
        adopt,
        [
            HINTS,
            "repr(f('rex'))",
            "repr(f('a').merge(f('b')))",
            "__import__('typing').get_type_hints(f)['return'] is type(f('x'))",
            "sorted((k, repr(v)) for k, v in"
            " __import__('typing').get_type_hints(type(f('x')).merge).items())",
        ],
    ),
    "forward_references_only_in_annotations": (
        count,
        [
            HINTS,
            "str(inspect.signature(f))",
            "f(__import__('types').SimpleNamespace(pets=[1, 2]))",
        ],
    ),
    "method_naming_its_own_class": (
        Hound,
        [
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f.twin).items())",
            "__import__('typing').get_type_hints(f.twin)['other'] is f",
            "str(inspect.signature(f.twin))",
            "repr(f('a').twin(f('a')))",
            "repr(f('a').twin(f('b')))",
        ],
    ),
    "method_reads_class_body_name": (
        Clinic,
        [
            "f.admit.__annotations__['who'] is f.Patient",
            "sorted(f.admit.__annotations__)",
            "str(inspect.signature(f.admit))",
            "type(f().admit(f.Patient('a'))).__name__",
        ],
    ),
    "closure_reads_enclosing_local": (
        make_pair("n"),
        [
            "str(inspect.signature(f))",
            "f.__annotations__['left'].__qualname__",
            "sorted(k for k in f.__annotations__)",
            "f(f.__annotations__['left'](4), f.__globals__['Hound']('a'))",
            "repr(__import__('typing').get_type_hints(f)['right'])",
        ],
    ),
    "nested_def_quoted_annotations": (
        kennel,
        [
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f()).items())",
            "str(inspect.signature(f()))",
            "repr(f()(f.__globals__['Hound']('a'), 2))",
        ],
    ),
}

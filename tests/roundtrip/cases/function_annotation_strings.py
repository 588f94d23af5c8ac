"""Functions of a script with ``from __future__ import annotations``: every annotation is a string
the def never evaluates, and strings inside them (``Optional["Pet"]`` is ``"Optional['Pet']"``)
are strings in strings. The globals all of them name go in the payload, including those of the
defs a dumped function's body makes, of methods, and of a class defined further down the module;
a ``Literal``'s values and ``Annotated``'s metadata name nothing, a name imported only under
``TYPE_CHECKING`` stays out (see ``quoted_function_annotations.py`` for the same without the
future import).
"""

from __future__ import annotations

import threading
import typing
from typing import TYPE_CHECKING, Annotated, List, Literal, Optional

if TYPE_CHECKING:
    from fractions import Fraction

blue = threading.Lock()  # only a Literal's string spells it: never captured


class Pet:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Pet({self.name!r})"

    def befriend(self, other: Optional["Pet"] = None, *rest: Pet, **tags: "List[str]") -> List[Pet]:  # noqa: UP037
        return [self] + ([other] if other else []) + list(rest)


# Quoted on purpose (ruff's UP037): strings inside the future import's strings.
def walk(pet: "Optional['Dog']", *, minutes: Annotated[int, "blue"] = 10) -> "Route":  # noqa: UP037
    return Route(pet, minutes)


class Dog(Pet):  # named only inside walk's string in a string
    pass


class Route:
    def __init__(self, pet: Optional[Pet], minutes: int) -> None:
        self.pet, self.minutes = pet, minutes

    def __repr__(self) -> str:
        return f"Route({self.pet!r}, {self.minutes})"


def groomer(style: Literal["blue", "short"]) -> typing.Callable[..., typing.Any]:
    def groom(pet: Pet, cost: Fraction = 0) -> typing.Tuple[Pet, str]:
        return pet, style

    return groom


HINTS = "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f).items())"

CASES = {
    "future_quoted_in_strings": (
        walk,
        [
            HINTS,
            "f.__annotations__",
            "str(inspect.signature(f))",
            "repr(f(None, minutes=3))",
            "__import__('typing').get_type_hints(f)['return'] is type(f(None))",
            "__import__('typing').get_type_hints(f)['pet'].__args__[0].__mro__[1].__name__",
            "sorted(__import__('typing').get_type_hints(f, include_extras=True)['minutes'].__metadata__)",
        ],
    ),
    "future_method_and_variadics": (
        Pet,
        [
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f.befriend).items())",
            "str(inspect.signature(f.befriend))",
            "repr(f('a').befriend(f('b'), f('c'), x=['y']))",
        ],
    ),
    "future_closure_and_type_checking_name": (
        groomer("short"),
        [
            "f.__annotations__",
            "str(inspect.signature(f))",
            "repr(f(f.__globals__['Pet']('a')))",
            "raises(__import__('typing').get_type_hints, f)",
            "'Fraction' in f.__globals__",
        ],
    ),
}

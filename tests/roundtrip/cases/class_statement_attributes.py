"""Every attribute a class statement (or the interpreter, for it) sets, dumped on each interpreter
and loaded on every other: ``__doc__``, ``__module__``, ``__qualname__``, ``__slots__`` (with
``__dict__`` and ``__weakref__`` among them, or without), ``__annotations__``, ``__orig_bases__``
(a generic base), ``__match_args__`` (a dataclass's and one of the body's), ``__firstlineno__``
and ``__static_attributes__`` (Python 3.13 sets them), each as the statement made it and as
code changed it after the definition. A class section's ``attribute`` entries have no fixed list
of names: the writer leaves what a statement makes again to the statement, and what the loading
Python makes differently (3.13's two) must not come from the dumping one.

The probes ask version-neutral questions: ``__firstlineno__`` is either absent (before 3.13) or
the line of the statement in this file, whichever interpreter dumped the class.
"""

import dataclasses
from typing import Generic, List, TypeVar

T = TypeVar("T")


class Documented:
    """As written."""

    def area(self):
        self.width = 2
        self.height = 3
        return self.width * self.height


class Redocumented:
    """As written."""


Redocumented.__doc__ = "Changed after the definition."


class Moved:
    kind = "moved"


Moved.__module__ = "elsewhere.models"


class Renamed:
    def who(self):
        return type(self).__qualname__


Renamed.__qualname__ = "Outer.Renamed"


class Slotted:
    __slots__ = ("x", "__dict__", "__weakref__")

    def __init__(self, x):
        self.x = x
        self.extra = x * 2


class TightSlots:
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b


class Annotated_:
    size: int
    label: "str" = "x"


class Reannotated:
    size: int


Reannotated.__annotations__["added"] = List[int]


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item


class IntBoxes(List[Box[int]]):
    pass


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


class Matched:
    __match_args__ = ("a",)

    def __init__(self, a):
        self.a = a


class Rematched:
    __match_args__ = ("a",)


Rematched.__match_args__ = ("a", "b")

LINES = {"Documented": 20, "Slotted": 51, "Point": 87}  # (the line of a decorator, for Point)


def _line(name: str) -> str:
    return (
        f"'__firstlineno__' not in vars(f) or f.__firstlineno__ == {LINES[name]}"
        " or (f.__firstlineno__, 'is not', " + str(LINES[name]) + ")"
    )


STATIC = "sorted(vars(f).get('__static_attributes__', ('height', 'width')))"

CASES = {
    "docstring_and_static_attributes": (
        Documented,
        ["f.__doc__", "f().area()", STATIC, _line("Documented"), "f.__qualname__", "f.__module__"],
    ),
    "docstring_changed": (Redocumented, ["f.__doc__", "vars(f)['__doc__']"]),
    "module_changed": (Moved, ["f.__module__", "f.kind", "f().__class__.__module__"]),
    "qualname_changed": (Renamed, ["f.__qualname__", "f().who()", "f.__name__"]),
    "slots_with_dict_and_weakref": (
        Slotted,
        [
            "f.__slots__",
            "(lambda o: (o.x, o.extra, sorted(vars(o))))(f(3))",
            "(lambda o: __import__('weakref').ref(o)() is o)(f(1))",
            "sorted(k for k in vars(f) if k in ('__dict__', '__weakref__', 'x'))",
            _line("Slotted"),
        ],
    ),
    "tight_slots": (
        TightSlots,
        [
            "f.__slots__",
            "raises(setattr, f(1, 2), 'c', 3).split(':')[0]",
            "'__dict__' in vars(f) or '__weakref__' in vars(f)",
        ],
    ),
    "annotations": (Annotated_, ["f.__annotations__", "f.label"]),
    "annotations_added_later": (Reannotated, ["sorted((k, repr(v)) for k, v in f.__annotations__.items())"]),
    "generic_base": (
        Box,
        [
            "repr(f.__orig_bases__)",
            "[p.__name__ for p in f.__parameters__]",
            "f(3).item",
            "repr(f[int])",
        ],
    ),
    "subscripted_base": (
        IntBoxes,
        ["repr(f.__orig_bases__)", "[c.__name__ for c in f.__mro__]", "f([1]) == [1]"],
    ),
    "dataclass_match_args": (
        Point,
        # (dataclasses make __match_args__ from 3.10: the loading Python's decorator decides)
        ["getattr(f, '__match_args__', ('x', 'y'))", "repr(f(1, 2))", _line("Point")],
    ),
    "body_match_args": (Matched, ["f.__match_args__", "f(5).a"]),
    "match_args_changed": (Rematched, ["f.__match_args__"]),
}

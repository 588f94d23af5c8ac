"""``dataclass(slots=True)`` returns a new class; before Python 3.14 the ``__class__`` cell of
its methods (zero-argument ``super()``, a bare ``__class__``) still holds the class it replaced.
Both come from one class statement, which at load gives one class: the replaced one must go as
the one the statement binds, or its state (a field with a ``default_factory``, which the
replaced class no longer holds) was deleted from the loaded class, whose slot went with it
(``AttributeError: 'Item' object has no attribute 'tags'``)."""

import dataclasses
from dataclasses import dataclass, field

REQUIRES_PYTHON = (3, 10)


@dataclass(slots=True)
class Item:
    name: str
    qty: int = 1
    tags: list = field(default_factory=list)

    def label(self):
        return f"{self.name} x{self.qty} {self.tags}"

    def __repr__(self):
        # Reads __class__: the cell that holds the class dataclass replaced.
        return f"{__class__.__name__}({self.name!r}, {self.qty}, {self.tags})"


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float = 0.0
    history: tuple = field(default_factory=tuple)
    meta: dict = field(default_factory=lambda: {"unit": "m"}, compare=False)

    def moved(self, dx):
        return dataclasses.replace(self, x=self.x + dx, history=self.history + (self.x,))

    def kind(self):
        return __class__.__qualname__


class Shapes:
    @dataclass(slots=True, kw_only=True)
    class Circle:
        radius: float
        tags: list = field(default_factory=lambda: ["round"])

        def area(self):
            return round(3.14159 * self.radius**2, 3)

        def kind(self):
            return __class__.__qualname__


def inventory(names):
    items = [Item(name, qty=len(name)) for name in names]
    items[0].tags.append("first")
    return [item.label() for item in items], repr(items[-1])


BASKET = [Item("apple", 3, ["fruit"]), Item("pear")]


CASES = {
    "instance": (
        Item("nail", 40, ["metal"]),
        ["f", "f.label()", "f.tags", "type(f).__slots__", "repr(type(f)('new'))", "type(f)('new').tags"],
    ),
    "class": (
        Item,
        [
            "f('bolt')",
            "f('bolt', 2, ['x']).label()",
            "[fl.name for fl in __import__('dataclasses').fields(f)]",
            "str(inspect.signature(f))",
            "f.__slots__",
            "raises(setattr, f('a'), 'color', 'red').split(':')[0]",
            "f('a') == f('a')",
        ],
    ),
    "function_using_the_class": (inventory, ["f(['ab', 'cde'])", "f(['x'])"]),
    "list_of_instances": (BASKET, ["f", "[item.label() for item in f]", "type(f[0]) is type(f[1])"]),
    "frozen": (
        Point,
        [
            "f(1.0)",
            "f(1.0).moved(2).moved(3)",
            "f(1.0).meta",
            "f(1.0).kind()",
            "raises(setattr, f(1.0), 'x', 2)",
            "hash(f(1.0, 2.0)) == hash(f(1.0, 2.0))",
        ],
    ),
    "frozen_instance": (Point(2.0, 1.0, (0.5,)), ["f", "f.moved(1)", "f.meta", "f.kind()"]),
    "nested_in_a_class": (
        Shapes,
        [
            "f.Circle(radius=1.0).area()",
            "f.Circle(radius=2.0).tags",
            "f.Circle(radius=2.0).kind()",
            "f.Circle.__slots__",
            "raises(f.Circle, 1.0)",
        ],
    ),
}

"""Class state that lives outside the class statement (issue 8): the live class is the truth.

Methods and dunders assigned after the statement, decorators applied as plain calls, virtual
subclasses registered with an ABC, stateful class attributes, method defaults mutated or whose
expression would now give another value, attributes changed, added and deleted, a docstring
replaced. Running the class statement again gives the class; what differs from the live class is
carried.
"""

import abc
import collections.abc
import functools
import itertools
import numbers


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y


def _add(a, b):
    return Vec(a.x + b.x, a.y + b.y)


Vec.__add__ = _add
Vec.__repr__ = lambda self: f"Vec({self.x}, {self.y})"
Vec.__eq__ = lambda self, other: (self.x, self.y) == (other.x, other.y)
Vec.__hash__ = None
Vec.norm1 = lambda self: abs(self.x) + abs(self.y)
Vec.zero = staticmethod(lambda: Vec(0, 0))
Vec.unit = classmethod(lambda cls: cls(1, 1))


def add_vectors():
    hashable = isinstance(Vec(0, 0), collections.abc.Hashable)
    return repr(Vec(1, 2) + Vec(3, 4)), Vec(1, 2) == Vec(1, 2), Vec.zero(), Vec.unit().norm1(), hashable


class Version:
    def __init__(self, major, minor):
        self.key = (major, minor)

    def __eq__(self, other):
        return self.key == other.key

    def __lt__(self, other):
        return self.key < other.key


Version = functools.total_ordering(Version)


def compare_versions():
    a, b = Version(1, 2), Version(1, 10)
    return a > b, a >= b, b >= a, a <= b, sorted([b, a]) == [a, b]


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...


class Square:
    def area(self):
        return 4


class Frame:
    def __len__(self):
        return 2

    def __getitem__(self, index):
        return [10, 20][index]


class Money:
    def __init__(self, cents):
        self.cents = cents


Shape.register(Square)
collections.abc.Sequence.register(Frame)
numbers.Number.register(Money)


def virtual_subclasses():
    return (
        isinstance(Square(), Shape),
        issubclass(Square, Shape),
        isinstance(Frame(), collections.abc.Sequence),
        isinstance(Money(1), numbers.Number),
        isinstance(3, Shape),
    )


class Ticket:
    ids = itertools.count(100)
    issued = []

    def __init__(self):
        self.id = next(Ticket.ids)
        Ticket.issued.append(self.id)


Ticket()
Ticket()


def next_ticket():
    return Ticket().id, list(Ticket.issued)


LIMIT = 10


class Collector:
    def gather(self, item, into=[]):  # noqa: B006 - the shared default is the point
        into.append(item)
        return list(into)

    def limited(self, value, limit=LIMIT):
        return min(value, limit)


Collector().gather("first")
LIMIT = 99  # the default was evaluated when the class was defined: it stays 10


def method_defaults():
    return Collector().gather("second"), Collector().limited(50), Collector.limited.__defaults__


class Settings:
    """Settings, as written."""

    mode = "fast"
    retries = 3
    tags = ["a"]
    table = {"x": 1}
    removed = "gone"

    def describe(self):
        return (self.mode, self.retries, self.tags, self.table, hasattr(self, "removed"))


Settings.mode = "safe"
Settings.tags.append("b")
Settings.table["y"] = 2
Settings.added = "later"
del Settings.removed
Settings.__doc__ = "Settings, changed after the definition."


def settings_state():
    return Settings().describe(), Settings.added, Settings.__doc__


class Greeter:
    def hello(self):
        return "hello"


def _shout(self):
    return "HELLO"


Greeter.hello = _shout
Greeter.hello.loud = True


def method_replaced():
    return Greeter().hello(), Greeter.hello.loud, Greeter.hello.__name__


class Tagged:
    def run(self):
        return "run"


Tagged.run.tag = "v2"
Tagged.run.__doc__ = "Runs."


def method_attributes():
    return Tagged.run.tag, Tagged.run.__doc__, Tagged().run()


CASES = {
    "methods_and_dunders_assigned_later": (add_vectors, ["f()"]),
    "decorator_applied_as_a_call": (compare_versions, ["f()"]),
    "virtual_subclasses": (virtual_subclasses, ["f()"]),
    "stateful_class_attribute": (next_ticket, ["f()", "f()"]),
    "method_defaults_are_the_captured_objects": (method_defaults, ["f()", "f()[0]"]),
    "class_attributes_changed_added_deleted": (settings_state, ["f()"]),
    "method_replaced_after_definition": (method_replaced, ["f()"]),
    "method_attributes_set_after": (method_attributes, ["f()"]),
    "class_itself_with_later_state": (Settings, ["f.mode", "f.tags", "hasattr(f, 'removed')", "f.__doc__"]),
}

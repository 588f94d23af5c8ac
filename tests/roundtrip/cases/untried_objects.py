"""User scenarios no case file held before (h133): a module's logger; frozen dataclasses,
``__slots__`` objects with their own ``__hash__`` and namedtuples as dict keys and set members; an
instance of a dataclass a function made; a parent/child cycle of instances; a registry a
classmethod decorator fills. All loaded and worked on every interpreter when written. (A
module-level ``threading.Lock`` a function uses is refused at ``dumps``, by design, with the
error that says to make it where the function runs.)"""

import dataclasses
import logging
import typing

LOG = logging.getLogger("h133.scenarios")


def logs(msg):
    LOG.debug(msg)
    return LOG.name, LOG is logging.getLogger("h133.scenarios")


@dataclasses.dataclass(frozen=True)
class Key:
    a: int
    b: str = "x"


INDEX = {Key(1): "one", Key(2, "y"): "two"}
SEEN = {Key(3), Key(4, "z")}


def lookup(a, b="x"):
    return INDEX.get(Key(a, b)), Key(a, b) in SEEN, sorted(k.a for k in SEEN)


class Slotted:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __hash__(self):
        return hash((self.x, self.y))

    def __eq__(self, other):
        return isinstance(other, Slotted) and (self.x, self.y) == (other.x, other.y)


TABLE = {Slotted(1, 2): "a", Slotted(3, 4): "b"}


def slot_lookup(x, y):
    return TABLE.get(Slotted(x, y)), len(TABLE)


def make_local():
    @dataclasses.dataclass
    class Local:
        value: int

        def doubled(self):
            return self.value * 2

    return Local(21)


LOCAL_OBJ = make_local()


def use_local():
    return LOCAL_OBJ.doubled(), type(LOCAL_OBJ).__qualname__


class Pt(typing.NamedTuple):
    x: int
    y: int


WEIGHTS = {Pt(0, 0): 1.0, Pt(1, 2): 0.5}


def weight(x, y):
    return WEIGHTS[Pt(x, y)]


class Node:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)

    def path(self):
        return (self.parent.path() + "/" if self.parent else "") + self.name


ROOT = Node("root")
LEAF = Node("leaf", Node("mid", ROOT))


def tree():
    return LEAF.path(), [c.name for c in ROOT.children], LEAF.parent.parent is ROOT


class Event:
    listeners = []

    @classmethod
    def on(cls, fn):
        cls.listeners.append(fn)
        return fn

    @classmethod
    def fire(cls, x):
        return [fn(x) for fn in cls.listeners]


@Event.on
def first_listener(x):
    return ("first", x)


@Event.on
def second_listener(x):
    return ("second", x * 2)


CASES = {
    "module_logger": (logs, ["f('hi')"]),
    "frozen_dataclass_keys": (lookup, ["f(1)", "f(2, 'y')", "f(3)"]),
    "slotted_keys": (slot_lookup, ["f(1, 2)", "f(3, 4)"]),
    "local_class_instance": (use_local, ["f()"]),
    "namedtuple_keys": (weight, ["f(1, 2)"]),
    "parent_child_cycle": (tree, ["f()"]),
    "classmethod_registry": (Event, ["f.fire(2)", "len(f.listeners)"]),
    "registered_function": (second_listener, ["f(3)"]),
}

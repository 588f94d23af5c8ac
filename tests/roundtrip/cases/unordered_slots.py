"""Classes whose ``__slots__`` is a set or a frozenset (h73): the pickle protocol lists their
slots in the set's hash order, which changes with PYTHONHASHSEED and between Pythons, so the
state of their instances was written in another order by every process; it is written in name
order, the same bytes everywhere (setting slots in any order makes the same object)."""


class Point:
    __slots__ = {"x", "y", "z", "label"}

    def __init__(self, x, y, z, label):
        self.x, self.y, self.z, self.label = x, y, z, label


class Frozen:
    __slots__ = frozenset({"a1", "a2", "a3", "a4", "a5"})


class Child(Point):
    __slots__ = ("extra", "more")  # a tuple below a set: in name order with the rest


class WithDict:
    __slots__ = {"s1", "s2", "s3", "__dict__"}


POINT = Point(1, 2, 3, "p")
FROZEN = Frozen()
FROZEN.a1, FROZEN.a2, FROZEN.a3, FROZEN.a5 = "one", "two", "three", "five"  # a4 left unset
CHILD = Child(4, 5, 6, "c")
CHILD.extra, CHILD.more = [7], {"k": 8}
BAG = WithDict()
BAG.s1, BAG.s2, BAG.s3, BAG.free = 1.5, None, (1, 2), "in __dict__"


def slots_of(obj):
    names = sorted(set().union(*(getattr(k, "__slots__", ()) for k in type(obj).__mro__)) - {"__dict__"})
    return [(n, getattr(obj, n, "unset")) for n in names]


def describe():
    return [slots_of(o) for o in (POINT, FROZEN, CHILD, BAG)] + [BAG.free, type(CHILD).__mro__[1].__name__]


CASES = {
    "instances_of_classes_with_set_slots": (describe, ["f()"]),
    "the_instances_themselves": (
        [POINT, FROZEN, CHILD, BAG],
        ["[sorted((n, repr(getattr(o, n, 'unset'))) for n in dir(o) if not n.startswith('_')) for o in f]"],
    ),
}

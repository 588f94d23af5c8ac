"""Sets whose members print with their address (issue 12): the payload must be the same bytes in
every process, so members are ordered by what they hold, not by their hash or address."""


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Box:
    __slots__ = ("item", "tag")

    def __init__(self, item, tag):
        self.item = item
        self.tag = tag


def origin():
    return 0


def unit():
    return 1


POINTS = {Point(i, -i) for i in range(6)} | {Point(0, 9)}
BOXES = frozenset({Box(Point(i, i), f"box {i}") for i in range(4)})
NESTED = {(Point(1, 2), "a"), (Point(2, 1), "b")}
FUNCTIONS = {origin, unit}


def describe():
    return (
        sorted((p.x, p.y) for p in POINTS),
        sorted((b.tag, b.item.x) for b in BOXES),
        sorted((p.x, p.y, label) for p, label in NESTED),
        sorted(f() for f in FUNCTIONS),
    )


CASES = {
    "sets_of_objects_with_address_reprs": (describe, ["f()"]),
}

"""Format 3 names the classes one factory made by a digest of what they are when a global's
container holds them (``BOXES = [make_box(1), make_box(2)]``), closures by what their cells
hold, containers included (``[mk([1]), mk([2])]``) (h99); the sections of one line are written
after each other (``line: @id + 0``). Loaded on every interpreter, each class and function is
the one of its place, and starts at its line in this file; dumped again, the payload is the
same, and every interpreter writes it alike (names read no dunder, nothing an interpreter adds
to a class)."""

import abc


def make_box(n):
    class Box:
        size = n

        def get(self):
            return n

        def broken(self):
            return n / 0

    return Box


def make_plain(n):
    class Plain:
        label = n

    return Plain


def make_abstract(n):
    class Shape(abc.ABC):
        sides = n

        @abc.abstractmethod
        def area(self):
            raise NotImplementedError

    return Shape


def mk(xs):
    def f(x):
        return xs + [x]

    return f


BOXES = [make_box(1), make_box(2), make_box(3)]
PLAINS = [make_plain("a"), make_plain("b")]
SHAPES = [make_abstract(3), make_abstract(4)]
FNS = [mk([1]), mk([2]), mk({"k": (1, 2)}), mk({"k": (1, 3)}), mk({3, 1, 2})]
SAME = [lambda x: x, lambda x: x, lambda x: x]
LINE = [lambda x: x + 1, lambda x: x * 2, lambda x: x - 3]


def boxes(x):
    return [b().get() + x for b in BOXES], [b.size for b in BOXES]


def everything(x):
    return (
        boxes(x),
        [p.label for p in PLAINS],
        [s.sides for s in SHAPES],
        [f(x) for f in FNS[:2]],
        [g(x) for g in SAME],
        [g(x) for g in LINE],
    )


CASES = {
    "everything": (
        everything,
        [
            "f(1)",
            "[b.get.__code__.co_firstlineno for b in f.__globals__['BOXES']]",
            "[g.__code__.co_firstlineno for g in f.__globals__['LINE'] + f.__globals__['SAME']]",
            "failing_line(f.__globals__['BOXES'][1]().broken)",
            "[inspect.isabstract(s) for s in f.__globals__['SHAPES']]",
            "len(set(f.__globals__['BOXES']))",
        ],
    ),
    "boxes": (boxes, ["f(2)", "[b.__qualname__ for b in f.__globals__['BOXES']]"]),
    "closures": (
        FNS,
        [
            "[g(0) for g in f[:2]]",
            "[g.__closure__[0].cell_contents for g in f[2:4]]",
            "sorted(f[4].__closure__[0].cell_contents)",
            "len(set(f))",
        ],
    ),
}

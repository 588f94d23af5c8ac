"""User scenarios no case file held before (round 3, h138): a sentinel whose ``__reduce__``
returns its global name (as pickle's own sentinels do), shared by a default and the body; form
feeds (page breaks) between and inside functions; an ``int`` subclass validating in ``__new__``;
a mutable class attribute shared by instances; a ``str`` Enum with ``__str__`` in f-strings; a
tree of dataclass nodes with parent pointers (a cycle) as a global."""

import dataclasses
import enum
import typing


class _Sentinel:
    def __repr__(self):
        return "MISSING"

    def __reduce__(self):
        return "MISSING"


MISSING = _Sentinel()
# fmt: off
# ruff: noqa: W293  (form feeds, page breaks, are the scenario)


def pick(mapping, key, default=MISSING):
    if default is MISSING:
        return mapping[key]
    return mapping.get(key, default)


def after_page_break(x):
    total = x
    
    return total + 1
# fmt: on


class Port(int):
    def __new__(cls, value):
        if not 0 < value < 65536:
            raise ValueError(f"bad port {value}")
        return super().__new__(cls, value)

    def url(self, host):
        return f"http://{host}:{int(self)}"


DEFAULT_PORT = Port(8080)


def server(host):
    return [DEFAULT_PORT.url(host), type(DEFAULT_PORT).__name__, DEFAULT_PORT + 1]


class Basket:
    shared = []

    def __init__(self, owner):
        self.owner = owner

    def add(self, item):
        self.shared.append((self.owner, item))
        return len(Basket.shared)


def fill():
    a, b = Basket("a"), Basket("b")
    return [a.add(1), b.add(2), a.shared is b.shared, list(Basket.shared)]


class Level(str, enum.Enum):
    LOW = "low"
    HIGH = "high"

    def __str__(self):
        return self.value.upper()


def report(level=Level.LOW):
    return [f"{level}", level == "low", sorted(Level, key=str)]


@dataclasses.dataclass(eq=False)
class TreeNode:
    name: str
    parent: typing.Optional["TreeNode"] = dataclasses.field(default=None, repr=False)
    children: list = dataclasses.field(default_factory=list)

    def add(self, name):
        child = TreeNode(name, self)
        self.children.append(child)
        return child

    def path(self):
        return (self.parent.path() + "/" if self.parent else "") + self.name


ROOT = TreeNode("root")
ROOT.add("a").add("b")
ROOT.add("c")


def tree_paths():
    out = []

    def walk(node):
        out.append(node.path())
        for child in node.children:
            walk(child)

    walk(ROOT)
    return [out, ROOT.children[0].children[0].parent.parent is ROOT]


CASES = {
    "sentinel_reduce_name": (pick, ["f({'a': 1}, 'a')", "f({'a': 1}, 'b', None)", "f.__defaults__"]),
    "form_feeds": ((pick, after_page_break), ["f[1](1)", "f[0]({'x': 2}, 'x')"]),
    "int_subclass_new": (server, ["f('h')"]),
    "int_subclass_class": (Port, ["f(80).url('x')", "raises(f, 0)"]),
    "shared_class_list": (fill, ["f()"]),
    "str_enum_str": (report, ["f()", "f.__defaults__[0].value"]),
    "dataclass_tree_cycle": (tree_paths, ["f()"]),
}

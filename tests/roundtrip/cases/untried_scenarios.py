"""User scenarios no case file held before (h133), each dumped by this script and loaded in a
fresh process on every interpreter: ``functools.partialmethod``, private names mangled in a
method's closure and lambda, ``contextlib.asynccontextmanager``, ``__class_getitem__``, Enum's
``_missing_`` and ``_generate_next_value_``, a function renamed after its def, a
``defaultdict`` whose factory is a lambda (nested too), a mutable default shared by three
functions (positional and keyword-only), ``global`` statements writing module state read by
another function, a singleton metaclass, properties with setter and deleter, ``Generic`` with a
bound ``TypeVar`` and a constrained one, late and early binding of loop variables, frozen and
ordered dataclasses with ``__post_init__`` and ``default_factory`` lambdas, namedtuples and
frozensets, a recursive lambda, mutual recursion, an ``lru_cache`` helper, ``__slots__``,
``__getstate__``/``__setstate__`` and ``__reduce__``, nested classes, an ``__init_subclass__``
registry, partials of partials. All loaded and worked on every interpreter when written."""

import collections
import contextlib
import dataclasses
import enum
import functools
import typing

# ------------------------------------------------------------------ partialmethod


class Cell:
    def __init__(self):
        self.state = "off"

    def set_state(self, value):
        self.state = value
        return self.state

    set_on = functools.partialmethod(set_state, "on")
    set_off = functools.partialmethod(set_state, value="off")


def use_cell():
    c = Cell()
    return [c.set_on(), c.set_off(), c.state]


# ------------------------------------------------------------------ name mangling


class Account:
    def __init__(self, balance):
        self.__balance = balance

    def reader(self):
        def read():
            return self.__balance

        return read

    def adder(self):
        return lambda n: self.__balance + n


account = Account(40)
account_reader = account.reader()
account_adder = account.adder()


# ------------------------------------------------------------------ async context manager


@contextlib.asynccontextmanager
async def opened(name, log):
    log.append("open " + name)
    try:
        yield name.upper()
    finally:
        log.append("close " + name)


async def use_opened(name):
    log = []
    async with opened(name, log) as value:
        log.append("use " + value)
    return log


# ------------------------------------------------------------------ __class_getitem__, _missing_


class Box:
    def __class_getitem__(cls, item):
        return f"Box of {getattr(item, '__name__', item)}"


class Level(enum.Enum):
    LOW = 1
    HIGH = 2

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            return cls[value.upper()]
        return None

    def louder(self):
        return Level.HIGH if self is Level.LOW else self


class Color(enum.Enum):
    def _generate_next_value_(name, start, count, last_values):
        return name.lower() * 2

    RED = enum.auto()
    GREEN = enum.auto()


# ------------------------------------------------------------------ renamed functions


def original_name(x):
    return x * 3


original_name.__name__ = "renamed"
original_name.__qualname__ = "Somewhere.renamed"
original_name.__doc__ = "A doc set later."


# ------------------------------------------------------------------ defaultdict of lambda

TALLIES = collections.defaultdict(lambda: [0])
TALLIES["seen"][0] += 1


def tally(key):
    TALLIES[key][0] += 1
    return sorted((k, v[0]) for k, v in TALLIES.items())


NESTED = collections.defaultdict(lambda: collections.defaultdict(int))


def nest(a, b):
    NESTED[a][b] += 1
    return {k: dict(v) for k, v in NESTED.items()}


# ------------------------------------------------------------------ shared mutable default

SHARED_SEEN = []


def remember(x, seen=SHARED_SEEN):
    seen.append(x)
    return len(seen)


def recall(seen=SHARED_SEEN):
    return list(seen)


def kw_remember(x, *, into=SHARED_SEEN):
    into.append(x)
    return list(into)


# ------------------------------------------------------------------ global writes

COUNT = 0


def bump():
    global COUNT
    COUNT += 1
    return COUNT


def read_count():
    return COUNT


def reset(to=0):
    global COUNT, LAST
    LAST = COUNT
    COUNT = to
    return LAST


# ------------------------------------------------------------------ metaclass singleton


class Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]


class Config(metaclass=Singleton):
    def __init__(self, name="default"):
        self.name = name


def same_config():
    a = Config("first")
    b = Config("second")
    return a is b, a.name


# ------------------------------------------------------------------ properties


class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def fahrenheit(self):
        """In F."""
        return self._c * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self._c = (value - 32) * 5 / 9

    @fahrenheit.deleter
    def fahrenheit(self):
        self._c = 0

    kelvin = property(lambda self: self._c + 273.15, doc="In K.")


def use_temperature():
    t = Temperature(100)
    out = [t.fahrenheit]
    t.fahrenheit = 32
    out.append(t._c)
    del t.fahrenheit
    out.append(t.kelvin)
    return out, Temperature.fahrenheit.__doc__, Temperature.kelvin.__doc__


# ------------------------------------------------------------------ generic with a bound TypeVar

Num = typing.TypeVar("Num", int, float)
T = typing.TypeVar("T", bound="Comparable")


class Comparable(typing.Protocol):
    def __lt__(self, other): ...


class Stack(typing.Generic[T]):
    def __init__(self):
        self.items: typing.List[T] = []

    def push(self, item: T) -> "Stack[T]":
        self.items.append(item)
        return self

    def smallest(self) -> T:
        return min(self.items)


def use_stack(*xs):
    s = Stack[int]()
    for x in xs:
        s.push(x)
    return s.smallest(), Stack.__parameters__, T.__bound__


def scale(x: Num, k: Num) -> Num:
    return x * k


# ------------------------------------------------------------------ closures over loop variables


def make_late():
    return [lambda: i for i in range(3)]


def make_bound():
    return [lambda i=i: i for i in range(3)]


def make_loop_defs():
    out = []
    for i in range(3):

        def get():
            return i

        out.append(get)
    return out


LATE = make_late()
BOUND = make_bound()
LOOP_DEFS = make_loop_defs()


# ------------------------------------------------------------------ dataclasses


def _default_tags():
    return ["new"]


@dataclasses.dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    label: str = dataclasses.field(default="", compare=False)
    tags: list = dataclasses.field(default_factory=lambda: ["v"], compare=False, hash=False)

    def __post_init__(self):
        if self.major < 0:
            raise ValueError("negative")
        object.__setattr__(self, "label", self.label or f"{self.major}.{self.minor}")


def versions():
    vs = sorted([Version(2), Version(1, 5), Version(1)])
    return [v.label for v in vs], Version(3).tags, Version(1) == Version(1, 0, "x")


@dataclasses.dataclass
class Inventory:
    items: typing.Dict[str, int] = dataclasses.field(default_factory=dict)
    tags: list = dataclasses.field(default_factory=_default_tags)
    total: int = dataclasses.field(init=False, default=0)

    def __post_init__(self):
        self.total = sum(self.items.values())


def inventory():
    a = Inventory({"x": 2, "y": 3})
    b = Inventory()
    b.tags.append("b")
    return a.total, a.tags, b.tags, Inventory().tags


# ------------------------------------------------------------------ namedtuple & frozensets

Point = collections.namedtuple("Point", "x y", defaults=(0,))


class Pair(typing.NamedTuple):
    left: int
    right: int = 1

    def total(self):
        return self.left + self.right


EDGES = frozenset({(1, 2), (2, 3), (3, 1)})
POINTS = [Point(1, 2), Point(3)]


def geometry():
    return sorted(EDGES), [p._asdict() for p in POINTS], Pair(2).total(), Pair._fields


# ------------------------------------------------------------------ recursive lambda by global

fact = lambda n: 1 if n < 2 else n * fact(n - 1)  # noqa: E731


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


# ------------------------------------------------------------------ lru_cache helper read by a function


@functools.lru_cache(maxsize=None)  # noqa: UP033 - the spelling of code written for 3.8
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def fib_table(n):
    return [fib(i) for i in range(n)], fib.cache_info().maxsize


fib(10)


# ------------------------------------------------------------------ __reduce__ & __setstate__ & slots


class Money:
    __slots__ = ("amount", "currency")

    def __init__(self, amount, currency="EUR"):
        self.amount = amount
        self.currency = currency

    def __repr__(self):
        return f"Money({self.amount}, {self.currency})"


class Lazy:
    def __init__(self, path):
        self.path = path
        self.handle = object()  # not picklable on purpose: dropped by __getstate__

    def __getstate__(self):
        state = self.__dict__.copy()
        del state["handle"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.handle = None

    def __repr__(self):
        return f"Lazy({self.path!r}, {self.handle!r})"


class Ticket:
    def __init__(self, code, _check=True):
        if _check and not code.startswith("T"):
            raise ValueError(code)
        self.code = code

    def __reduce__(self):
        return (Ticket, (self.code, False))

    def __repr__(self):
        return f"Ticket({self.code!r})"


WALLET = [Money(5), Money(7, "USD"), Lazy("/tmp/x"), Ticket("T1")]


def wallet():
    lazy = WALLET[2]
    return repr(WALLET[:2]), lazy.path, hasattr(lazy, "handle"), WALLET[3], sum(m.amount for m in WALLET[:2])


# ------------------------------------------------------------------ nested classes


class Tree:
    class Node:
        def __init__(self, value, children=()):
            self.value = value
            self.children = list(children)

        def total(self):
            return self.value + sum(c.total() for c in self.children)

        def wrap(self):
            return Tree(self)

    def __init__(self, root):
        self.root = root

    @classmethod
    def leaf(cls, value):
        return cls(cls.Node(value))


def tree_total():
    t = Tree(Tree.Node(1, [Tree.Node(2), Tree.Node(3, [Tree.Node(4)])]))
    return t.root.total(), Tree.leaf(5).root.wrap().root.value, Tree.Node.__qualname__


# ------------------------------------------------------------------ __init_subclass__ registry


class Plugin:
    registry = {}

    def __init_subclass__(cls, key=None, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry[key or cls.__name__.lower()] = cls


class CsvPlugin(Plugin, key="csv"):
    def run(self):
        return "csv"


class JsonPlugin(Plugin):
    def run(self):
        return "json"


def plugins():
    return sorted(Plugin.registry), Plugin.registry["csv"]().run()


# ------------------------------------------------------------------ partials of partials

base_pow = functools.partial(pow, 2)
pow_mod = functools.partial(base_pow, mod=7)
sorter = functools.partial(sorted, key=lambda s: (len(s), s), reverse=True)


DUMPERS_VARY = {
    "asynccontextmanager": "the wrapper is contextlib's own function, whose line differs",
    "enum_generate_next_value": "3.12+ keeps _generate_next_value_ as a staticmethod",
    "late_binding": "the lambdas' qualnames name the comprehension before 3.12 (PEP 709)",
    "default_binding": "the lambdas' qualnames name the comprehension before 3.12 (PEP 709)",
}

CASES = {
    "partialmethod": (use_cell, ["f()"]),
    "partialmethod_class": (Cell, ["f().set_on()", "f().set_off()"]),
    "mangled_closure": (account_reader, ["f()"]),
    "mangled_lambda": (account_adder, ["f(2)"]),
    "mangled_class": (Account, ["f(3).reader()()", "f(3).adder()(2)"]),
    "asynccontextmanager": (use_opened, ["asyncio.run(f('db'))"]),
    "class_getitem": (Box, ["f[int]", "f['x']"]),
    "enum_missing": (Level, ["f('low')", "f(2)", "f.LOW.louder()", "raises(f, 3)"]),
    "enum_generate_next_value": (Color, ["[m.value for m in f]"]),
    "renamed_function": (original_name, ["f(2)", "f.__name__", "f.__qualname__", "f.__doc__"]),
    "defaultdict_lambda": (tally, ["f('a')", "f('a')"]),
    "defaultdict_nested": (nest, ["f('a', 'b')", "f('a', 'b')"]),
    "shared_default": (
        (remember, recall, kw_remember),
        ["f[0](1)", "f[0](2)", "f[1]()", "f[2](3)", "f[1]()", "f[0].__defaults__[0] is f[1].__defaults__[0]"],
    ),
    "global_writes": (
        (bump, read_count, reset),
        ["f[0]()", "f[0]()", "f[1]()", "f[2](10)", "f[1]()", "f[0]()"],
    ),
    "metaclass_singleton": (same_config, ["f()", "f()"]),
    "properties": (use_temperature, ["f()"]),
    "generic_stack": (use_stack, ["f(3, 1, 2)"]),
    "constrained_typevar": (scale, ["f(2, 3)", "f.__annotations__['x'].__constraints__"]),
    "late_binding": (LATE, ["[g() for g in f]"]),
    "default_binding": (BOUND, ["[g() for g in f]"]),
    "loop_defs": (LOOP_DEFS, ["[g() for g in f]"]),
    "frozen_dataclass": (versions, ["f()"]),
    "default_factories": (inventory, ["f()"]),
    "namedtuples_frozensets": (geometry, ["f()"]),
    "recursive_lambda": (fact, ["f(5)"]),
    "mutual_recursion": (is_even, ["f(10)", "f(7)"]),
    "lru_helper": (fib_table, ["f(8)"]),
    "reduce_getstate_slots": (wallet, ["f()"]),
    "nested_classes": (tree_total, ["f()"]),
    "init_subclass_registry": (plugins, ["f()"]),
    "init_subclass_one": (CsvPlugin, ["f().run()", "sorted(f.registry)"]),
    "partials": ((base_pow, pow_mod, sorter), ["f[0](5)", "f[1](5)", "f[2](['bb', 'a', 'ccc', 'dd'])"]),
}

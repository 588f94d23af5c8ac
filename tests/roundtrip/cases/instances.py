"""Instances and object graphs (issue 4): user classes through every part of the reduce protocol,
stdlib values by reduce, bound methods, models holding functions, shared references and cycles."""

import collections
import copyreg
import datetime
import decimal
import fractions
import pathlib
import threading
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self):
        return "hi " + self.name


class Money:
    """Reduced by ``__reduce_ex__`` to a constructor call."""

    def __init__(self, amount, currency):
        self.amount = amount
        self.currency = currency
        self.display = f"{amount} {currency}"

    def __reduce_ex__(self, protocol):
        return (Money, (self.amount, self.currency))

    def __eq__(self, other):
        return (self.amount, self.currency) == (other.amount, other.currency)


class Connection:
    """Drops its lock in ``__getstate__`` and makes a new one in ``__setstate__``."""

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.lock = threading.Lock()

    def __getstate__(self):
        state = dict(self.__dict__)
        del state["lock"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.Lock()

    def address(self):
        with self.lock:
            return f"{self.host}:{self.port}"


class Interval:
    """Needs keyword arguments at ``__new__``: ``__getnewargs_ex__``."""

    def __new__(cls, lo, *, hi):
        if lo > hi:
            raise ValueError("empty interval")
        self = super().__new__(cls)
        self.lo = lo
        self.hi = hi
        return self

    def __getnewargs_ex__(self):
        return (self.lo,), {"hi": self.hi}

    def width(self):
        return self.hi - self.lo


class Handle:
    """Holds a lock, so it refuses the default reduce; a copyreg reducer knows how to rebuild it."""

    def __init__(self, name):
        self.name = name
        self.lock = threading.Lock()

    def label(self):
        return "handle:" + self.name


def make_handle(name):
    return Handle(name)


def reduce_handle(handle):
    return (make_handle, (handle.name,))


copyreg.pickle(Handle, reduce_handle)


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def length2(self):
        return self.x * self.x + self.y * self.y


class Mixed:
    """Slots and a ``__dict__``."""

    __slots__ = ("fixed", "__dict__")

    def __init__(self):
        self.fixed = "slot"
        self.loose = "dict"


@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)


@dataclass(frozen=True)
class Key:
    name: str
    version: int = 1


class Color(Enum):
    RED = 1
    GREEN = 2


class Pair(NamedTuple):
    a: int
    b: str = "x"

    def swap(self):
        return (self.b, self.a)


Row = collections.namedtuple("Row", ["left", "right"])


class Model:
    def __init__(self, weights, preprocess):
        self.weights = weights
        self.preprocess = preprocess

    def predict(self, text):
        return sum(self.weights.get(word, 0) for word in self.preprocess(text))

    def __repr__(self):
        return f"Model({sorted(self.weights)})"


normalise = lambda text: text.strip().lower().split()  # noqa: E731
spam_model = Model({"buy": 2, "now": 1}, normalise)
ham_model = Model({"hello": 3}, normalise)
spam_model.trained_on = 1000  # state set at runtime, after __init__


class ModelContainer:
    """Calls the function it wraps."""

    def __init__(self, fn, name):
        self.fn = fn
        self.name = name

    def __call__(self, *args):
        return self.name, self.fn(*args)


class Node:
    def __init__(self, name, parent=None):
        self.name = name
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)

    def path(self):
        return self.name if self.parent is None else self.parent.path() + "/" + self.name


root = Node("root")
left = Node("left", root)
right = Node("right", root)
leaf = Node("leaf", left)
shared_list = [1, 2]
left.shared = shared_list
right.shared = shared_list

greeter_a = Greeter("ann")
greeter_b = Greeter("bob")
greeter_b.mood = "happy"

log = []

REDUMP_VARIES = {
    "copyreg_reducer": "the script's copyreg.pickle registration is not made in the loading process",
}

CASES = {
    "reduce_ex": (Money(5, "EUR"), ["f.display", "f == type(f)(5, 'EUR')", "type(f).__name__"]),
    "getstate_setstate": (
        Connection("db.local", 5432),
        ["f.address()", "sorted(vars(f))", "f.lock.acquire(False)"],
    ),
    "getnewargs_ex": (Interval(2, hi=7), ["f.width()", "(f.lo, f.hi)", "raises(type(f), 5, hi=1)"]),
    "copyreg_reducer": (Handle("h1"), ["f.label()", "f.lock.acquire(False)", "sorted(vars(f))"]),
    "slots_instance": (
        Vec(3, 4),
        ["f.length2()", "hasattr(f, '__dict__')", "(f.x, f.y)", "raises(setattr, f, 'z', 1).split(':')[0]"],
    ),
    "slots_and_dict_instance": (Mixed(), ["f.fixed", "f.loose", "vars(f)"]),
    "dataclass_instance": (Point(1, 2, ["a"]), ["f", "f == type(f)(1, 2, ['a'])", "f.tags"]),
    "frozen_dataclass_instance": (
        Key("model", 3),
        ["f", "hash(f) == hash(type(f)('model', 3))", "raises(setattr, f, 'name', 'x').split(':')[0]"],
    ),
    "enum_member": (
        Color.GREEN,
        ["f.name", "f.value", "type(f)(2) is f", "type(f).GREEN is f", "len(type(f))"],
    ),
    "enum_members_together": (
        (Color.RED, Color.GREEN, Color.RED),
        ["f[0] is f[2]", "type(f[0]) is type(f[1])"],
    ),
    "named_tuple_instance": (Pair(1, "z"), ["f", "f.swap()", "type(f)._fields", "f._replace(a=9)"]),
    "collections_namedtuple_instance": (Row(1, 2), ["f", "f.left + f.right", "type(f)._fields"]),
    "runtime_state": (
        (greeter_a, greeter_b),
        ["f[0].greet()", "vars(f[1])", "type(f[0]) is type(f[1])"],
    ),
    "class_and_instances_together": (
        (Greeter, greeter_a, greeter_b),
        ["type(f[1]) is f[0]", "isinstance(f[2], f[0])", "f[0]('cy').greet()"],
    ),
    "stdlib_datetime": (
        (
            datetime.datetime(2024, 2, 29, 13, 45, 10, 123456, tzinfo=datetime.timezone.utc),
            datetime.date(1999, 12, 31),
            datetime.time(23, 59),
            datetime.timedelta(days=3, seconds=5),
            datetime.timezone(datetime.timedelta(hours=-5), "EST"),
        ),
        ["f[0].isoformat()", "f[1] + f[3]", "f[2].isoformat()", "f[4].tzname(None)", "type(f[0]).__module__"],
    ),
    "stdlib_numbers": (
        (decimal.Decimal("1.10"), fractions.Fraction(3, 4), decimal.Decimal("-Infinity")),
        ["str(f[0])", "f[0] * 3", "f[1] + 1", "f[2].is_infinite()"],
    ),
    "stdlib_uuid": (uuid.UUID("12345678-1234-5678-1234-567812345678"), ["str(f)", "f.version", "f.int"]),
    "stdlib_paths": (
        (
            pathlib.PurePosixPath("/srv/data/x.csv"),
            pathlib.PureWindowsPath("C:/a/b.txt"),
            pathlib.Path("rel/p"),
        ),
        ["str(f[0])", "f[0].suffix", "f[1].drive", "str(f[1].parent)", "f[2].parts"],
    ),
    "collections_types": (
        (
            collections.OrderedDict([("b", 1), ("a", 2)]),
            collections.defaultdict(list, {"k": [1]}),
            collections.deque([1, 2, 3], maxlen=3),
            collections.Counter("abracadabra"),
            collections.ChainMap({"a": 1}, {"a": 2, "b": 3}),
        ),
        [
            "list(f[0].items())",
            "f[1].default_factory is list",
            "(f[1]['new'].append(5), sorted(f[1].items()))[1]",
            "(f[2].append(4), list(f[2]), f[2].maxlen)",
            "sorted(f[3].items())",
            "f[3].most_common(1)",
            "(f[4]['a'], f[4]['b'], len(f[4].maps))",
        ],
    ),
    "bound_method": (
        spam_model.predict,
        [
            "f(' Buy NOW buy ')",
            "f.__func__.__name__",
            "type(f.__self__).__name__",
            "f.__self__.trained_on",
            "f.__self__.predict(' now ')",
            "isinstance(f.__self__, type(f.__self__))",
        ],
    ),
    "bound_method_of_a_dataclass": (Point(3, 4).__eq__, ["f(type(f.__self__)(3, 4, []))", "f.__self__"]),
    "model_with_preprocessing_lambda": (
        spam_model,
        ["f.predict('buy buy now')", "f.preprocess.__name__", "f.preprocess('  A B ')", "f.trained_on", "f"],
    ),
    "dict_of_models": (
        {"spam": spam_model, "ham": ham_model},
        [
            "sorted((k, m.predict('hello buy now')) for k, m in f.items())",
            "f['spam'].preprocess is f['ham'].preprocess",
            "type(f['spam']) is type(f['ham'])",
            "hasattr(f['ham'], 'trained_on')",
        ],
    ),
    "callable_container": (
        ModelContainer(normalise, "norm"),
        ["f(' X y ')", "f.fn.__name__", "callable(f)"],
    ),
    "tree_with_cycles": (
        root,
        [
            "f.children[0].parent is f",
            "f.children[0].children[0].path()",
            "[c.name for c in f.children]",
            "f.children[0].shared is f.children[1].shared",
            "(f.children[0].shared.append(3), f.children[1].shared)[1]",
        ],
    ),
    "instance_in_the_middle_of_a_cycle": (
        leaf,
        ["f.path()", "f.parent.parent.children[1].name", "f.parent.children[0] is f"],
    ),
    "bound_builtin_method": (log.append, ["(f(1), f(2), f.__self__)[-1]", "f.__name__"]),
}

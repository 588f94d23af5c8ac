"""Write the golden corpus: ``tests/corpus/golden/v<N>/``, each case in the directory of the format
version it is written in (the lowest that can express it).

Run by hand, from the repository root::

    python tests/corpus/make_golden.py            # add the cases that have no files yet
    python tests/corpus/make_golden.py --overwrite   # rewrite every case (before a release only)

Every case below is dumped into ``NAME.srcpickle``, beside ``NAME.json`` holding the probes the
loaded object must answer: each probe is a Python expression over ``obj`` (the loaded object) and
either the expected result, as a Python expression, or the name of the exception it must raise.
Probes run in order on one loaded object, so a probe may depend on an earlier one's side effect.

Golden files are written once per format version and only ever added to: the default mode never
touches an existing file. ``--overwrite`` rewrites the current format's files only, and exists
for the time before that version is released; a released version's files are never regenerated.
Before writing, each probe is checked against the live object and against the payload loaded back
in this process, so an expected result is true of the original function.

The functions are defined here, in ``__main__``, so that they are captured by value: a loader can
never import them from this file. Keep them 3.9 syntax so that every supported interpreter loads
every golden payload (a case that needs newer syntax must record it: the payload's
``requires-python`` makes older interpreters expect ``PythonVersionError`` instead).
"""

import abc
import argparse
import collections
import collections.abc
import dataclasses
import datetime
import decimal
import enum
import fractions
import functools
import itertools
import json
import json as j
import os
import os.path
import struct
import sys
import xml.etree
import xml.etree.ElementTree  # noqa: F401 - reached as xml.etree.ElementTree below
from math import pi as PI
from math import sqrt
from typing import overload

# A module-level import guarded against its failure (format 3 guard section: tomllib is in the
# standard library from 3.11; older loaders take the fallback).
try:
    import tomllib
except ImportError:
    tomllib = None

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))  # the repository's srcpickle

import srcpickle  # noqa: E402
from srcpickle._model import FORMAT_VERSION  # noqa: E402

sys.path.insert(0, HERE)
import golden_check  # noqa: E402

# ----------------------------------------------------------------------------- literal globals

INT = 42
NEG_INT = -7
BIG_INT = 2**5000 + 12345  # wider than 4000 bits: written in hex
NEG_BIG_INT = -(3**4000)
FLOAT = 0.1
NEG_ZERO = -0.0
NAN = float("nan")
INF = float("inf")
NEG_INF = float("-inf")
TINY = 5e-324
COMPLEX = complex(1.5, -0.0)
TEXT = "héllo\tw\x00rld \u2028 \U0001d11e \"quoted\" 'single' \\ back"
SURROGATE = "a\ud800b"
EMPTY_TEXT = ""
BYTES = b"\x00\xff\n'\""
LONG_BYTES = bytes(range(256))  # over 64 bytes: written as base64(...)
BYTEARRAY = bytearray(b"mutable")
TRUE = True
FALSE = False
NOTHING = None
TUPLE = (1, (2, (3,)), ())
LIST = [1, "two", [3.0, None]]
DICT = {"a": 1, 2: "b", (3, 4): [5], None: {}}
SET = {3, 1, 2, "x", (1, 2)}
EMPTY_SET = set()
FROZENSET = frozenset({"b", "a", frozenset()})
NESTED = {"k": [({1: frozenset({2})},), {b"x": bytearray(b"y")}]}
SHARED = [1, 2]
BOTH = (SHARED, SHARED)  # one list referred to twice: still one list after loading
SELF_LIST = [0]
SELF_LIST.append(SELF_LIST)  # a list containing itself
SELF_DICT = {}
SELF_DICT["me"] = SELF_DICT


def literals():
    """Every literal global, as one tuple."""
    return (
        INT,
        NEG_INT,
        BIG_INT,
        NEG_BIG_INT,
        FLOAT,
        NEG_ZERO,
        NAN,
        INF,
        NEG_INF,
        TINY,
        COMPLEX,
        TEXT,
        SURROGATE,
        EMPTY_TEXT,
        BYTES,
        LONG_BYTES,
        BYTEARRAY,
        TRUE,
        FALSE,
        NOTHING,
        TUPLE,
        LIST,
        DICT,
        SET,
        EMPTY_SET,
        FROZENSET,
        NESTED,
    )


def shared_references():
    return BOTH[0] is BOTH[1], SELF_LIST[1] is SELF_LIST, SELF_DICT["me"] is SELF_DICT


def mutate_shared():
    BOTH[0].append(3)
    return BOTH[1]


# --------------------------------------------------------------------------------- imports


def uses_imports(x):
    # json as j, names from math, os.path through os, xml.etree.ElementTree through xml.etree
    element = xml.etree.ElementTree.fromstring(f"<a>{x}</a>")
    return (
        j.dumps({"x": x}, sort_keys=True),
        round(sqrt(x) * PI, 6),
        os.path.join("a", "b"),
        element.text,
    )


def imports_in_body(n):
    import itertools
    from string import ascii_lowercase as letters

    return "".join(itertools.islice(letters, n))


HOLIDAY = datetime.date(2024, 12, 25)
THIRD = fractions.Fraction(1, 3)
PRICE = decimal.Decimal("19.99")
ORDERED = collections.OrderedDict([("z", 1), ("a", 2)])
COUNTS = collections.Counter("abracadabra")
POWER_OF_TWO = functools.partial(pow, 2)


def importable_objects():
    return (
        HOLIDAY.isoformat(),
        str(THIRD * 3),
        str(PRICE + decimal.Decimal("0.01")),
        list(ORDERED),
        COUNTS.most_common(2),
        POWER_OF_TWO(10),
        collections.OrderedDict is type(ORDERED),
    )


# -------------------------------------------------------------------------------- closures


def make_counter(start):
    count = start

    def counter(step=1):
        nonlocal count
        count += step
        return count

    return counter


def make_adders():
    # two closures sharing one cell: a write through one is seen by the other
    total = 0

    def add(n):
        nonlocal total
        total += n
        return total

    def get():
        return total

    return add, get


def make_recursive_closure():
    def walk(tree):
        if isinstance(tree, list):
            return sum(walk(child) for child in tree)
        return tree

    return walk


def make_unassigned():
    later = 1

    def read():
        return later  # noqa: F821 - a free variable, deleted below to leave its cell empty

    del later  # the cell is empty when the closure is dumped
    return read


# ---------------------------------------------------------------------------------- lambdas

square = lambda x: x * x  # noqa: E731
pair = (lambda a: a + 1, lambda a: a - 1)  # two lambdas on one line: two sources


def make_scaler(factor):
    return lambda x, offset=0: x * factor + offset


# -------------------------------------------------------------------------------- recursion


def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


# ------------------------------------------------------------------------------- signatures


def signature(a, b: int = 2, /, c: "list[str]" = None, *args: float, d, e: bytes = b"e", **kw) -> "dict":
    """Return the arguments it got.

    A docstring of more than one line.
    """
    return {"a": a, "b": b, "c": c, "args": args, "d": d, "e": e, "kw": kw}


signature.tag = "attribute"
signature.version = (1, 2)


def described():
    return 1


described.__doc__ = "a docstring set after the definition"


# ------------------------------------------------------------------------- shared namespace

COUNTER = 0


def set_counter(value):
    global COUNTER
    COUNTER = value


def get_counter():
    return COUNTER


def max(*values):  # shadows the builtin: the payload keeps this one
    return f"my max of {len(values)}"


def uses_own_max():
    return max(1, 2, 3)


# ----------------------------------------------------------------------------- syntax forms


def generator(n):
    yield from range(n)
    yield "done"


async def coroutine(x):
    return x * 2


async def async_generator(n):
    for i in range(n):
        yield i


def run_async(x, n):
    import asyncio

    async def collect():
        return [v async for v in async_generator(n)]

    return asyncio.run(coroutine(x)), asyncio.run(collect())


def modern_syntax(values):
    # f-string with '=', the walrus operator, comprehension scopes, non-ASCII names
    größe = len(values)
    if (total := sum(values)) > 10:
        return f"{größe=} {total=}"
    return f"small {total!r:>5}"


@functools.lru_cache(maxsize=32)
def cached_fib(n):
    return n if n < 2 else cached_fib(n - 1) + cached_fib(n - 2)


class Model:
    """A model with a method, state and a preprocessing function."""

    scale = 1

    def __init__(self, weights, preprocess):
        self.weights = weights
        self.preprocess = preprocess

    def predict(self, xs):
        return [self.scale * w * self.preprocess(x) for w, x in zip(self.weights, xs)]

    @property
    def size(self):
        return len(self.weights)


class Shifted(Model):
    def predict(self, xs):
        return [y + 1 for y in super().predict(xs)]


Model.scale = 2  # changed after the definition: the captured state wins


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int = 0

    def norm1(self):
        return abs(self.x) + abs(self.y)


class Colour(enum.Enum):
    RED = 1
    GREEN = 2


def make_local_class(base):
    class Local:
        def get(self):
            return base * 10

    return Local


# ------------------------------------------------------------------ format 2: what classes hold


class Catalog:
    """Nested classes: one loaded class for each original."""

    class Entry:
        class Price:
            currency = "EUR"

            def label(self, amount=1):
                return f"{amount} {self.currency}"

        count = 0

    def entry(self):
        return Catalog.Entry()


Catalog.Entry.count = 3  # state of a nested class, changed after the definition


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)


Vec = functools.total_ordering(Vec)  # a decorator applied as a call
Vec.__repr__ = lambda self: f"Vec({self.x}, {self.y})"  # a dunder assigned later
Vec.__add__ = lambda self, other: Vec(self.x + other.x, self.y + other.y)


class Sized(collections.abc.Sized):
    pass


class Box:
    def __len__(self):
        return 3


Sized.register(Box)  # a virtual subclass


class Ticket:
    ids = itertools.count(100)
    issued = []

    def __init__(self):
        self.id = next(Ticket.ids)
        Ticket.issued.append(self.id)

    def label(self, prefix="T", seen=[]):  # noqa: B006 - the mutated default is the point
        seen.append(self.id)
        return f"{prefix}{self.id}/{len(seen)}"


Ticket().label()
Ticket().label()


def class_state():
    return (
        repr(Vec(1, 2) + Vec(3, 4)),
        Vec(1, 2) > Vec(0, 9),
        isinstance(Box(), Sized),
        Ticket().label(),
        list(Ticket.issued),
    )


NotFound = type("NotFound", (LookupError,), {"code": 404, "describe": lambda self: f"{self.code} {self}"})
Shade = enum.Enum("Shade", [("LIGHT", 1), ("DARK", 2)])
Pixel = dataclasses.make_dataclass(
    "Pixel", [("x", int), ("y", int, dataclasses.field(default=0))], order=True
)
Span = collections.namedtuple("Span", "start stop", defaults=[0])


def classes_by_call():
    return NotFound("k").describe(), Shade(2).name, Pixel(1) < Pixel(1, 2), tuple(Span(5)), Span(1, 4).stop


SHARED = tuple(range(100))  # shared, and too long to repeat inline: a section of its own
PAIR = (SHARED, {SHARED: "key"})
DEEP = ()
for _level in range(150):
    DEEP = (DEEP, _level)


def tuple_sections():
    depth, current = 0, DEEP
    while current:
        depth, current = depth + 1, current[0]
    return PAIR[1][PAIR[0]], PAIR[0] is SHARED, sum(SHARED), depth, DEEP[1]


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@traced
def area(width: float, height: float = 2.0) -> float:
    """Area of a rectangle."""
    return width * height


def annotated_later(x, factor=2):
    return x * factor


annotated_later.__annotations__.update({"x": int, "return": str})


def live_annotations():
    """Format 3: annotations the source does not write (a functools.wraps wrapper's, and ones
    assigned after the def) go as their live values."""
    return [area, annotated_later]


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...


class Square:
    def area(self):
        return 1


Shape.register(tuple)
Shape.register(collections.OrderedDict)
Shape.register(Square)


def abc_registry(values):
    """Format 3: classes by reference registered with an ABC of the user's (its registry) are
    registered again; a user's class registered with it still says so from its own section."""
    return [isinstance(v, Shape) for v in values] + [isinstance(Square(), Shape)]


def make_pair(tag):
    class Local:
        def __init__(self, value):
            self.value = value

    def pair(left: Local, right: "Local") -> str:
        return f"{tag}{left.value}{right.value}"

    return pair


class Clinic:
    Patient = Square  # a name of the class body, which its method's annotation reads

    def admit(self, who: Patient) -> "Clinic":
        return self


def enclosing_annotations():
    """Format 3: annotations the def evaluated that read a local of the enclosing function, or a
    name of the class body, go as their live values (evaluating their texts again in the
    function's globals could not find them)."""
    return [make_pair("n"), Clinic]


NEGATIVE_NAN = -float("nan")
R_NA = struct.unpack("<d", struct.pack("<Q", 0x7FF00000000007A2))[0]  # R's NA_real_
NAN_COLUMN = [1.5, NEGATIVE_NAN, float("nan"), R_NA]


def nan_bits(fill=NEGATIVE_NAN, *, missing=R_NA, point=complex(0.0, NEGATIVE_NAN)):
    """Format 3: a nan keeps its sign bit (-nan) and its payload bits (nan(0x...)), as a global,
    a list item, a default, a keyword default and a complex part."""
    values = [NEGATIVE_NAN, R_NA, fill, missing, point.imag] + NAN_COLUMN
    return [hex(struct.unpack("<Q", struct.pack("<d", value))[0]) for value in values]


INT_COLUMN = list(range(-1000, 1000, 7))  # a long run of ints: packed, 2 bytes each
INT64_RUN = (2**63 - 1, -(2**63), 0, -1) * 16  # the widest packed ints, 8 bytes each
NOT_A_RUN = list(range(100)) + [True]  # a bool among them: no run, decimal


def packed_ints(column=tuple(range(0, 6400, 100))):
    """Format 3: a list or tuple of at least 64 ints of at most 64 bits is written packed,
    ``[*ints('<i2', 286, '...')]``, as a global, a tuple and a default; other lists stay decimal."""
    return (
        len(INT_COLUMN),
        sum(INT_COLUMN),
        INT_COLUMN[-1],
        sum(INT64_RUN),
        INT64_RUN[:4],
        column[-1],
        type(column).__name__,
        [type(x).__name__ for x in NOT_A_RUN[-2:]],
    )


@overload
def scaled(x: int) -> int: ...


@overload
def scaled(x: str) -> str: ...


def scaled(x):
    """Format 3: an implementation dumped alone carries its typing.overload stubs."""
    return x * 2


def guarded_toml(text="a = 1"):
    """Format 3: a guard section; tomllib where the loader has it, the fallback None elsewhere."""
    if tomllib is None:
        return "no tomllib"
    return tomllib.loads(text)["a"]


# --------------------------------------------------------------------------------- the cases

# name -> (object to dump, probes). A probe is (call, expected) or (call, ExceptionClass). The
# expected value is written as Python text (repr, or a literal expression for nan/inf and
# objects whose repr differs between interpreters).
CASES = {
    "literals": (
        literals,
        [
            (
                "obj()",
                "(42, -7, 2**5000 + 12345, -(3**4000), 0.1, -0.0, nan, inf, -inf, 5e-324, complex(1.5, -0.0),"
                f" {TEXT!r}, {SURROGATE!r}, '', {BYTES!r}, bytes(range(256)), bytearray(b'mutable'),"
                " True, False, None, (1, (2, (3,)), ()), [1, 'two', [3.0, None]],"
                " {'a': 1, 2: 'b', (3, 4): [5], None: {}},"
                " {3, 1, 2, 'x', (1, 2)}, set(), frozenset({'b', 'a', frozenset()}),"
                " {'k': [({1: frozenset({2})},), {b'x': bytearray(b'y')}]})",
            ),
        ],
    ),
    "shared_references": (
        [shared_references, mutate_shared],
        [("obj[0]()", "(True, True, True)"), ("obj[1]()", "[1, 2, 3]"), ("obj[0]()", "(True, True, True)")],
    ),
    "imports": (
        uses_imports,
        [("obj(4)", "('{\"x\": 4}', 6.283185, 'a/b' if os.sep == '/' else 'a\\\\b', '4')")],
    ),
    "imports_in_body": (imports_in_body, [("obj(5)", "'abcde'")]),
    "importable_objects": (
        importable_objects,
        [("obj()", "('2024-12-25', '1', '20.00', ['z', 'a'], [('a', 5), ('b', 2)], 1024, True)")],
    ),
    "closure_counter": (
        make_counter(10),
        [("obj()", "11"), ("obj(5)", "16"), ("obj.__closure__[0].cell_contents", "16")],
    ),
    "closure_shared_cell": (
        make_adders(),
        [("obj[0](3)", "3"), ("obj[0](4)", "7"), ("obj[1]()", "7")],
    ),
    "closure_recursive": (make_recursive_closure(), [("obj([1, [2, [3, 4]], 5])", "15")]),
    "closure_empty_cell": (make_unassigned(), [("obj()", NameError)]),
    "lambda": (square, [("obj(7)", "49"), ("obj.__name__", "'<lambda>'")]),
    "lambdas_one_line": (pair, [("obj[0](1)", "2"), ("obj[1](1)", "0")]),
    "lambda_closure": (make_scaler(3), [("obj(2)", "6"), ("obj(2, offset=1)", "7")]),
    "recursion": (factorial, [("obj(10)", "3628800"), ("obj(1)", "1")]),
    "mutual_recursion": (
        (is_even, is_odd),
        [("obj[0](10)", "True"), ("obj[1](7)", "True"), ("obj[0](7)", "False")],
    ),
    "signature": (
        signature,
        [
            (
                "obj(1, d=4)",
                "{'a': 1, 'b': 2, 'c': None, 'args': (), 'd': 4, 'e': b'e', 'kw': {}}",
            ),
            (
                "obj(1, 2, 3, 4.0, 5.0, d=6, e=b'x', z=7)",
                "{'a': 1, 'b': 2, 'c': 3, 'args': (4.0, 5.0), 'd': 6, 'e': b'x', 'kw': {'z': 7}}",
            ),
            ("obj(a=1, d=2)", TypeError),
            ("obj.__defaults__", "(2, None)"),
            ("obj.__kwdefaults__", "{'e': b'e'}"),
            (
                "obj.__annotations__",
                "{'b': int, 'c': 'list[str]', 'args': float, 'e': bytes, 'return': 'dict'}",
            ),
            ("obj.__doc__", repr(signature.__doc__)),
            ("(obj.__name__, obj.__qualname__, obj.__module__)", "('signature', 'signature', '__main__')"),
            ("(obj.tag, obj.version)", "('attribute', (1, 2))"),
        ],
    ),
    "changed_doc": (described, [("obj.__doc__", "'a docstring set after the definition'"), ("obj()", "1")]),
    "shared_namespace": (
        [set_counter, get_counter],
        [
            ("obj[1]()", "0"),
            ("obj[0](5)", "None"),
            ("obj[1]()", "5"),
            ("obj[0].__globals__ is obj[1].__globals__", "True"),
        ],
    ),
    "shadowed_builtin": (uses_own_max, [("obj()", "'my max of 3'")]),
    "generator": (generator, [("list(obj(3))", "[0, 1, 2, 'done']")]),
    "async": (run_async, [("obj(21, 3)", "(42, [0, 1, 2])")]),
    "modern_syntax": (modern_syntax, [("obj([5, 6])", "'größe=2 total=11'"), ("obj([1])", "'small     1'")]),
    "lru_cache": (cached_fib, [("obj(30)", "832040"), ("obj.cache_info().maxsize", "32")]),
    "partial": (
        functools.partial(signature, 1, 2, d=4),
        [("obj()", "{'a': 1, 'b': 2, 'c': None, 'args': (), 'd': 4, 'e': b'e', 'kw': {}}")],
    ),
    "class_and_instances": (
        (Shifted, Model([1, 2], lambda x: x + 1), Shifted([3], abs)),
        [
            ("obj[1].predict([10, 20])", "[22, 84]"),
            ("obj[2].predict([-1])", "[7]"),
            ("(type(obj[2]) is obj[0], obj[1].size, obj[0].__mro__[1].scale)", "(True, 2, 2)"),
        ],
    ),
    "dataclass_enum_bound_method": (
        (Point(3, -4), Colour.GREEN, Point(1).norm1, Colour),
        [
            ("(obj[0].norm1(), obj[0].y, obj[2]())", "(7, -4, 1)"),
            ("(obj[1] is obj[3](2), obj[1].name)", "(True, 'GREEN')"),
        ],
    ),
    "local_class": (
        make_local_class(4),
        [("obj().get()", "40"), ("obj.__qualname__", "'make_local_class.<locals>.Local'")],
    ),
    # Format 2 additions: methods and nested classes written inside their class's source, classes
    # made by calls, virtual subclass registrations, tuple sections.
    "nested_classes_and_methods": (
        (Catalog.Entry.Price, Catalog, Catalog.entry),
        [
            ("obj[1].Entry.Price is obj[0]", "True"),
            ("obj[1].entry is obj[2]", "True"),
            ("obj[0]().label()", "'1 EUR'"),
            ("obj[1]().entry().count", "3"),
        ],
    ),
    "class_state": (
        class_state,
        [
            ("obj()", "('Vec(4, 6)', True, True, 'T102/3', [100, 101, 102])"),
            ("obj()[3]", "'T103/4'"),
        ],
    ),
    "classes_by_call": (classes_by_call, [("obj()", "('404 k', 'DARK', True, (5, 0), 4)")]),
    "tuple_sections": (
        tuple_sections,
        [("obj()", "('key', True, 4950, 150, 149)")],
    ),
    "live_annotations": (
        live_annotations(),
        [
            ("obj[0](3.0)", "6.0"),
            ("obj[0].__annotations__ == {'width': float, 'height': float, 'return': float}", "True"),
            (
                "(obj[0].__name__, obj[0].__doc__, obj[0].__wrapped__(1.5, 2.0))",
                "('area', 'Area of a rectangle.', 3.0)",
            ),
            ("obj[1].__annotations__ == {'x': int, 'return': str}", "True"),
            ("obj[1](4)", "8"),
        ],
    ),
    "enclosing_annotations": (
        enclosing_annotations(),
        [
            ("obj[0].__annotations__['left'].__qualname__", "'make_pair.<locals>.Local'"),
            ("obj[0].__annotations__['right'], obj[0].__annotations__['return'] is str", "('Local', True)"),
            ("obj[0](obj[0].__annotations__['left'](1), obj[0].__annotations__['left'](2))", "'n12'"),
            ("obj[1].admit.__annotations__['who'] is obj[1].Patient", "True"),
            ("obj[1].admit.__annotations__['return']", "'Clinic'"),
            ("type(obj[1]().admit(obj[1].Patient())).__name__", "'Clinic'"),
        ],
    ),
    "abc_registry": (
        abc_registry,
        [
            (
                "obj([(1,), [1], __import__('collections').OrderedDict(), {}])",
                "[True, False, True, False, True]",
            ),
            ("issubclass(tuple, obj.__globals__['Shape'])", "True"),
        ],
    ),
    "nan_bits": (
        nan_bits,
        [
            (
                "obj()",
                "['0xfff8000000000000', '0x7ff00000000007a2', '0xfff8000000000000', '0x7ff00000000007a2',"
                " '0xfff8000000000000', '0x3ff8000000000000', '0xfff8000000000000', '0x7ff8000000000000',"
                " '0x7ff00000000007a2']",
            ),
            ("len({obj.__defaults__[0], obj.__kwdefaults__['missing']})", "2"),
        ],
    ),
    "packed_ints": (
        packed_ints,
        [
            (
                "obj()",
                "(286, -715, 995, -32, (9223372036854775807, -9223372036854775808, 0, -1), 6300, 'tuple',"
                " ['int', 'bool'])",
            ),
            ("obj.__defaults__[0][:3]", "(0, 100, 200)"),
        ],
    ),
    "overloads": (
        scaled,
        [
            ("obj(2), obj('ab')", "(4, 'abab')"),
            # (typing keeps a registry of overloads from 3.11, where get_overloads reads it)
            (
                "[str(__import__('inspect').signature(s)) for s in __import__('typing').get_overloads(obj)]"
                " if __import__('sys').version_info >= (3, 11) else ['(x: int) -> int', '(x: str) -> str']",
                "['(x: int) -> int', '(x: str) -> str']",
            ),
        ],
    ),
    "guarded_import": (
        guarded_toml,
        [
            ("obj() in (1, 'no tomllib')", "True"),
            ("obj() == (1 if __import__('sys').version_info >= (3, 11) else 'no tomllib')", "True"),
        ],
    ),
}


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--overwrite", action="store_true", help="rewrite existing files (unreleased format only)"
    )
    args = parser.parse_args()
    failures = 0
    for name, (obj, probes) in CASES.items():
        spec = {
            "probes": [
                {"call": call, "raises": expected.__name__}
                if isinstance(expected, type)
                else {"call": call, "result": expected}
                for call, expected in probes
            ],
        }
        # Dumped before any probe runs: some probes change the original's state.
        data = srcpickle.dumps(obj)
        # A payload goes to the directory of the format it is written in (the lowest that
        # expresses it): a case that needs nothing newer stays among format 1's.
        version = int(data.split(b"\n", 1)[0].split()[-1])
        directory = os.path.join(HERE, "golden", f"v{version}")
        os.makedirs(directory, exist_ok=True)
        payload_path = os.path.join(directory, name + ".srcpickle")
        json_path = os.path.join(directory, name + ".json")
        exists = os.path.exists(payload_path) or os.path.exists(json_path)
        if exists and (not args.overwrite or version != FORMAT_VERSION):
            print(f"kept     {name} (v{version})")
            continue
        # The probes must hold for the original object and for the payload loaded back here;
        # a case that fails either is not written.
        problems = [
            f"{label}: {problem}"
            for label, candidate in (("original", obj), ("loaded", srcpickle.loads(data)))
            for problem in golden_check.run_probes(candidate, spec["probes"])
        ]
        if problems:
            for problem in problems:
                print(f"FAILED   {name} ({problem})")
            failures += 1
            continue
        _write(payload_path, data)
        _write(json_path, (json.dumps(spec, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        print(f"written  {name} (v{version})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

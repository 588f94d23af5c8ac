"""A user script: functions and data whose iteration order depends on the hash seed."""
import enum
import sys
import collections
import dataclasses
import functools
import srcpickle

WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}
BLOBS = frozenset({b"x", b"yy", b"\x00", b"zzz"})
PAIRS = {("a", 1), ("b", 2), ("c", (3, 4)), ("a", 2)}
MIXED = {1, "1", b"1", 1.5, None, (1, "x"), frozenset({"p", "q"}), True and 2, -3}
NESTED = frozenset({frozenset({"a", "b"}), frozenset({"c"}), frozenset()})
FROM_SET = dict.fromkeys(WORDS, 0)
INDEX = {w: i for i, w in enumerate(sorted(WORDS))}
COUNTS = collections.Counter("mississippi")
LISTED = sorted(WORDS)
DQ = collections.deque(["q", "r"])
ORDERED = collections.OrderedDict((k, len(k)) for k in sorted(WORDS))
DEFAULT = collections.defaultdict(set, {"k": {"v1", "v2", "v3"}})


class Perm(enum.Flag):
    R = 4
    W = 2
    X = 1


RW = Perm.R | Perm.W
ALL = Perm.R | Perm.W | Perm.X
PERMSET = {Perm.R, Perm.W, RW}


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"


COLORS = frozenset(Color)


class Slotted:
    __slots__ = ("b", "a", "c")

    def __init__(self):
        self.c = {"z", "y"}
        self.a = 1
        self.b = frozenset({"m", "n"})


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: int


POINTS = {Point(1, 2), Point(2, 1), Point(0, 0)}
SLOT = Slotted()


class Config:
    zeta = {"s", "t"}
    alpha = 1

    def method(self):
        return sorted(self.zeta)


Config.added_later = {"later", "also"}

fn_by_key = {"b": len, "a": sorted}
LAMBDAS = {lambda x: x + 1, lambda x: x + 2}


@functools.lru_cache(maxsize=None)
def cached(x):
    return x * 2


def use():
    return (sorted(WORDS), sorted(BLOBS), sorted(PAIRS, key=repr), len(MIXED), len(NESTED), FROM_SET, INDEX,
            COUNTS, LISTED, DQ, ORDERED, DEFAULT, RW, ALL, PERMSET, COLORS, SLOT.a, POINTS, Config, fn_by_key,
            sorted(f(1) for f in LAMBDAS), cached(2))


which = sys.argv[1] if len(sys.argv) > 1 else "use"
obj = {"use": use, "data": [WORDS, BLOBS, PAIRS, MIXED, NESTED, PERMSET, COLORS, POINTS, SLOT, DEFAULT],
       "class": Config, "lambdas": LAMBDAS}[which]
sys.stdout.buffer.write(srcpickle.dumps(obj))

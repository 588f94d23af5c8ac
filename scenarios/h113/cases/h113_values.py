# ruff: noqa
import itertools
import logging
import random
import types

NEG0 = -0.0
NAN = float("nan")
NANS = [NAN, NAN]
INF = float("-inf")
SURR = "a\ud800b"
RAWB = b"\xff\x00\x80"
BA = bytearray(b"xy")
KEYS = {True: "t", (1, (2, frozenset({3}))): "tuple", 2.5: "f", None: "n", b"k": "b"}
MIX = {1, 2.0, "3", (4,), frozenset()}
RNG = random.Random(42)
RNG.random()
COUNT = itertools.count(5, 2)
next(COUNT)
NS = types.SimpleNamespace(a=1, b=[2])
PROXY = types.MappingProxyType({"k": 1})
LOG = logging.getLogger("h113.scenario")
LIST = [1]
APPEND = LIST.append
FROMKEYS = dict.fromkeys
JOIN = str.join
FROM_BYTES = int.from_bytes
RNG_SLICE = (range(1, 10, 3), slice(1, None, -1), 3 - 4j, Ellipsis, NotImplemented, type(None))
BIG = 2**200 + 1
SUBSTR = type("Tag", (str,), {})  # a class made by a call


class Sym(str):
    def shout(self):
        return self.upper() + "!"


SYM = Sym("hey")


def values():
    import math

    return [
        math.copysign(1, NEG0),
        NAN != NAN,
        NANS[0] is NANS[1],
        NAN in NANS,
        INF,
        SURR == "a\ud800b",
        len(SURR),
        RAWB,
        BA,
        sorted(map(repr, KEYS)),
        type(list(KEYS)[0]).__name__,
        sorted(map(repr, MIX)),
        RNG.random(),
        next(COUNT),
        NS,
        dict(PROXY),
        type(PROXY).__name__,
        LOG.name,
        LOG is logging.getLogger("h113.scenario"),
        APPEND(2),
        LIST,
        FROMKEYS("ab"),
        JOIN("-", "abc"),
        FROM_BYTES(b"\x01\x00", "big"),
        RNG_SLICE,
        BIG,
        SYM.shout(),
        type(SYM).__name__,
    ]


CASES = {
    "values": (values, ["f()", "f()[20]"]),
}

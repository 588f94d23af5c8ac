"""Globals a function reads are captured by value: scalars, containers, shared references, cycles."""

import math

# ----------------------------------------------------------------------------- scalars

ANSWER = 42
NEGATIVE = -7
HUGE = 2**20000 + 12345  # wider than the payload's decimal limit: written in hex
FLOATS = (0.1, -0.0, 1e300, 5e-324)
NAN = float("nan")
INF = float("inf")
NEG_INF = float("-inf")
COMPLEX = 3 - 4.5j
ODD_COMPLEX = complex(float("nan"), float("-inf"))
TEXT = "naïve café ✓ 日本語 🐍"
AWKWARD_TEXT = "quote ' double \" backslash \\ newline \n tab \t nul \x00 lone \ud800 sep \u2028 end"
SHORT_BYTES = b"\x00\xffabc\n'\""
LONG_BYTES = bytes(range(256)) + b"tail"
FLAG = True
OFF = False
NOTHING = None


def ints():
    return ANSWER, NEGATIVE, HUGE == 2**20000 + 12345, HUGE.bit_length()


def floats():
    return FLOATS, math.isnan(NAN), INF, NEG_INF, math.copysign(1.0, FLOATS[1])


def complexes():
    return COMPLEX, math.isnan(ODD_COMPLEX.real), ODD_COMPLEX.imag


def texts():
    return TEXT, AWKWARD_TEXT, len(AWKWARD_TEXT)


def byte_strings():
    return SHORT_BYTES, LONG_BYTES, type(LONG_BYTES).__name__


def singletons():
    return FLAG is True, OFF is False, NOTHING is None


# -------------------------------------------------------------------------- containers

TUPLE = (1, "two", 3.0, None)
SINGLE = ("only",)
LIST = [3, 1, 2]
MAPPING = {"z": 1, "a": 2, 3: "three", (1, 2): [4], None: "none", 2.5: b"x"}
NUMBERS = {5, 3, 11, -2}
WORDS = {"pear", "apple", "fig", "kiwi", "banana", "cherry", "date"}
FROZEN_WORDS = frozenset({"delta", "alpha", "charlie", "bravo", "echo"})
MIXED_SET = {("b", 2), ("a", 1), ("c", 3)}
EMPTIES = ((), [], {}, set(), frozenset(), "", b"")
NESTED = {
    "rows": [(1, frozenset({"x", "y"})), (2, frozenset())],
    "meta": {"tags": {"t1", "t2"}, "depth": [[[]]]},
}
BUFFER = bytearray(b"mutable")


def containers():
    return TUPLE, SINGLE, LIST, list(MAPPING.items()), sorted(NUMBERS), EMPTIES


def string_sets():
    return sorted(WORDS), sorted(FROZEN_WORDS), type(WORDS).__name__, type(FROZEN_WORDS).__name__


def set_of_tuples():
    return sorted(MIXED_SET)


def nested():
    rows = [(n, sorted(s)) for n, s in NESTED["rows"]]
    return rows, sorted(NESTED["meta"]["tags"]), NESTED["meta"]["depth"], list(NESTED)


def mutate_list():
    LIST.append(len(LIST))
    return LIST


def mutate_buffer():
    BUFFER.extend(b"!")
    return bytes(BUFFER), type(BUFFER).__name__


# ---------------------------------------------------------------- shared references, cycles

SHARED = [1, 2]
ALIAS = SHARED
PAIR = (SHARED, SHARED)
SELF_LIST = [1, "x"]
SELF_LIST.append(SELF_LIST)
SELF_DICT = {"name": "root"}
SELF_DICT["self"] = SELF_DICT
RING_A = {"name": "a"}
RING_B = {"name": "b", "next": [RING_A]}
RING_A["next"] = [RING_B]
HOLDER = (SELF_LIST,)


def shared():
    ALIAS.append(3)
    return SHARED, ALIAS is SHARED, PAIR[0] is PAIR[1] is SHARED, PAIR


def self_list():
    return SELF_LIST[2] is SELF_LIST, SELF_LIST[:2], len(SELF_LIST), HOLDER[0] is SELF_LIST


def self_dict():
    return SELF_DICT["self"] is SELF_DICT, SELF_DICT["self"]["self"]["name"], sorted(SELF_DICT)


def ring():
    return RING_A["next"][0] is RING_B, RING_B["next"][0]["next"][0] is RING_B, RING_A["next"][0]["name"]


CASES = {
    "ints": (ints, ["f()"]),
    "floats": (floats, ["f()"]),
    "complexes": (complexes, ["f()"]),
    "texts": (texts, ["f()"]),
    "bytes": (byte_strings, ["f()"]),
    "singletons": (singletons, ["f()"]),
    "containers": (containers, ["f()"]),
    "string_sets": (string_sets, ["f()"]),
    "set_of_tuples": (set_of_tuples, ["f()"]),
    "nested": (nested, ["f()"]),
    "mutate_list": (mutate_list, ["f()", "f()"]),
    "bytearray": (mutate_buffer, ["f()", "f()"]),
    "shared_list": (
        shared,
        ["f()", "f()", "f.__globals__['SHARED'] is f.__globals__['ALIAS']"],
    ),
    "self_referencing_list": (self_list, ["f()", "f.__globals__['SELF_LIST'][2][2][1]"]),
    "self_referencing_dict": (self_dict, ["f()"]),
    "dict_ring": (ring, ["f()"]),
}

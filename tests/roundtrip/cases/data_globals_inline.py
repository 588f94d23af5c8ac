"""Data globals written into their namespace section (issue 9): a container a global holds, of
scalars or of scalars and such leaves, is written inline there when nothing else refers to it,
and stays one shared object (a section) when something else does: another global, a closure
cell, an item of another container, a default, the root itself.
"""

NAMES = ["alpha", "beta", "gamma"]
TABLE = {"a": [1, 2, 3], "b": (4.0, float("inf")), "c": frozenset({"x", "y"}), "d": {"k": None}}
NESTED = [[1, 2], ("t", 3), {"z": 0}, 7]

ALIAS_LIST = [10, 20]
ALIAS_OTHER = ALIAS_LIST  # the same list under two names

INNER = [5, 6]
HOLDER = {"inner": INNER, "more": [7]}  # a leaf that is also a global of its own

SHARED_BY_CELL = ["cell", "and", "global"]
SHARED_IN_TWO = [0]
TWO = {"first": SHARED_IN_TWO, "second": SHARED_IN_TWO}  # one leaf twice in one dict

DEFAULT_LIST = [1, 1, 2]

BOTH = {"a": [1], "b": ("x",)}
INNER_ROOT = [8]
HOLDER_ROOT = {"inner": INNER_ROOT}


def reads_data(k):
    return NAMES[k % 3], TABLE["a"], TABLE["b"], sorted(TABLE["c"]), TABLE["d"], NESTED


def reads_aliases():
    ALIAS_LIST.append(30)
    return ALIAS_OTHER is ALIAS_LIST, ALIAS_OTHER


def reads_holder():
    INNER.append(len(INNER))
    return HOLDER["inner"] is INNER, HOLDER, INNER


def make_cell_reader():
    held = SHARED_BY_CELL

    def read():
        held.append("more")
        return held is SHARED_BY_CELL, SHARED_BY_CELL

    return read


def reads_two():
    TWO["first"].append(1)
    return TWO["first"] is TWO["second"], TWO


def with_default(x=DEFAULT_LIST):
    x.append(3)
    return x is DEFAULT_LIST, DEFAULT_LIST


def mutates_nested():
    NESTED[0].append(9)
    TABLE["a"].append(4)
    return NESTED, TABLE["a"]


def reads_both():
    return BOTH["a"], BOTH["b"]


def mutates_both():
    BOTH["a"].append(2)
    return BOTH


def reads_holder_root():
    return HOLDER_ROOT["inner"] is INNER_ROOT, HOLDER_ROOT


CASES = {
    "data_globals": (reads_data, ["f(0)", "f(4)"]),
    "alias_of_a_list": (reads_aliases, ["f()", "f()"]),
    "leaf_also_a_global": (reads_holder, ["f()", "f()"]),
    "leaf_also_a_cell": (make_cell_reader(), ["f()", "f()"]),
    "one_leaf_twice_in_a_dict": (reads_two, ["f()", "f()"]),
    "leaf_also_a_default": (with_default, ["f()", "f()"]),
    "nested_data_mutated": (mutates_nested, ["f()", "f()"]),
    "two_functions_one_global": ((reads_both, mutates_both), ["f[1]()", "f[0]()", "f[1]()"]),
    "global_and_root": (
        (reads_holder_root, HOLDER_ROOT),
        ["f[0]()", "f[1]['inner'].append(9)", "f[0]()", "f[0]()[1] is f[1]"],
    ),
}

"""Look-alike functions and classes in a global's container whose defaults, cells or class
attributes hold built-in callables (``[make(operator.add), make(operator.mul)]``,
a ``key=str.lower`` default). Their section names carry a digest that counts such a value by
its type's name, which PyPy spells otherwise (``builtin_function`` for
``builtin_function_or_method``; an unbound method of a built-in type is a plain ``function``
there, a bound one a ``method``): PyPy wrote other section names than CPython. Every interpreter
writes these payloads alike (test_determinism), and each loaded function is the one of its
place.

The factories are module-level defs (a comprehension's lambda has another qualname on 3.11,
3.12+ and PyPy: the section names would differ for that alone).
"""

import io
import operator
import os


def with_default(op):
    return lambda a, b, op=op: op(a, b)


def with_cell(op):
    def call(a, b):
        return op(a, b)

    return call


def sorter(key):
    return lambda xs, key=key: sorted(xs, key=key)


def keyword_only(fn):
    def apply(x, *, fn=fn):
        return fn(x)

    return apply


def holder(value):
    class Holder:
        held = value

        def get(self, *args):
            return value(*args)

    return Holder


# Module-level built-in functions (CPython: builtin_function_or_method).
FUNCTIONS = [with_default(operator.add), with_default(operator.mul), with_default(max)]
CELLS = [with_cell(operator.sub), with_cell(pow), with_cell(divmod)]
# Unbound methods of built-in types (method_descriptor), slot wrappers (wrapper_descriptor) and
# a static method's built-in (str.maketrans: builtin_function_or_method).
KEYS = [sorter(str.lower), sorter(str.upper), sorter(str.casefold), sorter(len)]
SLOTS = [with_cell(int.__add__), with_cell(str.__mod__), with_cell(list.__getitem__)]
# Bound methods of built-in objects and class methods bound to their type
# (builtin_function_or_method). (A bound slot wrapper, "p:".__add__, is no alike case: CPython
# writes it as a reduce section named by its type, PyPy as a bound method.)
PREFIX = "p:"
BOUND = [
    keyword_only(PREFIX.startswith),
    keyword_only(PREFIX.join),
    keyword_only(dict.fromkeys),
    keyword_only(bytes.fromhex),
    keyword_only(os.fspath),
]
# Classes one factory made, whose attributes hold them (a class's digest counts them alike).
HOLDERS = [holder(str.lower), holder(len), holder(operator.neg), holder(object.__new__)]
MIXED = {"lower": sorter(str.lower), "len": sorter(len), "io": sorter(io.StringIO)}


def use_functions(a, b):
    return [f(a, b) for f in FUNCTIONS] + [f(a, b) for f in CELLS]


def use_keys(xs):
    return [f(xs) for f in KEYS] + [MIXED[name](xs) for name in sorted(MIXED) if name != "io"]


def use_slots():
    return [SLOTS[0](2, 3), SLOTS[1]("%s!", "x"), SLOTS[2]([4, 5], 1)]


def use_bound():
    return [
        BOUND[0](x="p"),
        BOUND[1](x="ab"),
        sorted(BOUND[2](x="ab")),
        BOUND[3](x="0a"),
        BOUND[4](x="path"),
    ]


def use_holders():
    return [
        HOLDERS[0]().get("Ab"),
        HOLDERS[1]().get("abc"),
        HOLDERS[2]().get(4),
        type(HOLDERS[3]().get(object)).__name__,
    ]


CASES = {
    "builtin_functions": (use_functions, ["f(7, 3)"]),
    "method_descriptors": (use_keys, ["f(['b', 'C', 'a'])"]),
    "slot_wrappers": (use_slots, ["f()"]),
    "bound_builtins": (use_bound, ["f()"]),
    "class_attributes": (use_holders, ["f()", "[h.__name__ for h in f.__globals__['HOLDERS']]"]),
}

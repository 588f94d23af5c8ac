"""By value or by reference (issue 4): objects of the standard library go by reference (an import),
the user's own code by value: the script, a local module beside it that the loading process cannot
import, and a module that is gone from ``sys.modules``."""

import collections
import datetime
import functools
import http
import json
import operator
import os
import os.path
import re
import sys
import textwrap
import types
from os.path import join as pjoin

HERE = os.path.dirname(os.path.abspath(__file__))

# A module of the user's own, next to the script: importable here, not where the payload loads.
LOCAL_MODULE = "byref_local_helpers"
GONE_MODULE = "byref_gone_helpers"
for module_name, text in {
    LOCAL_MODULE: '''
        """Helpers of the user's own."""
        import math

        RATE = 3


        def triple(x):
            return x * RATE


        def hypot_rate(a, b):
            return math.hypot(a, b) * RATE


        class Account:
            fee = 1

            def __init__(self, owner, balance):
                self.owner = owner
                self.balance = balance

            def net(self):
                return self.balance - self.fee * RATE
    ''',
    GONE_MODULE: """
        def shout(word):
            return word.upper() + "!"


        class Tag:
            def __init__(self, name):
                self.name = name

            def render(self):
                return "<" + self.name + ">"
    """,
}.items():
    with open(os.path.join(HERE, module_name + ".py"), "w", encoding="utf-8") as handle:
        handle.write(textwrap.dedent(text).lstrip())
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import byref_gone_helpers as gone  # noqa: E402
import byref_local_helpers as helpers  # noqa: E402 - written just above

del sys.modules[GONE_MODULE]  # the module is gone; its functions and classes live on


def uses_helpers(x):
    """Reaches the local module through its name: the module comes along by value."""
    return helpers.triple(x), helpers.RATE


def uses_stdlib(data):
    """Stdlib by reference: a module, a function imported under another name, a class."""
    return json.dumps(data, sort_keys=True), pjoin("a", "b"), list(collections.OrderedDict(x=1).items())


CASES = {
    "stdlib_function": (os.path.join, ["f('a', 'b')", "f is __import__('os').path.join"]),
    "stdlib_class": (
        collections.OrderedDict,
        ["f is __import__('collections').OrderedDict", "list(f(a=1, b=2).items())"],
    ),
    "stdlib_module": (json, ["f is __import__('json')", "f.dumps({'b': 1, 'a': [2]}, sort_keys=True)"]),
    "builtins": ((len, int, print), ["f[0] is len", "f[1] is int", "f[2] is print", "f[0]('abc')"]),
    "builtin_method_descriptor": (str.upper, ["f is str.upper", "f('abc')"]),
    "builtin_classmethod": (dict.fromkeys, ["f('ab', 0)", "f.__self__ is dict"]),
    "builtin_singletons": ((Ellipsis, NotImplemented), ["f[0] is Ellipsis", "f[1] is NotImplemented"]),
    "builtin_types_without_a_name": (
        (type(None), type(Ellipsis), type(NotImplemented)),
        ["f[0] is type(None)", "f[1] is type(...)", "f[2] is type(NotImplemented)"],
    ),
    "stdlib_classmethod": (
        datetime.datetime.fromisoformat,
        ["f('2024-01-02T03:04:05').year", "f.__self__ is __import__('datetime').datetime"],
    ),
    "stdlib_enum_member": (
        http.HTTPStatus.NOT_FOUND,
        ["f is __import__('http').HTTPStatus.NOT_FOUND", "f.phrase", "int(f)"],
    ),
    "partial_of_stdlib": (
        functools.partial(os.path.join, "srv"),
        ["f('x', 'y')", "f.func is __import__('os').path.join", "f.args"],
    ),
    "operator_objects": (
        (operator.itemgetter(1, 0), operator.attrgetter("real"), operator.methodcaller("split", ",")),
        ["f[0]('abc')", "f[1](3)", "f[2]('a,b')"],
    ),
    # Arguments that are no literals: PyPy's reduction of these loads on PyPy only.
    "operator_objects_of_non_literals": (
        (
            operator.itemgetter(slice(1, None)),
            operator.itemgetter(slice(0, 2), 0),
            operator.itemgetter(frozenset({1})),
            operator.methodcaller("get", frozenset({1}), None),
        ),
        [
            "f[0]([10, 20, 30])",
            "f[1]([10, 20, 30])",
            "f[2]({frozenset({1}): 'k'})",
            "f[3]({frozenset({1}): 'm'})",
        ],
    ),
    "compiled_regex": (
        re.compile(r"a+(b)", re.IGNORECASE),
        ["f.pattern", "f.flags & 2", "f.match('AAb').group(1)"],
    ),
    "simple_namespace_and_ranges": (
        (types.SimpleNamespace(a=1, b=[2]), range(1, 10, 3), slice(2, None, -1)),
        ["vars(f[0])", "list(f[1])", "(f[2].start, f[2].stop, f[2].step)"],
    ),
    "user_function_using_stdlib": (uses_stdlib, ["f([1, {'b': 2, 'a': 1}])"]),
    "local_module_function": (helpers.triple, ["f(5)", "f.__name__", "f.__module__"]),
    "local_module_function_using_an_import": (helpers.hypot_rate, ["f(3, 4)"]),
    "local_module_through_a_global": (uses_helpers, ["f(2)"]),
    "local_module_class_and_instance": (
        (helpers.Account, helpers.Account("ada", 10)),
        ["f[1].net()", "type(f[1]) is f[0]", "f[0]('bo', 4).net()", "f[0].__module__"],
    ),
    "gone_module_function": (gone.shout, ["f('hey')", "f.__module__"]),
    "gone_module_class": (gone.Tag, ["f('p').render()", "f.__qualname__"]),
    "gone_module_instance": (gone.Tag("em"), ["f.render()", "type(f).__name__"]),
}

"""Scenarios: property / classmethod / staticmethod objects, bound methods of classes, instances
and builtins."""

import collections


class Temp:
    unit = "C"

    def __init__(self, deg):
        self._deg = deg

    @property
    def deg(self):
        """Degrees."""
        return self._deg

    @deg.setter
    def deg(self, v):
        self._deg = v

    @classmethod
    def zero(cls):
        return cls(0)

    @staticmethod
    def convert(c):
        return c * 9 / 5 + 32

    def describe(self):
        return f"{self._deg}{self.unit}"


class Hot(Temp):
    unit = "F"


t = Temp(21)
words = ["a", "b"]
other = [1, 2]
d = {"k": 1}

CASES = {
    "property_object": (
        Temp.__dict__["deg"],
        ["f.fget(type('X', (), {'_deg': 5})())", "f.__doc__", "f.fset is not None", "type(f).__name__"],
    ),
    "classmethod_object": (
        Temp.__dict__["zero"],
        ["type(f).__name__", "f.__func__.__name__", "f.__func__.__qualname__"],
    ),
    "staticmethod_object": (Temp.__dict__["convert"], ["type(f).__name__", "f.__func__(100)"]),
    "classmethod_bound_to_class": (Temp.zero, ["f().describe()", "f.__self__.__name__", "f.__name__"]),
    "classmethod_bound_to_subclass": (
        Hot.zero,
        ["f().describe()", "f.__self__.__name__", "f.__self__.__mro__[1].__name__"],
    ),
    "staticmethod_via_class": (Temp.convert, ["f(100)", "f.__qualname__"]),
    "bound_method_of_instance": (t.describe, ["f()", "f.__self__.deg", "f.__func__.__qualname__"]),
    "property_getter_bound_instance": (t, ["f.deg", "(setattr(f, 'deg', 3), f.deg)[1]"]),
    "list_append": (words.append, ["(f('c'), f.__self__)[1]", "f.__name__"]),
    "str_join": (", ".join, ["f(['x', 'y'])", "f.__self__", "f.__name__"]),
    "dict_get": (d.get, ["f('k')", "f('z', 0)"]),
    "int_add": ((5).__add__, ["f(3)"]),
    "builtin_classmethod": (dict.fromkeys, ["f('ab', 0)", "f.__self__ is dict"]),
    "int_from_bytes": (int.from_bytes, ["f(b'\\x01\\x00', 'big')"]),
    "method_descriptor": (str.upper, ["f('abc')", "type(f).__name__"]),
    "slot_wrapper": (int.__add__, ["f(1, 2)"]),
    "method_wrapper_of_user_instance": (t.__str__, ["type(f).__name__", "f().startswith('<')"]),
    "bound_method_of_a_deque": (collections.deque([1]).appendleft, ["(f(0), list(f.__self__))[1]"]),
    "shared_self": (
        (other.append, other.pop, other),
        ["(f[0](9), f[1](), f[2])[-1]", "f[0].__self__ is f[2]"],
    ),
    "bound_method_of_class_object": (Temp.describe.__get__(Hot(5)), ["f()"]),
    "object_new": (object.__new__, ["f(object).__class__.__name__"]),
    "type_call": (type(t).__call__, ["type(f).__name__"]),
}

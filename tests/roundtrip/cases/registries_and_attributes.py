"""An ABC's registrations of classes that go by reference, and functions whose ``__dict__`` holds
names of type or function attributes (scenarios tried against the 0.2 release).

- ``Shape.register(tuple)``: a built-in or a library's class registered as a virtual subclass of
  an ABC of the user's was lost (a loaded ``isinstance((1,), Shape)`` was False): registrations
  were written only from the registered class's section, and such a class has none. The ABC's
  section carries them (format 3); a registered class of the user's still says so itself.
- A function attribute named like an attribute of ``type`` or of functions on some Python
  (``__text_signature__``, ``__call__``, ``__type_params__``) was refused by every reader, or by
  the readers of some Pythons: dumps wrote a payload that no loader took.
"""

import abc
import collections
import fractions
import numbers


class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...


class Solid(Shape):
    pass


class Square:
    def area(self):
        return 1


Shape.register(tuple)
Shape.register(collections.OrderedDict)
Shape.register(fractions.Fraction)
Shape.register(Square)
Solid.register(frozenset)


@Shape.register
class Circle:
    def area(self):
        return 3


def kinds(values):
    return [(isinstance(v, Shape), isinstance(v, Solid)) for v in values]


def own_kinds():
    return kinds([Square(), Circle()])


def local_abc():
    class Local(abc.ABC):
        pass

    Local.register(bytes)
    Local.register(numbers.Integral)

    def is_local(value):
        return isinstance(value, Local)

    return is_local


Sized = abc.ABCMeta("Sized", (), {"__module__": __name__})
Sized.register(str)
Sized.register(list)


def sized(value):
    return isinstance(value, Sized)


def tagged(x):
    return x + 1


tagged.__text_signature__ = "(x)"
tagged.__call__ = "not called"
tagged.__mro__ = ("not", "a", "class")
# Data attributes of functions from 3.12 and 3.10 (PyPy: __weakref__): entries of the dict only.
tagged.__dict__["__type_params__"] = ("kept", "as", "data")
tagged.__dict__["__builtins__"] = {"also": "data"}
tagged.__dict__["__weakref__"] = 7
tagged.__get__ = None
tagged.plain = [1, 2]


CASES = {
    "builtins_and_library_classes_registered_with_an_abc": (
        kinds,
        [
            "f([(1,), [1], __import__('collections').OrderedDict(), "
            "__import__('fractions').Fraction(1, 2), frozenset(), 1.5])",
            "issubclass(tuple, f.__globals__['Shape'])",
            "issubclass(frozenset, f.__globals__['Shape'])",
        ],
    ),
    "user_classes_registered_beside_library_ones": (own_kinds, ["f()"]),
    "the_abc_itself": (
        Shape,
        [
            "[issubclass(c, f) for c in (tuple, list, dict, frozenset, __import__('fractions').Fraction)]",
            "sorted(c.__name__ for c in (tuple, frozenset, int) if isinstance(c(), f))",
        ],
    ),
    "abc_of_an_enclosing_function": (
        local_abc(),
        ["[f(b'x'), f(3), f(True), f('x'), f(2.5)]"],
    ),
    "abc_made_by_a_call": (sized, ["[f('ab'), f([1]), f((1,)), f(3)]"]),
    "type_and_function_attribute_names_in_a_functions_dict": (
        tagged,
        [
            "f(2)",
            "sorted(vars(f))",
            "[vars(f)[n] for n in sorted(vars(f))]",
        ],
    ),
}

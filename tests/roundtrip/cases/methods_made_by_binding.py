"""Bound methods whose function is not what their instance's class has under that name (h66):
``types.MethodType(function, obj)`` binds any function to any object, and a method's function may
sit on the class under another name. They were written as ``getattr(obj, name)``, which failed at
load (``'Adder' object has no attribute 'free'``) or gave back another method; now they are the
binding call, ``types.MethodType(function, obj)``, whenever the lookup would not find them.

And a method bound by ``getattr(obj, name)`` loads bound to the function its class ends up with:
it was bound to the one the class statement made, which the class's captured attributes replace
later, so defaults and attributes set on the method after the class statement were missing."""

import functools
import types


class Adder:
    def __init__(self, n):
        self.n = n

    def add(self, x):
        return self.n + x


def free(self, y):
    """Bound by hand."""
    return (self.n, y)


def shout(self):
    return self.n * 2


Adder.double = shout  # on the class under another name than its function's


def make_scaled(k):
    def scaled(self, x):
        return self.n * x * k

    return scaled


class Lookup:
    """Answers every public name it does not have with a string (a __getattr__ of the user's)."""

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return "looked up " + name


class Renamed:
    n = 7

    def real(self):
        return "real"


Renamed.real.__name__ = "other"  # __name__ changed after the class statement


class Other:
    n = 3

    def free(self, y):
        return ("Other.free", y)


class Configured:
    def __init__(self, base):
        self.base = base

    def scale(self, x, factor=1):
        return self.base * x * factor

    def logged(self, x):
        return ("logged", x)


Configured.scale.__defaults__ = (10,)  # defaults changed after the class statement
Configured.logged.level = "debug"


class Derived(Configured):
    pass


class WithLambda:
    k = 3


WithLambda.times = lambda self, x: self.k * x


def wrapping(fn):
    @functools.wraps(fn)
    def wrapper(self, *args):
        return ("wrapped", fn(self, *args))

    return wrapper


class Wrapped:
    n = 1

    @wrapping
    def get(self):
        return self.n


Wrapped.get.note = "set later"

lookup = Lookup()
lookup.n = 4
shared = Adder(10)

CASES = {
    "function_bound_to_an_instance": (
        types.MethodType(free, Adder(7)),
        ["f(1)", "f.__self__.n", "f.__func__.__name__", "f.__doc__", "f.__self__.add(1)"],
    ),
    "lambda_bound_to_an_int": (types.MethodType(lambda self, y: self + y, 40), ["f(2)", "f.__self__"]),
    "function_bound_to_a_class": (
        types.MethodType(lambda cls, v: cls(v).add(1), Adder),
        ["f(5)", "f.__self__.__name__"],
    ),
    "closure_bound_to_an_instance": (
        types.MethodType(make_scaled(3), Adder(2)),
        ["f(5)", "f.__func__.__qualname__"],
    ),
    "method_under_another_name": (Adder(4).double, ["f()", "f.__name__", "f.__self__.double()"]),
    "method_renamed_after_the_class": (Renamed().real, ["f()", "f.__name__"]),
    "owner_with_getattr": (types.MethodType(free, lookup), ["f(3)", "f.__self__.anything"]),
    "same_name_on_the_class_is_another_function": (
        types.MethodType(free, Other()),
        ["f(2)", "f.__self__.free(2)"],
    ),
    "bound_methods_sharing_their_instance": (
        (types.MethodType(free, shared), shared.add, shared),
        ["f[0].__self__ is f[2] and f[1].__self__ is f[2]", "(setattr(f[2], 'n', 1), f[0](0), f[1](1))[1:]"],
    ),
    "partial_of_a_bound_function": (functools.partial(types.MethodType(free, Adder(9)), 8), ["f()"]),
    "in_a_default": ((lambda x, m=types.MethodType(free, Adder(1)): m(x)), ["f(6)"]),
    "plain_method_unchanged": (Adder(3).add, ["f(1)", "f.__name__"]),
    "method_whose_defaults_changed_after_the_class": (
        Configured(2).scale,
        ["f(3)", "f.__defaults__", "f.__func__ is type(f.__self__).__dict__['scale']"],
    ),
    "method_with_an_attribute_set_after_the_class": (
        Configured(1).logged,
        ["f.level", "f(2)", "f.__func__ is type(f.__self__).logged"],
    ),
    "inherited_method": (
        Derived(5).scale,
        ["f(1)", "f.__func__ is type(f.__self__).__mro__[1].__dict__['scale']"],
    ),
    "method_and_its_class_together": (
        (Configured(4).scale, Configured),
        ["f[0].__func__ is f[1].scale", "f[0](1)", "f[1](1).scale(1)"],
    ),
    "lambda_assigned_to_the_class": (WithLambda().times, ["f(2)", "f.__name__"]),
    "wrapped_method_with_an_attribute": (Wrapped().get, ["f()", "f.note", "f.__wrapped__(f.__self__)"]),
}

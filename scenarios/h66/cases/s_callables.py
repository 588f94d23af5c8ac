"""Scenarios: callable instances, function attributes, class decorators returning functions,
decorators with arguments, library decorators."""

import abc
import dataclasses
import functools
import types
import typing


class Adder:
    """Adds a fixed amount."""

    def __init__(self, n):
        self.n = n
        self.calls = 0

    def __call__(self, x):
        self.calls += 1
        return x + self.n


add3 = Adder(3)
add3(1)


class Slotted:
    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return x * self.k


class StaticCall:
    @staticmethod
    def __call__(x):
        return ("static", x)


def annotated(x):
    return x


annotated.meta = {"version": 2}
annotated.tags = ["a"]
annotated.__doc__ = "Doc set later."
annotated.__name__ = "renamed_later"
annotated.__qualname__ = "Renamed.later"
annotated.__defaults__ = (5,)
annotated.__kwdefaults__ = None
annotated.__module__ = "elsewhere"


def counter_fn():
    counter_fn.n += 1
    return counter_fn.n


counter_fn.n = 10


def as_function(cls):
    """A class decorator that returns a function."""

    def make(*args):
        return cls(*args).run()

    make.cls = cls
    return make


@as_function
class Job:
    def __init__(self, x):
        self.x = x

    def run(self):
        return self.x * 2


def retry(times, *, label="r"):
    def deco(fn):
        @functools.wraps(fn)
        def w(*a):
            return [label] * times + [fn(*a)]

        w.times = times
        return w

    return deco


@retry(2, label="again")
def flaky(x):
    return x


@functools.total_ordering
class Version:
    def __init__(self, v):
        self.v = v

    def __eq__(self, o):
        return self.v == o.v

    def __lt__(self, o):
        return self.v < o.v


@dataclasses.dataclass(frozen=True)
class Frozen:
    a: int
    b: str = "x"

    def both(self):
        return (self.a, self.b)


class Base(abc.ABC):
    @abc.abstractmethod
    def area(self):
        """Area."""

    @typing.final
    def name(self):
        return "base"


class Impl(Base):
    def area(self):
        return 4


@typing.final
def final_fn(x):
    return x


def free(self, y):
    return (self.n, y)


method_of_instance = types.MethodType(free, Adder(7))
method_of_int = types.MethodType(lambda self, y: self + y, 40)


class Meta(type):
    def __call__(cls, *a):
        return ("meta-called", cls.__name__, a)


class ViaMeta(metaclass=Meta):
    pass


def nested_callable_factory():
    class Local:
        def __call__(self, x):
            return ("local", x)

    return Local()


local_callable = nested_callable_factory()

CASES = {
    "callable_instance_with_state": (
        add3,
        ["f(2)", "f.calls", "callable(f)", "f.__doc__", "type(f).__name__"],
    ),
    "callable_with_slots": (Slotted(4), ["f(2)", "f.k"]),
    "callable_static_call": (StaticCall(), ["f(1)"]),
    "function_attributes_set_later": (
        annotated,
        ["f()", "f.meta", "f.tags", "f.__doc__", "f.__name__", "f.__qualname__", "f.__module__"],
    ),
    "function_counting_in_its_attribute": (counter_fn, ["f()", "f()", "f.n"]),
    "class_decorator_returns_function": (Job, ["f(4)", "f.__name__", "f.cls(1).run()", "f.cls.__name__"]),
    "decorator_with_arguments": (flaky, ["f(1)", "f.times", "f.__name__", "f.__wrapped__(3)"]),
    "total_ordering": (Version, ["f(1) < f(2)", "f(3) >= f(2)", "f(1) <= f(1)", "f(2) > f(5)"]),
    "frozen_dataclass_class": (
        Frozen,
        [
            "f(1).both()",
            "f(1) == f(1)",
            "hash(f(1, 'y')) == hash(f(1, 'y'))",
            "raises(setattr, f(1), 'a', 2).split(':')[0]",
            "str(inspect.signature(f))",
        ],
    ),
    "frozen_dataclass_instance_with_method": (Frozen(2).both, ["f()"]),
    "abstractmethod": (
        Base,
        [
            "raises(f).split(':')[0]",
            "sorted(f.__abstractmethods__)",
            "f.area.__isabstractmethod__",
            "f.area.__doc__",
        ],
    ),
    "abstract_subclass": (Impl, ["f().area()", "f().name()", "sorted(f.__abstractmethods__)"]),
    "final_decorator": (final_fn, ["f(1)", "getattr(f, '__final__', 'absent')"]),
    "final_method": (Base, ["getattr(f.name, '__final__', 'absent')"]),
    "method_type_of_function_on_instance": (
        method_of_instance,
        ["f(1)", "f.__self__.n", "f.__func__.__name__"],
    ),
    "method_type_on_int": (method_of_int, ["f(2)", "f.__self__"]),
    "metaclass_call": (ViaMeta, ["f(1, 2)"]),
    "local_callable_instance": (local_callable, ["f(3)", "type(f).__qualname__"]),
}

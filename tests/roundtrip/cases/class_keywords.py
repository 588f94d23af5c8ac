"""Class statements with keyword arguments (``class Local(Base, hook=lambda: 3)``), consumed by a
base's ``__init_subclass__`` or by a metaclass's ``__new__`` and ``__init__``: the statement runs
again at load with its keywords, and a function its keywords made that the class keeps is code of
the statement (compiled around its body, as its decorators are). A lambda on the ``class`` line
was refused at the first dumps ("the file was edited after the class was defined"): the compiler's
last code at that line was the lambda, not the class body. A class made in a function with no
method of its own (its keyword's lambda only) went as a ``type(...)`` call when the script ran
under ``runpy.run_path``, which ran ``__init_subclass__`` again without the keyword."""

import functools

SEEN = []


class Base:
    def __init_subclass__(cls, hook=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.hook = staticmethod(hook)


class Registered:
    """Consumes its keywords: only what it derives from them is kept."""

    registry = {}

    def __init_subclass__(cls, tag, weight=1, **kwargs):
        super().__init_subclass__(**kwargs)
        Registered.registry[tag] = cls.__name__
        cls.label = f"{tag}:{weight * 2}"


class Meta(type):
    def __new__(mcs, name, bases, namespace, flag=False, **kwargs):
        cls = super().__new__(mcs, name, bases, namespace)
        cls.flag = flag
        return cls

    def __init__(cls, name, bases, namespace, flag=False, hook=None):
        super().__init__(name, bases, namespace)
        cls.hook = staticmethod(hook) if hook is not None else None
        SEEN.append(name)


def helper(v):
    return v * 7


def add(a, b):
    return a + b


class Point:
    def __init__(self, x=1):
        self.x = x


class WithLambda(Base, hook=lambda: 3):
    pass


class WithArguments(Base, hook=lambda x, y=2: x * y):
    def twice(self, x):
        return self.hook(x) * 2


class WithBuiltin(Base, hook=len):
    pass


class WithModuleFunction(Base, hook=helper):
    pass


class WithPartial(Base, hook=functools.partial(add, 10)):
    pass


class WithClass(Base, hook=Point):
    pass


class MultiLine(
    Base,
    hook=lambda v: (
        v + 1,
        v + 2,
    ),
):
    def last(self):
        return self.hook(1)[-1]


class OneLine(Base, hook=lambda: "one"): kept = staticmethod(lambda: "body")  # noqa: E701  # fmt: skip


class Consumed(Registered, tag="alpha", weight=3):
    pass


class Stored(Registered, tag="beta"):
    value = 5


class Flagged(metaclass=Meta, flag=True):
    def get(self):
        return type(self).flag


class MetaLambda(metaclass=Meta, flag="on", hook=lambda: "from the metaclass"):
    pass


def make_local_base(offset):
    class LocalBase:
        def __init_subclass__(cls, hook=None, **kwargs):
            super().__init_subclass__(**kwargs)
            cls.hook = staticmethod(hook)

    class Local(LocalBase, hook=lambda: offset * 3):
        pass

    return Local


def make_module_base(offset):
    class Local(Base, hook=lambda: offset + 100):
        pass

    return Local


def make_with_method(offset):
    class Local(Base, hook=lambda v: v + offset):
        def run(self, v):
            return self.hook(v) * offset

    return Local


def make_metaclass(offset):
    class Local(metaclass=Meta, flag=True, hook=lambda: offset):
        pass

    return Local


def make_used_by_function(n):
    class Local(Base, hook=lambda: n * 10):
        pass

    def use():
        return Local.hook() + n

    return use


def make_two(a):
    class Local(Base, hook=lambda: a):
        pass

    class Other(Base, hook=lambda: a + 1):
        pass

    return Local, Other


CASES = {
    "lambda": (WithLambda, ["f.hook()", "f.__name__"]),
    "lambda_with_arguments": (WithArguments, ["f.hook(3)", "f().twice(4)", "inspect.signature(f.hook)"]),
    "builtin": (WithBuiltin, ["f.hook([1, 2])"]),
    "module_function": (WithModuleFunction, ["f.hook(2)", "f.hook.__name__"]),
    "partial": (WithPartial, ["f.hook(5)"]),
    "class": (WithClass, ["f.hook(4).x", "f.hook.__name__"]),
    "multi_line": (MultiLine, ["f.hook(1)", "f().last()"]),
    "one_line": (OneLine, ["f.hook()", "f.kept()"]),
    "consumed": (Consumed, ["f.label", "sorted(f.__mro__[1].registry.items())"]),
    "stored_with_data": (Stored, ["f.label", "f.value"]),
    "metaclass_flag": (Flagged, ["f.flag", "f().get()", "type(f).__name__", "f.hook"]),
    "metaclass_lambda": (MetaLambda, ["f.flag", "f.hook()"]),
    "in_a_function_local_base": (make_local_base(2), ["f.hook()", "f.__qualname__"]),
    "in_a_function_module_base": (make_module_base(5), ["f.hook()"]),
    "in_a_function_with_method": (make_with_method(3), ["f.hook(1)", "f().run(2)"]),
    "in_a_function_metaclass": (make_metaclass(9), ["f.hook()", "f.flag"]),
    "in_a_function_used_by_function": (make_used_by_function(4), ["f()"]),
    "two_classes_one_function": (make_two(7), ["f[0].hook()", "f[1].hook()", "f[0].__name__"]),
    "several_functions": (
        (make_local_base(1), make_module_base(2), make_with_method(3), make_used_by_function(4)),
        ["f[0].hook()", "f[1].hook()", "f[2]().run(1)", "f[3]()"],
    ),
}

# ruff: noqa
import contextlib
import functools


def counting(fn):
    calls = [0]

    @functools.wraps(fn)
    def inner(*args, **kwargs):
        calls[0] += 1
        return fn(*args, **kwargs), calls[0]

    inner.calls = calls
    return inner


def tagged(tag):
    def deco(fn):
        @functools.wraps(fn)
        def inner(*a, **k):
            return (tag, fn(*a, **k))

        return inner

    return deco


@tagged("outer")
@counting
@tagged("inner")
def stacked(x: int, y: int = 2, *, z: "str" = "z") -> tuple:
    """Stacked doc."""
    return x + y, z


class CallableWrapper:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.n = 0

    def __call__(self, *a):
        self.n += 1
        return self.fn(*a) * 10


@CallableWrapper
def wrapped_by_object(a, b=3):
    """doc of wrapped_by_object"""
    return a + b


@contextlib.contextmanager
def managed(log, name="cm"):
    log.append("enter " + name)
    try:
        yield name.upper()
    finally:
        log.append("exit " + name)


def use_managed():
    log = []
    with managed(log, "x") as v:
        log.append(v)
    return log


@functools.lru_cache(maxsize=4)
def cached_square(n):
    return n * n


cached_square(3)


@functools.cache
def cached_fib(n):
    return n if n < 2 else cached_fib(n - 1) + cached_fib(n - 2)


class Temperature:
    def __init__(self, c):
        self.c = c

    @functools.cached_property
    def f(self):
        return self.c * 9 / 5 + 32

    def _set(self, unit, value):
        return (unit, value)

    set_k = functools.partialmethod(_set, "K")


def class_deco(cls):
    cls.decorated = True
    return cls


def make_class_deco(n):
    def deco(cls):
        cls.n = n
        return cls

    return deco


@class_deco
@make_class_deco(7)
class Decorated:
    def get(self):
        return self.n


@functools.singledispatch
def describe(x):
    return "object"


@describe.register
def _(x: int):
    return "int %d" % x


@describe.register(list)
def _describe_list(x):
    return "list of %d" % len(x)


CASES = {
    "stacked": (
        stacked,
        [
            "f(1)",
            "f(1, 5, z='q')",
            "str(inspect.signature(f))",
            "f.__name__, f.__qualname__, f.__doc__",
            "f.__wrapped__.__wrapped__.__name__",
            "f.__wrapped__.calls",
            "f.__wrapped__.__wrapped__.__wrapped__(4)",
            "f.__annotations__",
        ],
    ),
    "callable_object": (
        wrapped_by_object,
        [
            "f(1)",
            "f(1, 2)",
            "f.n",
            "f.__name__",
            "f.__doc__",
            "str(inspect.signature(f))",
            "f.__wrapped__(1)",
        ],
    ),
    "contextmanager": (
        use_managed,
        ["f()"],
    ),
    "contextmanager_direct": (
        managed,
        [
            "(lambda log, cm: (cm.__enter__(), cm.__exit__(None, None, None), log))([], None) if False else (lambda log: (lambda cm: (cm.__enter__(), cm.__exit__(None, None, None), log))(f(log)))([])",
            "f.__name__",
            "str(inspect.signature(f))",
        ],
    ),
    "lru_cache": (
        cached_square,
        ["f(4)", "f.cache_info().maxsize", "f.__wrapped__(5)", "f.__name__", "hasattr(f, 'cache_info')"],
    ),
    "cache_recursive": (
        cached_fib,
        ["f(30)", "f.__wrapped__ is not None", "hasattr(f, 'cache_info')"],
    ),
    "cached_property_partialmethod": (
        Temperature,
        ["f(100).f", "f(5).set_k(3)", "type(f.__dict__['f']).__name__", "f.f.attrname"],
    ),
    "class_decorators": (
        Decorated,
        ["f().get()", "f.decorated", "f.n"],
    ),
    "singledispatch": (
        describe,
        ["f(3)", "f([1, 2])", "f('x')", "sorted(k.__name__ for k in f.registry)"],
    ),
}

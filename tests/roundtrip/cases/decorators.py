"""Decorated functions and function-like objects (issue 3): a ``functools.wraps`` decorator of the
user's, a decorator factory, a registration decorator, stacked decorators, ``lru_cache`` and
``cache``, ``partial``, and containers mixing every kind of callable."""

import functools


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return fn(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


@logged
def area(width, height=1):
    """Area of a rectangle."""
    return width * height


area(2, 3)  # one call before the dump: the counter attribute comes along as 1


def repeat(times):
    def decorate(fn):
        @functools.wraps(fn)
        def repeated(*args):
            return [fn(*args) for _ in range(times)]

        return repeated

    return decorate


@repeat(times=3)
def shout(word):
    """Upper case."""
    return word.upper()


REGISTRY = []


def register(fn):
    REGISTRY.append(fn.__name__)
    return fn


@register
def handler_a(x):
    return ("a", x)


@register
def registered_names():
    """Reads the registry: loading must not register anything again."""
    return list(REGISTRY)


@logged
@repeat(times=2)
def stacked(x):
    """Two decorators."""
    return x + 1


@functools.lru_cache(maxsize=32, typed=True)
def slow_square(n):
    """Cached square."""
    return n * n


@functools.lru_cache
def bare_lru(n):
    return -n


@functools.cache
def cached_fib(n):
    return n if n < 2 else cached_fib(n - 1) + cached_fib(n - 2)


def power(base, exp, *, mod=None):
    result = base**exp
    return result if mod is None else result % mod


cube_mod_7 = functools.partial(power, exp=3, mod=7)
two_to_the = functools.partial(power, 2)
nested_partial = functools.partial(functools.partial(power, mod=10), 3)
partial_of_lambda = functools.partial(lambda a, b, c=0: (a, b, c), "A", c="C")


def plain_double(x):
    return 2 * x


def make_offset(k):
    def offset(x):
        return x + k

    return offset


MIXED = [plain_double, lambda x: x - 1, make_offset(100), abs, cached_fib, two_to_the]

PIPELINE = {
    "strip": lambda s: s.strip(),
    "lower": lambda s: s.lower(),
    "words": lambda s: s.split(),
    "count": lambda ws: len(ws),
}


def run_pipeline(text, steps=PIPELINE):
    for step in steps.values():
        text = step(text)
    return text


def _logged(fn):
    @functools.wraps(fn)
    def logging_wrapper(self, *args):
        return ("logged", fn(self, *args))

    return logging_wrapper


def log_method(cls):
    # A class decorator that wraps a method with a functools.wraps wrapper made in this file: the
    # wrapper has the method's __qualname__ (Counted.step), not its code.
    cls.step = _logged(cls.step)
    return cls


def log_every_method(cls):
    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_"):
            setattr(cls, name, _logged(value))
    return cls


@log_method
class Counted:
    def step(self, x):
        return x + 1


@log_every_method
class Walker:
    def go(self):
        return "go"

    def stop(self):
        return "stop"


def use_counted(x):
    return Counted().step(x), Counted.step.__name__, Counted.step.__wrapped__(Counted(), x)


CASES = {
    "wraps_decorator": (
        area,
        [
            "f(4, 5)",
            "f(6)",
            "f.calls",
            "f.__name__",
            "f.__qualname__",
            "f.__doc__",
            "f.__wrapped__(7, 8)",
            "f.__wrapped__.__name__",
            "f.__wrapped__.__qualname__",
            "f.__code__.co_name",
            "str(inspect.signature(f))",
            "f.calls",
        ],
    ),
    "wrapped_function_alone": (area.__wrapped__, ["f(3, 3)", "f.__name__", "f.__doc__"]),
    "decorator_factory": (
        shout,
        ["f('hey')", "f.__name__", "f.__doc__", "f.__wrapped__('x')", "f.__code__.co_name"],
    ),
    "registration_decorator": (
        registered_names,
        ["f()", "f()", "f.__globals__['REGISTRY'] is f.__globals__['REGISTRY']", "f.__name__"],
    ),
    "registered_with_its_registry": (
        (handler_a, REGISTRY),
        ["f[0](1)", "f[1]", "len(f[1])"],
    ),
    "stacked_decorators": (
        stacked,
        [
            "f(1)",
            "f.calls",
            "f.__name__",
            "f.__doc__",
            "f.__wrapped__(10)",
            "f.__wrapped__.__wrapped__(10)",
            "f.__wrapped__.__wrapped__.__code__.co_name",
        ],
    ),
    "lru_cache": (
        slow_square,
        [
            "f(12)",
            "f.cache_parameters()",
            "(f.cache_clear(), f(3), f(3), f(3.0), f.cache_info())[-1]",
            "f.__name__",
            "f.__doc__",
            "f.__wrapped__(5)",
        ],
    ),
    "lru_cache_without_arguments": (bare_lru, ["f(4)", "f.cache_parameters()"]),
    "functools_cache_recursive": (
        cached_fib,
        [
            "f(30)",
            "f.cache_parameters()",
            "f.__wrapped__.__globals__['cached_fib'] is f",
            "(f.cache_clear(), f(10), f.cache_info())[-1]",
        ],
    ),
    "partial_with_keywords": (
        cube_mod_7,
        ["f(5)", "f(2, mod=5)", "f.func.__name__", "f.args", "sorted(f.keywords.items())"],
    ),
    "partial_with_args": (two_to_the, ["f(10)", "f(3, mod=5)", "f.args", "f.keywords"]),
    "partial_of_partial": (nested_partial, ["f(4)", "f.func.__name__", "f.args", "f.keywords"]),
    "partial_of_lambda": (partial_of_lambda, ["f('b')", "f('b', c=1)", "f.func.__name__"]),
    "mixed_callables": (
        MIXED,
        [
            "[g(5) for g in f]",
            "[getattr(g, '__name__', None) for g in f]",
            "f[3] is abs",
            "f[4].cache_parameters()",
        ],
    ),
    "pipeline_dict": (
        PIPELINE,
        [
            "list(f)",
            "[g.__name__ for g in f.values()]",
            "f['words'](f['lower'](f['strip']('  Hello Big World ')))",
        ],
    ),
    "pipeline_runner": (
        run_pipeline,
        ["f('  One Two  three ')", "list(f.__defaults__[0])"],
    ),
    "class_decorator_wraps_a_method": (Counted, ["f().step(1)", "f.step.__name__", "f.step.__qualname__"]),
    "class_decorator_wraps_every_method": (Walker, ["[f().go(), f().stop()]", "f.go.__wrapped__(f())"]),
    "function_reading_a_wrapped_class": (use_counted, ["f(1)"]),
}

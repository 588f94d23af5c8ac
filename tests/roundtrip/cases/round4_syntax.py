"""Syntax edges and classes made in functions, no case file held before (round 4, h167).

Failed before: a dataclass made in a function whose field's ``default_factory`` is a lambda
reading a variable of that function (``tags: list = field(default_factory=lambda: [start])``)
dumped, and the loaded class raised ``NameError: name 'start' is not defined`` at its first
``__init__``: the lambda is kept only inside what the decorator made (``__dataclass_fields__``,
the generated ``__init__``), which the class statement makes again at load, and its variable was
not among the statement's cells. So did the methods of a class made in a function that a
library's decorator wraps (``contextmanager``, ``asynccontextmanager``, ``lru_cache``,
``cached_property``, ``staticmethod(lru_cache(...))``) and that read a variable of the function.
Those variables are the statement's cells now (a pydantic ``Field(default_factory=...)`` alike).

Beside it, what loaded and worked on every interpreter when written: PEP 614 decorators (a
subscript, a lambda, a dict item), a generator lambda, semicolons and backslash continuations,
star expressions, async comprehensions and an async generator a closure drives, ``nonlocal``
four levels deep, a class made in a function using ``super()`` and ``__class__``, a class and an
instance as defaults, a generator closure, defs under ``with`` and ``try/except/else``, a walrus
in a lambda, a def chosen by an ``if`` in a function, ``global`` in a nested def, a docstring
holding a ``def`` at column 0, lambdas between comments in a call, a recursive generator, a
keyword-only lambda default, a nested f-string format spec; functions reading
``__builtins__``, ``__name__``, ``__spec__``, the module's ``__annotations__``, ``__debug__``,
deleting a global, ``AsyncExitStack``, an exception chain, ``return`` under ``finally``; an
Enum, an ABC, an exception, a ``total_ordering`` class and a property setter made in functions.
"""

import abc
import asyncio
import contextlib
import dataclasses
import enum
import functools

HOOKS = {}


class Registry:
    def __init__(self):
        self.items = {}

    def add(self, name):
        def deco(fn):
            self.items[name] = fn
            return fn

        return deco


REGISTRIES = [Registry()]


@REGISTRIES[0].add("double")
def double(x):
    return x * 2


@(lambda fn: functools.wraps(fn)(lambda *a: fn(*a) + 1))
def plus_one_after(x):
    return x * 10


BUTTONS = {"ok": Registry()}


@BUTTONS["ok"].add("clicked")
def clicked(event):
    return f"clicked {event}"


def registry_user(name, x):
    return REGISTRIES[0].items[name](x)


gen_lambda = lambda n: (yield from range(n))  # noqa: E731


def collect_gen_lambda(n):
    return list(gen_lambda(n))


yield_lambda = lambda: (yield 1)  # noqa: E731


# fmt: off
def semicolons(x): y = x + 1; z = y * 2; return [y, z]  # noqa: E702, E704


a_value = 5; shifted = lambda x: x + a_value  # noqa: E702, E731


def backslashes(a, \
                b):
    total = a + \
        b
    return total \
        * 2


# fmt: on


def star_expressions(*groups, **named):
    first, *middle, last = [*groups[0], *groups[1]]
    merged = {**named, "n": len(middle)}
    return [first, middle, last, sorted(merged.items()), (*middle, *"xy")]


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * i


async def async_comprehensions(n):
    squares = [v async for v in agen(n) if v % 2 == 0]
    doubled = {v: w async for v in agen(n) for w in [v * 2]}
    return squares, sorted(doubled.items())


def run_async(n):
    return asyncio.run(async_comprehensions(n))


def agen_closure(limit):
    seen = []

    async def take(it):
        async for v in it:
            seen.append(v)
            if len(seen) >= limit:
                break
        return seen

    return take


TAKE = agen_closure(2)


def run_take(n):
    return asyncio.run(TAKE(agen(n)))


def make_levels(start):
    count = start

    def level1():
        def level2():
            def level3():
                nonlocal count
                count += 1
                return count

            return level3

        return level2

    def peek():
        return count

    return level1()(), peek


LEVELS = make_levels(10)


def four_levels():
    bump, peek = LEVELS
    return [bump(), bump(), peek()]


def class_factory(tag):
    class Base:
        def describe(self):
            return f"base:{tag}"

    class Child(Base):
        def describe(self):
            return f"child<{super().describe()}>/{__class__.__name__}"

        @classmethod
        def made(cls):
            return cls().describe()

    return Child


CHILD = class_factory("t")


def default_class(x, kind=type("Kind", (), {"n": 3})):
    return x * kind.n


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def default_local_class(p=Point(1, 2), scale=lambda v: v * 100):
    return scale(p.x + p.y)


def generator_closure(step):
    def counter(n):
        for i in range(n):
            yield i * step

    return counter


STEPPER = generator_closure(3)


with open(__file__, encoding="utf-8") as _handle:
    _LINES = len(_handle.readlines())

    def defined_in_with(x):
        return x + 1


try:
    import tomllib as _toml  # noqa: F401
except ImportError:  # pragma: no cover

    def defined_in_except(x):
        return x - 1

else:

    def defined_in_except(x):
        return x - 1


def walrus_lambda(xs):
    check = lambda v: (w := v * 2) > 4 and w  # noqa: E731
    return [check(v) for v in xs]


# fmt: off
def conditional_def(flag):
    if flag:
        def inner():
            return "yes"
    else:
        def inner():
            return "no"
    return inner


YES = conditional_def(True)


def global_in_nested():
    def setter(v):
        global HOOK_VALUE
        HOOK_VALUE = v
        return v

    setter(41)
    return HOOK_VALUE + 1


HOOK_VALUE = 0


def docstring_with_def():
    """Example:

def fake():
    return 1
"""
    return "real"


lambdas_in_a_call = dict(
    # a comment between
    up=lambda s: s.upper(),  # trailing
    down=lambda s: (
        s.lower()
    ),
)


# fmt: on


def use_lambdas(s):
    return [lambdas_in_a_call["up"](s), lambdas_in_a_call["down"](s)]


def recursive_generator(depth):
    def walk(d):
        yield d
        if d:
            yield from walk(d - 1)

    return list(walk(depth))


def keyword_only_lambda_defaults(*, fmt=lambda *, sep="-": sep.join("ab")):
    return fmt(), fmt(sep="+")


def lambda_with_nested_fstring(n):
    show = lambda v: f"{v!r:>{n}}|{'x' * n}"  # noqa: E731
    return show("a")


def make_jobs(start, step):
    @dataclasses.dataclass(order=True)
    class Job:
        prio: int
        tags: list = dataclasses.field(default_factory=lambda: [start])

        def bump(self):
            return self.prio + step

    return Job


JOB = make_jobs("new", 5)
QUEUED = JOB(1)


def make_paint(prefix):
    class Color(enum.Enum):
        RED = 1
        GREEN = 2

        def label(self):
            return f"{prefix}{self.name.lower()}"

    def paint(c=Color.GREEN):
        return [c.label(), c.value, Color(1).name]

    return paint


def make_shapes(k):
    class Shape(abc.ABC):
        @abc.abstractmethod
        def area(self): ...

        def scaled(self):
            return self.area() * k

    class Square(Shape):
        def __init__(self, s):
            self.s = s

        def area(self):
            return self.s**2

    def use():
        try:
            Shape()
            made = "made"
        except TypeError:
            made = "abstract"
        return [Square(3).scaled(), made, isinstance(Square(1), Shape)]

    return use


def make_risky(code):
    class AppError(Exception):
        def __init__(self, msg):
            super().__init__(f"[{code}] {msg}")

    def risky(x):
        try:
            if x < 0:
                raise AppError("negative")
            return x
        except AppError as e:
            return str(e)

    return risky


def make_quantity(unit):
    @functools.total_ordering
    class Quantity:
        def __init__(self, n):
            self.n = n

        def __eq__(self, o):
            return self.n == o.n

        def __lt__(self, o):
            return self.n < o.n

        def __repr__(self):
            return f"{self.n}{unit}"

    return Quantity


def make_temperature(factor):
    class Temperature:
        def __init__(self, c):
            self._c = c

        @property
        def scaled(self):
            return self._c * factor

        @scaled.setter
        def scaled(self, v):
            self._c = v / factor

    def use():
        t = Temperature(2)
        before = t.scaled
        t.scaled = 9
        return [before, t._c]

    return use


def builtins_length(xs):
    found = __builtins__
    return (found["len"] if isinstance(found, dict) else found.len)(xs)


def module_dunders():
    return [__name__ == "__main__", __spec__ is None, X_ANNOTATED, __annotations__["X_ANNOTATED"].__name__]


X_ANNOTATED: int = 3


def debug_flag():
    if __debug__:
        return "debug"
    return "optimized"


COUNTER = 0


def delete_global():
    global COUNTER
    COUNTER += 1
    value = COUNTER
    del COUNTER
    return value


async def exit_stack(n):
    seen = []
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(asyncio.sleep, 0)
        stack.callback(seen.append, "closed")
        seen.extend(range(n))
    return seen


def run_exit_stack(n):
    return asyncio.run(exit_stack(n))


def exception_chain():
    try:
        try:
            raise KeyError("inner")
        except KeyError as e:
            raise ValueError("outer") from e
    except ValueError as e:
        return [type(e.__cause__).__name__, str(e)]


def return_under_finally():
    log = []

    def g():
        try:
            return "try"
        finally:
            log.append("finally")

    return [g(), log]


def make_resources(tag):
    class Resource:
        @contextlib.contextmanager
        def opened(self):
            yield f"open-{tag}"

        @contextlib.asynccontextmanager
        async def opened_async(self):
            yield f"async-{tag}"

        @functools.cache  # noqa: B019
        def cached(self, x):
            return f"{x}{tag}"

        @functools.cached_property
        def doubled(self):
            return tag * 2

        @staticmethod
        @functools.cache
        def shared(x):
            return f"{x}:{tag}"

    return Resource


RESOURCE = make_resources("t")


async def enter_async(manager):
    async with manager as value:
        return value


def use_resource():
    made = RESOURCE()
    with made.opened() as value:
        opened = value
    return [
        opened,
        asyncio.run(enter_async(made.opened_async())),
        made.cached(1),
        made.doubled,
        RESOURCE.shared(2),
    ]


# (each Python runs the branch its standard library takes: a def of another line and body)
DUMPERS_VARY = {
    "def_in_except_else": "tomllib is new in 3.11: older Pythons define the except branch's function",
}

CASES = {
    "pep614_subscript_decorator": (registry_user, ["f('double', 4)"]),
    "pep614_lambda_decorator": (plus_one_after, ["f(2)", "f.__name__"]),
    "pep614_dict_decorator": (clicked, ["f(3)", "f.__name__"]),
    "generator_lambda": (collect_gen_lambda, ["f(3)"]),
    "yield_lambda_alone": (yield_lambda, ["next(f())", "inspect.isgeneratorfunction(f)"]),
    "semicolon_def": (semicolons, ["f(1)"]),
    "semicolon_lambda": (shifted, ["f(1)"]),
    "backslash_continuations": (backslashes, ["f(1, 2)"]),
    "star_expressions": (star_expressions, ["f([1, 2], [3, 4], a=1)"]),
    "async_comprehensions": (run_async, ["f(5)"]),
    "async_generator_closure": (run_take, ["f(5)"]),
    "four_levels_nonlocal": (four_levels, ["f()", "f()"]),
    "local_class_super_class_cell": (CHILD, ["f.made()", "f().describe()"]),
    "default_made_class": (default_class, ["f(2)"]),
    "default_instance_and_lambda": (default_local_class, ["f()"]),
    "generator_closure": (STEPPER, ["list(f(4))"]),
    "def_in_with_block": (defined_in_with, ["f(1)"]),
    "def_in_except_else": (defined_in_except, ["f(1)"]),
    "walrus_in_lambda": (walrus_lambda, ["f([1, 3])"]),
    "conditional_nested_def": (YES, ["f()"]),
    "global_in_nested": (global_in_nested, ["f()"]),
    "docstring_with_def": (docstring_with_def, ["f()", "f.__doc__.count('def')"]),
    "commented_call_lambdas": (use_lambdas, ["f('Ab')"]),
    "recursive_generator": (recursive_generator, ["f(3)"]),
    "keyword_only_lambda_default": (keyword_only_lambda_defaults, ["f()"]),
    "nested_fstring_lambda": (lambda_with_nested_fstring, ["f(4)"]),
    "dataclass_factory_lambda_over_a_variable": (JOB, ["f(1).tags", "f(1) < f(2)", "f(1).bump()"]),
    "instance_of_that_dataclass": (QUEUED, ["f.tags", "f.bump()", "type(f)(2).tags"]),
    "local_enum_default": (make_paint("c-"), ["f()"]),
    "local_abc": (make_shapes(2), ["f()"]),
    "local_exception": (make_risky("E1"), ["f(-1)", "f(2)"]),
    "local_total_ordering": (make_quantity("kg"), ["[f(1) <= f(2), f(3) >= f(4), repr(max(f(1), f(5)))]"]),
    "local_property_setter": (make_temperature(3), ["f()"]),
    "dunder_builtins": (builtins_length, ["f([1, 2])"]),
    "module_dunders": (module_dunders, ["f()"]),
    "debug_flag": (debug_flag, ["f()"]),
    "delete_global": (delete_global, ["f()"]),
    "async_exit_stack": (run_exit_stack, ["f(2)"]),
    "exception_chain": (exception_chain, ["f()"]),
    "return_under_finally": (return_under_finally, ["f()"]),
    "local_class_library_decorated_methods": (use_resource, ["f()"]),
    "that_class_alone": (RESOURCE, ["f().cached(3)", "f().doubled", "f.shared(4)"]),
}

"""Decorators defined inside a class statement, the usual way to keep a helper private to the
class: the class's methods are then the wrappers those decorators return, defs nested in a
function of the body. Their code was looked for only among the body's own defs, and the
variables they close over (the decorated ``fn``) were taken for variables of a scope around the
class, so every such class was refused as an edited file (``SourceMismatchError``)."""

import asyncio
import functools


class Api:
    def _logged(fn):
        @functools.wraps(fn)
        def wrapper(self, *args):
            self.log.append(fn.__name__)
            return ("log", fn(self, *args))

        return wrapper

    def __init__(self):
        self.log = []

    @_logged
    def get(self, key):
        """Get a key."""
        return (Api.__name__, key.upper())

    del _logged


class Checked:
    def _validated(kind):
        def deco(fn):
            @functools.wraps(fn)
            def inner(self, value):
                if not isinstance(value, kind):
                    raise TypeError(f"{fn.__name__} wants {kind.__name__}")
                return fn(self, value)

            return inner

        return deco

    @_validated(int)
    def double(self, value):
        return value * 2

    @_validated(str)
    def shout(self, value):
        return value.upper() + "!"


class Plain:
    def _twice(fn):
        def run(self, *args):
            return [fn(self, *args), fn(self, *args)]

        return run

    @_twice
    def roll(self, n):
        return n + 1

    def _as_property(fn):
        return property(lambda self: ("prop", fn(self)))

    @_as_property
    def size(self):
        return 3


def make_service(prefix):
    class Service:
        def _tagged(fn):
            def tagged(self, *args):
                return prefix + fn(self, *args)

            return tagged

        @_tagged
        def name(self):
            return "svc"

    return Service


class Worker:
    def _retrying(times):
        def deco(fn):
            @functools.wraps(fn)
            async def attempt(self, *args):
                for _ in range(times - 1):
                    try:
                        return await fn(self, *args)
                    except ValueError:
                        self.failures += 1
                return await fn(self, *args)

            return attempt

        return deco

    def __init__(self, fail):
        self.fail = fail
        self.failures = 0

    @_retrying(3)
    async def fetch(self, x):
        await asyncio.sleep(0)
        if self.fail:
            self.fail -= 1
            raise ValueError("flaky")
        return x * 10


def use_api(keys):
    api = Api()
    return [api.get(k) for k in keys], api.log


CASES = {
    "deleted_wraps_decorator": (
        Api,
        [
            "f().get('k')",
            "f.get.__name__",
            "f.get.__qualname__",
            "f.get.__doc__",
            "f.get.__wrapped__(None, 'z')",
            "'_logged' in vars(f)",
            "str(inspect.signature(f.get))",
        ],
    ),
    "instance_of_it": (Api(), ["f.get('q')", "f.log"]),
    "function_using_it": (use_api, ["f(['a', 'b'])"]),
    "decorator_factory": (
        Checked,
        [
            "f().double(4)",
            "f().shout('hey')",
            "raises(f().double, 'x')",
            "raises(f().shout, 1)",
            "f.double.__name__",
            "f._validated(float)(lambda self, v: v)(None, 1.5)",
        ],
    ),
    "without_wraps_and_property": (
        Plain,
        ["f().roll(1)", "f.roll.__name__", "f().size", "f._twice.__name__"],
    ),
    "local_class_reads_enclosing_variable": (
        make_service("my-"),
        ["f().name()", "f.name.__qualname__", "f.__qualname__"],
    ),
    "async_wrapper": (
        Worker,
        [
            "asyncio.run(f(2).fetch(4))",
            "(lambda w: (asyncio.run(w.fetch(1)), w.failures))(f(2))",
            "raises(lambda: asyncio.run(f(5).fetch(1)))",
            "f.fetch.__name__",
            "inspect.iscoroutinefunction(f.fetch)",
        ],
    ),
}

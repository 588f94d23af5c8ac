"""Scenarios: contextlib.contextmanager / asynccontextmanager and ContextDecorator."""

import asyncio as _asyncio
import contextlib

LOG = []


@contextlib.contextmanager
def tagged(name):
    """Log enter and exit."""
    LOG.append("enter " + name)
    try:
        yield name.upper()
    finally:
        LOG.append("exit " + name)


@contextlib.asynccontextmanager
async def atagged(name):
    yield name * 2


def run_with(name):
    with tagged(name) as value:
        return value, list(LOG)


@tagged("deco")
def decorated_by_cm(x):
    return x + 1


class Timer(contextlib.ContextDecorator):
    def __init__(self):
        self.entered = 0

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, *exc):
        return False


timer = Timer()


@timer
def timed(x):
    return x * 3


def suppressing(x):
    with contextlib.suppress(ZeroDivisionError):
        return 1 / x
    return "suppressed"


async def use_async(name):
    async with atagged(name) as v:
        return v


def cm_in_closure():
    @contextlib.contextmanager
    def local():
        yield 42

    return local


local_cm = cm_in_closure()

CASES = {
    "contextmanager_function": (
        tagged,
        ["f.__name__", "f.__doc__", "f.__wrapped__.__name__", "str(inspect.signature(f))"],
    ),
    "contextmanager_user": (run_with, ["f('x')"]),
    "asynccontextmanager_function": (atagged, ["f.__name__", "inspect.isasyncgenfunction(f.__wrapped__)"]),
    "asynccontextmanager_user": (use_async, ["asyncio.run(f('ab'))"]),
    "function_decorated_by_contextmanager": (decorated_by_cm, ["f(1)", "f.__name__", "f.__wrapped__(5)"]),
    "context_decorator_instance": (timed, ["f(2)", "f.__name__", "f.__wrapped__(1)"]),
    "suppress": (suppressing, ["f(2)", "f(0)"]),
    "contextmanager_in_closure": (local_cm, ["f().__enter__()", "f.__qualname__"]),
}

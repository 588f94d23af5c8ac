"""Generators, coroutines, async generators, f-strings with ``=``, the walrus operator."""

import asyncio

STEP = 2


def countdown(n):
    """A generator."""
    while n > 0:
        yield n
        n -= STEP
    return "done"


def delegating(n):
    result = yield from countdown(n)
    yield result


async def add_later(a, b):
    await asyncio.sleep(0)
    return a + b


async def ticks(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * STEP


async def gather_ticks(n):
    return [t async for t in ticks(n)], await add_later(n, n)


def fstrings(x, name="snake"):
    width = 8
    return f"{x=}", f"{x * 2 = }", f"{name!r:>{width}}", f"{x:05.1f}|{name=!s}", f"{{literal}}"  # noqa: F541 - braces on purpose


def walrus(values):
    if (n := len(values)) > 2:
        kept = [y for v in values if (y := v * STEP) > 2]
        return n, kept, y
    return n


CASES = {
    "generator": (countdown, ["list(f(7))", "inspect.isgeneratorfunction(f)", "f.__doc__"]),
    "yield_from": (delegating, ["list(f(5))", "inspect.isgeneratorfunction(f)"]),
    "coroutine": (add_later, ["asyncio.run(f(2, 3))", "inspect.iscoroutinefunction(f)"]),
    "async_generator": (ticks, ["collect(f(4))", "inspect.isasyncgenfunction(f)"]),
    "async_comprehension": (gather_ticks, ["asyncio.run(f(3))"]),
    "fstrings": (fstrings, ["f(2.5)", "f(1, 'x')"]),
    "walrus": (walrus, ["f([1, 2, 3])", "f([5])"]),
}

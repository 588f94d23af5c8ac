"""User scenarios no case file held before (round 3, h138): a coroutine-style generator driven by
``send``, ``yield from`` returning a value, ``throw`` and ``close`` reaching a generator's
``finally``, an iterator class with ``__iter__``/``__next__``, a class whose ``__iter__`` is a
generator, ``contextmanager`` functions (dumped themselves and used), an ``asynccontextmanager``
used, ``ExitStack`` with callbacks, ``suppress`` and ``redirect_stdout``, a class-based context
manager swallowing an exception, an async generator driven by ``asend``, ``await`` on inner
coroutines a closure made, ``asyncio.gather`` over lambdas' coroutines; defaults and globals a
user holds: ``sys.stdout`` as a default, an ``object()`` sentinel shared by a default and the
body, an Enum member and a class as defaults, ``itertools.count`` advanced before dumping, a
seeded ``random.Random``, ``string.Template``, a ``datetime`` with a fixed offset,
``SimpleNamespace`` settings, a dict subclass with ``__missing__``, ``heapq`` and ``bisect``
over module lists, ``math.inf`` and ``nan`` defaults, modules aliased at module level and inside
the body."""

import asyncio
import bisect
import collections.abc as cabc
import contextlib
import datetime as dt
import enum
import heapq
import io
import itertools
import math
import os.path as osp
import random
import string
import sys
import types
import xml.etree.ElementTree as ET
from json import dumps as to_json

# ------------------------------------------------------------------ generators


def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return count
        total += value
        count += 1
        average = total / count


def run_averager(values):
    gen = averager()
    next(gen)
    seen = [gen.send(v) for v in values]
    try:
        gen.send(None)
    except StopIteration as stop:
        seen.append(("done", stop.value))
    return seen


def inner(n):
    for i in range(n):
        yield i * 2
    return n * 10


def outer(n):
    result = yield from inner(n)
    yield ("inner returned", result)


def guarded(log):
    try:
        while True:
            try:
                yield "working"
            except KeyError as exc:
                log.append(f"caught {exc}")
    finally:
        log.append("closed")


def drive_guarded():
    log = []
    gen = guarded(log)
    first = next(gen)
    again = gen.throw(KeyError("k"))
    gen.close()
    return [first, again, log]


class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class Deck:
    def __init__(self, cards):
        self.cards = list(cards)

    def __iter__(self):
        for card in self.cards:
            yield card.upper()

    def __len__(self):
        return len(self.cards)

    def __contains__(self, card):
        return card.upper() in list(self)


# ------------------------------------------------------------------ context managers


@contextlib.contextmanager
def tag(name, out):
    out.append(f"<{name}>")
    try:
        yield name
    finally:
        out.append(f"</{name}>")


def build_html():
    out = []
    with tag("div", out), tag("p", out) as inner_name:
        out.append(inner_name)
    return "".join(out)


@contextlib.asynccontextmanager
async def opened(name, out):
    out.append(f"open {name}")
    try:
        yield name.upper()
    finally:
        out.append(f"close {name}")


async def read_both(out):
    async with opened("a", out) as first, opened("b", out) as second:
        out.append(first + second)
    return out


def exit_stack(names):
    log = []
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.callback(log.append, "cleanup " + name)
            stack.enter_context(tag(name, log))
        log.append("body")
    return log


def quiet_parse(texts):
    results = []
    for text in texts:
        with contextlib.suppress(ValueError):
            results.append(int(text))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print("captured", len(results))
    return results, buffer.getvalue()


class Swallow:
    def __init__(self, *kinds):
        self.kinds = kinds
        self.seen = []

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None:
            self.seen.append(kind.__name__)
        return kind is not None and issubclass(kind, self.kinds)


def use_swallow():
    guard = Swallow(KeyError, IndexError)
    with guard:
        {}["x"]
    with guard:
        [][1]
    return guard.seen


# ------------------------------------------------------------------ async


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def accumulate():
    gen = ticker(3)
    first = await gen.asend(None)
    rest = [i async for i in gen]
    return [first, rest]


def make_fetcher(delay_table):
    async def fetch(key):
        await asyncio.sleep(0)
        return key, delay_table[key]

    async def fetch_all(keys):
        pairs = await asyncio.gather(*(fetch(k) for k in keys))
        return dict(pairs)

    return fetch_all


fetch_all = make_fetcher({"a": 1, "b": 2})

steps = [lambda x: x + 1, lambda x: x * 2]


async def apply_steps(x):
    async def run(step):
        await asyncio.sleep(0)
        return step(x)

    return await asyncio.gather(*map(run, steps))


# ------------------------------------------------------------------ defaults and values


def log_line(msg, out=sys.stdout, *, err=sys.stderr):
    return [out is sys.stdout, err is sys.stderr, msg]


_MISSING = object()


def lookup(mapping, key, default=_MISSING):
    if default is _MISSING:
        return ("no default", key in mapping)
    return mapping.get(key, default)


class Color(enum.Enum):
    RED = "r"
    BLUE = "b"


def paint(thing, color=Color.RED, factory=dict, *, sink=list):
    made = factory(thing=thing)
    return [color.name, made, sink((color.value,))]


_ids = itertools.count(100, 5)
next(_ids)
next(_ids)


def next_id():
    return next(_ids)


_rng = random.Random(1234)


def roll(n):
    return [_rng.randint(1, 6) for _ in range(n)]


GREETING = string.Template("Dear $name, you owe $$$amount")


def letter(name, amount):
    return GREETING.substitute(name=name, amount=amount)


TZ = dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")
EPOCH = dt.datetime(2020, 2, 29, 12, 0, tzinfo=TZ)


def days_since(y, m, d):
    return [(dt.datetime(y, m, d, tzinfo=dt.timezone.utc) - EPOCH).days, EPOCH.isoformat(), EPOCH.tzname()]


SETTINGS = types.SimpleNamespace(debug=False, retries=3, hosts=["a", "b"])


def settings_view():
    SETTINGS.retries += 1
    return [SETTINGS.debug, SETTINGS.retries, SETTINGS.hosts]


class Defaulting(dict):
    def __missing__(self, key):
        value = self[key] = len(key)
        return value


LENGTHS = Defaulting(preset=0)


def length_of(word):
    return [LENGTHS[word], sorted(LENGTHS.items())]


QUEUE = [(3, "c"), (1, "a"), (2, "b")]
heapq.heapify(QUEUE)
GRADES = [60, 70, 80, 90]


def queue_and_grade(score):
    heapq.heappush(QUEUE, (0, "z"))
    return [heapq.heappop(QUEUE), "FDCBA"[bisect.bisect(GRADES, score)], heapq.nsmallest(2, QUEUE)]


def clamp(x, low=-math.inf, high=math.inf, missing=float("nan")):
    if x is None:
        return math.isnan(missing)
    return max(low, min(high, x))


def aliased_modules(path, value):
    import json as j
    from collections import abc as inner_abc

    return [
        osp.basename(path),
        isinstance(value, cabc.Mapping),
        isinstance(value, inner_abc.Sized),
        to_json(value, sort_keys=True) == j.dumps(value, sort_keys=True),
        ET.tostring(ET.Element("x", a="1")).decode(),
    ]


CASES = {
    "generator_send": (run_averager, ["f([10, 20, 30])"]),
    "generator_function_send": (averager, ["(lambda g: [next(g), g.send(4), g.send(6)])(f())"]),
    "yield_from_value": (outer, ["list(f(3))"]),
    "generator_throw_close": (drive_guarded, ["f()"]),
    "iterator_class": (Countdown, ["list(f(3))", "sum(f(4))"]),
    "generator_dunder_iter": (Deck, ["list(f('abc'))", "'b' in f('abc')", "len(f('ab'))"]),
    "contextmanager_dumped": (
        tag,
        ["(lambda out: (lambda cm: (cm.__enter__(), cm.__exit__(None, None, None), out))(f('x', out)))([])"],
    ),
    "contextmanager_used": (build_html, ["f()"]),
    "asynccontextmanager_used": (read_both, ["asyncio.run(f([]))"]),
    "exit_stack": (exit_stack, ["f(['a', 'b'])"]),
    "suppress_redirect": (quiet_parse, ["f(['1', 'x', '3'])"]),
    "swallowing_manager": (use_swallow, ["f()"]),
    "async_gen_asend": (accumulate, ["asyncio.run(f())"]),
    "await_in_closures": (fetch_all, ["asyncio.run(f(['b', 'a']))"]),
    "gather_lambdas": (apply_steps, ["asyncio.run(f(5))"]),
    "stdout_default": (log_line, ["f('m')", "f('m', None)"]),
    "sentinel_default": (lookup, ["f({'a': 1}, 'a')", "f({'a': 1}, 'b', None)", "f({}, 'a', 0)"]),
    "enum_and_class_defaults": (
        paint,
        ["f('car')", "f('sky', Color.BLUE, sink=tuple) if False else f('x', factory=lambda **k: sorted(k))"],
    ),
    "advanced_count": (next_id, ["f()", "f()"]),
    "seeded_random": (roll, ["f(5)"]),
    "string_template": (letter, ["f('Ann', 5)"]),
    "fixed_offset_datetime": (days_since, ["f(2021, 3, 1)"]),
    "simple_namespace": (settings_view, ["f()", "f()"]),
    "dict_missing": (length_of, ["f('four')", "f('six')"]),
    "heapq_bisect": (queue_and_grade, ["f(85)", "f(10)"]),
    "inf_nan_defaults": (clamp, ["f(5, 0, 3)", "f(-1e300)", "f(None)", "f.__defaults__[:2]"]),
    "aliased_modules": (aliased_modules, ["f('/a/b.txt', {'k': 1})"]),
}

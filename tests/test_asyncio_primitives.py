"""Module-level ``asyncio`` primitives that coroutines share (a lock around a critical section, an
event that says "ready", a semaphore bounding concurrency, a condition, queues filled at import),
dumped on 3.9, 3.11, 3.13 and PyPy and each payload loaded on all four in a fresh process where
the original module cannot be imported.

Their pickle state is private attributes that differ between versions: 3.9 and PyPy bind an event
loop when the object is made, which the capture refused ("cannot capture <Context object>", from
the loop's selector), and 3.13 added a queue's ``_is_shutdown``; a payload written on 3.11 loaded
on 3.9 and failed at first use (no ``_loop``). An idle primitive is now the call that makes it
(``asyncio.Lock()``, ``asyncio.Queue(5)`` then its items and its count of unfinished tasks), the
same on every Python; one in use (held, awaited, partly acquired, shut down) is refused when
dumped, naming what holds it, as a lock of ``threading`` is.

The loading process loads every payload before calling anything: on 3.9 a primitive made outside
a running loop takes the thread's default loop, which ``asyncio.run`` unsets when it ends, for the
original module as for the loaded copy.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Dict, Tuple

import pytest

from srcpickle._pythons import IsolatedPackage

unit = importlib.import_module(f"{__package__}.unit" if __package__ else "unit")

# Dumps and loads on fixed interpreters: .ci/run runs it once.
pytestmark = pytest.mark.any_python(run="newest")

SPECS = ("3.9", "3.11", "3.13", "pypy")

USER = """\
import asyncio
import os
import sys

LOCK = asyncio.Lock()
READY = asyncio.Event()
READY.set()
STARTED = asyncio.Event()
SLOTS = asyncio.Semaphore(3)
BOUNDED = asyncio.BoundedSemaphore(2)
CONDITION = asyncio.Condition()
SHARED = asyncio.Lock()
ON_SHARED = asyncio.Condition(SHARED)
JOBS = asyncio.Queue(5)
for _job in ("a", "b", "c"):
    JOBS.put_nowait(_job)
BY_PRIORITY = asyncio.PriorityQueue()
for _job in ((3, "low"), (1, "high"), (2, "mid")):
    BY_PRIORITY.put_nowait(_job)
STACK = asyncio.LifoQueue(2)
STACK.put_nowait("first")
DONE = asyncio.Queue()
DONE.put_nowait("x")
DONE.get_nowait()
DONE.task_done()
EMPTY = asyncio.Queue()
TAGGED = asyncio.Lock()
TAGGED.purpose = "cache refresh"


def critical(x):
    async def main():
        before = LOCK.locked()
        async with LOCK:
            inside = LOCK.locked()
        return before, inside, LOCK.locked(), x * 2

    return asyncio.run(main())


def ready():
    async def main():
        return await READY.wait(), READY.is_set()

    return asyncio.run(main())


def start():
    before = STARTED.is_set()
    STARTED.set()
    return before, STARTED.is_set()


def bounded(n):
    async def main():
        held = 0
        for _ in range(n):
            if SLOTS.locked():
                break
            await SLOTS.acquire()
            held += 1
        locked = SLOTS.locked()
        for _ in range(held):
            SLOTS.release()
        return held, locked, SLOTS.locked()

    return asyncio.run(main())


def over_release():
    try:
        BOUNDED.release()
    except ValueError as exc:
        return type(exc).__name__, BOUNDED.locked()
    return "released", BOUNDED.locked()


def notify():
    async def main():
        async with CONDITION:
            CONDITION.notify_all()
            return CONDITION.locked()

    return asyncio.run(main()), CONDITION.locked()


def shared_lock():
    async def main():
        async with ON_SHARED:
            return SHARED.locked()

    return ON_SHARED._lock is SHARED, asyncio.run(main()), SHARED.locked()


def drain():
    async def main():
        items = []
        while not JOBS.empty():
            items.append(await JOBS.get())
            JOBS.task_done()
        await JOBS.join()
        return items

    return JOBS.qsize(), JOBS.maxsize, asyncio.run(main()), JOBS.qsize(), JOBS.full()


def by_priority():
    return [BY_PRIORITY.get_nowait() for _ in range(BY_PRIORITY.qsize())]


def stack():
    STACK.put_nowait("second")
    return STACK.full(), [STACK.get_nowait() for _ in range(STACK.qsize())]


def joined():
    async def main():
        await DONE.join()  # (every task done: returns at once)
        return DONE.qsize()

    return asyncio.run(main())


def empty_queue(items):
    for item in items:
        EMPTY.put_nowait(item)
    return EMPTY.qsize(), EMPTY.get_nowait(), EMPTY.empty()


def tagged():
    return TAGGED.purpose, TAGGED.locked()


# name -> (function, call on the loaded copy)
CASES = {
    "lock": (critical, "f(4)"),
    "event_set": (ready, "f()"),
    "event_unset": (start, "(f(), f())"),
    "semaphore": (bounded, "(f(2), f(5))"),
    "bounded_semaphore": (over_release, "f()"),
    "condition": (notify, "f()"),
    "condition_on_shared_lock": (shared_lock, "f()"),
    "queue_with_items": (drain, "f()"),
    "priority_queue": (by_priority, "f()"),
    "lifo_queue": (stack, "f()"),
    "queue_all_done": (joined, "f()"),
    "empty_queue": (empty_queue, "f([1, 2])"),
    "lock_with_attribute": (tagged, "f()"),
}


def in_use():
    # Each primitive caught in use inside a running loop, as a global a function reads; what
    # dumps raised for each (made inside the loop: on 3.9 a primitive belongs to one loop).
    import srcpickle

    refused = {}

    def attempt(name):
        try:
            srcpickle.dumps(reads)
        except srcpickle.UnsupportedObjectError as exc:
            refused[name] = str(exc)
        else:
            refused[name] = "dumped"

    def reads():
        return HELD

    async def main():
        global HELD
        HELD = asyncio.Lock()
        await HELD.acquire()
        attempt("held_lock")
        waiter = asyncio.ensure_future(HELD.acquire())
        await asyncio.sleep(0)
        HELD.release()
        attempt("lock_awaited")  # (released, the waiter not woken yet: waiting still)
        await waiter
        HELD.release()
        HELD = asyncio.Event()
        waiter = asyncio.ensure_future(HELD.wait())
        await asyncio.sleep(0)
        attempt("event_awaited")
        HELD.set()
        await waiter
        HELD = asyncio.BoundedSemaphore(3)
        await HELD.acquire()
        attempt("semaphore_acquired")
        HELD.release()
        HELD = asyncio.Queue()
        getter = asyncio.ensure_future(HELD.get())
        await asyncio.sleep(0)
        attempt("queue_awaited")
        HELD.put_nowait(1)
        await getter
        if hasattr(HELD, "shutdown"):
            HELD.shutdown()
            attempt("queue_shut_down")

    asyncio.run(main())
    return refused


import srcpickle

for name, (function, _) in CASES.items():
    with open(os.path.join(sys.argv[1], name + ".srcpickle"), "wb") as handle:
        handle.write(srcpickle.dumps(function))
expected = {}
for name, (function, call) in CASES.items():
    expected[name] = repr(eval(call, {"f": function}))
print(repr((expected, in_use())))
"""

LOAD_ALL = """
import asyncio, os, srcpickle
names = sys.argv[2].split(",")
loaded, results = {}, {}
for name in names:  # every load first (see the module's docstring)
    with open(os.path.join(sys.argv[1], name + ".srcpickle"), "rb") as handle:
        data = handle.read()
    try:
        loaded[name] = srcpickle.loads(data)
    except Exception as exc:
        results[name] = ("error", type(exc).__name__, str(exc))
calls = dict(zip(names, sys.argv[3].split("|")))
for name, fn in loaded.items():
    try:
        results[name] = ("result", repr(eval(calls[name], {"f": fn})))
    except Exception as exc:
        results[name] = ("raised", type(exc).__name__, str(exc))
print(repr(results))
"""

# What each refusal must say: what the object is and how it is in use.
REFUSED = {
    "held_lock": "it is an asyncio lock held by a running task",
    "lock_awaited": "it is an asyncio lock with tasks waiting on it",
    "event_awaited": "it is an asyncio event with tasks waiting on it",
    "semaphore_acquired": "it is an asyncio semaphore with 1 of 3 acquisitions held",
    "queue_awaited": "it is an asyncio queue with tasks waiting on it",
    "queue_shut_down": "it is an asyncio queue shut down",
}


def _cases() -> Dict[str, str]:
    # The CASES literal of USER: case name -> the call run on the loaded copy.
    tree = ast.parse(USER)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CASES":
            assert isinstance(node.value, ast.Dict)
            return {
                ast.literal_eval(key): ast.literal_eval(value.elts[1])  # type: ignore[attr-defined]
                for key, value in zip(node.value.keys, node.value.values)
                if key is not None
            }
    raise AssertionError("USER has no CASES")


# Per dumping interpreter: its payloads' folder, the originals' results, the refusals' messages.
Dumped = Dict[str, Tuple[Path, Dict[str, str], Dict[str, str]]]


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory) -> Dumped:
    """Per dumping interpreter: the folder of its payloads, the originals' results there, and what
    dumps said of each primitive in use; written by a script whose folder is gone at load."""
    out: Dumped = {}
    for spec in SPECS:
        python = unit.interpreter(spec)
        script_dir = tmp_path_factory.mktemp("asyncio_script")
        payloads = tmp_path_factory.mktemp("asyncio_payloads")
        proc = unit.dump_with_script(python, USER, script_dir, payloads)
        expected, refused = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
        out[spec] = (payloads, expected, refused)
    return out


@pytest.mark.parametrize("dumper", SPECS)
def test_primitives_in_use_are_refused_naming_how(dumper: str, dumped: Dumped) -> None:
    _, _, refused = dumped[dumper]
    version = unit.interpreter(dumper).version[:2]
    wanted = {k: v for k, v in REFUSED.items() if k != "queue_shut_down" or version >= (3, 13)}
    assert set(refused) == set(wanted), refused
    for name, message in wanted.items():
        assert message in refused[name], (name, refused[name])
        assert "HELD" in refused[name], refused[name]  # (where it was found: the global)


@pytest.mark.parametrize("loader", SPECS)
@pytest.mark.parametrize("dumper", SPECS)
def test_idle_primitives_load_and_work_on_every_python(dumper: str, loader: str, dumped: Dumped) -> None:
    payloads, expected, _ = dumped[dumper]
    cases = _cases()
    names = list(cases)
    with IsolatedPackage() as package:
        proc = package.run(
            unit.interpreter(loader), LOAD_ALL, [str(payloads), ",".join(names), "|".join(cases.values())]
        )
    assert proc.returncode == 0, proc.stderr
    results = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
    for name in names:
        assert results[name] == ("result", expected[name]), (name, results[name])


def test_payload_is_the_constructor_call(dumped: Dumped) -> None:
    # Readable and the same on every Python: the call, then what it does not set.
    payloads, _, _ = dumped["3.11"]
    text = (payloads / "queue_with_items.srcpickle").read_text(encoding="utf-8")
    assert "callable: @asyncio.Queue\nargs: (5,)\n" in text, text
    assert "_loop" not in text and "_getters" not in text, text
    lock = (payloads / "lock.srcpickle").read_text(encoding="utf-8")
    assert "callable: @asyncio.Lock\nargs: ()\n" in lock and "state" not in lock, lock
    tagged = (payloads / "lock_with_attribute.srcpickle").read_text(encoding="utf-8")
    assert "'purpose': 'cache refresh'" in tagged, tagged

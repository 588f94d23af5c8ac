"""h60 scenario 1: a spawned parent's __main__ functions through srcpickle.get_context pools.

Run: /work/venv-h60/bin/python scenarios/h60/s1_pool.py [spawn|forkserver|fork]
Prints one line per check: name, ok/FAIL, detail.
"""
import asyncio
import concurrent.futures
import multiprocessing
import sys
import threading
import traceback

import srcpickle

LOCK = threading.Lock()


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def raiser(x):
    value = x * 2
    raise RuntimeError(f"boom {value}")  # the line the traceback should show


def gen(n):
    yield from range(n)


def call_gen(g, n):
    return list(g(n))


async def acoro(x):
    await asyncio.sleep(0)
    return x + 1


def run_async(f, x):
    return asyncio.run(f(x))


def make_fn(k):
    return lambda x: x * k


def with_lock(x):
    with LOCK:
        return x + 1


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


def unbox(b):
    return Box(b.get() + 1)


def report(name, ok, detail=""):
    print(f"{name}: {'ok' if ok else 'FAIL'} {detail}", flush=True)


def check(name, fn):
    try:
        ok, detail = fn()
        report(name, ok, detail)
    except BaseException as exc:  # noqa
        report(name, False, f"{type(exc).__name__}: {exc}"[:600])


if __name__ == "__main__":
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    ctx = srcpickle.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx) as ex:
        check("mutual_recursion", lambda: ((r := ex.submit(is_even, 10).result()) is True, r))

        def tb():
            try:
                ex.submit(raiser, 3).result()
            except RuntimeError as exc:
                text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                return "raise RuntimeError" in text, text[-900:]
            return False, "no error"

        check("traceback_shows_source", tb)
        check("generator_fn", lambda: ((r := ex.submit(call_gen, gen, 4).result()) == [0, 1, 2, 3], r))
        check("async_fn", lambda: ((r := ex.submit(run_async, acoro, 1).result()) == 2, r))
        check("result_is_function", lambda: ((r := ex.submit(make_fn, 3).result()(2)) == 6, r))
        check("global_lock_fn", lambda: ((r := ex.submit(with_lock, 1).result()) == 2, r))
        lock = threading.Lock()
        check("closure_over_lock", lambda: (False, ex.submit(lambda: lock.locked()).result()))
        ev = threading.Event()
        check("closure_over_event", lambda: (False, ex.submit(lambda: ev.is_set()).result()))
        q = ctx.Queue()
        check("closure_over_ctx_queue", lambda: (False, ex.submit(lambda: q.qsize()).result()))
        mq = multiprocessing.Queue()
        check("closure_over_mp_queue", lambda: (False, ex.submit(lambda: mq.qsize()).result()))
        check("instance_both_ways", lambda: ((r := ex.submit(unbox, Box(1)).result()).get() == 2 and type(r) is Box, (type(r), r.v)))
        check("generator_object", lambda: (False, ex.submit(list, gen(3)).result()))

        def threads():
            f = make_fn(5)
            res = [None] * 8
            def go(i):
                res[i] = list(ex.map(f, range(20)))
            ts = [threading.Thread(target=go, args=(i,)) for i in range(8)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            return all(r == [x * 5 for x in range(20)] for r in res), res[0][:3]

        check("eight_threads", threads)

"""h60 scenario 5: joblib (LOKY_PICKLER=srcpickle) and a Dask LocalCluster(processes=True) with
srcpickle.portable: errors in workers, functions as results, mutual recursion, locks, generators.

Run: LOKY_PICKLER=srcpickle /work/venv-h60/bin/python scenarios/h60/s5_joblib_dask.py [joblib|dask]
"""
import sys
import threading
import traceback

import srcpickle


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def raiser(x):
    y = x * 2
    raise RuntimeError(f"boom {y}")


def make_fn(k):
    return lambda x: x * k


class Box:
    def __init__(self, v):
        self.v = v

    def bumped(self):
        return Box(self.v + 1)


def gen(n):
    yield from range(n)


LOCK = threading.Lock()


def with_lock(x):
    with LOCK:
        return x


def check(name, fn):
    try:
        print(name, "->", fn(), flush=True)
    except BaseException as exc:  # noqa: BLE001
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        shown = "raise RuntimeError" in tb
        print(name, "-> raised", type(exc).__name__, str(exc)[:300], "| source line in traceback:", shown)


def joblib_main():
    from joblib import Parallel, delayed

    par = Parallel(n_jobs=2, backend="loky")
    check("mutual", lambda: par(delayed(is_even)(i) for i in range(4)))
    check("error", lambda: par(delayed(raiser)(i) for i in range(2)))
    check("fn_result", lambda: [f(2) for f in par(delayed(make_fn)(i) for i in range(3))])
    check("instance_both", lambda: [(type(b) is Box, b.v) for b in par(delayed(Box(1).bumped)() for _ in range(2))])
    check("generator_fn", lambda: par(delayed(lambda g: list(g(3)))(gen) for _ in range(2)))
    check("global_lock", lambda: par(delayed(with_lock)(i) for i in range(2)))
    lock = threading.Lock()
    check("closure_lock", lambda: par(delayed(lambda: lock.locked())() for _ in range(2)))


def dask_main():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        P = srcpickle.portable
        check("mutual", lambda: client.submit(P(is_even), 10).result())
        check("error", lambda: client.submit(P(raiser), 1).result())
        check("fn_result", lambda: client.submit(P(make_fn), 3).result()(2))
        check("instance_both", lambda: (lambda b: (type(b) is Box, b.v))(client.submit(P(Box(1).bumped)).result()))
        check("generator_fn", lambda: client.submit(P(lambda n: list(gen(n))), 3).result())
        check("global_lock", lambda: client.submit(P(with_lock), 1).result())
        check("plain_lambda_no_portable", lambda: client.submit(lambda x: x + 1, 1).result())
        f = P(make_fn(7))
        check("same_portable_8_threads", lambda: _threads(lambda: client.gather(client.map(f, range(10), pure=False))))


def _threads(task):
    res = [None] * 8

    def go(i):
        res[i] = task()

    ts = [threading.Thread(target=go, args=(i,)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return all(r == res[0] for r in res), res[0]


if __name__ == "__main__":
    {"joblib": joblib_main, "dask": dask_main}[sys.argv[1]]()

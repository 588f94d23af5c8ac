"""h60 scenario 8: a spawned process (its script's functions in __mp_main__) sends the script's
functions, classes and closures to a pool of its own.

Run: /work/venv-h60/bin/python scenarios/h60/s8_nested.py
"""
import concurrent.futures
import multiprocessing

import srcpickle

BASE = 10


def square(x):
    return x * x + BASE


class Acc:
    def __init__(self, v):
        self.v = v

    def add(self, n):
        return Acc(self.v + n)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def child_main(q, method):
    out = {"module_of_square": square.__module__}
    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=srcpickle.get_context(method)) as ex:
            out["square"] = list(ex.map(square, range(3)))
            out["closure"] = ex.submit((lambda k: lambda x: x + k)(5), 1).result()
            a = ex.submit(Acc(1).add, 2).result()
            out["acc"] = (type(a) is Acc, a.v)
            out["mutual"] = ex.submit(is_even, 6).result()
    except BaseException as exc:  # noqa: BLE001
        out["error"] = f"{type(exc).__name__}: {exc}"[:400]
    q.put(repr(out))


if __name__ == "__main__":
    for outer in ("plain-spawn", "srcpickle-spawn"):
        for inner in ("spawn", "forkserver"):
            ctx = multiprocessing.get_context("spawn") if outer == "plain-spawn" else srcpickle.get_context("spawn")
            q = ctx.Queue()
            p = ctx.Process(target=child_main, args=(q, inner))
            p.start()
            print(outer, inner, q.get(timeout=120))
            p.join()

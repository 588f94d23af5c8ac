"""Child script: srcpickle from several threads at once, while garbage collections switch threads.

Run with srcpickle on the path (any supported interpreter, standard library only):

``python threads_child.py dumps WORKDIR``
    writes module files of many functions into WORKDIR, imports them, and has four threads dump
    one function of each file (each dump parses a new file) and load it back.
``python threads_child.py parse guarded|raw``
    four threads parse a source again and again through ``srcpickle._astparse.parse`` (guarded)
    or plain ``ast.parse`` (raw, the control), ``PARSE_ROUNDS`` rounds each, in up to
    ``PARSE_BATCHES`` batches of new threads, until the first error.

Meanwhile cyclic garbage whose finalizer sleeps makes every collection a thread switch: on
CPython 3.11.0-3.11.7 and 3.12.0-3.12.1 that races ``ast.parse`` (CPython issue 106905). Prints
one JSON line: the calls made, the results that were right, and the errors by type.
"""

import ast
import gc
import importlib
import json
import os
import sys
import threading
import time

import srcpickle
from srcpickle import _astparse

FILES = 24
FUNCTIONS = 80
THREADS = 4
# The race shows when a batch of threads ends (one thread's parse, held mid-construction while
# the others run, fails when it resumes) more than at a rate per round: so batches of few rounds.
# Measured on CPython 3.11.7 (busy machine): plain ast.parse raced in 30 of 30 batches of 5
# rounds; with srcpickle's lock taken out (the bug this guards against), the guarded mode raced
# in 9 of 12 runs of 8 batches of 5 rounds (160 parses in all), against 4 of 9 runs of one batch
# of 100 rounds (400 parses, the former setting).
PARSE_ROUNDS = 5
PARSE_BATCHES = 8
SOURCE = "\n".join(
    f"def f{i}(a, b=[1, 2, {{'x': (3, [4, {{5: 6}}])}}]):\n    return [a + b[0] for _ in range({i})]"
    for i in range(200)
)


# Live _Churn objects at most: while a collection runs their finalizers, the churner would
# otherwise make more than each sleep frees, and on a loaded machine the pile grew until the
# kernel killed the child (CI, CPython 3.13, three suites on two cores).
MAX_LIVE = 200
_live = [0]


class _Churn:
    """Cyclic garbage whose finalizer gives the GIL away, inside whatever allocation collected it."""

    def __init__(self):
        self.me = self
        _live[0] += 1

    def __del__(self):
        _live[0] -= 1
        time.sleep(0.00005)


def _write_modules(directory):
    for number in range(FILES):
        body = "\n\n".join(
            f"def f{i}(a, b=({i}, [1, 2], {{'k': ({i}, 'v')}})):\n    return [a + x for x in range({i % 7})]"
            for i in range(FUNCTIONS)
        )
        with open(os.path.join(directory, f"conc_mod_{number}.py"), "w", encoding="utf-8") as handle:
            handle.write(body + "\n")


def _parse_work(parse, errors, results):
    def work(index):
        for _ in range(PARSE_ROUNDS):
            if errors:
                return
            for _ in range(5):
                _Churn()
            try:
                results.append(len(parse(SOURCE).body) == 200)
            except Exception as exc:  # the child reports every failure by type
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    return work


def main():
    errors = {}
    results = []
    if sys.argv[1] == "parse":
        parse = _astparse.parse if sys.argv[2] == "guarded" else ast.parse
        for _ in range(PARSE_BATCHES):
            _run_threads(_parse_work(parse, errors, results), churn=False)
            if errors:
                break
        print(json.dumps({"calls": len(results), "right": sum(results), "errors": errors}))
        return
    directory = sys.argv[2]
    _write_modules(directory)
    sys.path.insert(0, directory)
    modules = [importlib.import_module(f"conc_mod_{n}") for n in range(FILES)]

    def work(index):
        for module in modules[index::THREADS]:
            try:
                fn = getattr(module, f"f{FUNCTIONS - 1}")
                data = srcpickle.dumps(fn, by_value=[module.__name__])
                results.append(srcpickle.loads(data)(1) == fn(1))
            except Exception as exc:  # the child reports every failure by type
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    _run_threads(work, churn=True)
    print(json.dumps({"calls": len(results), "right": sum(results), "errors": errors}))


def _run_threads(work, churn):
    done = threading.Event()

    def churner():
        # Garbage made all the time: any allocation, in any thread, may collect it.
        while not done.is_set():
            if _live[0] < MAX_LIVE:
                _Churn()
            else:
                done.wait(0.001)

    gc.set_threshold(5, 1, 1)
    helpers = [threading.Thread(target=churner)] if churn else []
    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in helpers + threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    for thread in helpers:
        thread.join()
    gc.set_threshold(700, 10, 10)


if __name__ == "__main__":
    main()

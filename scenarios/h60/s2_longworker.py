"""h60 scenario 2: one worker loads many payloads (one distinct function per task) for a long time.

Run: /work/venv-h60/bin/python scenarios/h60/s2_longworker.py [N]
Reports the worker's linecache size, srcpickle-registered files and RSS growth.
"""
import concurrent.futures
import gc
import linecache
import resource
import sys

import srcpickle


def stats(_=None):
    gc.collect()
    n = sum(1 for k in linecache.cache if k.startswith("<srcpickle-"))
    return len(linecache.cache), n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def make(i):
    # A new closure each time, with distinct cell contents: a new payload per task.
    def f(x):
        return x + i

    return f


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    ctx = srcpickle.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as ex:
        print("start", ex.submit(stats).result())
        for i in range(n):
            assert ex.submit(make(i), 1).result() == i + 1
            if i % (n // 5) == 0:
                print(i, ex.submit(stats).result(), flush=True)
        print("end", ex.submit(stats).result())
    # The same with loads directly, in-process: distinct payloads
    before = stats()
    for i in range(n):
        srcpickle.loads(srcpickle.dumps(make(i)))(1)
    print("in-process loads", before, stats())

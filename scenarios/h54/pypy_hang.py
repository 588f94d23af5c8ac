"""Repro: pickle_dumps of closures from N threads at once (PyPy hang).

python pypy_hang.py [THREADS] [ROUNDS]   (srcpickle on the path)
Exits 0 when every thread finished with the single-threaded bytes, 2 on a hang (after dumping
every thread's traceback), 1 on wrong results.
"""

import faulthandler
import os
import sys
import threading

import srcpickle

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
TIMEOUT = int(os.environ.get("H54_TIMEOUT", 60))

SHARED_DATA = {"k": [1, 2, 3]}


def make(i):
    offset = i * 10

    def closure(x):
        return x + offset + len(SHARED_DATA["k"])

    return closure


def shared_maker():
    base = 7

    def shared(x):
        return x * base

    return shared


SHARED = shared_maker()

faulthandler.dump_traceback_later(TIMEOUT + 5, exit=True)


def watchdog():
    # Before faulthandler's dump: the state of every importlib module lock, and each thread's
    # whole stack (faulthandler cuts them at 100 frames).
    if finished.wait(TIMEOUT):
        return
    import traceback
    from importlib import _bootstrap

    for name, ref in list(_bootstrap._module_locks.items()):
        lock = ref()
        if lock is not None and (lock.count or lock.waiters or lock.lock.locked() or lock.wakeup.locked()):
            print("LOCK", name, "owner", lock.owner, "count", lock.count, "waiters", lock.waiters,
                  "inner locked", lock.lock.locked(), "wakeup locked", lock.wakeup.locked(), file=sys.stderr)
    print("BLOCKING_ON", {t: l.name for t, l in _bootstrap._blocking_on.items()}, file=sys.stderr)
    for ident, frame in sys._current_frames().items():
        stack = traceback.extract_stack(frame)
        print("THREAD", ident, len(stack), "frames", file=sys.stderr)
        for entry in stack:
            if "pickle.py" not in entry.filename:
                print("   ", entry.filename.rsplit("/", 1)[-1], entry.lineno, entry.name, file=sys.stderr)
    sys.stderr.flush()


finished = threading.Event()
threading.Thread(target=watchdog, daemon=True).start()
barrier = threading.Barrier(THREADS)
results = {}
errors = []


def work(index):
    mine = make(index)
    barrier.wait()
    try:
        out = []
        for _ in range(ROUNDS):
            out.append(srcpickle.pickle_dumps(mine))
            out.append(srcpickle.pickle_dumps(SHARED))
        results[index] = out
    except Exception as exc:
        errors.append(repr(exc))


threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
faulthandler.cancel_dump_traceback_later()
finished.set()
bad = list(errors)
single_shared = srcpickle.pickle_dumps(SHARED)
for index, out in results.items():
    single = srcpickle.pickle_dumps(make(index))
    for n, data in enumerate(out):
        want = single if n % 2 == 0 else single_shared
        if data != want:
            bad.append(f"thread {index} round {n}: bytes differ")
        elif srcpickle.pickle_loads(data)(1) != (make(index) if n % 2 == 0 else SHARED)(1):
            bad.append(f"thread {index} round {n}: wrong result")
print("threads", THREADS, "ok" if not bad else bad[:5])
sys.exit(1 if bad else 0)

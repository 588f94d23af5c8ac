"""The entry points entry_threads_child.py does not cover, from 8 threads at once (CPython with
libcst): migrate, register_by_value/unregister_by_value beside dumps, and a srcpickle fork Pool
fed closures by 8 threads.

python scenarios/h54/more_entry_points.py WORKDIR
"""

import os
import sys
import threading

import srcpickle

THREADS = 8
workdir = sys.argv[1]
with open(os.path.join(workdir, "h54_more_user.py"), "w", encoding="utf-8") as handle:
    handle.write(
        "import collections\n\n\ndef make(i):\n    def closure(x):\n"
        "        return collections.OrderedDict(a=x + i)['a']\n    return closure\n"
    )
sys.path.insert(0, workdir)
import h54_more_user  # noqa: E402

problems = []
barrier = threading.Barrier(THREADS)
data = srcpickle.dumps(h54_more_user.make(1), by_value=["h54_more_user"])
RENAMES = {"collections.OrderedDict": "typing.OrderedDict"}
want = srcpickle.migrate(data, RENAMES, check=False)


def migrate(index):
    barrier.wait()
    try:
        got = srcpickle.migrate(data, RENAMES, check=False)
        if got != want or srcpickle.loads(got)(2) != 3:
            problems.append(("migrate", index))
    except Exception as exc:
        problems.append(("migrate", index, repr(exc)))


def register(index):
    barrier.wait()
    try:
        for _ in range(20):
            if index % 2:
                srcpickle.register_by_value("h54_more_user")
                srcpickle.unregister_by_value("h54_more_user")
            else:
                got = srcpickle.dumps(h54_more_user.make(index), by_value=["h54_more_user"])
                if srcpickle.loads(got)(1) != 1 + index:
                    problems.append(("register", index))
    except Exception as exc:
        problems.append(("register", index, repr(exc)))


def run(work):
    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    run(migrate)
run(register)

if __name__ == "__main__":
    context = srcpickle.get_context("fork")
    with context.Pool(2) as pool:
        results = {}

        def feed(index):
            barrier.wait()
            try:
                results[index] = pool.apply(h54_more_user.make(index), (2,))
            except Exception as exc:
                problems.append(("pool", index, repr(exc)))

        run(feed)
        if results != {i: 2 + i for i in range(THREADS)}:
            problems.append(("pool results", results))
print("problems:", problems)

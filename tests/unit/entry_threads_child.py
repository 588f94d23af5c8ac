"""Child script: every public entry point of srcpickle from 8 threads at once.

Run with srcpickle on the path (any supported interpreter, standard library only; PyPy has no
pytest, so this is a plain script):

``python entry_threads_child.py MODE WORKDIR``
    ``prepare`` writes, single-threaded, the payloads and pickles the other modes compare with.
    ``cold-dumps``, ``cold-loads``: the process's first call of srcpickle is the threads' (the
    module of the user's functions is imported by each thread's first dumps).
    ``warm``: every call once single-threaded first, then the threads.
    ``fork``: a thread dumps and loads without pause while the main thread forks children
    (multiprocessing's "fork" context) that dump and load themselves.
    ``memo``: ``pickle_dumps`` of the same objects, ``ROUNDS`` times in every thread: after the
    first send, each send is the memo's (no dumps), and a fingerprint imports nothing. On PyPy
    the fingerprint recursed without end (the pure-Python pickler asks reducer_override about
    str and int too), so nothing was remembered, and a RecursionError inside importlib's module
    lock, taken by every import there, hung all 8 threads in about 1 run of 5.

Each thread waits at a barrier, then calls each entry point with a function of its own (a
closure), a function every thread shares and a class. The results are compared with the
single-threaded bytes and calls. A run that has not finished after ``TIMEOUT`` seconds prints
every thread's traceback and exits with status 3. Prints one JSON line: per entry point, the
calls made, the wrong results (first few) and the errors by type.
"""

import faulthandler
import io
import json
import os
import pickle
import signal
import sys
import threading

THREADS = 8
TIMEOUT = 60
# Forks made while the dumping thread runs: each child dumps, loads and exits. The first ones
# meet the lazy imports under way, the later ones the cache locks.
FORKS = 6
# pickle_dumps calls per object and thread in the memo mode.
ROUNDS = 20
CHILD_TIMEOUT = 20
MODULE = "h54_threads_user"
SOURCE = """
import math

SCALE = {"k": [1, 2, 3]}


def make(i):
    offset = i * 10

    def closure(x):
        return x + offset + len(SCALE["k"]) + math.floor(1.5)

    return closure


def shared(x: int, *, y: "int" = 2) -> list:
    # (annotated: the first dumps of each thread imports their capture, _capture.typehints)
    return [x * y, sorted(SCALE)]


class Point:
    def __init__(self, x):
        self.x = x

    def norm(self):
        return abs(self.x) + len(SCALE["k"])
"""

# The name of each kind's root node in its payload.
ROOT_NAMES = {"own": "closure", "shared": "shared", "class": "Point"}

faulthandler.dump_traceback_later(
    TIMEOUT if sys.argv[1] != "fork" else FORKS * (CHILD_TIMEOUT + 5), exit=True
)


def _user(workdir):
    path = os.path.join(workdir, MODULE + ".py")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(SOURCE)
    if workdir not in sys.path:
        sys.path.insert(0, workdir)


_MADE = {}


def _objects(index):
    """The objects of thread ``index``: the same ones at every call (a send of the same object
    again is the memo's)."""
    __import__(MODULE)  # (waits while another thread imports it)
    module = sys.modules[MODULE]
    made = _MADE.get(index)
    if made is None:
        made = _MADE.setdefault(
            index, {"own": module.make(index), "shared": module.shared, "class": module.Point}
        )
    return made


def _probe(kind, obj):
    """What calling the object gives (compared, as text)."""
    if kind == "class":
        return repr(obj(-4).norm())
    if kind == "shared":
        return repr(obj(3, y=5))
    return repr(obj(2))


def _files(workdir, kind, index):
    return os.path.join(workdir, f"{kind}-{index}.srcpickle")


def prepare(workdir):
    import srcpickle

    expected = {}
    for index in range(THREADS):
        for kind, obj in _objects(index).items():
            data = srcpickle.dumps(obj, by_value=[MODULE])
            with open(_files(workdir, kind, index), "wb") as handle:
                handle.write(data)
            pickled = srcpickle.pickle_dumps(obj, by_value=[MODULE])
            with open(_files(workdir, kind, index) + ".pickle", "wb") as handle:
                handle.write(pickled)
            expected[f"{kind}-{index}"] = _probe(kind, obj)
    with open(os.path.join(workdir, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle)


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.report = {}

    def record(self, name, ok, detail=""):
        with self.lock:
            entry = self.report.setdefault(name, {"calls": 0, "wrong": [], "errors": {}})
            entry["calls"] += 1
            if not ok and len(entry["wrong"]) < 3:
                entry["wrong"].append(detail)

    def error(self, name, exc):
        with self.lock:
            entry = self.report.setdefault(name, {"calls": 0, "wrong": [], "errors": {}})
            entry["calls"] += 1
            key = f"{type(exc).__name__}: {str(exc)[:200]}"
            entry["errors"][key] = entry["errors"].get(key, 0) + 1


def _dump_calls(workdir, index, tally, expected):
    import srcpickle

    for kind, obj in _objects(index).items():
        name = f"{kind}-{index}"
        want = _read(_files(workdir, kind, index))
        want_pickle = _read(_files(workdir, kind, index) + ".pickle")
        _call(tally, "dumps", lambda: srcpickle.dumps(obj, by_value=[MODULE]) == want, name)
        path = os.path.join(workdir, f"out-{kind}-{index}-{threading.get_ident()}")

        def dump_file():
            srcpickle.dump(obj, path, by_value=[MODULE])
            return _read(path) == want

        _call(tally, "dump(path)", dump_file, name)
        if kind == "shared":
            # Every thread writes the same file at once: atomic replaces, one whole payload.
            def dump_same():
                srcpickle.dump(obj, os.path.join(workdir, "same.srcpickle"), by_value=[MODULE])
                return _read(os.path.join(workdir, "same.srcpickle")) == want

            _call(tally, "dump(same path)", dump_same, name)

        def dump_stream():
            stream = io.BytesIO()
            srcpickle.dump(obj, stream, by_value=[MODULE])
            return stream.getvalue() == want

        _call(tally, "dump(stream)", dump_stream, name)
        _call(
            tally, "pickle_dumps", lambda: srcpickle.pickle_dumps(obj, by_value=[MODULE]) == want_pickle, name
        )

        def pickler():
            stream = io.BytesIO()
            srcpickle.Pickler(stream, by_value=[MODULE]).dump(obj)
            return stream.getvalue() == want_pickle

        _call(tally, "Pickler", pickler, name)

        def pickle_dump():
            stream = io.BytesIO()
            srcpickle.pickle_dump(obj, stream, by_value=[MODULE])
            return stream.getvalue() == want_pickle

        _call(tally, "pickle_dump", pickle_dump, name)
        if kind != "class":

            def portable():
                wrapper = srcpickle.portable(obj, by_value=[MODULE])
                again = pickle.loads(pickle.dumps(wrapper))
                return wrapper.payload() == want and _probe(kind, again) == expected[name]

            _call(tally, "portable", portable, name)
        # A pickle_dumps round trip in this process gives back the object itself for a class
        # (loads_cached), a working copy for a function.
        _call(
            tally,
            "pickle_dumps+pickle_loads",
            lambda: (
                _probe(kind, srcpickle.pickle_loads(srcpickle.pickle_dumps(obj, by_value=[MODULE])))
                == expected[name]
            ),
            name,
        )


def _load_calls(workdir, index, tally, expected):
    import srcpickle

    for kind in ("own", "shared", "class"):
        name = f"{kind}-{index}"
        path = _files(workdir, kind, index)
        data = _read(path)
        _call(tally, "loads", lambda: _probe(kind, srcpickle.loads(data)) == expected[name], name)
        _call(tally, "load(path)", lambda: _probe(kind, srcpickle.load(path)) == expected[name], name)
        _call(
            tally,
            "load(stream)",
            lambda: _probe(kind, srcpickle.load(io.BytesIO(data))) == expected[name],
            name,
        )
        _call(tally, "inspect", lambda: srcpickle.inspect(data).root_node.name == ROOT_NAMES[kind], name)
        _call(
            tally, "loads_cached", lambda: _probe(kind, srcpickle.loads_cached(data)) == expected[name], name
        )
        if kind != "class":
            _call(
                tally,
                "Portable(payload)",
                lambda: _probe(kind, srcpickle.Portable(data)) == expected[name],
                name,
            )
        pickled = _read(path + ".pickle")
        _call(
            tally,
            "pickle_loads",
            lambda: _probe(kind, srcpickle.pickle_loads(pickled)) == expected[name],
            name,
        )
        _call(
            tally,
            "pickle_load",
            lambda: _probe(kind, srcpickle.pickle_load(io.BytesIO(pickled))) == expected[name],
            name,
        )
    # The same payload in every thread (its class too), at once.
    shared = _read(_files(workdir, "class", 0))
    _call(
        tally,
        "loads(same class)",
        lambda: _probe("class", srcpickle.loads(shared)) == expected["class-0"],
        "class-0",
    )
    _call(
        tally, "get_context", lambda: srcpickle.get_context("spawn") is srcpickle.get_context("spawn"), "ctx"
    )


def _check_calls(workdir, index, tally):
    import srcpickle

    data = _read(_files(workdir, "own", index))
    _call(tally, "check", lambda: srcpickle.check(data).loadable, f"own-{index}")


def _call(tally, name, fn, what):
    try:
        ok = fn()
    except Exception as exc:  # the child reports every failure by type
        tally.error(name, exc)
    else:
        tally.record(name, bool(ok), what)


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


def _threads(work):
    barrier = threading.Barrier(THREADS)

    def run(index):
        barrier.wait()
        work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    mode, workdir = sys.argv[1], sys.argv[2]
    _user(workdir)
    if mode == "prepare":
        prepare(workdir)
        print(json.dumps({}))
        return
    with open(os.path.join(workdir, "expected.json"), encoding="utf-8") as handle:
        expected = json.load(handle)
    tally = Tally()
    if mode == "fork":
        fork(workdir, tally, expected)
    elif mode == "memo":
        memo(workdir, tally)
    else:
        if mode == "warm":
            _dump_calls(workdir, 0, Tally(), expected)
            _load_calls(workdir, 0, Tally(), expected)
        if mode in ("cold-dumps", "warm"):
            _threads(lambda index: _dump_calls(workdir, index, tally, expected))
        if mode in ("cold-loads", "warm"):
            _threads(lambda index: _load_calls(workdir, index, tally, expected))
        if mode == "check":
            _threads(lambda index: _check_calls(workdir, index, tally))
    faulthandler.cancel_dump_traceback_later()
    print(json.dumps(tally.report, sort_keys=True))


def memo(workdir, tally):
    import builtins

    import srcpickle
    from srcpickle import _pickler

    dumped = []
    real_dumps = srcpickle.dumps

    def counting_dumps(*args, **kwargs):
        dumped.append(1)
        return real_dumps(*args, **kwargs)

    def rounds(index):
        for kind, obj in _objects(index).items():
            want = _read(_files(workdir, kind, index) + ".pickle")
            for _ in range(ROUNDS):
                _call(
                    tally,
                    "pickle_dumps",
                    lambda: srcpickle.pickle_dumps(obj, by_value=[MODULE]) == want,
                    kind,
                )

    # Cold: every thread's first send at once, each object dumped by one thread or more.
    _threads(rounds)
    srcpickle.dumps = counting_dumps  # what _pickler's dump calls
    try:
        _threads(rounds)
    finally:
        srcpickle.dumps = real_dumps
    tally.record("warm sends dumped nothing", not dumped, f"{len(dumped)} dumps")

    imports = []
    real_import = builtins.__import__

    def counting_import(*args, **kwargs):
        imports.append(args[0])
        return real_import(*args, **kwargs)

    options = _pickler._options([MODULE], ())
    overrides = _pickler.Overrides(*options)
    for kind, obj in _objects(0).items():
        names = _pickler._named(srcpickle.dumps(obj, by_value=[MODULE]))
        del imports[:]
        builtins.__import__ = counting_import
        try:
            state = _pickler._fingerprint(obj, names, overrides, options)
        finally:
            builtins.__import__ = real_import
        tally.record("fingerprinted", state is not None, kind)
        tally.record("fingerprint imports nothing", not imports, f"{kind}: {imports[:5]}")


def _in_child(queue, workdir, expected):
    import srcpickle

    obj = _objects(5)["own"]
    data = srcpickle.dumps(obj, by_value=[MODULE])
    loaded = srcpickle.pickle_loads(srcpickle.pickle_dumps(_objects(6)["own"], by_value=[MODULE]))
    queue.put(
        data == _read(_files(workdir, "own", 5))
        and _probe("own", srcpickle.loads(data)) == expected["own-5"]
        and _probe("own", loaded) == expected["own-6"]
    )


def fork(workdir, tally, expected):
    import multiprocessing

    import srcpickle

    if "fork" not in multiprocessing.get_all_start_methods():
        return
    context = multiprocessing.get_context("fork")
    faulthandler.register(signal.SIGUSR1)
    # The user's module is imported before the churn starts: a child forked while a thread of
    # the parent imports it, outside srcpickle, waits for ever on its import lock in any program
    # (Python's, not srcpickle's: the module is half made); srcpickle's own imports stay racing.
    _objects(0)
    done = threading.Event()

    def churn():
        index = 0
        while not done.is_set():
            index = (index + 1) % THREADS
            for kind, obj in _objects(index).items():
                try:
                    srcpickle.pickle_loads(srcpickle.pickle_dumps(obj, by_value=[MODULE]))
                    srcpickle.loads(srcpickle.dumps(obj, by_value=[MODULE]))
                except Exception as exc:  # the child reports every failure by type
                    tally.error("dumps in the other thread", exc)

    thread = threading.Thread(target=churn)
    thread.start()
    try:
        for number in range(FORKS):
            queue = context.SimpleQueue()
            process = context.Process(target=_in_child, args=(queue, workdir, expected))
            process.start()
            process.join(CHILD_TIMEOUT)
            if process.is_alive():
                # faulthandler's handler, registered before the fork: the child prints its stack.
                os.kill(process.pid, signal.SIGUSR1)
                process.join(2)
                process.kill()
                process.join()
                tally.record("fork child", False, f"child {number} hung")
                continue
            ok = process.exitcode == 0 and queue.get()
            tally.record("fork child", ok, f"child {number}: exit code {process.exitcode}")
    finally:
        done.set()
        thread.join()


if __name__ == "__main__":
    main()

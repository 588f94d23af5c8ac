"""Process pools through ``srcpickle.get_context``: ``ProcessPoolExecutor(mp_context=...)``,
``Pool``, ``Process`` and ``Queue``, with the spawn and forkserver start methods.

The user's script sends lambdas, closures, a class and a function made in a worker through the
pools; each result is compared with the original function's result in the script itself. The
workers receive the functions by source (their code comes from a srcpickle payload), and sending
one function 200 times dumps it once in the parent and loads it once in the worker.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any, Dict

import pytest

from . import RESULT_MARK, run_script

pytestmark = pytest.mark.integration

POOLS_SCRIPT = f"""
import concurrent.futures, dataclasses, multiprocessing, sys
import srcpickle

OFFSET = 100
dumped = []  # what srcpickle.dumps was asked for, in this process
_real_dumps = srcpickle.dumps


def _counting_dumps(obj, **options):
    dumped.append(getattr(obj, "__qualname__", type(obj).__name__))
    return _real_dumps(obj, **options)


srcpickle.dumps = _counting_dumps


def make_adder(n):
    def add(x):
        return x + n + OFFSET

    return add


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def came_by_source(fn):
    return fn.__code__.co_filename.startswith("<srcpickle-")


def failing(x):
    raise ValueError(f"bad {{x}}")


def square(x):
    return x * x


class AppError(Exception):
    # Its message is built from its arguments: pickle makes it again as AppError("404: no x"),
    # a TypeError in the parent that breaks a plain pool.
    def __init__(self, code, message):
        super().__init__(f"{{code}}: {{message}}")
        self.code = code


def fails_with_app_error(x):
    raise AppError(404, f"no {{x}}")


@dataclasses.dataclass
class Result:
    value: int

    def doubled(self):
        return self.value * 2


def make_result(x):
    # The parent sends this function only; Result comes back in the result.
    return Result(x * 2)


def count_loads():
    # In a worker: note what srcpickle.loads builds from now on. Each function sent carries its
    # own copy of the globals it reads, so the list lives on an object the worker imports.
    real = srcpickle.loads
    loaded = multiprocessing.current_process().srcpickle_loaded = []

    def counting(data, **options):
        obj = real(data, **options)
        loaded.append(getattr(obj, "__qualname__", "?"))
        return obj

    srcpickle.loads = counting


def loads_seen():
    return list(multiprocessing.current_process().srcpickle_loaded)


if __name__ == "__main__":
    ctx = srcpickle.get_context(sys.argv[1])
    out = {{}}
    cube = lambda x: x ** 3
    namespace = {{}}
    exec("made_by_exec = lambda: 1", namespace)
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx, initializer=lambda: None) as ex:
        out["map_lambda"] = (list(ex.map(cube, range(6))), [cube(x) for x in range(6)])
        out["map_closure"] = (list(ex.map(make_adder(5), range(3))), [make_adder(5)(x) for x in range(3)])
        chunked = list(ex.map(make_adder(1), range(50), chunksize=7))
        out["map_chunks"] = (chunked, [make_adder(1)(x) for x in range(50)])
        out["by_source"] = (ex.submit(came_by_source, cube).result(), True)
        point = ex.submit(Point, 3, -4).result()
        out["class_comes_back_as_itself"] = ((type(point) is Point, point.norm1()), (True, 7))
        out["closure_made_in_worker"] = (ex.submit(make_adder, 2).result()(1), make_adder(2)(1))
        try:
            ex.submit(failing, 1).result()
        except ValueError as exc:
            out["task_error"] = (str(exc), "bad 1")
        try:
            ex.submit(namespace["made_by_exec"]).result(timeout=60)
        except srcpickle.SrcpickleError as exc:
            out["unsendable_fails_its_future"] = (type(exc).__name__, "SourceUnavailableError")
        try:
            ex.submit(fails_with_app_error, "page").result(timeout=60)
        except AppError as exc:  # the parent's own class: the worker's copy came back as it
            out["task_error_with_a_built_message"] = ((exc.code, str(exc)), (404, "404: no page"))
        result = ex.submit(make_result, 4).result()
        got = (type(result) is Result, result == Result(8), result.doubled())
        out["result_of_a_class_only_a_function_sent"] = (got, (True, True, 16))
        out["pool_still_works"] = (ex.submit(cube, 2).result(), 8)
    dumped.clear()
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx, initializer=count_loads) as ex:
        out["many_tasks"] = (sum(ex.map(square, range(200))), sum(square(x) for x in range(200)))
        out["loads_in_worker"] = (ex.submit(loads_seen).result(), ["square", "loads_seen"])
    out["dumps_in_parent"] = (sorted(set(dumped)), ["count_loads", "loads_seen", "square"])
    out["each_dumped_once"] = (len(dumped), 3)
    with ctx.Pool(2, initializer=lambda: None) as pool:
        out["pool_map"] = (pool.map(lambda x: -x, range(4)), [-x for x in range(4)])
        out["pool_apply"] = (pool.apply(make_adder(1), (1,)), make_adder(1)(1))
        out["pool_imap"] = (list(pool.imap(cube, range(3))), [cube(x) for x in range(3)])
        out["pool_starmap"] = (pool.starmap(lambda a, b: a * b, [(2, 3), (4, 5)]), [6, 20])
        out["pool_class_back"] = (type(pool.apply(Point, (1, 2))) is Point, True)
        try:
            pool.apply(fails_with_app_error, ("x",))
        except AppError as exc:
            out["pool_error_with_a_built_message"] = ((exc.code, str(exc)), (404, "404: no x"))
        try:
            pool.apply_async(namespace["made_by_exec"]).get(timeout=60)
        except srcpickle.SrcpickleError as exc:
            out["pool_unsendable"] = (type(exc).__name__, "SourceUnavailableError")
    queue = ctx.Queue()
    child = lambda q, f: q.put((f(3), lambda: "from the child"))
    process = ctx.Process(target=child, args=(queue, make_adder(7)))
    process.start()
    value, made_there = queue.get(timeout=60)
    process.join(60)
    got = (value, made_there(), process.exitcode)
    out["process_and_queue"] = (got, (make_adder(7)(3), "from the child", 0))
    print({RESULT_MARK!r} + repr(out))
"""


# Every check the script makes (an exception not raised leaves its check out).
CASES = (
    "map_lambda",
    "map_closure",
    "map_chunks",
    "by_source",
    "class_comes_back_as_itself",
    "closure_made_in_worker",
    "task_error",
    "task_error_with_a_built_message",
    "result_of_a_class_only_a_function_sent",
    "unsendable_fails_its_future",
    "pool_still_works",
    "many_tasks",
    "loads_in_worker",
    "dumps_in_parent",
    "each_dumped_once",
    "pool_map",
    "pool_apply",
    "pool_imap",
    "pool_starmap",
    "pool_class_back",
    "pool_error_with_a_built_message",
    "pool_unsendable",
    "process_and_queue",
)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_pools_with_a_srcpickle_context(tmp_path: Path, method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not a start method on this platform")
    out: Dict[str, Any] = run_script(tmp_path, POOLS_SCRIPT, method)
    wrong = {name: pair for name, pair in out.items() if pair[0] != pair[1]}
    assert not wrong, wrong
    assert sorted(out) == sorted(CASES)


CHOICES_SCRIPT = f"""
import concurrent.futures, sys
import srcpickle
import shapes


def same_class(square):
    import shapes

    return type(square) is shapes.Square, square.area()


if __name__ == "__main__":
    out = {{}}
    for choice, options in (("default", {{}}), ("by_reference", {{"by_reference": ["shapes"]}})):
        ctx = srcpickle.get_context(sys.argv[1], **options)
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as ex:
            returned = ex.submit(shapes.Square, 3).result()
            out[choice] = (ex.submit(same_class, shapes.Square(2)).result(), type(returned) is shapes.Square)
    print({RESULT_MARK!r} + repr(out))
"""


def test_per_module_choices_hold_in_the_workers_both_ways(tmp_path: Path) -> None:
    # shapes is a module of the user's own, next to the script: by default it goes by source
    # (the worker gets a copy of the class); by_reference makes the worker import it.
    (tmp_path / "shapes.py").write_text(
        "class Square:\n    def __init__(self, side):\n        self.side = side\n\n"
        "    def area(self):\n        return self.side ** 2\n",
        encoding="utf-8",
    )
    out = run_script(tmp_path, CHOICES_SCRIPT, "spawn")
    assert out == {"default": ((False, 4), True), "by_reference": ((True, 4), True)}


QUEUE_SCRIPT = f"""
import queue, sys, threading
import srcpickle


def make_adder(n):
    def add(x):
        return x + n

    return add


def made_by_exec():
    # Not "<string>": a child started by spawn (python -c) on 3.13 has lines under that name.
    namespace = {{}}
    exec(compile("made_by_exec = lambda: 1", "<made by exec>", "exec"), namespace)
    return namespace["made_by_exec"]


# Each target (loaded in the child from its payload, by spawn and forkserver) makes a function
# there, puts it and returns at once: what it put leaves the child while the child exits.
def put_lambda(q):
    q.put(lambda: "from the child")


def put_closure(q, n):
    q.put(make_adder(n))


def put_and_report_unsendable(q):
    try:
        q.put(made_by_exec())
    except srcpickle.SrcpickleError as exc:
        q.put(type(exc).__name__)


def put_unsendable(q):
    q.put(made_by_exec())


def consume_and_mark_done(q, results):
    item = q.get(timeout=10)
    results.put(item(2))
    q.task_done()


def run(ctx, target, q, *args):
    process = ctx.Process(target=target, args=(q, *args))
    process.start()
    process.join(60)
    try:
        got = q.get(timeout=10)
    except queue.Empty:
        got = "nothing arrived"
    return got, process.exitcode


if __name__ == "__main__":
    ctx = srcpickle.get_context(sys.argv[1])
    out = {{}}
    made, code = run(ctx, put_lambda, ctx.Queue())
    out["lambda_made_in_child"] = ((made() if callable(made) else made, code), ("from the child", 0))
    made, code = run(ctx, put_closure, ctx.JoinableQueue(), 5)
    out["closure_made_in_child"] = ((made(1) if callable(made) else made, code), (6, 0))
    # A JoinableQueue is Queue's methods over multiprocessing's joinable queue: what the child
    # takes and marks done lets join() return.
    tasks, results = ctx.JoinableQueue(), ctx.Queue()
    tasks.put(lambda x: x * 21)
    process = ctx.Process(target=consume_and_mark_done, args=(tasks, results))
    process.start()
    joiner = threading.Thread(target=tasks.join, daemon=True)
    joiner.start()
    joiner.join(60)
    process.join(60)
    done = (results.get(timeout=10), joiner.is_alive(), process.exitcode)
    out["joinable_task_done"] = (done, (42, False, 0))
    out["unsendable_raises_in_put"] = (
        run(ctx, put_and_report_unsendable, ctx.Queue()),
        ("SourceUnavailableError", 0),
    )
    process = ctx.Process(target=put_unsendable, args=(ctx.Queue(),))
    process.start()
    process.join(60)
    out["unsendable_fails_the_child"] = (process.exitcode, 1)
    try:
        ctx.Queue().put(made_by_exec())
    except srcpickle.SrcpickleError as exc:
        out["unsendable_raises_in_parent"] = (type(exc).__name__, "SourceUnavailableError")
    try:
        ctx.Queue().put(threading.Lock())
    except TypeError:
        out["unpicklable_raises_in_parent"] = (True, True)
    print({RESULT_MARK!r} + repr(out))
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver", "fork"])
def test_queue_put_of_a_function_made_in_a_child(tmp_path: Path, method: str) -> None:
    # Regression: on CPython 3.13 a child flushes its queues at exit, after the sources of the
    # functions it loaded were released; pickled in the feeder thread then, the lambda failed and
    # was dropped without a word. Queues pickle in put: it arrives, and what cannot go raises.
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not a start method on this platform")
    out: Dict[str, Any] = run_script(tmp_path, QUEUE_SCRIPT, method)
    wrong = {name: pair for name, pair in out.items() if pair[0] != pair[1]}
    assert not wrong, wrong
    assert sorted(out) == [
        "closure_made_in_child",
        "joinable_task_done",
        "lambda_made_in_child",
        "unpicklable_raises_in_parent",
        "unsendable_fails_the_child",
        "unsendable_raises_in_parent",
        "unsendable_raises_in_put",
    ]


NAME_ERRORS_SCRIPT = f"""
import concurrent.futures, sys
import srcpickle


def init(n):
    global STATE
    STATE = n


def work(x):
    return x + STATE


def broken_init():
    return UNDEFINED_IN_INIT


def target():
    return UNDEFINED_IN_TARGET


if __name__ == "__main__":
    ctx = srcpickle.get_context(sys.argv[1])
    with ctx.Pool(1, initializer=init, initargs=(10,)) as pool:
        try:
            pool.map(work, [1])
        except NameError as exc:
            task = str(exc)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx, initializer=init, initargs=(10,)) as ex:
        try:
            ex.submit(work, 1).result()
        except NameError as exc:
            executor_task = str(exc)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx, initializer=broken_init) as ex:
        try:
            ex.submit(abs, 1).result()
        except Exception as exc:
            initializer = type(exc).__name__
    process = ctx.Process(target=target)
    process.start()
    process.join()
    print({RESULT_MARK!r} + repr((task, executor_task, initializer, process.exitcode)))
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_name_error_in_a_worker_says_which_function_and_global(tmp_path: Path, method: str) -> None:
    """A global a pool's initializer sets (``global STATE``) is set in the initializer's own copy
    of the module, not in the task's: the task's NameError said only "name 'STATE' is not
    defined". It says which loaded function read which global, and what to do; so do an
    initializer's and a process target's, which multiprocessing prints as the worker dies."""
    import subprocess
    import sys

    from . import unit

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not a start method on this platform")
    script = tmp_path / "user_script.py"
    script.write_text(NAME_ERRORS_SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), method], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    task, executor_task, initializer, exitcode = unit.result_of(proc)
    assert executor_task == task
    assert task.startswith(
        "name 'STATE' is not defined (read by __main__.work, line 12, a function srcpickle loaded"
    )
    assert "pool's initializer with 'global STATE'" in task and "a module the workers import" in task
    assert (initializer, exitcode) == ("BrokenProcessPool", 1)
    for name, function, line in (
        ("UNDEFINED_IN_INIT", "broken_init", 16),
        ("UNDEFINED_IN_TARGET", "target", 20),
    ):
        said = (
            f"NameError: name '{name}' is not defined (read by __main__.{function}, line {line}, a function"
        )
        assert said in proc.stderr, proc.stderr

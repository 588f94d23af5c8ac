"""joblib with its loky backend and ``LOKY_PICKLER=srcpickle``, joblib's documented switch.

loky imports the module the variable names and pickles with its ``Pickler``; its workers
inherit the variable. The user's script runs lambdas, a closure and a class of ``__main__``
through ``Parallel``; the workers get them by source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from . import RESULT_MARK, require, run_script

pytestmark = pytest.mark.integration

JOBLIB_SCRIPT = f"""
from joblib import Parallel, delayed
from joblib.externals.loky.backend.reduction import get_loky_pickler, get_loky_pickler_name
import srcpickle

OFFSET = 100


def make_scaler(k):
    return lambda x: x * k + OFFSET


class Account:
    def __init__(self, balance):
        self.balance = balance

    def deposit(self, amount):
        return Account(self.balance + amount)


def came_by_source(fn):
    return fn.__code__.co_filename.startswith("<srcpickle-")


if __name__ == "__main__":
    scaler = make_scaler(3)
    out = {{}}
    out["pickler"] = (get_loky_pickler_name(), "srcpickle")
    out["pickler_class"] = (issubclass(get_loky_pickler(), srcpickle.Pickler), True)
    parallel = Parallel(n_jobs=2, backend="loky")
    out["closure"] = (parallel(delayed(scaler)(i) for i in range(6)), [scaler(i) for i in range(6)])
    out["lambda"] = (parallel(delayed(lambda a, b: a - b)(i, 1) for i in range(3)), [-1, 0, 1])
    out["by_source"] = (parallel(delayed(came_by_source)(scaler) for _ in range(2)), [True, True])
    accounts = parallel(delayed(Account(10).deposit)(i) for i in range(3))
    got = [(type(a) is Account, a.balance) for a in accounts]
    out["class_back"] = (got, [(True, 10 + i) for i in range(3)])
    print({RESULT_MARK!r} + repr(out))
"""


def test_joblib_with_loky_pickler_srcpickle(tmp_path: Path) -> None:
    require("joblib")
    out: Dict[str, Any] = run_script(tmp_path, JOBLIB_SCRIPT, env={"LOKY_PICKLER": "srcpickle"})
    wrong = {name: pair for name, pair in out.items() if pair[0] != pair[1]}
    assert not wrong, wrong
    assert sorted(out) == ["by_source", "class_back", "closure", "lambda", "pickler", "pickler_class"]


LOCKED_SCRIPT = f"""
import threading
import traceback

from joblib import Parallel, delayed

LOCK = threading.Lock()


def with_lock(x):
    with LOCK:
        return x + 1


if __name__ == "__main__":
    try:
        Parallel(n_jobs=2, backend="loky")(delayed(with_lock)(i) for i in range(3))
    except Exception as exc:
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    else:
        text = "no error"
    print({RESULT_MARK!r} + repr(text))
"""


def test_a_function_of_main_that_cannot_go_by_source_fails_in_a_worker_saying_why(tmp_path: Path) -> None:
    # It goes by name, as plain pickle sends it; loky's workers do not run the script, so their
    # __main__ has no with_lock: the worker's error says why srcpickle could not send it.
    require("joblib")
    text = run_script(tmp_path, LOCKED_SCRIPT, env={"LOKY_PICKLER": "srcpickle"})
    assert "srcpickle.errors.LoadError: cannot find with_lock in this process's __main__" in text, text
    assert "Why it could not go by source: cannot capture <_thread.lock object>" in text, text
    assert "found at root.__globals__['LOCK']" in text, text

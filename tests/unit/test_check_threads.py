"""The check's static reading of sources from several threads at once.

``srcpickle.check`` (and ``migrate``, which uses the same reading) finds the names a payload's
sources use by parsing them; on CPython 3.11.0-3.11.7 and 3.12.0-3.12.1 a plain ``ast.parse``
races when a garbage collection switches threads mid-parse (CPython issue 106905, see
``test_threads.py``). Its parses go through ``srcpickle._astparse`` like every other parse of
srcpickle: four threads parse a payload's source while garbage whose finalizer switches threads
is made, and get the right tree every time (plain ``ast.parse`` raised ``SystemError`` in every
run measured on 3.11.7).
"""

from __future__ import annotations

import json

import pytest

from srcpickle._astparse import PARSE_RACES

from . import CURRENT, isolated

CHILD = """
import gc, json, sys, threading, time
import srcpickle
from srcpickle import _check

THREADS = 4
ROUNDS = 100
lines = ["import collections, os.path", "", "def reader(path: 'os.PathLike') -> 'collections.OrderedDict':"]
# Nested literals make the tree deep, where the race shows (as in test_threads.py's source).
lines += [
    f"    v{i} = os.path.join(path, str([{i}, {{'x': (3, [4, {{5: (6, [7])}}])}}]))" for i in range(200)
]
lines += ["    return collections.OrderedDict(x=v0)", ""]
code = "\\n".join(lines)
namespace = {}
exec(compile(code, "reader_module.py", "exec"), namespace)
import linecache
linecache.cache["reader_module.py"] = (len(code), None, code.splitlines(True), "reader_module.py")
payload = srcpickle.inspect(srcpickle.dumps(namespace["reader"]))
expected = [use.name for use in _check.name_uses(payload)]
node = next(node for _, node in payload.sources())


class Churn:
    def __init__(self):
        self.me = self

    def __del__(self):
        time.sleep(0.00005)


errors, right = {}, []


def work():
    # The parse alone, again and again, then the whole reading once.
    for _ in range(ROUNDS):
        if errors:
            return
        for _ in range(5):
            Churn()
        try:
            right.append(len(_check.parse_source(node)[0].body[0].body) == 201)
        except Exception as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
    right.append([use.name for use in _check.name_uses(payload)] == expected)


gc.set_threshold(5, 1, 1)
threads = [threading.Thread(target=work) for _ in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"expected": expected, "calls": len(right), "right": sum(right), "errors": errors}))
"""


@pytest.mark.skipif(not PARSE_RACES, reason=f"{CURRENT.label} has no ast.parse race")
def test_reading_a_payloads_names_from_several_threads_is_right() -> None:
    proc = isolated().run(CURRENT, CHILD, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "collections.OrderedDict" in result["expected"] and "os.path.join" in result["expected"]
    assert result["errors"] == {} and result["right"] == result["calls"] == 4 * (100 + 1)

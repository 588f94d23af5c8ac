"""PyPy's ``fib.cache_info`` and ``fib.cache_clear`` are functools' closures, set as attributes of
the wrapper, and a payload holds them as ``getattr(fib, name)``: dumps finds the wrapper among
the globals of the modules, the attributes of their classes (whatever the metaclass) and of the
classes nested in those, the functions of static and class methods, and what they wrap; it walks
the whole heap (``gc.get_referrers``) only for a wrapper held nowhere else (which took ~20 s a
dumps in a PyPy process holding many loaded payloads)."""

from __future__ import annotations

import json
from pathlib import Path

from . import dump_with_script, interpreter

SCRIPT = """\
import functools, gc, json, sys

import srcpickle

walks = []
real_get_referrers = gc.get_referrers


def counting_get_referrers(*objects):
    walks.append(1)
    return real_get_referrers(*objects)


gc.get_referrers = counting_get_referrers


@functools.lru_cache(maxsize=4)
def square(n):
    return n * n


class Table:
    @functools.lru_cache(maxsize=None)
    def cube(n):
        return n ** 3


class Registry(type):
    # A metaclass whose class attribute reads run code: the search reads the class's own
    # namespace without them.
    reads = 0

    def __getattribute__(cls, name):
        Registry.reads += 1
        return super().__getattribute__(name)


class Plugin(metaclass=Registry):
    @functools.lru_cache(maxsize=5)
    def lookup(key):
        return key


class Outer:
    class Inner:
        @staticmethod
        @functools.lru_cache(maxsize=6)
        def parse(text):
            return text.upper()


def log_calls(func):
    @functools.wraps(func)  # (copies the cache's cache_info and cache_clear into its __dict__)
    def wrapper(*args):
        return func(*args)

    return wrapper


@log_calls
@functools.lru_cache(maxsize=3)
def logged(n):
    return n


def make_hidden():
    @functools.lru_cache(maxsize=2)
    def halve(n):
        return n / 2

    return [halve]


HIDDEN = make_hidden()
square(3)
Table.cube(2)
HIDDEN[0](8)
lookup_info = type.__dict__["__dict__"].__get__(Plugin)["lookup"].cache_info
Registry.reads = 0
found = {}
for name, method in [
    ("global", square.cache_info),
    ("class attribute", Table.__dict__["cube"].cache_clear),
    ("under functools.wraps", logged.cache_info),
    ("class with a metaclass", lookup_info),
    ("staticmethod of a nested class", Outer.Inner.parse.cache_info),
    ("in a list only", HIDDEN[0].cache_info),
]:
    del walks[:]
    data = srcpickle.dumps(method)
    loaded = srcpickle.loads(data)
    found[name] = {"walks": len(walks), "result": str(loaded()), "name": loaded.__name__}
found["metaclass reads"] = Registry.reads
with open(sys.argv[1], "w") as handle:
    json.dump(found, handle)
"""


def test_an_lru_cache_method_is_found_through_the_modules_before_the_heap(tmp_path: Path) -> None:
    pypy = interpreter("pypy")
    out = tmp_path / "found.json"
    script_dir = tmp_path / "script"
    script_dir.mkdir()
    dump_with_script(pypy, SCRIPT, script_dir, out)
    found = json.loads(out.read_text(encoding="utf-8"))
    # (a loaded wrapper's cache starts empty: maxsize tells which wrapper the method came from)
    assert found["global"] == {
        "walks": 0,
        "result": "CacheInfo(hits=0, misses=0, maxsize=4, currsize=0)",
        "name": "cache_info",
    }
    assert found["class attribute"] == {"walks": 0, "result": "None", "name": "cache_clear"}
    assert found["under functools.wraps"] == {
        "walks": 0,
        "result": "CacheInfo(hits=0, misses=0, maxsize=3, currsize=0)",
        "name": "cache_info",
    }
    assert found["class with a metaclass"] == {
        "walks": 0,
        "result": "CacheInfo(hits=0, misses=0, maxsize=5, currsize=0)",
        "name": "cache_info",
    }
    assert found["staticmethod of a nested class"] == {
        "walks": 0,
        "result": "CacheInfo(hits=0, misses=0, maxsize=6, currsize=0)",
        "name": "cache_info",
    }
    assert found["metaclass reads"] == 0  # (no code of the metaclass ran)
    # Held by nothing a module reaches: the walk of the heap still finds it.
    assert found["in a list only"]["walks"] >= 1
    assert found["in a list only"]["result"] == "CacheInfo(hits=0, misses=0, maxsize=2, currsize=0)"

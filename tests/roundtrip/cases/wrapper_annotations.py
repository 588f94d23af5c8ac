"""Wrappers the loader builds around a loaded function before its annotations are evaluated: an
``lru_cache`` wrapper and, from Python 3.10, ``staticmethod`` and ``classmethod`` objects copy
the function's ``__annotations__`` dict by reference when they are made. The evaluated
annotations replaced that dict, so the wrapper kept an empty one: ``typing.get_type_hints`` of a
loaded ``lru_cache`` function was ``{}``. They are put into the dict the function has.
"""

import functools
from typing import Dict, List, Optional


class Item:
    def __repr__(self) -> str:
        return "Item()"


@functools.cache
def cached(a: int, b: "Optional[Item]" = None) -> Dict[str, int]:
    return {"a": a}


@functools.lru_cache(maxsize=32, typed=True)
def cached_with_defaults(n: int, *, scale: float = 1.0) -> List[float]:
    return [n * scale]


class Tools:
    @staticmethod
    def make(n: int = 1) -> List[Item]:
        return [Item()] * n

    @classmethod
    def build(cls, name: str) -> "Tools":
        return cls()

    @functools.cache  # noqa: B019 - a cache on a method, on purpose
    def lookup(self, key: str) -> int:
        return len(key)


HINTS = "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f).items())"


def _own(name: str) -> str:
    # The wrapper's own annotations where it has them (3.10+), the function's otherwise.
    wrapper = f"f.__dict__[{name!r}]"
    return f"sorted(getattr({wrapper}, '__annotations__', {wrapper}.__func__.__annotations__))"


CASES = {
    "lru_cache_function": (
        cached,
        [HINTS, "str(inspect.signature(f))", "sorted(f.__annotations__)", "f(1)", "f.cache_info().misses"],
    ),
    "lru_cache_typed_keyword_only": (
        cached_with_defaults,
        [HINTS, "str(inspect.signature(f))", "f(2, scale=0.5)", "f.cache_parameters()"],
    ),
    "static_and_class_methods": (
        Tools,
        [
            _own("make"),
            _own("build"),
            "sorted(f.__dict__['lookup'].__annotations__)",
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f.make).items())",
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f.lookup).items())",
            "str(inspect.signature(f.build))",
            "f.make(2)",
            "f().lookup('abc')",
        ],
    ),
}

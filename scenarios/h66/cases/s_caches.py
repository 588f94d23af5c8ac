"""Scenarios: lru_cache / cache wrappers and cached_property."""

import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


fib(20)


@functools.lru_cache(maxsize=4)
def tracked(n):
    CALLS.append(n)
    return n * 2


CALLS = []

square = functools.lru_cache(maxsize=8)(lambda x: x * x)


def make_cached(k):
    @functools.lru_cache()
    def add(x):
        return x + k

    return add


add5 = make_cached(5)


class Area:
    def __init__(self, w, h):
        self.w = w
        self.h = h
        self.computed = 0

    @functools.cached_property
    def size(self):
        self.computed += 1
        return self.w * self.h

    @functools.lru_cache(maxsize=16)
    def times(self, k):
        return self.w * k


a1 = Area(2, 3)
a1.size  # noqa: B018 - computed before the dump


def uses_fib(n):
    return fib(n), fib.cache_info().maxsize


@functools.lru_cache(maxsize=2)
def with_attr(x):
    return x


with_attr.extra = "kept?"


CASES = {
    "lru_cache_after_calls": (fib, ["f(25)", "f.cache_parameters()", "f.__wrapped__(10)", "f.__name__"]),
    "lru_cache_reads_global_list": (
        tracked,
        ["(f(1), f(1), f(2))", "f.__wrapped__.__globals__['CALLS']", "(f.cache_clear(), f(1))[1]"],
    ),
    "lru_cache_of_lambda": (square, ["f(5)", "f.__name__", "f.cache_parameters()"]),
    "lru_cache_in_closure": (add5, ["f(1)", "f.__qualname__", "f.cache_parameters()"]),
    "cached_property_class": (
        Area,
        [
            "f(4, 5).size",
            "(lambda a: (a.size, a.size, a.computed))(f(1, 2))",
            "type(f.__dict__['size']).__name__",
            "f.__dict__['size'].attrname",
        ],
    ),
    "cached_property_instance": (a1, ["f.size", "f.computed", "'size' in vars(f)"]),
    "cached_property_object": (Area.__dict__["size"], ["type(f).__name__", "f.attrname", "f.func.__name__"]),
    "lru_cache_method": (Area, ["f(2, 3).times(4)", "f.times.cache_parameters()", "f.times.__name__"]),
    "function_using_cached": (uses_fib, ["f(12)"]),
    "lru_cache_with_attribute": (with_attr, ["f(3)", "f.extra"]),
    "cache_info_bound": (fib.cache_info, ["f().maxsize"]),
    "cache_clear_bound": (fib.cache_clear, ["f()"]),
}

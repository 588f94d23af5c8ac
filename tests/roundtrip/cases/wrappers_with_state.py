"""Wrappers whose state lives outside the function they wrap (h66): attributes set on an
``lru_cache`` wrapper after decoration (once dropped without a word), a ``cached_property`` object
holding a lock (before 3.12, and on PyPy: once refused), and a ``@contextmanager`` object used as
a decorator (once refused for its generator, which has not run). An lru_cache's ``cache_info`` and
``cache_clear`` dumped alone (PyPy's are functools' closures over the
cache's lock, once refused with the lock's remedy) are ``getattr(wrapper, name)`` everywhere."""

import contextlib
import functools


@functools.lru_cache(maxsize=2)
def labelled(x):
    """Cached."""
    return x * 2


labelled.label = "doubler"
labelled.options = {"fast": True}


def tagged_function(x):
    return -x


tagged_function.tag = "from the function"
tagged_cached = functools.lru_cache(maxsize=None)(tagged_function)
tagged_cached.tag = "changed on the wrapper"
tagged_cached.extra = None


@functools.cache
def renamed(n):
    """Old doc."""
    return n + 1


renamed.__doc__ = "New doc."

SHARED = {"hits": 0}


@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@functools.lru_cache(maxsize=8)
def squares(n):
    return n * n


@functools.cache
def counting(n):
    return n


counting.stats = SHARED


class Area:
    def __init__(self, w, h):
        self.w = w
        self.h = h

    @functools.cached_property
    def size(self):
        """The area."""
        return self.w * self.h


class Holder:
    pass


renamed_property = functools.cached_property(lambda self: self.w + 100)
renamed_property.__set_name__(Holder, "plus")

LOG = []


@contextlib.contextmanager
def step(name, *, level=1):
    LOG.append(("enter", name, level))
    try:
        yield name
    finally:
        LOG.append(("exit", name))


@step("work", level=2)
def work(x):
    return x + 1, list(LOG)


BARE_LOG = []


@contextlib.contextmanager
def counted():
    BARE_LOG.append("enter")
    yield


@counted()
def bare_work():
    return len(BARE_LOG)


@contextlib.contextmanager
def opened(name, mode="r"):
    yield (name, mode)


manager = opened("data.txt", mode="w")

REDUMP_VARIES = {
    "lru_cache_info_alone": "PyPy's loaded cache_info holds no reference to its wrapper, which nothing keeps",
}
DUMPERS_VARY = {
    "contextmanager_as_a_decorator": "the wrapper is contextlib's own function, whose line differs",
    "contextmanager_as_a_decorator_without_keywords": "the wrapper is contextlib's own function",
}

CASES = {
    "lru_cache_info_alone": (fib.cache_info, ["f()", "f.__name__"]),
    "lru_cache_info_beside_its_wrapper": (
        (fib, fib.cache_info),
        ["f[0](10)", "f[1]()", "f[1] == f[0].cache_info"],
    ),
    "lru_cache_clear_alone_and_with_its_wrapper": (
        (squares.cache_clear, squares),
        ["f[1](3)", "f[1].cache_info().currsize", "f[0]()", "f[1].cache_info().currsize"],
    ),
    "lru_cache_attributes": (
        labelled,
        ["f(3)", "(f.label, f.options)", "f.__doc__", "f.cache_parameters()", "f.__wrapped__(1)"],
    ),
    "lru_cache_attribute_changed_on_the_wrapper": (
        tagged_cached,
        ["f(1)", "f.tag", "f.__wrapped__.tag", "f.extra"],
    ),
    "lru_cache_doc_replaced": (renamed, ["f(1)", "f.__doc__", "f.__wrapped__.__doc__"]),
    "lru_cache_attribute_shared_with_another_object": (
        (counting, SHARED),
        ["f[0].stats is f[1]", "(f[1].update(hits=1), f[0].stats)[1]"],
    ),
    "cached_property_object": (
        Area.__dict__["size"],
        ["f.attrname", "f.__doc__", "f.func.__name__", "f.__get__(type('A', (), {'w': 2, 'h': 3})())"],
    ),
    "cached_property_object_named_by_set_name": (
        renamed_property,
        ["f.attrname", "f.__get__(type('A', (), {'w': 2})())"],
    ),
    "cached_property_beside_its_class": (
        (Area, Area.__dict__["size"]),
        ["f[0](2, 5).size", "f[1].attrname", "f[1].func.__qualname__"],
    ),
    "contextmanager_as_a_decorator": (
        work,
        ["f(1)", "f.__name__", "f.__wrapped__(5)[0]", "f.__wrapped__.__globals__['LOG'][-1]"],
    ),
    "contextmanager_as_a_decorator_without_keywords": (bare_work, ["(f(), f())"]),
    "contextmanager_object_not_entered": (
        manager,
        [
            "f.func.__name__",
            "(f.args, f.kwds)",
            "(lambda m: (m.__enter__(), m.__exit__(None, None, None)))(f)",
        ],
    ),
}

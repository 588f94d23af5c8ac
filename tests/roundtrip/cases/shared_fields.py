"""Functions and classes of one module in one payload, which format 3 writes without what their
sections share with the namespace (module, file) or what their source says (qualname equal to
the name, kind, the docstring the source gives, issue 9): every way the loaded object could come
out different from the original is probed (its doc, module, qualname, name, signature), for
docstrings of every shape, docs changed after the definition, a changed module, nested
functions, lambdas, async and decorated functions, and a class beside them."""

import functools


def plain(x):
    """A one-line docstring."""
    return x + 1


def multi_line(x):
    """A docstring over lines,

    indented inside, which 3.13 compiles dedented.
    """
    return x * 2


def no_doc(x):
    return x - 1


def fstring_first(x):
    f"""not a docstring: an f-string {x}"""
    return x


def bytes_first(x):
    b"""not a docstring: bytes"""
    return x


def string_later(x):
    y = x
    """a string, but not the first statement"""
    return y


def doc_replaced(x):
    """The source's docstring."""
    return x


doc_replaced.__doc__ = "replaced after the definition"


def doc_removed(x):
    """Removed after the definition."""
    return x


doc_removed.__doc__ = None


def doc_added(x):
    return x


doc_added.__doc__ = "added after the definition"


def module_changed(x):
    """Its module says otherwise."""
    return x


module_changed.__module__ = "somewhere.else"


def qualname_changed(x):
    return x


qualname_changed.__qualname__ = "Other.qualname_changed"


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)

    return wrapper


@traced
def decorated(x):
    """Decorated: the wrapper has this docstring, the source is the wrapped def's."""
    return x + 3


async def coroutine(x):
    """An async def's docstring."""
    return x


def run(x):
    import asyncio

    return asyncio.run(coroutine(x))


def make_nested(base):
    def nested(x):
        """A nested function's docstring."""
        return base + x

    return nested


square = lambda x: x * x  # noqa: E731 - a lambda's source is its expression
constant = lambda: 7  # noqa: E731


class Counter:
    """A class beside the functions."""

    def __init__(self, start=0):
        self.value = start

    def bump(self):
        """A method's docstring."""
        self.value += 1
        return self.value


def describe(fn):
    return (fn.__name__, fn.__qualname__, fn.__module__, fn.__doc__)


FUNCTIONS = [
    plain,
    multi_line,
    no_doc,
    fstring_first,
    bytes_first,
    string_later,
    doc_replaced,
    doc_removed,
    doc_added,
    module_changed,
    qualname_changed,
    decorated,
    run,
    make_nested(10),
    square,
    constant,
]

DUMPERS_VARY = {
    "functions_of_one_module": "3.13 compiles multi_line's docstring dedented: its live __doc__ "
    "is no longer the text its source gives, so 3.13 writes it (a doc field) where 3.9-3.12 leave it out",
}

CASES = {
    "functions_of_one_module": (
        FUNCTIONS,
        [
            "[(g.__name__, g.__qualname__, g.__module__, g.__doc__) for g in f]",
            "[str(inspect.signature(g)) for g in f]",
            "[f[0](1), f[1](2), f[2](3), f[3](4), f[4](5), f[5](6), f[11](1), f[12](5)]",
            "[f[13](1), f[14](3), f[15]()]",
            "f[11].__wrapped__.__doc__",
        ],
    ),
    "with_a_class": (
        (Counter, plain, describe),
        [
            "(f[0].__doc__, f[0].bump.__doc__, f[0].__module__, f[0].__qualname__)",
            "f[0](5).bump()",
            "f[2](f[1])",
            "f[2](f[0].bump)",
        ],
    ),
    "nested_pair": (
        (make_nested(1), make_nested(2)),
        ["[(g.__qualname__, g.__doc__, g(1)) for g in f]"],
    ),
}

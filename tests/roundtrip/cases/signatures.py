"""Signatures, names, docstrings and attributes survive a round trip."""

import inspect
from typing import Dict, List, Optional

LIMIT = 3
TAGS = ["x", "y"]


def defaults(a, b=2, c="three", d=None, e=(1, 2), f=LIMIT):
    return a, b, c, d, e, f


def keyword_only(a, *, key="k", flag=False, required):
    return a, key, flag, required


def positional_only(a, b=2, /, c=3, *, d=4):
    return a, b, c, d


def variadic(first, *args, sep="-", **kwargs):
    return first, args, sep, sorted(kwargs.items())


def annotated(
    x: int, y: "List[int]" = TAGS, *rest: str, z: Optional[Dict[str, int]] = None, **kw: float
) -> Dict[str, int]:
    """Annotations, one of them a string, kept as written."""
    return {"x": x, "n": len(y), "rest": len(rest), "kw": len(kw)}


def annotation_of_a_global(items: List[int]) -> "inspect.Signature":
    return len(items)


def mutable_default(item, bucket=[]):  # noqa: B006 - shared on purpose
    bucket.append(item)
    return bucket


def double(x):
    return 2 * x


def function_default(x, fn=double, *, post=abs):
    return post(fn(x)), fn.__name__, post.__name__


DEFAULT_BUCKET = []


def default_shared_with_global(x, bucket=DEFAULT_BUCKET):
    bucket.append(x)
    return DEFAULT_BUCKET, bucket is DEFAULT_BUCKET


def container_defaults(a, items=(1, [2, 3]), *, opts={"k": {1, 2, 3}, "t": ("x",)}):  # noqa: B006 - written in the order both PyPy and CPython print it
    return a, items, sorted(opts["k"]), opts["t"]


def documented():
    """A docstring

    over several lines, with 'quotes' and ünïcode.
    """
    return documented.__doc__.splitlines()[0]


def tagged():
    return tagged.tag, tagged.notes


tagged.tag = 1
tagged.notes = {"by": "script", "list": [1, 2]}


def redocumented():
    """The docstring as written."""
    return redocumented.__doc__


redocumented.__doc__ = "A docstring assigned after the def."


def renamed():
    return renamed.__name__


renamed.__qualname__ = "Some.Other.name"


def raiser(n):
    """Raises two lines below its docstring."""
    message = f"no {n}"
    raise KeyError(message)


def text_signed(a, b=1):
    return a + b


# Attributes that make inspect.signature itself fail: dumps failed with a message about
# rebuilding an object; they are carried, and the loaded function answers inspect as this one.
text_signed.__text_signature__ = 42


def badly_text_signed(a):
    return a


badly_text_signed.__text_signature__ = "(a, b"


def text_signed_override(a, b=1):
    return a, b


text_signed_override.__text_signature__ = "(a, /, b=1)"

TEXT_SIGNATURE_PROBES = [
    "f(1)",
    "f.__text_signature__",
    "raises(inspect.signature, f).split(':')[0]",
    "f.__name__",
]

SIGNATURE_PROBES = ["str(inspect.signature(f))", "f.__name__", "f.__qualname__", "f.__module__", "f.__doc__"]

DUMPERS_VARY = {"docstring": "the compiler of 3.13 removes a docstring's indentation; earlier ones keep it"}

CASES = {
    "defaults": (defaults, ["f(1)", "f(1, 5, f=9)", "f.__defaults__", *SIGNATURE_PROBES]),
    "keyword_only": (
        keyword_only,
        [
            "f(1, required=2)",
            "f(0, key='q', flag=True, required=None)",
            "f.__kwdefaults__",
            *SIGNATURE_PROBES,
        ],
    ),
    "positional_only": (
        positional_only,
        [
            "f(1)",
            "f(1, 2, c=5)",
            "raises(f, a=1).split(':')[0]",
            "f.__code__.co_posonlyargcount",
            *SIGNATURE_PROBES,
        ],
    ),
    "variadic": (variadic, ["f(1, 2, 3, sep='+', z=1, a=2)", "f('only')", *SIGNATURE_PROBES]),
    "annotations": (
        annotated,
        ["f(1, [1, 2], 'a', z={}, k=1.0)", "f(0)", "f.__annotations__", *SIGNATURE_PROBES],
    ),
    "annotation_of_a_global": (annotation_of_a_global, ["f([1, 2])", "f.__annotations__", *SIGNATURE_PROBES]),
    "mutable_default": (mutable_default, ["f(1)", "f(2)", "f.__defaults__", *SIGNATURE_PROBES]),
    "function_default": (
        function_default,
        [
            "f(-3)",
            "f(-2, float)",
            "[p.default.__name__ for p in inspect.signature(f).parameters.values()][1:]",
            "f.__defaults__[0].__globals__ is f.__globals__",
        ],
    ),
    "default_shared_with_global": (default_shared_with_global, ["f(1)", "f(2)", *SIGNATURE_PROBES]),
    "container_defaults": (container_defaults, ["f(0)", "f.__defaults__", *SIGNATURE_PROBES]),
    "docstring": (documented, ["f()", *SIGNATURE_PROBES]),
    "attributes": (tagged, ["f()", "sorted(vars(f))", *SIGNATURE_PROBES]),
    "changed_doc": (redocumented, ["f()", *SIGNATURE_PROBES]),
    "changed_qualname": (renamed, ["f()", *SIGNATURE_PROBES]),
    "text_signature_not_text": (text_signed, TEXT_SIGNATURE_PROBES),
    "text_signature_unbalanced": (badly_text_signed, TEXT_SIGNATURE_PROBES),
    "text_signature_override": (text_signed_override, [*TEXT_SIGNATURE_PROBES, "str(inspect.signature(f))"]),
    "line_numbers": (annotated, ["f.__code__.co_firstlineno", "inspect.getsource(f)"]),
    "traceback_lines": (raiser, ["failing_line(f, 3)", "raises(f, 4)", "f.__code__.co_firstlineno"]),
}

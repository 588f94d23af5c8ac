"""``typing.overload``: the stubs before an implementation are typing's, kept in a registry keyed
by module and qualified name (``typing.get_overloads``, 3.11+). A class statement loaded again
registers its methods' stubs again, as it did; an implementation dumped alone (or used by a
function, or made by a function) carries its stubs (format 3 ``overloads``), registered again at
load with their signatures (``overload_signatures``: typing's registry from 3.11, the stubs
srcpickle's loader kept before). Nothing of a stub is mistaken for the implementation, and a stub
dumped alone is that stub, without stubs of its own.

Before 3.11 typing.overload keeps no stub: what 3.9 and 3.10 dump has none to carry
(``DUMPERS_VARY``), and loads everywhere with none.
"""

import typing
from typing import Union, overload


@overload
def parse(x: int) -> int: ...


@overload
def parse(x: str) -> str: ...


def parse(x: Union[int, str]) -> Union[int, str]:
    """Doubles what it is given."""
    return x * 2


def use_parse(a, b):
    return parse(a), parse(b)


class Codec:
    @overload
    def encode(self, value: int) -> bytes: ...

    @overload
    def encode(self, value: str, *, strict: bool = ...) -> bytes: ...

    def encode(self, value, *, strict=True):
        return str(value).encode() + (b"!" if strict else b"")

    @overload
    @staticmethod
    def size(value: int) -> int: ...

    @overload
    @staticmethod
    def size(value: str) -> int: ...

    @staticmethod
    def size(value):
        return len(str(value))


class Packer:
    """Its methods go alone: typing's registry is one per process, and the class statement of
    Codec, loaded in the same process, registers Codec's stubs again."""

    @overload
    def pack(self, value: int) -> bytes: ...

    @overload
    def pack(self, value: str, *, strict: bool = ...) -> bytes: ...

    def pack(self, value, *, strict=True):
        return str(value).encode() + (b"!" if strict else b"")

    @overload
    @staticmethod
    def size(value: int) -> int: ...

    @overload
    @staticmethod
    def size(value: str) -> int: ...

    @staticmethod
    def size(value):
        return len(str(value))


def make_converter(scale):
    @overload
    def convert(x: int) -> int: ...

    @overload
    def convert(x: float, *, exact: bool = ...) -> float: ...

    def convert(x, *, exact=False):
        """Scales what it is given."""
        return x * scale

    return convert


@overload
def window(items: list) -> list: ...


@overload
def window(items: list, size: int) -> list:
    """A stub with a docstring and no ellipsis body."""


def window(items, size=2):
    return [items[i : i + size] for i in range(len(items) - size + 1)]


def not_overloaded(x):
    return x


STUB = typing.get_overloads(parse)[1] if hasattr(typing, "get_overloads") else not_overloaded

SIGNATURE = "str(inspect.signature(f))"
OVERLOADS = "overload_signatures(f)"

CASES = {
    "overloaded_function": (parse, ["f(2)", "f('ab')", SIGNATURE, "f.__doc__", "f.__name__", OVERLOADS]),
    "function_using_an_overloaded_function": (
        use_parse,
        ["f(1, 'x')", "overload_signatures(f.__globals__['parse'])"],
    ),
    "class_with_overloaded_methods": (
        Codec,
        [
            "f().encode(1)",
            "f().encode('a', strict=False)",
            "f.size(123)",
            "str(inspect.signature(f.encode))",
            "str(inspect.signature(f.size))",
        ],
    ),
    "overloaded_method_alone": (Packer.pack, ["f(None, 'x')", SIGNATURE, OVERLOADS]),
    "overloaded_static_method_alone": (Packer.size, ["f('abcd')", SIGNATURE, OVERLOADS]),
    "overloaded_closure": (
        make_converter(3),
        ["f(2)", "f(1.5, exact=True)", SIGNATURE, OVERLOADS, "f.__doc__"],
    ),
    "overloads_with_docstrings_and_defaults": (window, ["f([1, 2, 3])", "f([1, 2, 3], 3)", OVERLOADS]),
    "stub_alone": (STUB, [SIGNATURE, "f('x')", "f.__name__"]),
    "function_without_overloads": (not_overloaded, ["f(1)", OVERLOADS]),
}

# Each carries the stubs 3.11 and later dump with it, which 3.9's and 3.10's typing.overload drops
# (and stub_alone is no stub there: typing.overload gives no stub back before 3.11).
DUMPERS_VARY = {
    "overloaded_function": "typing.overload keeps its stubs from 3.11 on",
    "function_using_an_overloaded_function": "typing.overload keeps its stubs from 3.11 on",
    "overloaded_method_alone": "typing.overload keeps its stubs from 3.11 on",
    "overloaded_static_method_alone": "typing.overload keeps its stubs from 3.11 on",
    "overloaded_closure": "typing.overload keeps its stubs from 3.11 on",
    "overloads_with_docstrings_and_defaults": "typing.overload keeps its stubs from 3.11 on",
    "stub_alone": "typing.overload keeps its stubs from 3.11 on",
}

"""``typing.overload``: the stubs before an implementation are typing's, kept in a registry keyed
by module and qualified name (``typing.get_overloads``, 3.11+). A class statement loaded again
registers its methods' stubs again, as it did; the implementation dumped alone (or used by a
function) loads and is called as it was, with its own signature (its stubs do not travel with
it: tests/unit/test_rebuild.py). Nothing of a stub is mistaken for the implementation.
"""

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


SIGNATURE = "str(inspect.signature(f))"

CASES = {
    "overloaded_function": (parse, ["f(2)", "f('ab')", SIGNATURE, "f.__doc__", "f.__name__"]),
    "function_using_an_overloaded_function": (use_parse, ["f(1, 'x')"]),
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
    "overloaded_method_alone": (Codec.encode, ["f(None, 'x')", SIGNATURE]),
    "overloaded_static_method_alone": (Codec.size, ["f('abcd')", SIGNATURE]),
}

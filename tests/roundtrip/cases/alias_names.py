"""Names of library objects that older Pythons or PyPy spell differently.

- A generic alias (``list[int]``, PEP 585) as a global: on 3.9 and PyPy it answers ``__class__``
  with its origin's, was taken for a class and refused ("not importable as builtins.list"); on
  PyPy its type lives in ``_pypy_generic_alias``. It goes as ``types.GenericAlias(list, (int,))``
  from every interpreter.
- An ABC of ``collections.abc`` held as a value (a default, a dict value, a TypeVar bound): 3.9
  named it ``collections.Sequence``, the deprecated alias that 3.10 removed, so the payload never
  loaded on a newer Python. An object of a public module keeps that module's name.
"""

import collections.abc
import typing

IntList = list[int]
Pairs = dict[str, tuple[int, ...]]
KINDS = {"mapping": collections.abc.Mapping, "sized": collections.abc.Sized}
Bounded = typing.TypeVar("Bounded", bound=collections.abc.Hashable)


def tally(values: IntList, seq=collections.abc.Sequence, marker: Bounded = None) -> Pairs:
    kinds = sorted(name for name, kind in KINDS.items() if isinstance(values, kind))
    return {"seq": (int(isinstance(values, seq)), len(values))}, kinds, typing.get_origin(IntList)


CASES = {
    "generic_alias_and_abc_values": (
        tally,
        [
            "f([1, 2])",
            "f.__annotations__['values'] == list[int]",
            "__import__('typing').get_args(f.__globals__['Pairs']) == (str, tuple[int, ...])",
            "f.__defaults__[0] is __import__('collections.abc', fromlist=['x']).Sequence",
            "f.__globals__['KINDS']['sized'] is __import__('collections.abc', fromlist=['x']).Sized",
            "f.__globals__['Bounded'].__bound__ is __import__('collections.abc', fromlist=['x']).Hashable",
        ],
    ),
}

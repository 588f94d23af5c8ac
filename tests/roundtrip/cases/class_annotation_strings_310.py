"""Dataclasses with ``KW_ONLY`` and ``InitVar`` under ``from __future__ import annotations``
(Python 3.10): dataclasses looks ``KW_ONLY`` up by the annotation's text in
``sys.modules[cls.__module__]``; after loading it did not find it there, took ``_`` for a field
and the class statement failed ("non-default argument '_' follows default argument"). See
``class_annotation_strings.py``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import KW_ONLY, InitVar, dataclass

REQUIRES_PYTHON = (3, 10)


@dataclass
class Scaled:
    x: int
    factor: InitVar[int] = 1
    _: KW_ONLY
    tag: str = "t"

    def __post_init__(self, factor: int) -> None:
        match factor:  # 3.10 syntax: the payload says so
            case 0:
                raise ValueError("a factor of 0")
            case _:
                self.x *= factor


@dataclasses.dataclass
class Spelled:
    a: int = 0
    _: dataclasses.KW_ONLY
    b: int = 1
    c: dataclasses.InitVar[int] = 2

    def __post_init__(self, c: int) -> None:
        match c:
            case int():
                self.b += c


CASES = {
    "kw_only_and_initvar": (
        Scaled,
        [
            "repr(f(2, 5, tag='q'))",
            "raises(f, 2, 0).split(':')[0]",
            "raises(f, 2, 5, 'q').split(':')[0]",
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "str(inspect.signature(f))",
        ],
    ),
    "module_kw_only_and_initvar": (
        Spelled,
        [
            "repr(f(1, b=2, c=3))",
            "raises(f, 1, 2).split(':')[0]",
            "[(x.name, x.kw_only) for x in __import__('dataclasses').fields(f)]",
        ],
    ),
}

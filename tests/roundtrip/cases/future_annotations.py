"""A script with ``from __future__ import annotations``: annotations stay strings, as written.

The globals those strings name (``typing``, ``Optional``, a class of the script) go in the payload,
so that ``typing.get_type_hints`` and ``typecheck=True`` resolve them after loading as they did
before dumping; they were left out, and both failed with a ``NameError`` (or checked nothing).
"""

from __future__ import annotations

import collections
import typing
from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:
    from decimal import Decimal


def newer_syntax(x: int | None, y: list[dict[str, Decimal]] = ()) -> tuple[int, ...] | None:
    return None if x is None else (x, len(y))


def plain(a: "quoted", b: Undefined = 1) -> NotDefinedAnywhere:  # noqa: F821, UP037 - kept as written, never evaluated
    return a, b


class Row:
    pass


def hinted(
    x: Optional[int], rows: List[typing.Dict[str, collections.OrderedDict]] = ()
) -> typing.Tuple[Row, ...]:
    return tuple(Row() for _ in range(x or 0)) + tuple(rows)


CASES = {
    "future_annotations": (
        newer_syntax,
        [
            "f(3, [{}])",
            "f(None)",
            "f.__annotations__",
            "str(inspect.signature(f))",
            "f.__code__.co_flags & 0x1000000 != 0",
        ],
    ),
    "annotation_only_globals": (
        hinted,
        [
            "len(f(2))",
            "sorted(f.__annotations__.items())",
            "sorted((k, repr(v)) for k, v in __import__('typing').get_type_hints(f).items())",
            "type(f(1)[0]) is __import__('typing').get_type_hints(f)['return'].__args__[0]",
        ],
    ),
    "unresolvable_annotations": (
        plain,
        ["f(1)", "f.__annotations__", "str(inspect.signature(f))"],
    ),
}

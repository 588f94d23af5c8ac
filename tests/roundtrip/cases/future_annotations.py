"""A script with ``from __future__ import annotations``: annotations stay strings, as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal


def newer_syntax(x: int | None, y: list[dict[str, Decimal]] = ()) -> tuple[int, ...] | None:
    return None if x is None else (x, len(y))


def plain(a: "quoted", b: Undefined = 1) -> NotDefinedAnywhere:  # noqa: F821, UP037 - kept as written, never evaluated
    return a, b


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
    "unresolvable_annotations": (
        plain,
        ["f(1)", "f.__annotations__", "str(inspect.signature(f))"],
    ),
}

"""Classes of a script with ``from __future__ import annotations``: their annotations are strings,
which dataclasses (``ClassVar``, ``InitVar``), typing's ``NamedTuple`` and ``TypedDict``, hooks
that call ``typing.get_type_hints`` and pydantic evaluate in ``sys.modules[cls.__module__]``.

After loading, that module was the loading process's own ``__main__`` (or none), and the names the
strings read were not in the payload: a ``ClassVar`` became a dataclass field, an ``InitVar`` an
attribute, a hook's ``get_type_hints`` raised ``NameError``. The names go in the payload now, and
the class statement runs with the payload's namespace standing in ``sys.modules``.
``typing.get_type_hints`` on a loaded class needs the globals passed (README, limitations): the
probes pass ``f.__init__.__globals__``, which works on the original as on the loaded class.
"""

from __future__ import annotations

import collections
import dataclasses
import typing
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING, ClassVar, Dict, List, NamedTuple, Optional, TypedDict

if TYPE_CHECKING:
    from decimal import Decimal

DEFAULT_TAGS = ("a", "b")


@dataclasses.dataclass
class Config:
    name: str
    instances: typing.ClassVar[int] = 0  # a class variable, not a field


@dataclass
class Inventory:
    owner: str
    scale: InitVar[int] = 1
    kinds: ClassVar[List[str]] = ["fruit"]
    items: List[str] = field(default_factory=list)
    counts: Dict[str, int] = field(default_factory=lambda: {t: 0 for t in DEFAULT_TAGS})
    total: int = 0

    def __post_init__(self, scale: int) -> None:
        self.total = len(self.items) * scale


@dataclass
class Priced:
    price: Decimal  # imported only for type checkers: never bound in the module
    label: Optional[str] = None


class Point(NamedTuple):
    x: int
    y: int = 0
    parent: Optional[Point] = None


class Movie(TypedDict, total=False):
    title: str
    tags: List[str]


class Schema:
    """A base whose hook evaluates each subclass's annotations while it is being made."""

    hints: ClassVar[List[str]] = []

    def __init_subclass__(cls, **kwargs: typing.Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.hints = sorted(f"{k}={v!r}" for k, v in typing.get_type_hints(cls).items())


class Row(Schema):
    key: str
    order: collections.OrderedDict
    width: ClassVar[int] = 3


class Outer:
    @dataclass
    class Inner:
        value: int
        seen: ClassVar[int] = 0

    def make(self, value: int) -> Outer.Inner:
        return Outer.Inner(value)


def make_local(step: int) -> type:
    @dataclass
    class Local:
        start: int
        step_size: ClassVar[int] = step

        def next(self) -> int:
            return self.start + self.step_size

    return Local


def configs(names: List[str]) -> typing.Tuple[List[Config], List[str]]:
    return [Config(n) for n in names], [f.name for f in dataclasses.fields(Config)]


CASES = {
    "dataclass_module_classvar": (
        Config,
        [
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "repr(f('a'))",
            "raises(f, 'a', 5).split(':')[0]",
            "f.instances",
            "(f.__module__, f.__init__.__module__)",
            "sorted(__import__('typing').get_type_hints(f, f.__init__.__globals__))",
        ],
    ),
    "dataclass_initvar_classvar_factories": (
        Inventory,
        [
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "repr(f('me', 3, items=['x', 'y']))",
            "f('me', 2, ['z']).total",
            "hasattr(f('me'), 'scale')",
            "f.kinds",
            "f('me').counts",
            "raises(f, 'me', 1, [], {}, 0, 'extra').split(':')[0]",
            "f.__dataclass_fields__['counts'].default_factory.__module__",
            "f.__dataclass_fields__['scale']._field_type is __import__('dataclasses')._FIELD_INITVAR",
            "f.__dataclass_fields__['kinds']._field_type is __import__('dataclasses')._FIELD_CLASSVAR",
        ],
    ),
    "type_checking_only_annotation": (
        Priced,
        [
            "repr(f(3, 'x'))",
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "f.__annotations__",
        ],
    ),
    "namedtuple_string_annotations": (
        Point,
        [
            "repr(f(1, 2, f(0)))",
            "f._fields",
            "f._field_defaults",
            "f.__annotations__",
            "f.__module__",
        ],
    ),
    "typeddict_string_annotations": (
        Movie,
        [
            "f(title='x', tags=['a'])",
            "f.__total__",
            "sorted(f.__optional_keys__)",
            "sorted(f.__annotations__)",
        ],
    ),
    "hook_evaluates_annotations": (
        Row,
        ["f.hints", "f.width", "f.__module__"],
    ),
    "nested_dataclass_classvar": (
        Outer,
        [
            "repr(f().make(4))",
            "[x.name for x in __import__('dataclasses').fields(f.Inner)]",
            "raises(f.Inner, 1, 2).split(':')[0]",
            "(f.Inner.__module__, f.Inner.__init__.__module__, f.make.__module__)",
        ],
    ),
    "local_dataclass_classvar": (
        make_local(5),
        [
            "f(2).next()",
            "[x.name for x in __import__('dataclasses').fields(f)]",
            "raises(f, 1, 2).split(':')[0]",
            "(f.__module__, f.next.__module__)",
        ],
    ),
    "function_over_annotated_classes": (
        configs,
        ["repr(f(['a', 'b']))", "f.__annotations__"],
    ),
}

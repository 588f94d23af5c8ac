# ruff: noqa
import dataclasses
import enum


def renamed(a, b=1, *, c=2):
    """original doc"""
    return a, b, c


renamed.__name__ = "new_name"
renamed.__qualname__ = "Somewhere.new_name"
renamed.__doc__ = "changed doc"
renamed.__kwdefaults__ = {"c": 30}
renamed.__defaults__ = (10,)
renamed.__annotations__ = {"a": int, "return": "tuple"}
renamed.__module__ = "some.where"


def self_default(x=None):
    return x


self_default.__defaults__ = (self_default,)
self_default.me = self_default


class Mutated:
    x = 1

    def m(self):
        return "m"

    def gone(self):
        return "gone"

    def prop(self):
        return "p"


Mutated.x = 5
Mutated.added = staticmethod(lambda: "added")
del Mutated.gone
Mutated.__doc__ = "late doc"
Mutated.prop = property(Mutated.prop)


class Perm(enum.Flag):
    R = 4
    W = 2
    X = 1


RW = Perm.R | Perm.W


class Kind(enum.Enum):
    A = enum.auto()
    B = enum.auto()

    def label(self):
        return self.name.lower()


FAV = Kind.B


@dataclasses.dataclass(frozen=True)
class Pt:
    x: int
    y: int = dataclasses.field(default=0, compare=False)
    tags: list = dataclasses.field(default_factory=lambda: ["t"])


ORIGIN = Pt(1, 2)


def use_enums():
    return [RW, RW & Perm.R, FAV is Kind.B, FAV.label(), Kind.A.value, ORIGIN, ORIGIN == Pt(1, 5), Pt(3).tags]


def posonly(a, b=2, /, c=3, *args, d, e=5, **kw):
    return a, b, c, args, d, e, kw


class NoHash:
    def __eq__(self, other):
        return True


CASES = {
    "renamed": (
        renamed,
        [
            "f(1)",
            "f.__name__, f.__qualname__, f.__doc__, f.__module__",
            "f.__defaults__, f.__kwdefaults__",
            "f.__annotations__",
            "str(inspect.signature(f))",
        ],
    ),
    "self_default": (self_default, ["f() is f", "f.me is f"]),
    "mutated_class": (
        Mutated,
        ["f.x", "f.added()", "hasattr(f, 'gone')", "f.__doc__", "f().prop", "f().m()"],
    ),
    "enums_dataclass": (use_enums, ["f()", "[f()[2], f()[3]]"]),
    "posonly": (posonly, ["f(1, d=4)", "f(1, 2, 3, 4, d=0, z=1)", "str(inspect.signature(f))"]),
    "nohash": (NoHash, ["f.__hash__", "f() == 3"]),
}

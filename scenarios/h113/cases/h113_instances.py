# ruff: noqa
import dataclasses
import enum
from typing import ClassVar, Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Base:
    def who(self):
        return ["Base"]


class Mixin(Base):
    def who(self):
        return ["Mixin"] + super().who()


class Child(Base):
    pass


Child.who2 = Mixin.who


class Box(Generic[T]):
    def __init__(self, v: T):
        self.v = v


class IntBox(Box[int]):
    def double(self) -> int:
        return self.v * 2


class Pair(NamedTuple):
    a: int
    b: str = "b"


PAIR = Pair(1)


class Planet(enum.Enum):
    EARTH = (5.97e24, 6.37e6)
    MARS = (6.42e23, 3.39e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def g(self):
        return round(6.67e-11 * self.mass / self.radius**2, 2)


@dataclasses.dataclass
class Rec:
    a: int
    scale: dataclasses.InitVar[int] = 1
    b: int = dataclasses.field(init=False)
    K: ClassVar[int] = 9

    def __post_init__(self, scale):
        self.b = self.a * scale


REC = Rec(2, 5)


class Slots:
    __slots__ = ("x", "y", "__weakref__")

    def __init__(self, x):
        self.x = x


SL = Slots(3)  # y left unset


class SlotsDict:
    __slots__ = ("x", "__dict__")


SD = SlotsDict()
SD.x = 1
SD.extra = 2


class MyList(list):
    pass


ML = MyList([1, 2])
ML.note = "noted"


class Defaulting(dict):
    def __missing__(self, key):
        return key * 2


DF = Defaulting(a=1)


class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code


ERR = AppError(404, "missing")
ERR.extra = "x"


def _rebuild(v):
    return Reduced(v, rebuilt=True)


class Reduced:
    def __init__(self, v, rebuilt=False):
        self.v = v
        self.rebuilt = rebuilt

    def __reduce__(self):
        return (_rebuild, (self.v,))


RED = Reduced(7)


def use():
    return [
        PAIR,
        PAIR._replace(a=3),
        Planet.MARS.g,
        Planet["EARTH"] is Planet.EARTH,
        REC,
        REC.b,
        Rec.K,
        SL.x,
        hasattr(SL, "y"),
        (SD.x, SD.extra, vars(SD)),
        (list(ML), ML.note, type(ML).__name__),
        (DF["zz"], DF["a"]),
        (ERR.args, ERR.code, ERR.extra, str(ERR)),
        (RED.v, RED.rebuilt),
    ]


CASES = {
    "borrowed_super": (Child, ["f().who2()", "f().who()"]),
    "generic_subclass": (IntBox, ["f(4).double()", "f.__orig_bases__", "f.__mro__[1].__parameters__"]),
    "instances": (use, ["f()"]),
}

"""h72 scenarios: classes of one name whose bodies compile alike."""
# fmt: off
import functools


class Base1:
    def who(self):
        return "base1"


class Base2:
    def who(self):
        return "base2"


def tag(value):
    def deco(cls):
        cls.tag = value
        return cls
    return deco


class Same(Base1):
    pass


First = Same


class Same(Base2):  # noqa: F811
    pass


@tag("one")
class Tagged:
    pass


TaggedFirst = Tagged


@tag("two")
class Tagged:  # noqa: F811
    pass


class Zero:
    value = 0.0


ZeroFirst = Zero


class Zero:  # noqa: F811
    value = -0.0


class Kw(Base1, metaclass=type):
    pass


KwFirst = Kw


class Kw(Base2, metaclass=type):  # noqa: F811
    pass


def make(n):
    class Local:
        size = n
    return Local


L1, L2 = make(1), make(2)
one_line_a = type("X", (), {}); one_line_b = type("X", (Base1,), {})  # noqa: E702
# fmt: on

CASES = {
    "same_body_first_base": (First, ["f().who()", "[c.__name__ for c in f.__mro__]"]),
    "same_body_second_base": (Same, ["f().who()"]),
    "decorator_first": (TaggedFirst, ["f.tag"]),
    "decorator_second": (Tagged, ["f.tag"]),
    "zero_first": (ZeroFirst, ["math.copysign(1.0, f.value)"]),
    "zero_second": (Zero, ["math.copysign(1.0, f.value)"]),
    "keywords_first": (KwFirst, ["f().who()"]),
    "keywords_second": (Kw, ["f().who()"]),
    "local_first": (L1, ["f.size"]),
    "local_second": (L2, ["f.size"]),
    "type_call_b": (one_line_b, ["f().who()"]),
}

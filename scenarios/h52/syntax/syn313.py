def defaulted[T = int](x: T) -> T:
    return x


class Holder[T = str]:
    def __init__(self, v: T) -> None:
        self.v = v


def use_holder(v):
    return Holder(v).v


def td():
    return defaulted.__type_params__[0].__default__


ITEMS = {"defaulted": (defaulted, "f(3)"), "use_holder": (use_holder, "f(2)"), "td": (td, "repr(f())")}

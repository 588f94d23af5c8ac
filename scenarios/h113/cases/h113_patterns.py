# ruff: noqa
import dataclasses
import enum
import functools
import operator


@dataclasses.dataclass
class Config:
    name: str = "cfg"
    items: list = dataclasses.field(default_factory=list)

    @classmethod
    def from_dict(cls, d):
        return cls(**d)


def with_default(cfg=Config(items=[1])):
    cfg.items.append(len(cfg.items))
    return cfg


MAKE = Config.from_dict


def uses_make():
    return MAKE({"name": "x"}), MAKE.__self__ is Config


@functools.total_ordering
class Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __lt__(self, other):
        return self.n < other.n


class Code(enum.IntFlag):
    A = 1
    B = 2


class Shade(enum.Enum):
    DARK = 1
    BLACK = 1  # alias

    @classmethod
    def _missing_(cls, value):
        return cls.DARK


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, what):
        super().__init__(f"{what} not found")
        self.what = what


def catches(x):
    try:
        if x:
            raise NotFound(x)
        return "fine"
    except AppError as exc:
        return type(exc).__name__, exc.what, isinstance(exc, NotFound), str(exc)


def gone(n):
    return gone(n - 1) if n else "bottom"


renamed_gone = gone
del gone

TOTAL = functools.reduce(operator.add, [1, 2, 3])


def reducer(xs):
    return functools.reduce(operator.mul, xs, TOTAL)


CASES = {
    "default_instance": (with_default, ["f().items", "f().items", "f(Config()).items"]),
    "bound_classmethod": (uses_make, ["f()"]),
    "total_ordering": (Version, ["f(1) <= f(2)", "f(3) >= f(2)", "f(1) > f(1)"]),
    "intflag": ([Code.A | Code.B, Code], ["f[0]", "f[0] & f[1].B", "int(f[0])"]),
    "alias_missing": (Shade, ["f(1)", "f(9)", "f.BLACK is f.DARK", "list(f.__members__)"]),
    "exceptions": (catches, ["f('')", "f('key')"]),
    "missing_global": (renamed_gone, ["raises(f, 1)", "f(0)"]),
    "reduce": (reducer, ["f([2, 3])"]),
}

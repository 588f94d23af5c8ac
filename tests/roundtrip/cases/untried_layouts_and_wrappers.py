"""User scenarios no case file held before (h133): functions reading ``__name__`` and
``__doc__`` of their module; defs, classes and lambdas at module level under ``if __name__ ==
"__main__":``, ``try``/``except``/``else``/``finally``, ``for``, ``while`` and the ``else`` of an
``if TYPE_CHECKING``; one-line defs and classes; a class-based decorator (``update_wrapper`` on
an instance) and a ``reify``-style descriptor beside ``cached_property``; an instance holding a
lambda over itself and its own bound method; a function holding itself; subclasses of ``dict``,
``float`` and ``list`` with constructor arguments and state; ``lru_cache`` on a method and
``staticmethod(cache(...))``; async ``__aiter__``/``__aenter__`` methods; ``Annotated`` metadata
holding a lambda and library functions. All loaded and worked on
every interpreter when written."""

import functools
import operator
import typing

try:
    from typing import Annotated
except ImportError:  # pragma: no cover
    from typing_extensions import Annotated  # type: ignore


# ------------------------------------------------------------------ module dunders read by code


def who_am_i():
    return __name__


def module_doc():
    return __doc__


# ------------------------------------------------------------------ defs indented at module level

if __name__ == "__main__":

    def under_main(x):
        return x + 100

    class UnderMain:
        def twice(self, x):
            return 2 * x

    main_lambda = lambda x: x - 1  # noqa: E731

try:

    def in_try(x):
        return -x

except ImportError:

    def in_try(x):
        return x

else:

    def in_else(x):
        return x * 10

finally:

    def in_finally(x):
        return x // 2


for _suffix in ("a", "b"):

    def in_loop(x, _s=_suffix):
        return f"{x}-{_s}"


if typing.TYPE_CHECKING:
    pass
else:

    class Checked:
        value = 5

        def get(self):
            return self.value


def one_liner(x):
    return x * 7  # noqa: E704


class OneLine:
    attr = 3  # noqa: E701


while True:

    def in_while(x):
        return x + 0.5

    break


# ------------------------------------------------------------------ class-based decorators


class CountCalls:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.fn(*args, **kwargs)


@CountCalls
def counted(x, y=2):
    """Counted."""
    return x**y


counted(3)


class reify:
    """A method decorator that computes once per instance (the pyramid idiom)."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, wrapped)

    def __get__(self, inst, objtype=None):
        if inst is None:
            return self
        val = self.wrapped(inst)
        setattr(inst, self.wrapped.__name__, val)
        return val


class Report:
    computed = 0

    def __init__(self, rows):
        self.rows = rows

    @reify
    def total(self):
        Report.computed += 1
        return sum(self.rows)

    @functools.cached_property
    def mean(self):
        return self.total / len(self.rows)


def use_report():
    r = Report([1, 2, 3])
    return r.total, r.total, r.mean, Report.computed, Report.total.__doc__


# ------------------------------------------------------------------ instances closing over themselves


class Button:
    def __init__(self, label):
        self.label = label
        self.on_click = lambda: f"clicked {self.label}"
        self.handlers = [self.describe]

    def describe(self):
        return f"<{self.label}>"


OK = Button("ok")


def press(button=OK):
    button.label = button.label.upper()
    return button.on_click(), [h() for h in button.handlers]


def self_ref(x):
    return self_ref.base + x


self_ref.base = 10
self_ref.me = self_ref


# ------------------------------------------------------------------ builtin subclasses


class Registry(dict):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def register(self, key):
        def deco(fn):
            self[key] = fn
            return fn

        return deco


ROUTES = Registry("routes")


@ROUTES.register("/")
def index():
    return "home"


@ROUTES.register("/about")
def about():
    return "about " + ROUTES.name


def dispatch(path):
    return ROUTES[path](), sorted(ROUTES), ROUTES.name


class Meters(float):
    def __new__(cls, value, unit="m"):
        self = super().__new__(cls, value)
        self.unit = unit
        return self

    def __repr__(self):
        return f"{float(self)}{self.unit}"


HEIGHT = Meters(1.5, "m")


def taller(by):
    return HEIGHT + by, repr(HEIGHT), type(HEIGHT).__name__


class Tags(list):
    def __init__(self, *items, sep=","):
        super().__init__(items)
        self.sep = sep

    def joined(self):
        return self.sep.join(self)


TAGS = Tags("a", "b", sep=";")


def tag_text():
    TAGS.append("c")
    return TAGS.joined(), TAGS.sep


# ------------------------------------------------------------------ functools.cache on methods


class Solver:
    def __init__(self, k):
        self.k = k

    @functools.lru_cache(maxsize=8)
    def solve(self, n):
        return n * self.k

    @staticmethod
    @functools.cache
    def square(n):
        return n * n

    def __hash__(self):
        return hash(self.k)

    def __eq__(self, other):
        return isinstance(other, Solver) and other.k == self.k


# ------------------------------------------------------------------ async methods


class Ticker:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self._gen()

    async def _gen(self):
        for i in range(self.n):
            yield i

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


async def use_ticker(n):
    out = []
    async with Ticker(n) as t:
        async for i in t:
            out.append(i)
    return out


# ------------------------------------------------------------------ annotations holding code

Positive = Annotated[int, lambda v: v > 0]


def checked(x: Positive, y: Annotated[str, "meta", len] = "") -> Annotated[int, operator.neg]:
    return x


def check_meta():
    hints = typing.get_type_hints(checked, include_extras=True)
    x, y, result = hints["x"], hints["y"], hints["return"]
    return x.__metadata__[0](5), y.__metadata__[1]("abc"), result.__metadata__[0](3)


DUMPERS_VARY = {
    "class_decorator_instance": "update_wrapper copies __type_params__ from 3.12",
}

CASES = {
    "module_name": (who_am_i, ["f()"]),
    "module_doc": (module_doc, ["f()"]),
    "under_main": (under_main, ["f(1)"]),
    "under_main_class": (UnderMain, ["f().twice(4)"]),
    "under_main_lambda": (main_lambda, ["f(1)"]),
    "in_try": (in_try, ["f(3)"]),
    "in_else": (in_else, ["f(3)"]),
    "in_finally": (in_finally, ["f(9)"]),
    "in_loop": (in_loop, ["f(1)"]),
    "in_if_else_class": (Checked, ["f().get()"]),
    "one_liner": (one_liner, ["f(2)"]),
    "one_line_class": (OneLine, ["f.attr"]),
    "in_while": (in_while, ["f(1)"]),
    "class_decorator_instance": (
        counted,
        ["f(2)", "f.calls", "f.__doc__", "f.__name__", "str(inspect.signature(f))"],
    ),
    "reify": (use_report, ["f()"]),
    "reify_class": (Report, ["f([2, 4]).total", "f([2, 4]).mean", "f.total.__doc__"]),
    "lambda_over_self": (press, ["f()", "f()"]),
    "function_holding_itself": (self_ref, ["f(1)", "f.me is f", "f.me(2)"]),
    "dict_subclass_registry": (dispatch, ["f('/')", "f('/about')"]),
    "float_subclass": (taller, ["f(0.5)"]),
    "list_subclass": (tag_text, ["f()"]),
    "cached_methods": (Solver, ["f(3).solve(4)", "f.square(5)", "f.square.cache_info().currsize"]),
    "async_methods": (use_ticker, ["asyncio.run(f(3))"]),
    "annotated_lambdas": (check_meta, ["f()"]),
    "annotated_signature": (checked, ["f(4)", "list(inspect.signature(f).parameters)"]),
}

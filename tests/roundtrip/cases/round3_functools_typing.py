"""User scenarios no case file held before (round 3, h138): ``partial`` of a lambda and of a
class, ``reduce`` over a lambda inside a closure, ``singledispatch`` registered through
annotations and on a lambda, ``total_ordering`` over a ``__lt__`` alone, ``cached_property``
reading another one, stacked ``wraps`` decorators with arguments, a decorator counting calls on
a function attribute, ``dataclass`` with ``InitVar`` and ``field(init=False)`` set in
``__post_init__``, a frozen one setting a field through ``object.__setattr__``, dataclass
inheritance with defaults, ``replace`` and ``asdict`` of nested dataclasses, ``NamedTuple``
``_replace`` and ``_make``, ``TypedDict`` required keys, a ``Protocol`` with a default method,
``Literal`` and ``Final`` read back through ``get_type_hints``, ``typing.cast`` and
``NoReturn``, an ``abc`` class with ``register``, a metaclass with ``__prepare__``."""

import abc
import dataclasses
import functools
import typing

# ------------------------------------------------------------------ functools

add_to_ten = functools.partial(lambda base, x, scale=1: (base + x) * scale, 10)
scaled = functools.partial(add_to_ten, scale=3)


class Point:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


on_axis = functools.partial(Point, y=0)


def make_product(factor):
    def product(values):
        return functools.reduce(lambda acc, v: acc * v * factor, values, 1)

    return product


triple_product = make_product(3)


def compose(*funcs):
    return functools.reduce(lambda f, g: lambda x: g(f(x)), funcs, lambda x: x)


pipeline = compose(str.strip, str.lower, lambda s: s.replace(" ", "_"))


@functools.singledispatch
def describe(value) -> str:
    return "thing"


@describe.register
def _(value: int) -> str:
    return f"int {value}"


@describe.register
def _(value: list) -> str:
    return "list of " + ", ".join(describe(v) for v in value)


describe.register(float, lambda value: f"float {value:.1f}")


@functools.total_ordering
class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts


def compare_versions():
    a, b = Version(1, 2), Version(1, 10)
    return [a < b, a >= b, b > a, a <= a, max(a, b).parts]


class Circle:
    def __init__(self, r):
        self.r = r

    @functools.cached_property
    def area(self):
        return round(3.14159 * self.r**2, 2)

    @functools.cached_property
    def label(self):
        return f"circle of area {self.area}"


def tagged(tag):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return f"<{tag}>{func(*args, **kwargs)}</{tag}>"

        return wrapper

    return decorator


def counted(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


@counted
@tagged("b")
@tagged("i")
def shout(text: str, *, bang: bool = True) -> str:
    """Upper case."""
    return text.upper() + ("!" if bang else "")


# ------------------------------------------------------------------ dataclasses


@dataclasses.dataclass
class Account:
    owner: str
    opening: dataclasses.InitVar[int] = 0
    balance: int = dataclasses.field(init=False)
    history: list = dataclasses.field(default_factory=list, repr=False, compare=False)

    def __post_init__(self, opening):
        self.balance = opening
        self.history.append(("open", opening))


@dataclasses.dataclass(frozen=True)
class Slug:
    text: str
    slug: str = dataclasses.field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "slug", self.text.lower().replace(" ", "-"))


@dataclasses.dataclass
class Base:
    name: str
    tags: tuple = ()


@dataclasses.dataclass
class Derived(Base):
    weight: float = 1.0

    def heavier(self, by):
        return dataclasses.replace(self, weight=self.weight + by)


@dataclasses.dataclass
class Order:
    items: typing.List[Derived]
    note: typing.Optional[str] = None


def dataclass_story():
    acc = Account("ann", 5)
    s = Slug("Hello World")
    d = Derived("x", ("a",)).heavier(2)
    order = Order([d, Derived("y")])
    return [
        repr(acc),
        acc.history,
        s,
        d,
        dataclasses.asdict(order),
        [f.name for f in dataclasses.fields(Derived)],
    ]


# ------------------------------------------------------------------ typing


class Pair(typing.NamedTuple):
    left: int
    right: int = 0

    def swapped(self):
        return self._replace(left=self.right, right=self.left)

    @classmethod
    def parse(cls, text):
        return cls._make(int(p) for p in text.split(","))


class Movie(typing.TypedDict, total=False):
    title: typing.Required[str] if hasattr(typing, "Required") else str
    year: int


def movie_keys():
    return [sorted(Movie.__optional_keys__ | Movie.__required_keys__), Movie(title="x", year=1)]


class Greeter(typing.Protocol):
    def name(self) -> str: ...

    def greet(self) -> str:
        return "hello " + self.name()


class English(Greeter):
    def name(self) -> str:
        return "world"


Mode = typing.Literal["r", "w"]
LIMIT: typing.Final = 3


def open_mode(mode: Mode = "r", limit: "int" = LIMIT) -> typing.List[Mode]:
    return [typing.cast(Mode, mode)] * limit


def fail(msg: str) -> typing.NoReturn:
    raise ValueError(msg)


def hints_of(func):
    return {
        k: repr(v).replace("typing_extensions.", "typing.") for k, v in typing.get_type_hints(func).items()
    }


# ------------------------------------------------------------------ classes


class Plugin(abc.ABC):
    @abc.abstractmethod
    def run(self): ...

    def twice(self):
        return [self.run(), self.run()]


class Legacy:
    def run(self):
        return "legacy"


Plugin.register(Legacy)


class Concrete(Plugin):
    def run(self):
        return "concrete"


def plugin_checks():
    return [isinstance(Legacy(), Plugin), issubclass(Legacy, Plugin), Concrete().twice(), raises(Plugin)]


def raises(cls):
    try:
        cls()
    except TypeError:
        return "abstract"
    return "made"


class Prepared(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kwargs):
        return {"prepared_by": name.lower()}

    def __call__(cls, *args, **kwargs):
        instance = super().__call__(*args, **kwargs)
        instance.made_by = "meta"
        return instance


class Widget(metaclass=Prepared):
    def __init__(self, size):
        self.size = size

    def describe(self):
        return [self.prepared_by, self.size, self.made_by]


CASES = {
    "partial_of_lambda": ((add_to_ten, scaled), ["f[0](5)", "f[1](5)", "f[1].keywords"]),
    "partial_of_class": (on_axis, ["f(3)", "f.keywords"]),
    "reduce_in_closure": (triple_product, ["f([1, 2, 3])"]),
    "reduce_compose": (pipeline, ["f('  Hello World ')"]),
    "singledispatch_annotations": (
        describe,
        ["f(3)", "f([1, 2.5, 'x'])", "f('s')", "sorted(t.__name__ for t in f.registry)"],
    ),
    "total_ordering": (compare_versions, ["f()"]),
    "total_ordering_class": (Version, ["f(1) <= f(2)", "f(3) > f(2)"]),
    "cached_property_chain": (Circle, ["f(2).label", "(lambda c: (c.area, c.__dict__))(f(1))"]),
    "stacked_wraps": (
        shout,
        ["f('hi')", "f('hi', bang=False)", "f.calls", "f.__doc__", "f.__name__", "str(inspect.signature(f))"],
    ),
    "dataclass_story": (dataclass_story, ["f()"]),
    "initvar_class": (
        Account,
        ["repr(f('bo', 2))", "f('bo') == f('bo', 0)", "list(inspect.signature(f).parameters)"],
    ),
    "namedtuple_methods": (Pair, ["f(1, 2).swapped()", "f.parse('3,4')", "f._field_defaults"]),
    "typeddict_keys": (movie_keys, ["f()"]),
    "protocol_default_method": (English, ["f().greet()", "f.__mro__[1].__name__"]),
    "literal_final_hints": ((open_mode, hints_of), ["f[0]('w', 2)", "f[1](f[0])"]),
    "noreturn": ((fail, hints_of), ["raises(f[0], 'x')", "f[1](f[0])"]),
    "abc_register": (plugin_checks, ["f()"]),
    "metaclass_prepare_call": (Widget, ["f(3).describe()", "type(f).__name__"]),
}

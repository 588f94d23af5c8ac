"""Source layouts and class shapes no case file held before (round 3, h138): a class and its
methods indented with tabs, a def whose signature continues with backslashes, a decorator
spanning lines with a lambda argument, lambdas with positional-only, star and double-star
parameters, a lambda inside an f-string, a lambda in a conditional expression, a class made in a
function whose method calls ``super()`` with no arguments and reads a closure, a property whose
setter a subclass replaces through ``@Base.prop.setter``, ``property(get, set)`` built by call,
``__slots__`` beside ``__dict__``, ``__eq__`` with ``__hash__ = None``, ``__init_subclass__``
with class keywords, ``__set_name__`` validators, ``__getattr__`` delegation, ``__call__``
instances as key functions, nested classes reading each other through the outer class, a
function attribute counting calls, recursive inner functions with defaults, a function
chosen by an ``if`` at import."""

import sys

# ------------------------------------------------------------------ layouts


# fmt: off
# ruff: noqa: W191  (tab indentation is the scenario)
class Tabbed:
	"""Indented with tabs."""

	def __init__(self, n):
		self.n = n

	def double(self):
		def inner(k):
			return k * 2

		return inner(self.n)


def tab_function(x):
	if x:
		return "tab " + str(x)
	return None


def continued(first, \
              second=2, \
              *rest):
    return first + second + sum(rest)
# fmt: on


def register(key=None, **options):
    def decorator(func):
        func.key = key
        func.options = sorted(options)
        return func

    return decorator


@register(
    key=lambda item: (
        item[1],
        item[0],
    ),
    strict=True,
)
def sort_items(items):
    return sorted(items, key=sort_items.key)


positional_only = lambda a, /, b=2, *, c=3: (a, b, c)  # noqa: E731
star_lambda = lambda *args, **kwargs: (args, sorted(kwargs.items()))  # noqa: E731
RATE = 2


def fstring_lambda(x):
    return f"{(lambda y: y * RATE)(x)}|{(lambda: 'no args')()}"


picker = (lambda v: v * 2) if RATE > 1 else (lambda v: v)  # noqa: E731

# ------------------------------------------------------------------ classes


def make_logged(prefix):
    class Base:
        def hello(self):
            return "base"

    class Logged(Base):
        def hello(self):
            return prefix + super().hello() + __class__.__name__

    return Logged


Logged = make_logged(">")


class Temperature:
    def __init__(self, celsius=0.0):
        self._celsius = celsius

    @property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        self._celsius = float(value)


class Bounded(Temperature):
    @Temperature.celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        Temperature.celsius.fset(self, value)


def use_bounded():
    t = Bounded()
    t.celsius = 21
    try:
        t.celsius = -300
    except ValueError as exc:
        return [t.celsius, str(exc)]
    return None


class Box:
    def _get(self):
        return self._size

    def _set(self, value):
        self._size = value * 2

    size = property(_get, _set, doc="Doubled on set.")


def use_box():
    b = Box()
    b.size = 4
    return [b.size, Box.size.__doc__]


class Slotted:
    __slots__ = ("x", "__dict__")

    def __init__(self, x):
        self.x = x
        self.extra = x + 1


class Unhashable:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, Unhashable) and other.v == self.v

    __hash__ = None


def hash_checks():
    return [Unhashable(1) == Unhashable(1), Unhashable.__hash__ is None]


class Handler:
    handlers = {}

    def __init_subclass__(cls, /, route="", methods=("GET",), **kwargs):
        super().__init_subclass__(**kwargs)
        cls.route = route
        cls.methods = tuple(methods)
        Handler.handlers[route] = cls


class Home(Handler, route="/"):
    pass


class Api(Handler, route="/api", methods=("GET", "POST")):
    def handle(self):
        return f"{self.route} {self.methods}"


class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.name)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name[1:]} must be positive")
        setattr(obj, self.name, value)


class Product:
    price = Positive()
    qty = Positive()

    def __init__(self, price, qty):
        self.price = price
        self.qty = qty

    def total(self):
        return self.price * self.qty


class Proxy:
    def __init__(self, target):
        self._target = target

    def __getattr__(self, name):
        return getattr(self._target, name)

    def __repr__(self):
        return f"Proxy({self._target!r})"


def use_proxy():
    p = Proxy([3, 1, 2])
    p.sort()
    return [p.count(1), p._target, repr(p)]


class ByField:
    def __init__(self, index, reverse=False):
        self.index = index
        self.reverse = reverse

    def __call__(self, row):
        value = row[self.index]
        return -value if self.reverse else value


by_second_desc = ByField(1, reverse=True)


def sort_rows(rows):
    return sorted(rows, key=by_second_desc)


class Outer:
    class Unit:
        factor = 10

    class Measure:
        def __init__(self, n):
            self.n = n

        def scaled(self):
            return self.n * Outer.Unit.factor


def call_counter(x):
    call_counter.calls = getattr(call_counter, "calls", 0) + 1
    return (x, call_counter.calls)


def flatten(tree):
    def walk(node, depth=0, out=None):
        out = [] if out is None else out
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1, out)
        else:
            out.append((node, depth))
        return out

    return walk(tree)


if sys.maxsize > 2**32:

    def chosen():
        return "new"

else:

    def chosen():
        return "old"


CASES = {
    "tab_indented_class": (Tabbed, ["f(4).double()", "f.__doc__"]),
    "tab_indented_function": (tab_function, ["f(1)", "f(0)"]),
    "backslash_signature": (continued, ["f(1)", "f(1, 2, 3, 4)"]),
    "multiline_decorator_lambda": (sort_items, ["f([('b', 1), ('a', 1), ('c', 0)])", "f.options"]),
    "positional_only_lambda": (positional_only, ["f(1)", "f(1, b=5, c=6)", "str(inspect.signature(f))"]),
    "star_lambda": (star_lambda, ["f(1, 2, z=3, a=4)"]),
    "fstring_lambda": (fstring_lambda, ["f(4)"]),
    "conditional_lambda": (picker, ["f(3)"]),
    "super_in_function_class": (Logged, ["f().hello()", "f.__mro__[1].__name__"]),
    "property_setter_override": (use_bounded, ["f()"]),
    "property_setter_class": (Bounded, ["(lambda t: (setattr(t, 'celsius', 5), t.celsius))(f())"]),
    "property_by_call": (use_box, ["f()"]),
    "slots_with_dict": (Slotted, ["(lambda s: (s.x, s.extra, f.__slots__))(f(1))"]),
    "hash_none": (hash_checks, ["f()"]),
    "init_subclass_keywords": (Api, ["f().handle()", "sorted(f.handlers)", "f.handlers['/'].methods"]),
    "set_name_descriptors": (Product, ["f(2, 3).total()", "raises(f, 0, 1)"]),
    "getattr_proxy": (use_proxy, ["f()"]),
    "callable_key": (sort_rows, ["f([(1, 5), (2, 9), (3, 1)])"]),
    "nested_classes_outer": (Outer, ["f.Measure(3).scaled()", "f.Measure.__qualname__"]),
    "function_attribute_counter": (call_counter, ["f('a')", "f('b')"]),
    "recursive_inner_defaults": (flatten, ["f([1, [2, [3, 4]], 5])"]),
    "version_chosen_def": (chosen, ["f()"]),
}

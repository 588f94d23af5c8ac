"""Functions with type parameters (PEP 695, Python 3.12): ``def first[T](xs: list[T]) -> T``. The
type parameters live in a scope of their own around the function; a loaded copy had none
(``__type_params__ == ()``) and its annotations stayed text ('list[T]'), since ``T`` is no global.
Loading makes them again in that scope, as the ``def`` statement does."""

REQUIRES_PYTHON = (3, 12)

SCALE = 2


def first[T](xs: list[T]) -> T:
    return xs[0]


def pair[K, V: (int, str)](key: K, value: V = 0, *, scale: int = SCALE) -> dict[K, V]:
    return {key: value * scale}


class Box:
    def __init__(self, item):
        self.item = item


def boxed[T](item: T) -> Box:
    """A payload with a class statement: built by the general builder, not the plan."""
    return Box(item)


class Stack[V]:
    """A generic class with a generic method: dumps refused it as "edited" (the method's code
    lies in its scope of type parameters, where verification did not look)."""

    def __init__(self):
        self.items: list[V] = []

    def push[W](self, item: W) -> W:
        self.items.append(item)
        return item


class Tagged[V](Stack[V]):
    """Its base reads its own type parameter (the statement's, no variable to capture)."""

    def top(self) -> V:
        return self.items[-1]


class Later:
    pass


class Base:
    def push(self, item):
        return "base"


class Shelf[V](Base):
    """A generic method of a class that travels by value: its type parameters were () and its
    annotations that read them text ('W'), its scope of type parameters reading the class's
    (``V``, ``__classdict__``) was not run. A bound naming a class defined later, zero-argument
    super(), a name of the class body (``Unit``: the annotations go as values, format 3)."""

    Unit = int

    def put[W: Later](self, item: W, n: Unit = 1, other: V | None = None) -> tuple[W, str]:
        return (item, super().push(item))

    def take[X](self, item: X, other: V | None = None) -> list[X]:
        return [item]


class Plain:
    def keep[T](self, item: T) -> list[T]:
        return [item]


class Aliased[T]:
    Alias = list
    SCALE = 2

    def scaled[N](self, n: N, scale: T | None = None) -> Alias[N]:
        return [n] * Aliased.SCALE


def make_adder(n):
    def add[T: (int, float)](x: T) -> T:
        return x + n

    return add


PARAMS = "[(p.__name__, p.__bound__, p.__constraints__) for p in f.__type_params__]"

type Pair[K] = tuple[K, K]  # a generic type alias: made again from its value and parameters


def pair_of(x) -> Pair[int]:
    return (x, x)


def alias_parts():
    return Pair, Pair.__type_params__, Pair.__value__, Pair[int]


CASES = {
    "generic_function": (first, [PARAMS, "f.__annotations__", "f([3, 4])"]),
    "constrained_with_defaults": (
        pair,
        [PARAMS, "f.__annotations__", "(f('a', 3), f.__defaults__, f.__kwdefaults__)"],
    ),
    "generic_beside_a_class": (
        boxed,
        [PARAMS, "f.__annotations__['item']", "f.__annotations__['return'].__name__", "f(7).item"],
    ),
    "generic_class_with_generic_method": (
        Stack,
        ["[p.__name__ for p in f.__type_params__]", "(lambda s: (s.push(1), s.push('a'), s.items))(f())"],
    ),
    "generic_class_with_a_generic_base": (
        Tagged,
        [
            "[c.__name__ for c in f.__mro__]",
            "(lambda s: (s.push(4), s.top()))(f())",
            # A method's annotation reads the class's type parameter (it was left as text 'V').
            "f.top.__annotations__['return'] is f.__type_params__[0]",
            "__import__('typing').get_type_hints(f.top)",
        ],
    ),
    "generic_methods_of_a_generic_class": (
        Shelf,
        [
            "[p.__name__ for p in f.put.__type_params__]",
            "[p.__name__ for p in f.take.__type_params__]",
            "f.take.__annotations__['item'] is f.take.__type_params__[0]",
            "f.take.__annotations__['other'].__args__[0] is f.__type_params__[0]",
            "f.put.__type_params__[0].__bound__ is f.put.__globals__['Later']",
            "str(inspect.signature(f.put))",
            "str(inspect.signature(f.take))",
            "f.put.__annotations__['n']",
            "f().put(1)",
        ],
    ),
    "generic_method_of_a_plain_class": (
        Plain,
        [
            "[p.__name__ for p in f.keep.__type_params__]",
            "f.keep.__annotations__['item'] is f.keep.__type_params__[0]",
            "str(inspect.signature(f.keep))",
            "f().keep(2)",
        ],
    ),
    "generic_method_alone": (
        Plain.keep,
        [
            "[p.__name__ for p in f.__type_params__]",
            "f.__annotations__['return'].__args__[0] is f.__type_params__[0]",
            "str(inspect.signature(f))",
        ],
    ),
    "generic_method_alone_reading_its_class_parameter": (
        Shelf.take,
        [
            # (signature and annotations: the class's V goes as a value, format 3)
            "str(inspect.signature(f))",
            "sorted(f.__annotations__)",
            "repr(f.__annotations__['other'])",
            # Its own type parameters were () (its scope, reading the class's V, did not run).
            "[p.__name__ for p in f.__type_params__]",
            "f.__annotations__['item'] is f.__type_params__[0]",
            "f.__annotations__['return'].__args__[0] is f.__type_params__[0]",
        ],
    ),
    "generic_method_alone_reading_its_class_body": (
        Shelf.put,
        [
            "[p.__name__ for p in f.__type_params__]",
            "f.__type_params__[0].__bound__ is f.__globals__['Later']",
            "f.__annotations__['item'] is f.__type_params__[0]",
            "f.__annotations__['return'].__args__[0] is f.__type_params__[0]",
            "f.__annotations__['n']",
            "str(inspect.signature(f))",
        ],
    ),
    "generic_method_alone_with_a_class_body_alias": (
        Aliased.scaled,
        [
            PARAMS,
            "f.__annotations__['n'] is f.__type_params__[0]",
            "f.__annotations__['return']",
            "f(None, 'a')",
        ],
    ),
    "generic_closure": (make_adder(10), [PARAMS, "f.__annotations__", "f(5)"]),
    "generic_type_alias_global": (
        alias_parts,
        [
            "[str(x) for x in f()]",
            "f()[2].__args__[0] is f()[1][0]",  # the value reads the alias's own type parameter
            "type(f()[0]).__name__",
        ],
    ),
    "generic_type_alias_in_an_annotation": (pair_of, ["f(2)", "f.__annotations__['return'].__value__"]),
}

"""Type parameters (PEP 695, Python 3.12) whose bound or constraints read a name of the class
body around them (``class Outer: Limit = int; class Inner[T: Limit]``), dumped without that
class: a nested class, a method. The bound is evaluated when first read, in that class body,
which the loaded copy lacked: reading ``T.__bound__`` raised NameError. The names it reads go
with the payload (format 3, ``scope-names``), and a name of the class body wins over a global of
the same name, as in the class."""

REQUIRES_PYTHON = (3, 12)

Limit = str  # a global the class body's Limit hides


class Outer:
    Limit = int

    class Shape:
        sides = 3

    class Inner[T: Limit]:
        def m(self):
            return 1

    class Deep[T: list[Limit], U: (Limit, bytes)]:
        def both(self):
            return 2

    def cons[C: (Limit, str)](self, x: C) -> C:
        return x

    def meth[M: Limit](self, x: M) -> M:
        return x

    def draw[S: Shape](self, s: S) -> int:
        return s.sides

    def later[L: Later](self):
        return 3

    Later = float


PARAMS = "[(p.__name__, p.__bound__, p.__constraints__) for p in f.__type_params__]"

CASES = {
    "nested_generic_class_alone": (Outer.Inner, [PARAMS, "f().m()", "f.__qualname__"]),
    "nested_generic_class_subscripted_bound": (Outer.Deep, [PARAMS, "f().both()"]),
    "method_alone_constraints": (
        Outer.cons,
        [PARAMS, "f(None, 5)", "f.__annotations__['x'] is f.__type_params__[0]"],
    ),
    "method_alone_bound": (Outer.meth, [PARAMS, "f(None, 'a')"]),
    "method_alone_bound_a_class_of_the_body": (
        Outer.draw,
        [
            "[p.__name__ for p in f.__type_params__]",
            "f.__type_params__[0].__bound__.__qualname__",
            "f.__type_params__[0].__bound__.sides",
            "f(None, f.__type_params__[0].__bound__())",
        ],
    ),
    "method_alone_bound_defined_later_in_the_body": (Outer.later, [PARAMS, "f(None)"]),
    "the_class_with_them": (
        Outer,
        [
            "[(p.__name__, p.__bound__) for p in f.Inner.__type_params__]",
            "[(p.__name__, p.__bound__) for p in f.meth.__type_params__]",
            "f().meth(4)",
        ],
    ),
}

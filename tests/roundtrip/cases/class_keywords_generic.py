"""Class statements with type parameters (Python 3.12) and a keyword lambda on the ``class``
line: 3.12 wraps the statement in a scope of its own, where the lambda is compiled after the
class body at that line too (see class_keywords)."""

REQUIRES_PYTHON = (3, 12)


class Base:
    def __init_subclass__(cls, hook=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.hook = staticmethod(hook)


class Box[T](Base, hook=lambda: "generic"):
    def get(self, x: T) -> T:
        return x


def make(n):
    class Local[V](Base, hook=lambda: n * 2):
        pass

    return Local


CASES = {
    "generic": (Box, ["f.hook()", "f().get(3)", "[p.__name__ for p in f.__type_params__]"]),
    "generic_in_a_function": (make(4), ["f.hook()", "[p.__name__ for p in f.__type_params__]"]),
}

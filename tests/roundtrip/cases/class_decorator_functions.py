"""Functions a class statement's decorator lines make, which the class keeps
(``@register(key=lambda v: -v)`` setting ``cls.key``): they are code of the statement, compiled
with its decorators around the class body, and verified there; the statement makes them again at
load."""


def keeps(fn):
    def apply(cls):
        cls.extra = staticmethod(fn)
        return cls

    return apply


def sort_key(key):
    def apply(cls):
        cls.key = staticmethod(key)
        return cls

    return apply


@keeps(lambda: "from the decorator's lambda")
class NoMethods:
    pass


@sort_key(key=lambda item: -item)
@keeps(lambda: "outer")
class WithMethod:
    def ordered(self, items):
        return sorted(items, key=self.key)


def make(offset):
    @keeps(lambda: offset + 1)
    class Local:
        def get(self):
            return self.extra()

    return Local


CASES = {
    "no_methods": (NoMethods, ["f.extra()", "f.extra.__name__"]),
    "with_method_two_decorators": (WithMethod, ["f().ordered([1, 3, 2])", "f.extra()", "f.key(4)"]),
    "in_a_function": (make(41), ["f().get()", "f.__qualname__"]),
}

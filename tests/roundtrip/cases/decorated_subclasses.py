"""Classes a decorator-like function turns into a subclass, applied as a call after the class
statement (the way the refusal of such a decorator in the statement tells the user to write it):
the statement's class and the subclass are two classes, each made again its own way (the
statement, and the call that made the subclass); MRO, names and methods as in the live process.
A subclass made under its base's very name was refused with a message about __bases__."""

REGISTRY = []


def renamed(cls):
    return type(cls.__name__ + "X", (cls,), {"tag": "renamed"})


def same_name(cls):
    return type(cls.__name__, (cls,), {"tag": "same name"})


def by_statement(cls):
    class Registered(cls):
        tag = "registered"

        def double(self):
            return 10 * super().double()

    return Registered


def in_place(cls):
    # Changes the class and returns it: stays a decorator in the statement.
    cls.tag = "in place"
    REGISTRY.append(cls.__name__)
    return cls


class _Point:
    def __init__(self, x):
        self.x = x

    def double(self):
        return 2 * self.x


Renamed = renamed(_Point)
SameName = same_name(_Point)
ByStatement = by_statement(_Point)


@in_place
class Plain:
    def double(self):
        return 4


def chain(cls):
    return [c.__name__ for c in cls.__mro__]


def use_all():
    return [
        (k.__name__, chain(k), k(3).double(), k.tag, k.__mro__[1] is _Point)
        for k in (Renamed, SameName, ByStatement)
    ]


MRO = "[c.__name__ for c in f.__mro__]"


def _probes(extra):
    return [MRO, "f(3).double()", "f.tag", "f.__mro__[1].__name__"] + extra


CASES = {
    "renamed_subclass": (Renamed, _probes(["f.__name__", "f.__qualname__"])),
    "same_named_subclass": (SameName, _probes(["f.__name__", "f.__mro__[1] is not f"])),
    "subclass_by_statement": (ByStatement, _probes(["f.__qualname__"])),
    "decorator_in_place": (Plain, ["f().double()", "f.tag", MRO]),
    "function_reading_them": (use_all, ["f()"]),
}

"""Objects of the user's own that pickle would name as a global of their module (their
``__reduce__`` or ``__reduce_ex__`` returns a string): sentinels, singletons, a module's one
registry. Their module travels by value, not by name, so each goes by value too, made as copyreg
makes an object whose class gives no reduction of its own (its class's ``__new__``, then its
``__dict__`` and slots), and stays one object: every reference of the payload is to it."""


class _Missing:
    def __repr__(self):
        return "MISSING"

    def __reduce__(self):
        return "MISSING"


MISSING = _Missing()


def get(mapping, key, default=MISSING):
    value = mapping.get(key, default)
    return value is MISSING, repr(value), default is MISSING


class _Unset:
    __slots__ = ("label",)

    def __init__(self, label):
        self.label = label

    def __reduce_ex__(self, protocol):
        return "UNSET"


UNSET = _Unset("unset")


def describe(value=UNSET):
    return (value is UNSET, UNSET.label, type(UNSET).__slots__)


class _Registry:
    def __init__(self):
        self.entries = {}

    def add(self, name, value):
        self.entries[name] = value
        return self

    def __reduce__(self):
        return "REGISTRY"


REGISTRY = _Registry().add("one", 1).add("two", 2)


def lookup(name):
    REGISTRY.add("seen", name)
    return REGISTRY.entries.get(name), sorted(REGISTRY.entries)


class _Token:
    # (made by a __new__ that needs its name: __getnewargs__ gives it, as pickle would use it)
    def __new__(cls, name):
        self = super().__new__(cls)
        self.name = name
        return self

    def __getnewargs__(self):
        return (self.name,)

    def __reduce__(self):
        return "END"


END = _Token("end")


def token():
    return END.name, type(END).__name__


def make_checker(expected):
    def check(value=MISSING):
        return value is MISSING or value == expected, MISSING is get.__defaults__[0]

    return check


CASES = {
    "sentinel_as_default": (get, ["f({}, 'k')", "f({'k': 1}, 'k')"]),
    "sentinel_with_slots": (describe, ["f()", "f(3)"]),
    "registry_with_state": (lookup, ["f('one')", "f('three')"]),
    "made_by_new_with_arguments": (token, ["f()"]),
    "shared_between_functions": (
        [get, make_checker(4)],
        ["f[1]()", "f[1](4)", "f[0].__defaults__[0] is f[1].__defaults__[0]"],
    ),
}

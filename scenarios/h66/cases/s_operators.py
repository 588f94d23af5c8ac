"""Scenarios: operator.attrgetter / itemgetter / methodcaller."""

import operator


class P:
    def __init__(self, name, inner=None):
        self.name = name
        self.inner = inner

    def greet(self, greeting="hi", punct="!"):
        return f"{greeting} {self.name}{punct}"


by_name = operator.attrgetter("name")
dotted = operator.attrgetter("inner.name", "name")
first_two = operator.itemgetter(0, 1)
by_key = operator.itemgetter("k")
caller = operator.methodcaller("greet", "yo", punct="?")
plain_caller = operator.methodcaller("upper")


def sort_people(people, key=by_name):
    return [p.name for p in sorted(people, key=key)]


CASES = {
    "attrgetter": ((by_name, P), ["f[0](f[1]('ann'))"]),
    "attrgetter_dotted_multi": ((dotted, P), ["f[0](f[1]('o', f[1]('i')))"]),
    "itemgetter_multi": (first_two, ["f('xyz')"]),
    "itemgetter_key": (by_key, ["f({'k': 3})"]),
    "methodcaller_kwargs": ((caller, P), ["f[0](f[1]('bo'))"]),
    "methodcaller_plain": (plain_caller, ["f('abc')"]),
    "attrgetter_as_default": ((sort_people, P), ["f[0]([f[1]('b'), f[1]('a')])"]),
    "getters_in_dict": ({"n": by_name, "m": caller, "P": P}, ["f['m'](f['P']('z'))", "f['n'](f['P']('y'))"]),
}

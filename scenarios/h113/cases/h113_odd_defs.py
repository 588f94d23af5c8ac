# ruff: noqa
import sys

handlers = []
for n in range(3):

    def handler(x, n=n):
        return x * n

    handlers.append(handler)

if sys.version_info >= (3,):

    class Guarded:
        def hi(self):
            return "guarded"

    def guarded_fn():
        return Guarded().hi()

else:

    def guarded_fn():
        return "never"


try:

    def in_try():
        return "try"

finally:
    pass

with open(__file__) as _fh:

    def in_with():
        return "with"


while True:

    def in_while(a):
        return [a] * 2

    break


def loop_global():
    return n


class Registry:
    subclasses = {}

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Registry.subclasses[cls.__name__] = cls


class SubA(Registry):
    pass


class SubB(Registry):
    def b(self):
        return sorted(Registry.subclasses)


class Prep(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        ns = {"injected": 42}
        return ns

    def __new__(mcls, name, bases, ns, **kw):
        ns["order"] = [k for k in ns if not k.startswith("__")]
        return super().__new__(mcls, name, bases, dict(ns))


class Prepared(metaclass=Prep):
    a = 1

    def m(self):
        return self.injected, self.order


CASES = {
    "loop_defs": (handlers, ["[h(2) for h in f]", "[h.__defaults__ for h in f]"]),
    "guarded": (guarded_fn, ["f()"]),
    "try_with_while": ([in_try, in_with, in_while], ["f[0](), f[1](), f[2](1)"]),
    "loop_global": (loop_global, ["f()"]),
    "registry_both": (
        [SubA, SubB],
        ["f[1]().b()", "f[0].__mro__[1] is f[1].__mro__[1]", "sorted(f[0].subclasses)"],
    ),
    "registry_one": (SubB, ["f().b()"]),
    "prepare": (Prepared, ["f().m()"]),
}

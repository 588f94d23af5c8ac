# ruff: noqa
import functools


def logged(fn):
    calls = []

    @functools.wraps(fn)
    def wrapper(*a, **k):
        calls.append(fn.__name__)
        return fn(*a, **k), list(calls)

    return wrapper


class Svc:
    base = 10

    def compute(self, x):
        return self.base + x

    def other(self):
        return "other"


ORIGINAL = Svc.compute
Svc.compute = logged(Svc.compute)


def make_method(k):
    def scaled(self, x):
        return x * k + self.base

    return scaled


Svc.scaled = make_method(3)
Svc.helper = classmethod(lambda cls: cls.__name__)
Svc.size = property(lambda self: len(self.other()))


def free_helper(self):
    return "free " + self.other()


Svc.free = free_helper


def uses():
    return Svc().compute(1), Svc.compute.__wrapped__ is ORIGINAL


CASES = {
    "late_methods": (
        Svc,
        [
            "f().compute(1)",
            "f().compute(2)",
            "f().scaled(2)",
            "f.helper()",
            "f().size",
            "f().free()",
            "f.compute.__wrapped__.__qualname__",
        ],
    ),
    "wrapped_identity": (uses, ["f()"]),
    "with_function": ([Svc, free_helper], ["f[0].free is f[1]"]),
}

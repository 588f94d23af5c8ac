# ruff: noqa
import asyncio
import contextlib
import functools


@contextlib.asynccontextmanager
async def acm(log, tag="a"):
    log.append("in " + tag)
    yield tag * 2
    log.append("out " + tag)


async def use_acm():
    log = []
    async with acm(log, "q") as v:
        log.append(v)
    return log


def run_acm():
    return asyncio.run(use_acm())


class Fmt:
    def __init__(self, prefix):
        self.prefix = prefix

    @functools.singledispatchmethod
    def fmt(self, x):
        return self.prefix + "obj"

    @fmt.register
    def _(self, x: int):
        return self.prefix + "int"

    @fmt.register(str)
    def _s(self, x):
        return self.prefix + "str:" + x

    double = functools.partialmethod(lambda self, x, k: (x * k, self.prefix), k=2)


def make_empty_shared():
    def setter(v):
        nonlocal x
        x = v
        return getter()

    def getter():
        return x

    if False:
        x = None
    return setter, getter


def doubling(fn):
    return lambda *a: fn(*a) * 2


@doubling
def base(x):
    return x + 1


def to_class(fn):
    class Wrapped:
        def __call__(self, *a):
            return ("cls", fn(*a))

    return Wrapped()


@to_class
def becomes_object(x):
    return -x


def add3(a, b, c):
    return a + b + c


P = functools.partial(functools.partial(add3, 1), c=10)


class Method:
    def __init__(self, fn):
        self.fn = fn
        functools.update_wrapper(self, fn)

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return functools.partial(self.fn, obj)


class UsesMethodDeco:
    v = 3

    @Method
    def get(self, k):
        return self.v * k


class Temp:
    def __init__(self):
        self._t = 0

    @property
    def t(self):
        """temperature"""
        return self._t

    @t.setter
    def t(self, v):
        self._t = v * 2

    @t.deleter
    def t(self):
        self._t = -1

    @classmethod
    @functools.wraps(len)
    def clsm(cls, *a):
        return cls.__name__


def make_agen_send():
    async def agen(start):
        total = start
        while True:
            got = yield total
            if got is None:
                return
            total += got

    async def drive():
        g = agen(1)
        out = [await g.__anext__(), await g.asend(5), await g.asend(2)]
        await g.aclose()
        return out

    return drive


def def_first():
    return "first"


wrapped_first = functools.wraps(def_first)(lambda: "wrapper of " + def_first())


def def_first():  # noqa: F811
    return "second"


CASES = {
    "asynccontextmanager": (run_acm, ["f()"]),
    "singledispatchmethod": (
        Fmt,
        ["f('>').fmt(1)", "f('>').fmt('s')", "f('>').fmt(1.5)", "f('#').double(3)"],
    ),
    "empty_shared_cell": (
        make_empty_shared(),
        ["raises(f[1])", "f[0](5)", "f[1]()", "f[0].__closure__[0] is f[1].__closure__[0]"],
    ),
    "decorator_lambda": (base, ["f(2)", "f.__name__", "f.__closure__[0].cell_contents(2)"]),
    "decorator_returns_instance": (becomes_object, ["f(3)", "type(f).__qualname__"]),
    "nested_partial": (P, ["f(2)", "f.args", "f.keywords", "f.func.__name__"]),
    "method_descriptor_deco": (UsesMethodDeco, ["f().get(4)", "f.get.__name__"]),
    "property_chain": (
        Temp,
        ["(lambda o: (setattr(o, 't', 4), o.t, delattr(o, 't'), o.t))(f())", "f.t.__doc__", "f.clsm()"],
    ),
    "agen_send": (make_agen_send(), ["asyncio.run(f())"]),
    "wraps_shadowed": (wrapped_first, ["f()", "f.__wrapped__()", "f.__name__"]),
}

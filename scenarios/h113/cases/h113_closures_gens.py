# ruff: noqa
import asyncio


def make_gen(step):
    def gen(n):
        for i in range(n):
            yield i * step

    def outer(n):
        yield from gen(n)
        return "done"

    return outer


async def _sleep0():
    await asyncio.sleep(0)


def make_coro(base):
    async def coro(x):
        await _sleep0()
        return x + base

    return coro


def make_agen(limit):
    async def agen():
        for i in range(limit):
            yield i

    async def collect_all():
        return [v async for v in agen()]

    return collect_all


def make_trio():
    shared = 0

    def inc():
        nonlocal shared
        shared += 1
        return shared

    def get():
        return shared

    class Box:
        def peek(self):
            return shared

    return inc, get, Box


inc_get_box = make_trio()
inc_get_box[0]()


def make_empty_cell():
    def read():
        return later

    first = read
    later = None
    del later
    return first


def make_late():
    fns = []
    for i in range(3):
        fns.append(lambda: i)
    fns.append(lambda i=i: i)
    return fns


class Holder:
    def __init__(self, v):
        self.v = v

    def getter(self):
        def get():
            return self.v

        return get

    def cls_closure(self):
        def make():
            return __class__

        return make


h = Holder(5)


def make_class_closure():
    class Local:
        x = 3

    def read():
        return Local.x, Local.__qualname__

    return read


def make_nonlocal_pair():
    total = []
    count = 0

    def add(v):
        nonlocal count, total
        count += 1
        total = total + [v]
        return count, total

    def view():
        return count, total

    return {"add": add, "view": view}


def countdown(n):
    while n > 0:
        received = yield n
        n -= 1 if received is None else received
    return "liftoff"


def gen_send():
    g = countdown(10)
    out = [next(g), g.send(3), g.send(None)]
    try:
        while True:
            out.append(next(g))
    except StopIteration as stop:
        out.append(stop.value)
    return out


CASES = {
    "yield_from": (make_gen(3), ["list(f(4))", "(lambda g: [next(g) for _ in range(2)])(f(5))"]),
    "generator_send": (gen_send, ["f()"]),
    "coro": (make_coro(10), ["asyncio.run(f(5))", "inspect.iscoroutinefunction(f)"]),
    "agen": (
        make_agen(4),
        ["asyncio.run(f())", "inspect.isasyncgenfunction(f.__closure__[0].cell_contents)"],
    ),
    "trio_shared": (
        inc_get_box,
        ["f[1]()", "f[0]()", "f[1]()", "f[2]().peek()", "f[0]()", "f[2]().peek()"],
    ),
    "empty_cell": (make_empty_cell(), ["raises(f)", "f.__code__.co_freevars"]),
    "late_loop": (make_late(), ["[g() for g in f]"]),
    "closure_over_self": (h.getter(), ["f()", "h.v if False else f.__closure__[0].cell_contents.v"]),
    "closure_over_class_cell": (h.cls_closure(), ["f().__name__", "f()(1).getter()()"]),
    "closure_over_local_class": (make_class_closure(), ["f()"]),
    "nonlocal_pair": (
        make_nonlocal_pair(),
        ["f['add'](1)", "f['add'](2)", "f['view']()"],
    ),
}

"""Format 3 writes a section's ``line:`` after the section before it in its file
(``line: @first + 4``), and names the alike functions of one global's container by a digest of
what they are (h92). Loaded on every interpreter, each function still starts at its line in this
file (a traceback's line and text, ``co_firstlineno``, ``inspect.getsourcelines``), whatever the
sections written between it and the first one of the file: defs, methods and nested classes
written in their class, lambdas sharing a line, closures of one def, identical lambdas. A def's
name is left out of its section where its source's first line gives it: a coroutine's is, a
function's whose ``__name__`` was assigned after its def is written."""


def first(x):
    return x + 1


class Shape:
    """A class whose methods are written in its source: their lines follow its own."""

    def __init__(self, side):
        self.side = side

    class Unit:
        def size(self):
            return 1

    def area(self):
        return self.side * self.side

    def broken(self):
        return self.side / 0


TABLE = [lambda x: x + 1, lambda x: x + 2, lambda x: x + 2, lambda x: x / 0]
PAIRS = {"double": lambda x: 2 * x, "triple": lambda x: 3 * x}
RAMP = []
for n in range(3):
    # (not a comprehension: its lambdas' qualname differs between Pythons)
    RAMP.append(lambda x, n=n: x + n)


def make_scaler(k):
    def scale(x):
        return x * k / (k - 2)

    return scale


SCALERS = [make_scaler(3), make_scaler(4), make_scaler(2)]


# Lines between the functions: each is counted in the next section's line.


def everything(x):
    table = [g(x) for g in TABLE[:3]]
    pairs = sorted((name, g(x)) for name, g in PAIRS.items())
    ramp = [g(x) for g in RAMP]
    scalers = [g(x) for g in SCALERS[:2]]
    return first(x), Shape(x).area(), Shape.Unit().size(), table, pairs, ramp, scalers


def failing(x):
    total = x + 1
    return total / 0


async def fetch(x):
    return x * 2


def subtract(x):
    return x - 1


subtract.__name__ = "subtract_one"
NAMED = [first, fetch, subtract, make_scaler(5), TABLE[0]]

CASES = {
    "everything": (
        everything,
        [
            "f(3)",
            "f.__code__.co_firstlineno",
            "inspect.getsourcelines(f)[1]",
            "[(g.__code__.co_firstlineno, inspect.getsourcelines(g)[1]) for g in (f.__globals__['first'], "
            "f.__globals__['Shape'].area, f.__globals__['Shape'].Unit.size, f.__globals__['SCALERS'][1])]",
            "[g.__code__.co_firstlineno for g in f.__globals__['TABLE'] + f.__globals__['RAMP']]",
            "[g(1) for g in f.__globals__['TABLE'][:3]]",
            # (a lambda's line shows the loader's text for it, not the file's: its number only)
            "failing_line(f.__globals__['TABLE'][3], 1)[:2]",
            "failing_line(f.__globals__['SCALERS'][2], 1)",
            "failing_line(f.__globals__['Shape'](2).broken)",
        ],
    ),
    "failing": (failing, ["failing_line(f, 1)", "inspect.getsourcelines(f)[1]"]),
    "method": (Shape.broken, ["failing_line(f, type('S', (), {'side': 1})())", "f.__code__.co_firstlineno"]),
    "names": (
        NAMED,
        [
            "[(g.__name__, g.__qualname__) for g in f]",
            "[f[0](1), f[2](5), f[3](2), f[4](1)]",
            "asyncio.run(f[1](4))",
            "[g.__code__.co_firstlineno for g in f]",
        ],
    ),
    "alike_lambdas": (
        TABLE,
        ["[g(1) for g in f[:3]]", "[g.__code__.co_firstlineno for g in f]", "failing_line(f[3], 1)[:2]"],
    ),
}

"""Long runs of exact ints, which format 3 writes packed (``[*ints('<i3', N, 'BASE64')]``, issue 9):
every width from 1 to 8 bytes at its bounds, negatives, runs one short of packing, runs broken
by a text, None, a bool or a float, runs holding an int too wide for 64 bits, runs in lists,
tuples, dict values, nested, as defaults and globals, and one list shared by several holders.
Each probe shows the values and their types, so a run that came back as bools, floats, a list
for a tuple, or one int off, differs."""

PACK_MIN = 64
I64 = 2**63

# One run per width, at its bounds (a width of w bytes holds -2**(8w-1) .. 2**(8w-1) - 1).
WIDTH_BOUNDS = [[-(2 ** (8 * w - 1)), 2 ** (8 * w - 1) - 1] * 40 for w in range(1, 9)]
# The same runs one past their bounds: each needs the next width.
PAST_BOUNDS = [[2 ** (8 * w - 1)] + [0] * 70 for w in range(1, 8)] + [
    [-(2 ** (8 * w - 1)) - 1] * 70 for w in range(1, 8)
]
MIXED = [(-1) ** i * 7**i for i in range(23)] * 4  # up to 7**22, every width on the way
SHORT = list(range(PACK_MIN - 1))
EXACT = list(range(-PACK_MIN // 2, PACK_MIN // 2))
BROKEN_BY = {
    "text": list(range(50)) + ["x"] + list(range(50)),
    "none": list(range(100)) + [None],
    "bool": [True] + list(range(100)),
    "bools": [False, True] * 40,
    "float": list(range(100)) + [100.0],
    "past_int64": list(range(100)) + [I64],
    "below_int64": [-I64 - 1] + list(range(100)),
    "hex": list(range(100)) + [2**4001],
}
COUNTS = list(range(0, 10**9, 10**9 // 300))
TABLE = {"ids": list(range(1000, 1100)), "neg": tuple(range(-300, 0)), "name": "table"}


def describe(value):
    # The value as text, with the type of every item (1 and True and 1.0 differ here).
    if isinstance(value, (list, tuple)):
        kinds = sorted({type(x).__name__ for x in value})
        return [type(value).__name__, len(value), kinds, sum(x for x in value if type(x) is int) % 1000003]
    if isinstance(value, dict):
        return {k: describe(v) for k, v in value.items()}
    return repr(value)


def make_reader(data):
    def read():
        return describe(data), data[:3], data[-3:]

    return read


def make_describer(data):
    def show():
        return describe(data), data

    return show


def make_shared(data):
    holder = {"a": data, "b": [data, (data,)]}

    def shared():
        return holder["a"] is data, holder["b"][0] is data, holder["b"][1][0] is data, describe(data)

    def grow():
        data.append(-1)
        return len(holder["a"]), len(holder["b"][1][0])

    return shared, grow


def with_default(xs=tuple(range(-100, 100, 2)), *, ys=list(range(200))):
    return describe(xs), describe(ys), xs[:2], ys[-2:]


def read_globals():
    return describe(TABLE), describe(COUNTS), COUNTS[-1]


CASES = {
    "width_bounds": (make_reader(WIDTH_BOUNDS), ["f()"]),
    "width_bounds_each": (
        [make_reader(run) for run in WIDTH_BOUNDS],
        ["[g() for g in f]"],
    ),
    "past_bounds_each": ([make_reader(run) for run in PAST_BOUNDS], ["[g() for g in f]"]),
    "int64_bounds_tuple": (make_reader(tuple([I64 - 1, -I64, 0, -1] * 20)), ["f()"]),
    "mixed_widths": (make_reader(MIXED), ["f()", "f()[0][1]"]),
    "one_short_and_exact": ([make_reader(SHORT), make_reader(EXACT)], ["[g() for g in f]"]),
    "broken_runs": (
        {k: make_reader(v) for k, v in BROKEN_BY.items()},
        ["sorted((k, g()) for k, g in f.items())"],
    ),
    "nested_and_dict_values": (
        make_describer(
            {"list": list(range(-64, 64)), "tuple": tuple(range(64)), "deep": [[list(range(70))]]}
        ),
        ["f()"],
    ),
    "list_of_tuples": (make_describer([tuple(range(i, i + 80)) for i in range(3)]), ["f()"]),
    "shared_list": (make_shared(list(range(-500, 500))), ["f[0]()", "f[1]()", "f[0]()"]),
    "defaults": (
        with_default,
        ["f()", "f(tuple(range(64)))[0]", "inspect.signature(f).parameters['xs'].default[:3]"],
    ),
    "globals": (read_globals, ["f()"]),
}

"""Long data that dumps writes as bytes straight into the payload (issue 9): long runs of exact
ints (lists and tuples) and long bytes values, in closure cells and in shared value sections, side
by side, and runs that only look like them (a bool, a wide int, a float among the ints). (A root
holding a nan with its bits is in test_fmt: the shortcuts child wants a capture's format to be
what its nodes need, and the writer, not the capture, makes such a payload format 3.)"""

RUN = list(range(-300, 700))
WIDE = [2**64 + i for i in range(300)]
BLOB = bytes(range(256)) * 5
# Runs of decimal integers without a sign, long enough for the parser to read them as one run
# (_fmt._decimal_run), and one that a negative number at its end sends part by part.
POSITIVE = [(i * 7919) % 1000003 for i in range(3000)]


def make_reader(a, b):
    def read(i):
        return a[i % len(a)], b[i % len(b)], len(a), len(b), type(a).__name__, type(b).__name__

    return read


def make_shared(data):
    def first():
        return data

    def second():
        return data

    return first, second


def make_summary(data):
    def summary():
        total = sum(data[:-1])
        return len(data), total, [type(x).__name__ for x in data[-3:]], data[-1] % 1000

    return summary


CASES = {
    "int_list_and_blob": (make_reader(RUN, BLOB), ["f(0)", "f(999)", "f(12345)"]),
    "int_tuple_and_wide_ints": (make_reader(tuple(RUN), WIDE), ["f(0)", "f(299)", "f(-1)"]),
    "shared_run": (
        make_shared(list(range(5000))),
        ["f[0]() is f[1]()", "sum(f[0]())", "f[0]().append(-1) or f[1]()[-1]"],
    ),
    "ints_then_a_bool": (make_summary(RUN + [True]), ["f()"]),
    "a_bool_then_ints": (make_summary([False] + RUN), ["f()"]),
    "ints_then_a_float": (make_summary(RUN + [1.5]), ["f()"]),
    "ints_then_too_wide_for_decimal": (make_summary(RUN + [1 << 4001]), ["f()"]),
    "positive_run_and_wide_tuple": (make_reader(POSITIVE, tuple(WIDE)), ["f(0)", "f(2999)", "f(-7)"]),
    "positive_run_then_a_negative": (make_summary(POSITIVE + [-5]), ["f()"]),
    "positive_run_then_a_bool": (make_summary(POSITIVE + [True]), ["f()"]),
}

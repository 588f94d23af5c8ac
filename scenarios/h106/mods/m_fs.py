TABLE = frozenset({"x", "y"})
def f(x):
    return TABLE

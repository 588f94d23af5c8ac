TABLE = {"a": 1, "b": 4.0, "c": "x"}
def f(x):
    return TABLE[x]

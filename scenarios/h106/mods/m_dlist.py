TABLE = {"a": [1, 2, 3]}
def f(x):
    return TABLE[x]

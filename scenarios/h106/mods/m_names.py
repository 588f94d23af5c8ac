NAMES = ["alpha", "beta", "gamma"]
def f(x):
    return NAMES[x]

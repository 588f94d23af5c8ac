SCALE = 2.5
def f(x):
    return x * SCALE

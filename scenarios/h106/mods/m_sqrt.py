from math import sqrt
def f(x):
    return sqrt(x)

def helper(x):
    return x
def f(x):
    return helper(x)

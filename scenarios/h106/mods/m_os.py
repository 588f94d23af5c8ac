import os.path
def f(x):
    return os.path.join("a", x)

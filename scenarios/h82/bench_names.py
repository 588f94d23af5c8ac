"""Warm dumps of a function reading 20 instances, a shared dict, a lambda and a helper (`main`), or
of a plain function (`plain`): 201 dumps, for callgrind (see README)."""
import sys
import srcpickle

class Item:
    def __init__(self, v):
        self.v = v

ITEMS = [Item(i) for i in range(20)]
SHARED = {"k": [1, 2]}
ALIAS = SHARED
square = lambda x: x * x

def helper(y):
    return y + 1

def main(x):
    return len(ITEMS) + len(SHARED) + len(ALIAS) + helper(x) + square(x)

def plain(x, y=2):
    return x + y

what = main if sys.argv[1] == "main" else plain
srcpickle.dumps(what)
for _ in range(200):
    srcpickle.dumps(what)

"""A user script: instances of classes whose __slots__ is a set or a frozenset."""
import sys, srcpickle
class P:
    __slots__ = {"alpha", "beta", "gamma", "delta"}
    def __init__(self):
        self.alpha, self.beta, self.gamma, self.delta = 1, 2, 3, 4
class Q:
    __slots__ = frozenset({"x1", "x2", "x3"})
INST = P()
q = Q(); q.x1 = 1; q.x2 = 2; q.x3 = 3
def f():
    return INST, q
sys.stdout.write(srcpickle.dumps(f).decode())

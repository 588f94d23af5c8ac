"""Dumped on 3.9: names that later Pythons removed or moved."""
import collections
import sys
import srcpickle
import typing
import asyncio


def is_map(x):
    return isinstance(x, collections.Mapping)


def seq_abc(x):
    from collections import Sequence
    return isinstance(x, Sequence)


class Registry(collections.MutableMapping):
    def __init__(self):
        self.d = {}

    def __getitem__(self, k):
        return self.d[k]

    def __setitem__(self, k, v):
        self.d[k] = v

    def __delitem__(self, k):
        del self.d[k]

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)


def uses_registry():
    r = Registry()
    r["a"] = 1
    return dict(r)


out = sys.argv[1]
for fn in (is_map, seq_abc, uses_registry):
    srcpickle.dump(fn, f"{out}/{fn.__name__}.srcpickle")

# ruff: noqa
"""Instances of the user's classes as dict keys and set items, hashed from their state."""

import dataclasses


class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, other):
        return isinstance(other, Key) and (self.a, self.b) == (other.a, other.b)

    def __hash__(self):
        return hash((self.a, self.b))


@dataclasses.dataclass(frozen=True)
class FKey:
    name: str
    n: int = 0


class Node:
    def __init__(self, name):
        self.name = name
        self.peers = set()

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        return isinstance(other, Node) and other.name == self.name


A, B = Node("a"), Node("b")
A.peers.add(B)
B.peers.add(A)  # a cycle through sets of hashed instances

TABLE = {Key(1, 2): "k12", FKey("x"): "fx", (Key(3, 4), FKey("y", 1)): "tuple"}
SEEN = {Key(5, 6), FKey("z")}
FROZEN = frozenset({Key(7, 8)})


def lookups():
    return [
        TABLE.get(Key(1, 2)),
        TABLE.get(FKey("x")),
        TABLE.get((Key(3, 4), FKey("y", 1))),
        Key(5, 6) in SEEN,
        FKey("z") in SEEN,
        Key(7, 8) in FROZEN,
        B in A.peers,
        A in B.peers,
        Node("a") in B.peers,
    ]


def plain_lookups():
    return [
        TABLE.get(Key(1, 2)),
        TABLE.get(FKey("x")),
        TABLE.get((Key(3, 4), FKey("y", 1))),
        Key(5, 6) in SEEN,
        FKey("z") in SEEN,
        Key(7, 8) in FROZEN,
    ]


# hashed_cycle: A and B each hold the other in a set. Loading fails (LoadError: 'Node' object has
# no attribute 'name'): the set is filled before the state of the instance it holds is set, as
# with pickle and cloudpickle (lead 5 of the README).
CASES = {"hashed_instances": (plain_lookups, ["f()"]), "hashed_cycle": (lookups, ["f()"])}

from typing import Self


def star(n):
    try:
        raise ExceptionGroup("g", [ValueError(n), TypeError(n)])
    except* ValueError as eg:
        got = [str(e) for e in eg.exceptions]
    except* TypeError:
        pass
    return got


class Node:
    def me(self) -> Self:
        return self


def self_user():
    return type(Node().me()).__name__


def starred_index(d, *idx):
    return d[*idx]


ITEMS = {"star": (star, "f(3)"), "self_user": (self_user, "f()"), "starred_index": (starred_index, "f({(1,2):3}, 1, 2)")}

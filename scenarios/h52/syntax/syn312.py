type Pair[K] = tuple[K, K]


def first[T](xs: list[T]) -> T:
    return xs[0]


class Stack[V]:
    def __init__(self) -> None:
        self.items: list[V] = []

    def push(self, v: V) -> "Stack[V]":
        self.items.append(v)
        return self


def use_stack(v):
    return Stack[int]().push(v).items


def nested_fstr(d):
    return f"{d["k"]} {f"{d["k"]:{"<"}3}"}|{"\n".join(["a", "b"])}"


def fstr_comment(x):
    return f"{x  # the value
    }"


def alias_user() -> Pair[int]:
    return (1, 2)


def alias_value():
    return Pair.__value__


ITEMS = {"first": (first, "f([4,5])"), "use_stack": (use_stack, "f(3)"), "nested_fstr": (nested_fstr, "f({'k': 'v'})"),
         "fstr_comment": (fstr_comment, "f(2)"), "alias_user": (alias_user, "f()"), "alias_value": (alias_value, "repr(f())"),
         "Pair": (Pair, "(f.__name__, repr(f.__value__))")}

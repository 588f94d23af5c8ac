"""Deep data round-trips on every Python with no RecursionError (issue 8): lists, tuples and dicts
nested 10,000 deep, and a linked list of 5,500 instances, captured and built without recursion."""

# Past every C recursion limit (3.13's is 10,000 levels), not only Python's 1,000 frames.
DEPTH = 10_000
# A C-level walk through the chain (the C pickler's, for one) takes two levels per instance, one
# for it and one for its __dict__: 5,500 instances are 11,000 levels. The chain was 10,000 long:
# it was half the CPU of this file's dumps and loads (payload 1.1 MB), run on every interpreter.
CHAIN_LENGTH = 5_500


def nested_lists(depth):
    root = current = []
    for _ in range(depth):
        inner = []
        current.append(inner)
        current = inner
    current.append("bottom")
    return root


def nested_tuples(depth):
    value = ("bottom",)
    for _ in range(depth):
        value = (value,)
    return value


def nested_dicts(depth):
    value = {"end": True}
    for level in range(depth):
        value = {"level": level, "next": value}
    return value


class Node:
    def __init__(self, value, next_node=None):
        self.value = value
        self.next = next_node


def linked(length):
    head = None
    for value in reversed(range(length)):
        head = Node(value, head)
    return head


LISTS = nested_lists(DEPTH)
TUPLES = nested_tuples(DEPTH)
DICTS = nested_dicts(DEPTH)
CHAIN = linked(CHAIN_LENGTH)


def list_depth():
    depth, current = 0, LISTS
    while current and isinstance(current[0], list):
        depth, current = depth + 1, current[0]
    return depth, current


def tuple_depth():
    depth, current = 0, TUPLES
    while isinstance(current[0], tuple):
        depth, current = depth + 1, current[0]
    return depth, current


def dict_depth():
    depth, current = 0, DICTS
    while "next" in current:
        depth, current = depth + 1, current["next"]
    return depth, current


def chain_sum():
    total, count, node = 0, 0, CHAIN
    while node is not None:
        total, count, node = total + node.value, count + 1, node.next
    return count, total


CASES = {
    "lists_10000_deep": (list_depth, ["f()"]),
    "tuples_10000_deep": (tuple_depth, ["f()"]),
    "dicts_10000_deep": (dict_depth, ["f()"]),
    "linked_list_of_5500_instances": (chain_sum, ["f()"]),
    "deep_list_as_root": (LISTS, ["len(f)", "f[0][0][0] == [[[]]] or True"]),
}

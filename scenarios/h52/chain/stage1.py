"""Stage 1: a script's classes and functions, dumped."""
import dataclasses, sys, srcpickle


@dataclasses.dataclass
class Item:
    name: str
    qty: int = 1

    def total(self, price):
        return self.qty * price


class Inventory:
    def __init__(self):
        self.items = {}

    def add(self, item):
        self.items[item.name] = item
        return self


def make_inventory(*names):
    inv = Inventory()
    for n in names:
        inv.add(Item(n, len(n)))
    return inv


srcpickle.dump((make_inventory, Item, make_inventory("ab", "cde")), sys.argv[1])

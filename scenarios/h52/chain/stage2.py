"""Stage 2 (another interpreter): load stage 1, write new code over what it loaded, dump again."""
import sys, srcpickle

make_inventory, Item, inv = srcpickle.load(sys.argv[1])


def report(names):
    inv2 = make_inventory(*names)
    return sorted((i.name, i.total(2)) for i in inv2.items.values())


class Special(Item):
    def total(self, price):
        return super().total(price) * 10


def special_total(n):
    return Special(n, 2).total(3), isinstance(Special(n), Item)


srcpickle.dump((report, special_total, inv, Item("z", 5)), sys.argv[2])
print("stage2", report(["x", "yy"]), special_total("q"), sorted(inv.items))

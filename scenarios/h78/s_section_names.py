import sys
VARIANT = sys.argv[1]
import srcpickle

class Item:
    def __init__(self, v):
        self.v = v

ITEMS = [Item(1), Item(2), Item(3)]
SHARED = {"k": [1, 2]}
ALIAS = SHARED
if VARIANT == "front":
    ITEMS.insert(0, Item(0))
if VARIANT == "alias":
    AAA = SHARED

def main(x):
    return len(ITEMS) + len(SHARED) + len(ALIAS) + (len(AAA) if VARIANT == "alias" else 0) + (VARIANT == "x")

sys.stdout.write(srcpickle.dumps(main).decode())

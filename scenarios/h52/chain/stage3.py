import sys, srcpickle
report, special_total, inv, item = srcpickle.load(sys.argv[1])
print("stage3", report(["x", "yy"]), special_total("q"), sorted(inv.items), item, item.total(2), type(item) is type(inv.items["ab"]))
data = srcpickle.dumps((report, special_total, inv, item))
open(sys.argv[1] + ".again", "wb").write(data)

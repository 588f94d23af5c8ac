"""Per-function difference of the warm cost of two trees: cgdiff2.py NEW_HI NEW_LO OLD_HI OLD_LO COUNT
(each a callgrind output; (NEW_HI - NEW_LO - (OLD_HI - OLD_LO)) / COUNT, exclusive)."""

import sys

sys.argv, args = sys.argv[:1], sys.argv[1:]
from cgdiff import table  # noqa: E402

nh, nl, oh, ol = (table(p, False) for p in args[:4])
count = int(args[4])
keys = set(nh) | set(nl) | set(oh) | set(ol)
rows = sorted(((nh.get(k, 0) - nl.get(k, 0) - oh.get(k, 0) + ol.get(k, 0)) / count, k) for k in keys)
for value, name in rows[:10] + [(0, "...")] + rows[-15:]:
    print(f"{value:10,.0f}  {name[:120]}")
print(f"total {sum(v for v, _ in rows):,.0f}")

"""Exclusive instructions per C function, difference of two callgrind outputs (issue 9, h110).

    callgrind_annotate A.out > A.txt; callgrind_annotate B.out > B.txt
    python scenarios/h110/cgdiff.py A.txt B.txt [N]
prints the N functions whose own instructions grew most from A to B (and the total)."""
import collections
import re
import sys

LINE = re.compile(r"^\s*([\d,]+) \([^)]*\)\s+(\S.*?)(?: \[[^\]]*\])?$")


def load(path):
    out = collections.Counter()
    for line in open(path):
        m = LINE.match(line)
        if m and "PROGRAM TOTALS" not in line:
            name = m.group(2).split(":", 1)[-1]
            out[name.rstrip("'0123456789")] += int(m.group(1).replace(",", ""))
    return out


a, b = load(sys.argv[1]), load(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 40
diff = {k: b[k] - a[k] for k in set(a) | set(b)}
for k, v in sorted(diff.items(), key=lambda kv: -kv[1])[:n]:
    print(f"{v:10d} {k}")
print(f"{sum(diff.values()):10d} total")

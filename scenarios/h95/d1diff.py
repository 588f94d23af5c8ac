"""L1 data misses per function and per warm dumps, from two callgrind --cache-sim=yes runs
(wd.py with N high and low): d1diff.py HIGH.cg LOW.cg COUNT [ROWS]. Prints the total per dumps
(Ir, D1 misses) and the functions with the most D1 misses (exclusive)."""

import re
import subprocess
import sys


def table(path):
    out = subprocess.run(
        ["callgrind_annotate", "--threshold=100", "--show=Ir,D1mr,D1mw", "--sort=D1mr", path],
        capture_output=True,
        text=True,
    ).stdout
    rows, total = {}, None
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+([\d,]+) \([^)]*\)\s+([\d,]+) \([^)]*\)\s+(.*)", line)
        if not m:
            continue
        nums = [int(g.replace(",", "")) for g in m.groups()[:3]]
        name = re.sub(r" \[.*\]$", "", m.group(4))
        name = re.sub(r"^.*?/(Python-[\d.]+/)?", "", name) if "/" in name.split(":")[0] else name
        if "PROGRAM TOTALS" in line:
            total = nums
        else:
            old = rows.get(name, [0, 0, 0])
            rows[name] = [a + b for a, b in zip(old, nums)]
    return rows, total


hi, hit = table(sys.argv[1])
lo, lot = table(sys.argv[2])
count = int(sys.argv[3])
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 25
print(f"per dumps: Ir {(hit[0] - lot[0]) // count:,} D1 misses {(hit[1] + hit[2] - lot[1] - lot[2]) // count:,}")
diff = {k: [(v[i] - lo.get(k, [0, 0, 0])[i]) / count for i in range(3)] for k, v in hi.items()}
for name, (ir, r, w) in sorted(diff.items(), key=lambda kv: -(kv[1][1] + kv[1][2]))[:limit]:
    print(f"{r + w:9.0f} D1 miss ({r:7.0f} r {w:7.0f} w) {ir:10.0f} Ir  {name}")

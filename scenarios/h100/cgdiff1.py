"""Exclusive instructions per C function of LOAD - STOP (one measured load, see measure.sh).

Usage: python cgdiff1.py STOP LOAD [N]
"""

from __future__ import annotations

import re
import subprocess
import sys


def table(path: str) -> dict:
    out = subprocess.run(
        ["callgrind_annotate", "--threshold=100", path], capture_output=True, text=True, check=True
    ).stdout
    rows: dict = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)", line)
        if m and "PROGRAM TOTALS" not in line:
            name = re.sub(r"^.*/", "", m.group(2).split(" [")[0])
            rows[name] = rows.get(name, 0) + int(m.group(1).replace(",", ""))
    return rows


stop, load = table(sys.argv[1]), table(sys.argv[2])
n = int(sys.argv[3]) if len(sys.argv) > 3 else 40
diff = {k: load.get(k, 0) - stop.get(k, 0) for k in set(stop) | set(load)}
for name, value in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:n]:
    print(f"{value:>12,}  {name}")
print(f"{sum(diff.values()):>12,}  total")

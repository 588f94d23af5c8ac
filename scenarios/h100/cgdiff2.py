"""Exclusive instructions per C function of (B.load - B.stop) - (A.load - A.stop): where a
change of the measured load (A: base, B: branch) went.

Usage: python cgdiff2.py A.stop A.load B.stop B.load [N]
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


a_stop, a_load, b_stop, b_load = (table(p) for p in sys.argv[1:5])
n = int(sys.argv[5]) if len(sys.argv) > 5 else 40
keys = set(a_stop) | set(a_load) | set(b_stop) | set(b_load)
diff = {k: (b_load.get(k, 0) - b_stop.get(k, 0)) - (a_load.get(k, 0) - a_stop.get(k, 0)) for k in keys}
for name, value in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:n]:
    print(f"{value:>12,}  {name}")
print(f"{sum(diff.values()):>12,}  total")

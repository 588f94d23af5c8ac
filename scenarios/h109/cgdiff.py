"""Inclusive instructions per function name, full run minus empty run (ic.sh with KEEP=F:
F.1 and F.0), divided by 200: where the dumps' instructions go, C functions only.

Usage: python cgdiff.py F [N]   (the N largest, 40 by default)"""

import re
import subprocess
import sys


def inclusive(path):
    out = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
        capture_output=True, text=True, check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(\S+?)(?: \[.*\])?$", line)
        if m and ":" in m.group(2):
            name = m.group(2).rsplit(":", 1)[1]
            value = int(m.group(1).replace(",", ""))
            found[name] = max(found.get(name, 0), value)
    return found


full, empty = inclusive(sys.argv[1] + ".1"), inclusive(sys.argv[1] + ".0")
n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
rows = sorted(((full[k] - empty.get(k, 0)) // 200, k) for k in full)
for value, name in rows[::-1][:n]:
    print(f"{value:>12,}  {name}")

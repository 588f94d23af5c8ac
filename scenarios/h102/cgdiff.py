"""Per-function (exclusive or inclusive) difference of two callgrind_annotate outputs, divided by a
count: cgdiff.py HIGH.cg LOW.cg COUNT [--inclusive]."""

import re
import subprocess
import sys


def table(path, inclusive):
    args = ["callgrind_annotate", "--threshold=100"] + (["--inclusive=yes"] if inclusive else []) + [path]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*)", line)
        if m and "PROGRAM TOTALS" not in line:
            name = re.sub(r"/tmp/python-build[^ ]*?Python-3\.11\.7/", "", m.group(2))
            name = re.sub(r" \[.*\]$", "", name)
            rows[name] = rows.get(name, 0) + int(m.group(1).replace(",", ""))
    return rows


if __name__ == "__main__":
    hi, lo, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    inclusive = "--inclusive" in sys.argv
    a, b = table(hi, inclusive), table(lo, inclusive)
    diff = sorted(((a.get(k, 0) - b.get(k, 0)) / count, k) for k in set(a) | set(b))
    for value, name in reversed(diff[-60:]):
        print(f"{value:12,.0f}  {name[:140]}")

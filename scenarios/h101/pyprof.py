"""Instructions per Python function (inclusive), from callgrind on CPython 3.12 run with
``-X perf`` (each code object gets its own trampoline, which callgrind names by address; the
perf map names the address): pyprof.py OUT.cg PERF.map [OUT_LOW.cg PERF_LOW.map COUNT].

With a low run, prints (high - low) / COUNT per function. Recursive entries ('N) are left out:
the top-level entry of a function holds its calls' cost once."""

import re
import subprocess
import sys


def table(cg, perfmap):
    names = {}
    for line in open(perfmap):
        start, _, name = line.rstrip("\n").split(" ", 2)
        names[int(start, 16)] = name
    out = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", cg], capture_output=True, text=True
    ).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\?\?\?:0x([0-9a-f]+)( \[|$)", line)
        if m:
            name = names.get(int(m.group(2), 16))
            if name:
                rows[name] = rows.get(name, 0) + int(m.group(1).replace(",", ""))
    return rows


if __name__ == "__main__":
    hi = table(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3:
        lo = table(sys.argv[3], sys.argv[4])
        count = int(sys.argv[5])
    else:
        lo, count = {}, 1
    rows = sorted(((hi.get(k, 0) - lo.get(k, 0)) / count, k) for k in set(hi) | set(lo))
    for value, name in reversed(rows[-int(sys.argv[6]) if len(sys.argv) > 6 else -80 :]):
        print(f"{value:12,.0f}  {name[:150]}")

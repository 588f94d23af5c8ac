"""Per-function instruction differences (inclusive and self) between two callgrind outputs.
Usage: python cgdiff.py BASE.out NEW.out [N]"""
import re
import subprocess
import sys


def costs(path, inclusive):
    out = subprocess.run(
        ["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
        capture_output=True, text=True, check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(\S.*)", line)
        if m:
            found[m.group(2)] = found.get(m.group(2), 0) + int(m.group(1).replace(",", ""))
    return found


n = int(sys.argv[3]) if len(sys.argv) > 3 else 40
for inclusive in (True, False):
    a, b = costs(sys.argv[1], inclusive), costs(sys.argv[2], inclusive)
    rows = sorted(((b.get(k, 0) - a.get(k, 0), k) for k in set(a) | set(b)), reverse=True)
    print("== inclusive" if inclusive else "== self")
    for d, k in rows[:n]:
        print(f"{d:>12,}  {k[:150]}")

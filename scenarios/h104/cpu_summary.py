"""Summarise the JSON cputime_plugin.py writes: total CPU of the pytest process and of its
children, and the tests (or test functions, parameters folded) that took the most.

    python cpu_summary.py RUN.cpu.json [N]
"""

import collections
import json
import sys

data = json.load(open(sys.argv[1]))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
own, children, wall = data["total"]
print(f"pytest process {own:.1f} s CPU, children {children:.1f} s CPU, {wall:.0f} s wall")
by_function = collections.defaultdict(lambda: [0.0, 0.0, 0])
for nodeid, self_cpu, child_cpu, _ in data["rows"]:
    key = nodeid.split("[")[0]
    by_function[key][0] += self_cpu
    by_function[key][1] += child_cpu
    by_function[key][2] += 1
rows = sorted(by_function.items(), key=lambda item: -(item[1][0] + item[1][1]))
for key, (self_cpu, child_cpu, count) in rows[:top]:
    print(f"{self_cpu + child_cpu:8.1f} {self_cpu:7.1f} {child_cpu:7.1f} {count:5d}  {key}")

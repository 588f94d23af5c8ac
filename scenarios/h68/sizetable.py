"""The size column of two benchmarks/run.py --json outputs side by side: sizetable.py BEFORE AFTER."""

import json
import sys


def sizes(path):
    out = {}
    for wl in json.load(open(path))["workloads"]:
        cells = {row["library"]: row["cells"]["size"]["value"] for row in wl["rows"]}
        out[wl["workload"]] = (cells.get("srcpickle"), cells.get("cloudpickle"))
    return out


before, after = sizes(sys.argv[1]), sizes(sys.argv[2])
print(f"| workload | before (bytes, x cloudpickle) | after | cloudpickle |")
print("| --- | ---: | ---: | ---: |")
for name, (src, cp) in before.items():
    new = after[name][0]
    print(f"| {name} | {src:,.0f} ({src / cp:.3f}x) | {new:,.0f} ({new / cp:.3f}x) | {cp:,.0f} |")

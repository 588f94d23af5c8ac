"""Summarize outcomes-before.txt and outcomes-after.txt (families.py's output on the base commit
and on this branch) as one table: python summarize.py > OUTCOMES.md"""

from __future__ import annotations

import re


def blocks(path):
    found, name, lines = {}, None, []
    for line in open(path, encoding="utf-8"):
        if line.startswith("=== "):
            if name:
                found[name] = lines
            name, lines = line[4:].strip(), []
        elif name:
            lines.append(line.rstrip("\n"))
    if name:
        found[name] = lines
    return found


def short(lines):
    per = {}
    for line in lines:
        m = re.match(r"  \[([^\]]+)\] (load|warn|call): (.*)", line)
        if not m:
            continue
        py, kind, text = m.groups()
        if kind == "load":
            per[py] = "ok" if text == "ok" else text.split(":")[0]
        elif kind == "warn":
            per[py] += " +" + text.split(":")[0].replace("DependencyVersionWarning", "VersionWarning")
        elif kind == "call":
            per[py] += " -> " + (
                "RAISED " + text.split(":")[0].split()[-1] if text.startswith("RAISED") else text
            )
    if not per:
        return " ".join(lines)[:80]
    values = set(per.values())
    if len(values) == 1:
        return f"{', '.join(per)}: {values.pop()}"
    return "; ".join(f"{py}: {v}" for py, v in per.items())


before, after = blocks("outcomes-before.txt"), blocks("outcomes-after.txt")
print("| scenario | before (ff7ec8b) | after (h67) |")
print("| --- | --- | --- |")
for name in after:
    b = short(before[name]) if name in before else "(not run)"
    a = short(after[name])
    raw_same = name in before and before[name] == after[name]
    mark = "" if name not in before or raw_same else " **changed**" if b != a else " (message changed)"
    print(f"| {name} | {b} | {a}{mark} |")

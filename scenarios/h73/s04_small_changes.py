"""Scenario 4: small edits of a script, dumped before and after: how many payload lines change
(a unified diff, as `git diff` shows a payload without the driver), and which sections are
renamed or reordered though their object did not change."""
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

from common import PY311, WT, run, scratch

# Another srcpickle to dump with (a checkout of main, to compare): SRCPICKLE_ROOT=/path
ROOT = os.environ.get("SRCPICKLE_ROOT")

BASE = '''\
import sys
import srcpickle

{extra_top}
square = lambda x: x * x
cube = lambda x: x ** 3


def make_adder(n):
    def add(x):
        return x + n
    return add


add1 = make_adder(1)
add2 = make_adder(2)


def helper(x):
    return x - 1


def tool(x):
    return 2 * x


class Item:
    def __init__(self, v):
        self.v = v

    def show(self):
        return f"<{{self.v}}>"


ITEMS = [Item(1), Item(2), Item(3)]
SHARED = {{"k": [1, 2]}}
ALIAS = SHARED
{extra}

def main(x):
    {body}
    return square(x) + cube(x) + add1(x) + add2(x) + helper(x) + tool(x) + len(ITEMS) + len(SHARED) + len(ALIAS){uses}


sys.stdout.buffer.write(srcpickle.dumps(main))
'''

VARIANTS = {
    "base": dict(extra_top="", extra="", body="x = x", uses=""),
    "one-line body change": dict(extra_top="", extra="", body="x = x + 0", uses=""),
    "new lambda global (sorts first)": dict(extra_top="", extra="abs_ = lambda x: abs(x)\n", body="x = x", uses=" + abs_(x)"),
    "new lambda global (sorts last)": dict(extra_top="", extra="zz = lambda x: 0\n", body="x = x", uses=" + zz(x)"),
    "new closure from the same factory (sorts first)": dict(extra_top="", extra="add0 = make_adder(0)\n", body="x = x", uses=" + add0(x)"),
    "new item at the front of ITEMS": dict(extra_top="", extra="ITEMS.insert(0, Item(0))\n", body="x = x", uses=""),
    "a list attribute on the first item of ITEMS": dict(extra_top="", extra="ITEMS[0].extra = [1]\n", body="x = x", uses=""),
    "new alias of SHARED sorting first": dict(extra_top="", extra="AAA = SHARED\n", body="x = x", uses=" + len(AAA)"),
    "a line added at the top of the file": dict(extra_top="# a comment\n", extra="", body="x = x", uses=""),
}


def text(variant: str, folder: Path) -> str:
    script = folder / f"script.py"
    script.write_text(BASE.format(**VARIANTS[variant]))
    return run(script, env={"PYTHONPATH": ROOT} if ROOT else None).decode()


def srcpickle_diff(before: str, after: str, folder: Path) -> str:
    """The summary line of `srcpickle diff` (always this worktree's) of the two payloads."""
    (folder / "a.srcpickle").write_text(before)
    (folder / "b.srcpickle").write_text(after)
    proc = subprocess.run([PY311, "-m", "srcpickle", "diff", str(folder / "a.srcpickle"), str(folder / "b.srcpickle")],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(WT)})
    return next((l for l in proc.stdout.splitlines() if l.startswith("summary:")), proc.stdout[-300:])


def ids(payload: str):
    return re.findall(r"^\[(\w+) (.*)\]$", payload, re.M)


folder = scratch()
base = text("base", folder)
if "-v" in sys.argv:
    print(base)
for variant in VARIANTS:
    if variant == "base":
        continue
    other = text(variant, folder)
    diff = [l for l in difflib.unified_diff(base.splitlines(), other.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    before, after = ids(base), ids(other)
    renamed = sorted(set(before) - set(after))
    print(f"{variant}: {len(diff)} changed lines; sections gone/renamed: {renamed}; new: {sorted(set(after) - set(before))}")
    print(f"    srcpickle diff {srcpickle_diff(base, other, folder)}")
    if "-v" in sys.argv:
        print("\n".join("    " + l for l in diff))

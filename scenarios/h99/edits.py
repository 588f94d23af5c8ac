"""Measure how a payload's text changes under edits unrelated to most of its sections.

    [TREE=DIR] python scenarios/h92/edits.py [PYTHON] [-v] [--encodings]

(h82's script, with h92's edit kinds, and h99's: classes and closures one factory made held in
a list, fully identical lambdas, lambdas sharing a line.) With ``--encodings``, each payload's absolute ``line:``
fields are also rewritten (as text, here) in the two relative encodings h92 weighed, and the
changed lines counted for each: ``anchor`` (the namespace section holds the first line of its
file's sections, each section ``line: +K`` from it) and ``chain`` (each section ``line: @id + K``
from the section before it in file order, the first one absolute). Run it on a writer that
writes absolute lines (main before h92) for that comparison.

Writes a base script and one variant per edit to a temporary folder, dumps ``main`` of each in a
fresh process (run as a script, as a user's would be), and prints per edit the number of changed
lines of a unified diff and the section ids that changed, appeared or went away.
"""

import difflib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

BASE = """\
{top}import sys
import srcpickle


class Item:
    def __init__(self, v):
        self.v = v


{items}
SHARED = {{"k": [1, 2]}}
ALIAS = SHARED
{alias}{glob}square = lambda x: x * x
TABLE = [{table}lambda x: x + 1, lambda x: x + 2]
B = [Item(9)]
C = [B[0]]
{multi}

def make_box(n):
    class Box:
        size = n

        def get(self):
            return n
    return Box


def mk(xs):
    def f(x):
        return xs + [x]
    return f


BOXES = [{boxes}make_box(1), make_box(2)]
FNS = [{fns}mk([1]), mk([2])]
SAME = [{same}lambda x: x, lambda x: x]
PAIR = [{pair}lambda x: x + 1, lambda x: x * 2]

{funcs}

def main(x):
    return (len(ITEMS), [i.v for i in ITEMS], len(SHARED), len(ALIAS), square(x), TABLE[-1](x),
            first(x), second(x), len(B), len(C), [b().get() for b in BOXES], [f(x) for f in FNS],
            [f(x) for f in SAME], [f(x) for f in PAIR]{uses})


with open(sys.argv[1], "wb") as handle:
    handle.write(srcpickle.dumps(main))
"""

FIRST = "def first(y):\n    return y + 1\n"
SECOND = "def second(y):\n    return y + 2\n"
FIELDS = {
    "top": "",
    "items": "ITEMS = [Item(1), Item(2), Item(3)]",
    "alias": "",
    "glob": "",
    "funcs": FIRST + "\n\n" + SECOND,
    "uses": "",
    "table": "",
    "multi": "",
    "boxes": "",
    "fns": "",
    "same": "",
    "pair": "",
}
EDITS = {
    "insert at the front of a list of instances": {"items": "ITEMS = [Item(0), Item(1), Item(2), Item(3)]"},
    "insert in the middle of a list of instances": {"items": "ITEMS = [Item(1), Item(5), Item(2), Item(3)]"},
    "add a global that sorts first": {"glob": "AAA = Item(7)\n", "uses": ", AAA.v"},
    "add a lambda that sorts first": {"glob": "abs_ = lambda x: abs(x)\n", "uses": ", abs_(x)"},
    "add an alias that sorts first": {"alias": "AAA = SHARED\n", "uses": ", len(AAA)"},
    "reorder two functions in the file": {"funcs": SECOND + "\n\n" + FIRST},
    "add a line at the top of the file": {"top": "# a comment\n"},
    "add a line between two functions": {"funcs": FIRST + "\n\n# a comment\n" + SECOND},
    "add a line to a function's body": {
        "funcs": FIRST.replace("    return", "    y = y\n    return") + "\n\n" + SECOND
    },
    "add a function between two functions": {
        "funcs": FIRST + "\n\ndef third(y):\n    return y\n\n\n" + SECOND,
        "uses": ", third(x)",
    },
    "insert a lambda at the front of a list": {"table": "lambda x: x + 0, "},
    "a third global reaches a shared object through a list, sorting first": {
        "multi": "A = [B[0]]\n",
        "uses": ", len(A)",
    },
    "insert a factory's class at the front of a list": {"boxes": "make_box(0), "},
    "insert a closure over a list at the front of a list": {"fns": "mk([0]), "},
    "insert an identical lambda at the front of a list": {"same": "lambda x: x, "},
    "insert a lambda at the front of a line of lambdas": {"pair": "lambda x: x - 1, "},
}


def dump(python, folder, name, fields):
    os.makedirs(os.path.join(folder, name))
    script = os.path.join(folder, name, "main.py")
    with open(script, "w") as handle:
        handle.write(BASE.format(**{**FIELDS, **fields}))
    out = os.path.join(folder, name + ".srcpickle")
    env = dict(os.environ, PYTHONPATH=os.environ.get("TREE", ROOT), PYTHONHASHSEED="0")
    subprocess.run([python, script, out], check=True, env=env, cwd=folder)
    with open(out) as handle:
        return handle.read()


def sections(text):
    parts = re.split(r"^\[\w+ (.+)\]\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def relative(text, how):
    """``text`` with its absolute ``line:`` fields written in encoding ``how`` (see above)."""
    parts = re.split(r"^(\[\w+ .+\]\n)", text, flags=re.M)
    heads, bodies = parts[1::2], parts[2::2]
    found = []  # (namespace, line, id, index)
    for index, (head, body) in enumerate(zip(heads, bodies)):
        line = re.search(r"^line: (\d+)$", body, flags=re.M)
        namespace = re.search(r"^namespace: @(.+)$", body, flags=re.M)
        if line and namespace:
            found.append((namespace.group(1), int(line.group(1)), head[1:-2].split(" ", 1)[1], index))
    found.sort()
    anchors, previous, new = {}, {}, {}
    for namespace, line, node_id, index in found:
        if how == "anchor":
            anchors.setdefault(namespace, line)
            new[index] = f"line: +{line - anchors[namespace]}"
        else:
            before = previous.get(namespace)
            new[index] = f"line: {line}" if before is None else f"line: @{before[0]} + {line - before[1]}"
            previous[namespace] = (node_id, line)
    out = [parts[0]]
    for index, (head, body) in enumerate(zip(heads, bodies)):
        if index in new:
            body = re.sub(r"^line: \d+$", new[index], body, count=1, flags=re.M)
        if how == "anchor" and head.startswith("[namespace "):
            namespace = head[1:-2].split(" ", 1)[1]
            if namespace in anchors:
                body = body.replace("\n", f"\nfirst-line: {anchors[namespace]}\n", 1)
        out += [head, body]
    return "".join(out)


def changed_lines(old, new):
    old, new = old.splitlines(), new.splitlines()
    diff = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            diff += ["-" + line for line in old[i1:i2]] + ["+" + line for line in new[j1:j2]]
    return diff


def main():
    args = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    python = args[0] if args else sys.executable
    with tempfile.TemporaryDirectory() as folder:
        base = dump(python, folder, "base", {})
        for index, (edit, fields) in enumerate(EDITS.items()):
            text = dump(python, folder, f"edit{index}", fields)
            old, new_lines = base.splitlines(), text.splitlines()
            diff = []
            matcher = difflib.SequenceMatcher(None, old, new_lines, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    diff += ["-" + line for line in old[i1:i2]] + ["+" + line for line in new_lines[j1:j2]]
            before, after = sections(base), sections(text)
            changed = sorted(k for k in before if k in after and before[k] != after[k])
            gone = sorted(set(before) - set(after))
            new = sorted(set(after) - set(before))
            lines = sum(1 for line in diff if not line[1:].startswith("line: "))
            print(f"== {edit}: {len(diff)} changed lines, {lines} of them not a line: field")
            print(f"   changed {changed}\n   gone {gone}\n   new {new}")
            if "-v" in sys.argv:
                print("\n".join("   " + line for line in diff))
            if "--encodings" in sys.argv:
                for how in ("anchor", "chain"):
                    moved = changed_lines(relative(base, how), relative(text, how))
                    lines = sum(1 for line in moved if line[1:].startswith(("line: ", "first-line: ")))
                    print(f"   {how}: {len(moved)} changed lines, {lines} of them line fields")
                    if "-v" in sys.argv:
                        print("\n".join("      " + line for line in moved if "line: " in line))


if __name__ == "__main__":
    main()

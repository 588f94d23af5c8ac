"""Measure how a payload's text changes under edits unrelated to most of its sections.

    python scenarios/h82/edits.py [PYTHON]

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

BASE = '''\
{top}import sys
import srcpickle


class Item:
    def __init__(self, v):
        self.v = v


{items}
SHARED = {{"k": [1, 2]}}
ALIAS = SHARED
{alias}{glob}square = lambda x: x * x
TABLE = [lambda x: x + 1, lambda x: x + 2]


{funcs}

def main(x):
    return (len(ITEMS), [i.v for i in ITEMS], len(SHARED), len(ALIAS), square(x), TABLE[1](x),
            first(x), second(x){uses})


with open(sys.argv[1], "wb") as handle:
    handle.write(srcpickle.dumps(main))
'''

FIRST = "def first(y):\n    return y + 1\n"
SECOND = "def second(y):\n    return y + 2\n"
FIELDS = {
    "top": "",
    "items": "ITEMS = [Item(1), Item(2), Item(3)]",
    "alias": "",
    "glob": "",
    "funcs": FIRST + "\n\n" + SECOND,
    "uses": "",
}
EDITS = {
    "insert at the front of a list of instances": {"items": "ITEMS = [Item(0), Item(1), Item(2), Item(3)]"},
    "insert in the middle of a list of instances": {"items": "ITEMS = [Item(1), Item(5), Item(2), Item(3)]"},
    "add a global that sorts first": {"glob": "AAA = Item(7)\n", "uses": ", AAA.v"},
    "add a lambda that sorts first": {"glob": "abs_ = lambda x: abs(x)\n", "uses": ", abs_(x)"},
    "add an alias that sorts first": {"alias": "AAA = SHARED\n", "uses": ", len(AAA)"},
    "reorder two functions in the file": {"funcs": SECOND + "\n\n" + FIRST},
    "add a line at the top of the file": {"top": "# a comment\n"},
}


def dump(python, folder, name, fields):
    os.makedirs(os.path.join(folder, name))
    script = os.path.join(folder, name, "main.py")
    with open(script, "w") as handle:
        handle.write(BASE.format(**{**FIELDS, **fields}))
    out = os.path.join(folder, name + ".srcpickle")
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")
    subprocess.run([python, script, out], check=True, env=env, cwd=folder)
    with open(out) as handle:
        return handle.read()


def sections(text):
    parts = re.split(r"^\[\w+ (.+)\]\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def main():
    python = sys.argv[1] if len(sys.argv) > 1 else sys.executable
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


if __name__ == "__main__":
    main()

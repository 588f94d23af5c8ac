"""Print the private submodules of the standard library's packages that every interpreter given
has (``email._policybase``): ``_PRIVATE_EVERYWHERE`` in srcpickle/_capture/references.py.

    python tools/stdlib_private.py PYTHON_3.9 ... PYTHON_3.13 PYPY

Each interpreter lists, in a child process, the files and packages of its standard library's
packages (none is imported) whose dotted name has a private part after the first; test
packages, IDLE and the like are left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import List, Set

# Run in each interpreter (the syntax of 3.8).
LIST = r"""
import json, os, sysconfig
root = sysconfig.get_paths()["stdlib"]
skip = {"test", "tests", "idlelib", "site-packages", "dist-packages", "lib2to3", "turtledemo",
        "tkinter", "ensurepip", "pydoc_data", "__pycache__"}
names = set()
for top in sorted(os.listdir(root)):
    path = os.path.join(root, top)
    if top in skip or top.startswith("_") or not os.path.isfile(os.path.join(path, "__init__.py")):
        continue
    for folder, subfolders, files in os.walk(path):
        subfolders[:] = [d for d in subfolders
                         if d not in skip and os.path.isfile(os.path.join(folder, d, "__init__.py"))]
        parts = os.path.relpath(folder, root).split(os.sep)
        found = [f[:-3] for f in files if f.endswith(".py") and not f.startswith("__")] + subfolders
        for name in found:
            dotted = parts + [name]
            if any(part.startswith("_") for part in dotted[1:]):
                names.add(".".join(dotted))
print(json.dumps(sorted(names)))
"""


def main(pythons: List[str]) -> None:
    common: Set[str] = set()
    for number, python in enumerate(pythons):
        listed = subprocess.run([python, "-c", LIST], capture_output=True, text=True, check=True)
        names = set(json.loads(listed.stdout))
        common = names if number == 0 else common & names
    for name in sorted(common):
        print(name)


if __name__ == "__main__":
    main(sys.argv[1:])

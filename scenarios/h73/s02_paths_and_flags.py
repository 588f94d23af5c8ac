"""Scenario 2: the same project dumped from two clones at different absolute paths, from
different working directories, run as a script / by absolute path / with -m, with -O / -OO,
with PYTHONDONTWRITEBYTECODE, and beside another version of an unrelated distribution."""
import shutil
from pathlib import Path

from common import compare, run, scratch

PROJECT = {
    "app/__init__.py": "",
    "app/util.py": '''\
import os.path
import json

BASE = "cfg"


def helper(x):
    """Help."""
    assert x >= 0, "negative"
    return json.dumps({"x": x, "base": BASE, "debug": __debug__})


class Thing:
    """A thing."""

    def __init__(self, n):
        self.n = n

    def joined(self):
        return os.path.join(BASE, str(self.n))
''',
    "main.py": '''\
import sys
import srcpickle
from app import util
from app.util import helper, Thing


def top(x):
    """Top doc."""
    if __debug__:
        x += 1
    return helper(x), Thing(x).joined()


mode = sys.argv[1] if len(sys.argv) > 1 else "value"
if mode == "value":
    data = srcpickle.dumps([top, Thing(3)])
else:
    data = srcpickle.dumps([top, Thing(3)], by_reference=["app"])
sys.stdout.buffer.write(data)
''',
}


def make_clone(root: Path) -> Path:
    for name, text in PROJECT.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


base = scratch()
one = make_clone(base / "alice" / "work" / "proj")
two = make_clone(base / "bob" / "elsewhere" / "deeper" / "proj-copy")
other_cwd = base / "somewhere"
other_cwd.mkdir()

for mode in ("value", "ref"):
    runs = {
        "clone1 cwd=clone": run(one / "main.py", mode, cwd=one),
        "clone2 cwd=clone": run(two / "main.py", mode, cwd=two),
        "clone1 cwd=elsewhere, abs path": run(one / "main.py", mode, cwd=other_cwd, env={"PYTHONPATH": str(one)}),
        "clone1 PYTHONDONTWRITEBYTECODE": run(one / "main.py", mode, cwd=one, env={"PYTHONDONTWRITEBYTECODE": "1"}),
        "clone1 again (pycache warm)": run(one / "main.py", mode, cwd=one),
    }
    compare(f"paths/cwd/bytecode, mode={mode}", runs)
    data = runs["clone1 cwd=clone"]
    for needle in (str(base).encode(), b"alice", b"bob", b"/tmp"):
        if needle in data:
            print(f"   !! payload contains {needle!r}")
    # An unrelated distribution, at two versions, on the path.
    fake = {}
    for version in ("1.0", "2.5"):
        site = base / f"site-{mode}-{version}"
        info = site / f"unrelated_pkg-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: unrelated-pkg\nVersion: {version}\n")
        (info / "top_level.txt").write_text("unrelated_pkg\n")
        (site / "unrelated_pkg").mkdir()
        (site / "unrelated_pkg" / "__init__.py").write_text("")
        fake[f"unrelated {version}"] = run(one / "main.py", mode, cwd=one, env={"PYTHONPATH": str(site)})
    compare(f"unrelated distribution versions, mode={mode}", fake)
    flags = {
        "no flag": run(one / "main.py", mode, cwd=one),
        "-O": run(one / "main.py", mode, cwd=one, flags=("-O",)),
        "-OO": run(one / "main.py", mode, cwd=one, flags=("-OO",)),
    }
    compare(f"optimisation flags, mode={mode}", flags)
print("scratch:", base)

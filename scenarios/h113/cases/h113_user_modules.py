# ruff: noqa
"""User modules (not installed, deleted before loading) reached through aliases, from-imports
as other names, attribute chains through a package, and global writes from two modules."""

import atexit
import os
import shutil
import sys
import tempfile

_DIR = tempfile.mkdtemp(prefix="h113-usermods-")
atexit.register(shutil.rmtree, _DIR, True)


def _write(name, text):
    path = os.path.join(_DIR, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


_write("upkg/__init__.py", "from .sub import tool\nVERSION = '1.0'\n")
_write(
    "upkg/sub/__init__.py",
    "STATE = {'n': 0}\n\ndef tool(x):\n    STATE['n'] += 1\n    return x * 3, STATE['n']\n",
)
_write(
    "umod_a.py",
    "import upkg.sub as s\nfrom upkg.sub import tool as t\nimport upkg\nCOUNT = 0\n\n"
    "def bump():\n    global COUNT\n    COUNT += 1\n    return COUNT\n\n"
    "def via_alias(x):\n    return s.tool(x), t(x), upkg.sub.tool(x), upkg.VERSION, s.STATE is upkg.sub.STATE\n\n"
    "class Thing:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\n\n"
    "THING = Thing(7)\n",
)
_write(
    "umod_b.py",
    "import umod_a\nfrom umod_a import THING, bump\n\n"
    "def read_count():\n    return umod_a.COUNT, THING is umod_a.THING, THING.get()\n\n"
    "def bump_twice():\n    bump()\n    return bump(), umod_a.COUNT\n",
)
sys.path.insert(0, _DIR)

import umod_a  # noqa: E402
import umod_b  # noqa: E402

CASES = {
    "alias_chains": (umod_a.via_alias, ["f(2)", "f(3)"]),
    "two_modules_global": (
        [umod_a.bump, umod_b.read_count, umod_b.bump_twice],
        ["f[1]()", "f[0]()", "f[1]()", "f[2]()", "f[1]()"],
    ),
    "instance_of_module_class": (umod_a.THING, ["f.get()", "type(f).__qualname__", "type(f).__module__"]),
}

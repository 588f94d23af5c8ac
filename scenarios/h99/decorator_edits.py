"""Repros of task 1: a module imported, its file then edited in a decorator line only, then
dumped; the payload loaded in a fresh process. Prints, per case, what dumps did and what the
loaded object gives against the live one.

Run: /work/venv-h99/bin/python scenarios/h99/decorator_edits.py [CASE ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.dirname(os.path.dirname(HERE))

HELPERS = """\
import functools
REG = []


def register(fn):
    REG.append(fn.__qualname__)
    return fn


def wrap(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k) * 10
    return wrapper


def scale(n):
    def deco(fn):
        @functools.wraps(fn)
        def scaled(*a, **k):
            return fn(*a, **k) * n
        return scaled
    return deco


def tag(label):
    def deco(cls):
        cls.label = label
        return cls
    return deco
"""

TARGET = """\
from deco_helpers import register, wrap, scale, tag, REG

# slot-a
def plain(x):
    return x + 1

@register
def registered(x):
    return x + 2

@wrap
def wrapped(x):
    return x + 3

@scale(2)
def scaled(x):
    return x + 4

class Box:
    # slot-m
    def get(self, x):
        return x + 5

    @scale(2)
    def twice(self, x):
        return x + 6

    @staticmethod
    def stat(x):
        return x + 7

# slot-c
class Plain:
    def get(self):
        return 1

@tag("a")
class Tagged:
    def get(self):
        return 2

def outer():
    # slot-n
    def inner(x):
        return x + 8
    return inner

def outer2():
    @wrap
    def inner2(x):
        return x + 9
    return inner2

INNER = outer()
INNER2 = outer2()

class Last:
    def only(self, x):
        return x + 10

class Empty:
    size = 3
"""

# name: (old, new, object dumped, expression on the loaded object `fn`)
CASES = {
    "def-add": ("# slot-a\ndef plain", "@wrap\ndef plain", "plain", "fn(1)"),
    "def-add-shift": ("def plain", "@wrap\ndef plain", "plain", "fn(1)"),
    "def-remove-register": ("@register\ndef registered", "# gone\ndef registered", "registered", "fn(1)"),
    "def-replace-register": ("@register\ndef registered", "@wrap\ndef registered", "registered", "fn(1)"),
    "def-remove-wrap": ("@wrap\ndef wrapped", "# gone\ndef wrapped", "wrapped", "fn(1)"),
    "def-replace-wrap": ("@wrap\ndef wrapped", "@register\ndef wrapped", "wrapped", "fn(1)"),
    "def-args": ("@scale(2)\ndef scaled", "@scale(3)\ndef scaled", "scaled", "fn(1)"),
    "method-add-class": ("    # slot-m\n    def get", "    @wrap\n    def get", "Box", "fn().get(1)"),
    "method-add-alone": ("    # slot-m\n    def get", "    @wrap\n    def get", "Box.get", "fn(None, 1)"),
    "method-args-class": (
        "    @scale(2)\n    def twice",
        "    @scale(3)\n    def twice",
        "Box",
        "fn().twice(1)",
    ),
    "method-args-alone": (
        "    @scale(2)\n    def twice",
        "    @scale(3)\n    def twice",
        "Box.twice",
        "fn(None, 1)",
    ),
    "method-remove-static": ("    @staticmethod", "    # static", "Box", "fn().stat(1)"),
    "method-replace-static": ("    @staticmethod", "    @classmethod", "Box", "fn.stat(1)"),
    "class-add": ("# slot-c\nclass Plain", "@tag('b')\nclass Plain", "Plain", "getattr(fn, 'label', None)"),
    "class-args": ('@tag("a")', '@tag("b")', "Tagged", "fn.label"),
    "class-remove": ('@tag("a")', "# gone", "Tagged", "getattr(fn, 'label', None)"),
    "nested-add": ("    # slot-n\n    def inner", "    @wrap\n    def inner", "INNER", "fn(1)"),
    "nested-remove": ("    @wrap\n    def inner2", "    # gone\n    def inner2", "INNER2", "fn(1)"),
    "def-add-shift-stacked": (
        "@register\ndef registered",
        "@wrap\n@register\ndef registered",
        "registered",
        "fn(1)",
    ),
    "method-add-shift-last": ("    def only", "    @wrap\n    def only", "Last", "fn().only(1)"),
    "method-add-shift-alone": ("    def only", "    @wrap\n    def only", "Last.only", "fn(None, 1)"),
    "class-add-shift-empty": ("class Empty", "@tag('b')\nclass Empty", "Empty", "getattr(fn, 'label', None)"),
    "class-add-empty": ("\nclass Empty", "@tag('b')\nclass Empty", "Empty", "getattr(fn, 'label', None)"),
    "nested-add-shift": ("    def inner(x)", "    @wrap\n    def inner(x)", "INNER", "fn(1)"),
    "nested-add-outer": ("    # slot-n\n    def inner", "    @wrap\n    def inner", "outer", "fn()(1)"),
}

DUMP = """
import os, sys, importlib, operator
sys.path.insert(0, {tree!r}); sys.path.insert(0, {tmp!r})
import srcpickle
mod = importlib.import_module("deco_target")
path = mod.__file__
with open(path) as handle:
    text = handle.read()
assert {old!r} in text, "edit does not apply"
with open(path, "w") as handle:  # (closed: PyPy writes a file out when it is closed)
    handle.write(text.replace({old!r}, {new!r}, 1))
st = os.stat(path); os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
obj = operator.attrgetter({obj!r})(mod)
fn = obj
try:
    live = repr({expr})
except Exception as exc:
    live = "raises " + type(exc).__name__
try:
    data = srcpickle.dumps(obj)
except Exception as exc:
    print("DUMPS", type(exc).__name__, str(exc)[:300].replace("\\n", " "))
    raise SystemExit(0)
with open({payload!r}, "wb") as handle:
    handle.write(data)
print("LIVE", live)
"""

LOAD = """
import sys
sys.path.insert(0, {tree!r})
import srcpickle
fn = srcpickle.loads(open({payload!r}, "rb").read())
try:
    print("LOADED", repr({expr}))
except Exception as exc:
    print("LOADED raises", type(exc).__name__, exc)
"""


def run(name: str) -> None:
    old, new, obj, expr = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "deco_helpers.py"), "w") as f:
            f.write(HELPERS)
        with open(os.path.join(tmp, "deco_target.py"), "w") as f:
            f.write(TARGET)
        payload = os.path.join(tmp, "p.srcpickle")
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                DUMP.format(tree=TREE, tmp=tmp, old=old, new=new, obj=obj, expr=expr, payload=payload),
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
        )
        lines = (out.stdout + out.stderr).strip()
        if not os.path.exists(payload):
            print(f"{name:24} {lines}")
            return
        load = subprocess.run(
            [sys.executable, "-I", "-c", LOAD.format(tree=TREE, payload=payload, expr=expr)],
            capture_output=True,
            text=True,
            cwd="/",
        )
        got = (load.stdout + load.stderr).strip().splitlines()
        live = lines.splitlines()[-1]
        verdict = "same" if got and got[-1].split(" ", 1)[1] == live.split(" ", 1)[1] else "DIFFERENT"
        print(f"{name:24} {live:20} {got[-1] if got else load.stderr[-200:]:40} {verdict}")


if __name__ == "__main__":
    for case in sys.argv[1:] or CASES:
        run(case)

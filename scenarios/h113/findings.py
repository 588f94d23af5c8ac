"""The h113 leads left open, each reproduced as a user would meet it: a script of user code in a
temporary folder, dumped by running it, loaded by another script (which has a class Widget of
its own) in a fresh process that cannot import it.

    cd /work/wt-h113 && /work/venv-h113/bin/python scenarios/h113/findings.py [PYTHON ...]

PYTHON: the loading interpreters (default: this one). Prints, per lead, what the original gave
and what the loaded object gives.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LEADS = {
    "nan_identity": (
        """
        NAN = float("nan")
        NANS = [NAN, NAN]
        TABLE = {NAN: "found"}

        def lookup():
            return NANS[0] is NANS[1], NAN in NANS, TABLE.get(NAN)
        """,
        "lookup",
        "obj()",
    ),
    "bound_classmethod": (
        """
        class Config:
            @classmethod
            def make(cls):
                return cls()

        MAKE = Config.make

        def uses():
            return MAKE
        """,
        "uses",
        "(obj().__func__ is obj().__self__.__dict__['make'].__func__, srcpickle.dumps(obj) == data)",
    ),
    "lambda_traceback_line": (
        """
        pair = (lambda: 1 / 0, lambda: [][1])
        """,
        "pair",
        "None",
    ),
    "getsource_of_loaded_class": (
        """
        class Widget:
            '''the dumped one'''
            def size(self):
                return 'dumped'
        """,
        "Widget",
        "__import__('inspect').getsource(obj).splitlines()[1].strip()",
    ),
    "hashed_cycle_through_sets": (
        """
        class Node:
            def __init__(self, name):
                self.name = name
                self.peers = set()

            def __hash__(self):
                return hash(self.name)

            def __eq__(self, other):
                return isinstance(other, Node) and other.name == self.name

        A, B = Node("a"), Node("b")
        A.peers.add(B)
        B.peers.add(A)

        def linked():
            return B in A.peers, A in B.peers
        """,
        "linked",
        "obj()",
    ),
}

# The loading script defines a class Widget of its own, as a user's script may.
LOADER = """
import sys
sys.path.insert(0, {root!r})
import srcpickle


class Widget:
    '''the loading script's own'''


def _raise(fn):
    try:
        fn()
    except Exception as exc:
        return exc


data = open(sys.argv[1], "rb").read()
obj = srcpickle.loads(data)
if isinstance(obj, tuple) and obj and callable(obj[0]) and obj[0].__name__ == "<lambda>":
    import traceback
    exc = _raise(obj[0])
    print(repr(traceback.extract_tb(exc.__traceback__)[-1].line))
else:
    print(repr({probe}))
"""

# Appended to the user's file, which runs as a script (its code lives in __main__).
DUMPER = """

import sys as _sys
_sys.path.insert(0, {root!r})
import srcpickle
obj = {name}
data = srcpickle.dumps(obj)
open(_sys.argv[1], "wb").write(data)
if {name!r} == "pair":
    import traceback
    try:
        obj[0]()
    except Exception as exc:
        print(repr(traceback.extract_tb(exc.__traceback__)[-1].line))
else:
    print(repr({probe}))
"""


def main(pythons: list) -> None:
    pythons = pythons or [sys.executable]
    for lead, (source, name, probe) in LEADS.items():
        with tempfile.TemporaryDirectory() as work:
            folder = os.path.join(work, "user")
            os.mkdir(folder)
            script = os.path.join(folder, "user_script.py")
            with open(script, "w", encoding="utf-8") as handle:
                handle.write(textwrap.dedent(source) + DUMPER.format(root=ROOT, name=name, probe=probe))
            payload = os.path.join(work, "payload.srcpickle")
            original = subprocess.run(
                [sys.executable, script, payload], capture_output=True, text=True, cwd=work
            )
            print(f"{lead}: original {original.stdout.strip() or original.stderr.strip()[-300:]}")
            for python in pythons:
                loader = os.path.join(work, "loader.py")
                with open(loader, "w", encoding="utf-8") as handle:
                    handle.write(LOADER.format(root=ROOT, probe=probe))
                loaded = subprocess.run([python, loader, payload], capture_output=True, text=True, cwd=work)
                print(f"    loaded on {python}: {loaded.stdout.strip() or loaded.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main(sys.argv[1:])

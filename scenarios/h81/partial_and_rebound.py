"""h81: a loaded pair of functions sharing a guarded namespace, dumped one at a time, and a
guarded global rebound by the user after loading.

Run: /work/venv-h81/bin/python scenarios/h81/partial_and_rebound.py
(the children: this Python, which has tomllib, and PYTHON39, which does not)
"""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON39 = os.environ.get(
    "PYTHON39", os.path.join(os.path.expanduser("~"), ".pyenv", "versions", "3.9.18", "bin", "python")
)
MODULE = """\
try:
    import tomllib
    HAS = True
except ImportError:
    tomllib = None
    HAS = False


def f():
    return tomllib is None


def g():
    return HAS
"""
CHECK = """\
import json, os, srcpickle
where = os.environ["WHERE"]
def read(name):
    return open(os.path.join(where, name), "rb").read()
def strip(data):
    return b"".join(line for line in data.splitlines(True) if not line.startswith(b"written-by"))
pair = srcpickle.loads(read("pair.p"))
print("  dumps(pair[0]) == dumps(f):", strip(srcpickle.dumps(pair[0])) == strip(read("f.p")))
print("  dumps(pair[1]) == dumps(g):", strip(srcpickle.dumps(pair[1])) == strip(read("g.p")))
print("  dumps(pair) == p:", strip(srcpickle.dumps(pair)) == strip(read("pair.p")))
f = srcpickle.loads(read("f.p"))
f.__globals__["tomllib"] = json
again = srcpickle.dumps(f)
print("  rebound to json: guard written:", b"[guard " in again, "| loaded again, f():", srcpickle.loads(again)())
"""

with tempfile.TemporaryDirectory() as where:
    with open(os.path.join(where, "h81mod.py"), "w") as file:
        file.write(MODULE)
    env = dict(os.environ, PYTHONPATH=ROOT, WHERE=where)
    dump = (
        "import srcpickle, h81mod, os\n"
        "for name, obj in (('pair', (h81mod.f, h81mod.g)), ('f', h81mod.f), ('g', h81mod.g)):\n"
        "    open(os.path.join(os.environ['WHERE'], name + '.p'), 'wb').write(srcpickle.dumps(obj))\n"
    )
    subprocess.run([sys.executable, "-c", dump], cwd=where, env=env, check=True)
    empty = os.path.join(where, "empty")
    os.mkdir(empty)
    for python in (sys.executable, PYTHON39):
        print(python)
        subprocess.run([python, "-c", CHECK], cwd=empty, env=env, check=True)

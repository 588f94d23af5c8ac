"""h81: guard shapes, dumped where a module ``acmeunits`` is installed, then loaded, called and
dumped again (``dumps(loads(p))``) in fresh processes where it is found and where it is missing.

Run: /work/venv-h81/bin/python scenarios/h81/shapes.py [SHAPE ...]
(any interpreter: PYTHON=/path/to/python for the children; srcpickle from this worktree)
"""

import os
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = os.environ.get("PYTHON", sys.executable)
sys.path.insert(0, HERE)
from shapes_table import SHAPES  # noqa: E402

ACME = "def meters(x):\n    return x * 1000\n"


def run(code, path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, *path]))
    proc = subprocess.run([PYTHON, "-c", code], env=env, capture_output=True, text=True, cwd=path[-1])
    if proc.returncode:
        return "CHILD FAILED: " + proc.stderr.strip().splitlines()[-1]
    return proc.stdout.strip()


def main(names):
    with tempfile.TemporaryDirectory() as where:
        site = os.path.join(where, "site")
        os.makedirs(os.path.join(site, "acmeunits"))
        with open(os.path.join(site, "acmeunits", "__init__.py"), "w") as f:
            f.write(ACME)
        # (a distribution, as pip installs it: else the module is the user's own, by value)
        info = os.path.join(site, "Acme_Units-1.4.2.dist-info")
        os.makedirs(info)
        with open(os.path.join(info, "METADATA"), "w") as f:
            f.write("Metadata-Version: 2.1\nName: Acme-Units\nVersion: 1.4.2\n")
        with open(os.path.join(info, "RECORD"), "w") as f:
            f.write("acmeunits/__init__.py,,\nAcme_Units-1.4.2.dist-info/METADATA,,\n")
        with open(os.path.join(info, "top_level.txt"), "w") as f:
            f.write("acmeunits\n")
        empty = os.path.join(where, "empty")
        code_dir = os.path.join(where, "code")
        os.makedirs(empty)
        os.makedirs(code_dir)
        for name in names or sorted(SHAPES):
            with open(os.path.join(code_dir, "h81_user.py"), "w") as f:
                f.write(textwrap.dedent(SHAPES[name]))
            payload = os.path.join(where, name + ".p")
            out = run(
                "import srcpickle, h81_user\n"
                f"open({payload!r}, 'wb').write(srcpickle.dumps(h81_user.ROOT))\n"
                "print(h81_user.ROOT(2))",
                [site, code_dir],
            )
            data = open(payload, "rb").read() if os.path.exists(payload) else b""
            print(f"== {name}: original f(2) = {out}; guard sections: {data.count(b'[guard ')}")
            for label, path in (("found", [site, where]), ("missing", [empty, where])):
                again = os.path.join(where, name + "-" + label + ".p")
                result = run(
                    "import srcpickle\n"
                    f"p = open({payload!r}, 'rb').read()\n"
                    "f = srcpickle.loads(p)\n"
                    "a = srcpickle.dumps(f)\n"
                    f"open({again!r}, 'wb').write(a)\n"
                    "def strip(t): return b''.join(l for l in t.splitlines(True) if not l.startswith(b'written-by'))\n"
                    "print('f(2) =', f(2), '| redump == p:', strip(a) == strip(p), '| guards in redump:', a.count(b'[guard '))",
                    path,
                )
                print(f"   loaded where {label}: {result}")
                for label2, path2 in (("found", [site, where]), ("missing", [empty, where])):
                    result2 = run(
                        "import srcpickle\n"
                        f"print(srcpickle.loads(open({again!r}, 'rb').read())(2))",
                        path2,
                    )
                    print(f"      its redump loaded where {label2}: f(2) = {result2}")


if __name__ == "__main__":
    main(sys.argv[1:])

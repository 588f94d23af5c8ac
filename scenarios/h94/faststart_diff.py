"""What a child of tests/unit's FastStartPackage (-I -S and a prelude) sees that a child of
IsolatedPackage (-I, site's full start) does not, on every interpreter of the machine.

    cd /work/wt-h94 && /work/venv-h94/bin/python scenarios/h94/faststart_diff.py
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests"))
import unit  # noqa: E402
from srcpickle._pythons import IsolatedPackage  # noqa: E402

PROBE = """
import builtins, json, os, site
print("STATE=" + json.dumps({
    "env": dict(os.environ), "meta": [type(m).__name__ if not isinstance(m, type) else m.__name__ for m in sys.meta_path],
    "hooks": [getattr(h, "__qualname__", getattr(h, "__name__", "")) for h in sys.path_hooks],
    "builtins": sorted(vars(builtins)), "path": sys.path, "prefix": [sys.prefix, sys.exec_prefix, sys.base_prefix],
    "site": [site.PREFIXES, site.ENABLE_USER_SITE, site.getsitepackages(), site.getuserbase()],
    "argv": sys.argv, "cwd": os.getcwd(), "exit": repr(exit), "license": repr(type(license)),
    "distutils": __import__("distutils").__file__ if sys.version_info < (3, 12) or "_distutils_hack" in sys.modules else None,
}))
"""


def state(package, interpreter):
    proc = package.run(interpreter, PROBE, ["a", "b"], extra_path=["/tmp"])
    for line in proc.stdout.splitlines():
        if line.startswith("STATE="):
            return json.loads(line[6:])
    raise AssertionError(proc.stderr)


full, fast = IsolatedPackage(), unit.FastStartPackage()
interpreters = list(unit.interpreters()) + [unit.CURRENT]
for interpreter in interpreters:
    a, b = state(full, interpreter), state(fast, interpreter)
    a["path"] = [p.replace(full.directory, "PKG") for p in a["path"]]
    b["path"] = [p.replace(fast.directory, "PKG") for p in b["path"]]
    a["cwd"] = b["cwd"] = None
    diff = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
    print(interpreter.label, interpreter.path, "fast" if unit._site_state(interpreter.path) else "FULL", diff or "same")
full.close()
fast.close()

"""h80 bug 2 (not fixed): dumps(loads(p)) of a payload with a guard section drops the guard even
where the guarded module is present, so the re-dumped payload requires that module.

Run: /work/venv-h80/bin/python scenarios/h80/redump_drops_guards.py
"""

import os
import subprocess
import sys
import tempfile
import textwrap

MODULE = """\
try:
    import json as fast_json
except ImportError:
    fast_json = None


def f():
    return fast_json is None
"""

with tempfile.TemporaryDirectory() as where:
    with open(os.path.join(where, "h80_guarded.py"), "w") as file:
        file.write(MODULE)
    code = textwrap.dedent(
        """\
        import srcpickle, h80_guarded
        p = srcpickle.dumps(h80_guarded.f)
        again = srcpickle.dumps(srcpickle.loads(p))
        print("guard in p:", b"[guard " in p, "| guard in dumps(loads(p)):", b"[guard " in again)
        print("dumps(loads(p)) == p:", again == p)
        """
    )
    subprocess.run([sys.executable, "-c", code], cwd=where, check=True)

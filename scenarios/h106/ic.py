"""Instructions of one warm srcpickle.dumps of ``f`` in module file MOD (callgrind, the
difference of a process doing N more dumps and one doing none after the same warm-up).

    python scenarios/h106/ic.py MOD.py [N] [--lib=cloudpickle]
"""
import os
import subprocess
import sys
import shutil
import tempfile
from pathlib import Path

# Addresses fixed (no ASLR): id()-keyed dicts probe alike in both processes.
SETARCH = ["setarch", "-R"] if shutil.which("setarch") else []

CHILD = r"""
import sys, importlib
sys.path.insert(0, sys.argv[1])
lib = importlib.import_module(sys.argv[4])
m = importlib.import_module(sys.argv[2])
if sys.argv[4] == "cloudpickle":
    lib.register_pickle_by_value(m)
for _ in range(3):
    lib.dumps(m.f)
for _ in range(int(sys.argv[3])):
    lib.dumps(m.f)
"""


def count(mod: Path, n: int, lib: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        cmd = [sys.executable, "-c", CHILD, str(mod.parent), mod.stem, str(n), lib]
        subprocess.run([*SETARCH, "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
                       check=True, capture_output=True, env=dict(os.environ, PYTHONHASHSEED="0"))
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no totals")


args = [a for a in sys.argv[1:] if not a.startswith("--")]
lib = "cloudpickle" if "--lib=cloudpickle" in sys.argv else "srcpickle"
mod = Path(args[0]).resolve()
n = int(args[1]) if len(args) > 1 else 20
print(mod.stem, lib, (count(mod, n, lib) - count(mod, 0, lib)) // n)

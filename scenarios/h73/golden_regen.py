"""Which golden payloads does this writer write differently? make_golden.py run as a script from
a scratch copy (so that it writes there) with each srcpickle given (directories to put on
PYTHONPATH; default: the worktree), the payloads compared, but for written-by: with two, with
each other; with one, with those stored in tests/corpus/golden (``line:`` fields aside, since
make_golden.py has grown since they were written)."""
import shutil
import subprocess
import sys
from pathlib import Path

from common import PY311, WT, diff, scratch, without_written_by


def regen(root: str) -> dict:
    work = scratch()
    for name in ("make_golden.py", "golden_check.py"):
        shutil.copy(WT / "tests/corpus" / name, work / name)
    env = {"PYTHONPATH": root, "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    proc = subprocess.run([PY311, "make_golden.py"], cwd=work, capture_output=True, text=True, env=env)
    if proc.returncode:
        print(proc.stdout[-2000:], proc.stderr[-3000:])
    return {f"{p.parent.name}/{p.name}": without_written_by(p.read_bytes()) for p in (work / "golden").glob("v*/*.srcpickle")}


def no_lines(data: bytes) -> bytes:
    return b"".join(l for l in data.splitlines(True) if not l.startswith(b"line: "))


args = [a for a in sys.argv[1:] if a != "-v"]
if len(args) == 2:
    a, b = regen(args[0]), regen(args[1])
else:
    b = regen(args[0] if args else str(WT))
    a = {f"{p.parent.name}/{p.name}": without_written_by(p.read_bytes()) for p in (WT / "tests/corpus/golden").glob("v*/*.srcpickle")}
    a, b = ({k: no_lines(v) for k, v in d.items()} for d in (a, b))
changed = [name for name in sorted(b) if name in a and a[name] != b[name]]
for name in changed:
    print(f"DIFF  {name}")
    if "-v" in sys.argv:
        print(diff(a[name], b[name], "before", "now"))
print(f"{len(changed)} of {len(b)} differ")

"""Instructions (callgrind) each capture-side module costs to import, and ``import srcpickle``.

Run from an empty folder (issue 9, h110):
    /work/venv-h110/bin/python /work/wt-h110/scenarios/h110/import_cost.py [TREE]
Each line is one process more than the line above it: "pass", then "import srcpickle", then the
harness's linecache and tokenize, then each module a first dumps imports, in the order it imports
them (a module's cost includes what it imports that the lines above did not). PYTHONHASHSEED=0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

STEPS = [
    ("pass", "pass"),
    ("import srcpickle", "import srcpickle"),
    ("linecache, tokenize", "import linecache, tokenize"),
    ("_deps", "import srcpickle._deps"),
    ("_source", "import srcpickle._source"),
    ("_capture", "import srcpickle._capture"),
    ("_capture.functions", "import srcpickle._capture.functions"),
    ("_fmt.write", "import srcpickle._fmt.write"),
]


def count(code: str, tree: str) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=tree)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", code],
            check=True, env=env, capture_output=True,
        )
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no totals")


def main() -> None:
    tree = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2])
    done: list[str] = []
    last = None
    for label, stmt in STEPS:
        done.append(stmt)
        n = count("; ".join(done), tree)
        extra = "" if last is None else f"{n - last:+12,d}"
        print(f"{label:22s} {n:14,d} {extra}", flush=True)
        last = n


if __name__ == "__main__":
    main()

"""benchmarks/run.py's memory rows alone (RSS growth over 100,000 loads of one payload and of
1,000 distinct payloads, srcpickle's linecache entries, the traceback check), for srcpickle and
cloudpickle, with FULL settings. Run from the worktree: python scenarios/h101/memory.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import run  # noqa: E402

root = Path(tempfile.mkdtemp(prefix="h101-memory-"))
dirs = {name: root / name for name in ("modules", "payloads", "cwd")}
for folder in dirs.values():
    folder.mkdir()
run.write_modules(dirs["modules"])
print(json.dumps(run.measure_memory(dirs, run.FULL), indent=1))

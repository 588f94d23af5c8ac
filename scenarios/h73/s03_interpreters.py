"""Scenario 3: the same scripts dumped by CPython 3.9, 3.10, 3.11, 3.12, 3.13 and PyPy, and under
several hash seeds on one of them."""
import sys
from pathlib import Path

from common import PYTHONS, compare, run, without_written_by

HERE = Path(__file__).parent
for script in sys.argv[1:] or ["defaults_script.py", "data_script.py"]:
    runs = {v: without_written_by(run(HERE / script, python=p)) for v, p in PYTHONS.items()}
    compare(f"interpreters, {script}", runs)
    seeds = {f"seed={s}": run(HERE / script, env={"PYTHONHASHSEED": s}) for s in ("0", "1", "99")}
    compare(f"hash seeds, {script}", seeds)

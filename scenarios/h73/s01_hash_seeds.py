"""Scenario 1: one script dumped in fresh processes under several PYTHONHASHSEED values."""
from common import compare, run
from pathlib import Path

HERE = Path(__file__).parent
for which in ("use", "data", "class", "lambdas"):
    runs = {f"seed={s}": run(HERE / "data_script.py", which, env={"PYTHONHASHSEED": s}) for s in ("0", "1", "2", "77", "12345")}
    compare(f"hash seeds, {which}", runs)

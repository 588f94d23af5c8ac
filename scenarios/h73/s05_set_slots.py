"""Scenario 5: instances of classes declaring __slots__ as a set, under several hash seeds."""
from pathlib import Path

from common import compare, run

HERE = Path(__file__).parent
compare("set __slots__, hash seeds", {f"seed={s}": run(HERE / "set_slots_script.py", env={"PYTHONHASHSEED": s}) for s in ("0", "1", "2", "3")})

"""wd.py with parts of h69's dumps turned off (PARTS: 'guards', 'overloads' or both, comma
separated), to see what each costs a warm dumps in instructions:

    PARTS=guards python wd_parts.py ROOT srcpickle tiny N
"""

import os
import runpy
import sys

root = sys.argv[1]
sys.path.insert(0, root)
import srcpickle._capture as capture  # noqa: E402
import srcpickle._capture.functions as functions  # noqa: E402

parts = os.environ.get("PARTS", "").split(",")
if "guards" in parts:
    capture.add_guards = lambda cap: None
if "overloads" in parts:
    functions.overloads_of = lambda fn: []
sys.argv = [os.path.join(os.path.dirname(__file__), "wd.py"), *sys.argv[1:]]
runpy.run_path(sys.argv[0], run_name="__main__")

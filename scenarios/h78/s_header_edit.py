"""A def's header edited in its file after import: run in an empty folder, then
`python -m srcpickle show header.srcpickle` shows the 'header  not the live one' line."""
import os
import sys

sys.path.insert(0, os.getcwd())
with open("edit_mod.py", "w") as f:
    f.write("def f(a: int, b=1, *, c=2.5) -> dict:\n    return a + b + c\n")
import edit_mod  # noqa: E402

import srcpickle  # noqa: E402

with open("edit_mod.py", "w") as f:
    f.write("def f(a: str, b=5, *, c=-1) -> list:\n    return a + b + c\n")
st = os.stat("edit_mod.py")
os.utime("edit_mod.py", (st.st_atime + 5, st.st_mtime + 5))
with open("header.srcpickle", "wb") as f:
    f.write(srcpickle.dumps(edit_mod.f))

"""h60 scenario 4: a Jupyter kernel (nbclient) sends cell-defined functions and classes to pools.

Run: /work/venv-h60/bin/python scenarios/h60/s4_notebook.py [spawn|forkserver|fork]
Cells: a class, edited and re-run (two classes of one name), instances both ways, mutual
recursion, an error raised in the worker (does the traceback show the cell's lines?), a closure over
a lock, a function that uses both versions of the class.
"""
import sys

import nbformat
from nbclient import NotebookClient

METHOD = sys.argv[1] if len(sys.argv) > 1 else "spawn"

CELLS = [
    f"""import concurrent.futures, threading, traceback, srcpickle
ctx = srcpickle.get_context({METHOD!r})
ex = concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx)
out = {{}}""",
    """class Point:
    def __init__(self, x):
        self.x = x
    def bump(self):
        return Point(self.x + 1)
old = Point(1)
OldPoint = Point""",
    # the same cell, edited and re-run
    """class Point:
    def __init__(self, x):
        self.x = x
    def bump(self):
        return Point(self.x + 100)
new = Point(1)""",
    """r_old = ex.submit(old.bump).result()
r_new = ex.submit(new.bump).result()
here = old.bump()  # in the parent the global Point is the new class already
out["old_bump"] = (type(r_old) is type(here), r_old.x == here.x, type(here) is Point)
r_same = ex.submit(lambda p: p, old).result()
out["old_instance_back"] = (type(r_same) is OldPoint, type(r_same) is Point, r_same.x)
r_same = ex.submit(lambda p: p, new).result()
out["new_instance_back"] = (type(r_same) is Point, r_same.x)
out["new_bump"] = (type(r_new) is Point, r_new.x)
out["both_in_one_task"] = ex.submit(lambda a, b: (a.bump().x, b.bump().x), old, new).result()""",
    """def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
out["mutual"] = ex.submit(is_even, 9).result()""",
    """def fails(x):
    y = x + 1
    raise ValueError(f"cell error {y}")
try:
    ex.submit(fails, 1).result()
except ValueError as exc:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    out["traceback_has_line"] = 'raise ValueError(f"cell error {y}")' in text""",
    """lock = threading.Lock()
try:
    ex.submit(lambda: lock.locked()).result()
    out["lock"] = "sent?!"
except Exception as exc:
    out["lock"] = f"{type(exc).__name__}: {exc}"[:160]""",
    """import asyncio
async def agen(n):
    for i in range(n):
        yield i
async def collect(n):
    return [i async for i in agen(n)]
out["async_gen"] = ex.submit(lambda n: asyncio.run(collect(n)), 3).result()
ex.shutdown()
print("OUT", out)""",
]

if __name__ == "__main__":
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    try:
        NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True).execute()
    except Exception as exc:  # noqa: BLE001
        print("client error", type(exc).__name__, exc)
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                print(f"cell {i} ERROR", o["ename"], o["evalue"][:400])
            elif o.get("output_type") == "stream":
                print(f"cell {i}", o["text"][-1500:])

"""h60 scenario 3: the parent's __main__ comes from python -c, python -m, runpy.run_path, stdin.

Run: /work/venv-h60/bin/python scenarios/h60/s3_entry.py
Each entry sends a plain function, a closure, a class instance and a function whose global srcpickle
cannot carry (a lock: it falls back to pickle's by-reference) to a spawn pool.
"""
import os
import subprocess
import sys
import tempfile
import textwrap

BODY = textwrap.dedent('''
import concurrent.futures, threading
import srcpickle
LOCK = threading.Lock()
def plain(x):
    return x + 1
def with_lock(x):
    with LOCK:
        return x + 2
class Box:
    def __init__(self, v):
        self.v = v
def main():
    ctx = srcpickle.get_context("spawn")
    out = {}
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as ex:
        for name, fn, arg in [("plain", plain, 1), ("closure", (lambda k: lambda x: x * k)(3), 2),
                              ("box", Box, 4), ("with_lock", with_lock, 1)]:
            try:
                r = ex.submit(fn, arg).result(timeout=60)
                out[name] = r.v if isinstance(r, Box) else r
            except BaseException as exc:
                out[name] = f"{type(exc).__name__}: {exc}"[:300]
    print("RESULT", out)
if __name__ == "__main__":
    main()
''')

if __name__ == "__main__":
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "pkg"))
        open(os.path.join(d, "pkg", "__init__.py"), "w").close()
        with open(os.path.join(d, "pkg", "job.py"), "w") as f:
            f.write(BODY)
        with open(os.path.join(d, "script.py"), "w") as f:
            f.write(BODY)
        runs = {
            "python -c": [py, "-c", BODY],
            "python -m pkg.job": [py, "-m", "pkg.job"],
            "runpy.run_path": [py, "-c", "import runpy; runpy.run_path('script.py', run_name='__main__')"],
            "stdin": [py, "-"],
        }
        for name, cmd in runs.items():
            proc = subprocess.run(cmd, cwd=d, capture_output=True, text=True, timeout=300,
                                  input=BODY if name == "stdin" else None)
            res = [l for l in proc.stdout.splitlines() if l.startswith("RESULT")]
            print(f"== {name}: rc={proc.returncode}", res or proc.stderr[-1500:])

"""h60 scenario 9 (NOT fixed; reported): where srcpickle's by-reference fallback or per-payload
globals surprise a pool user.

Run: /work/venv-h60/bin/python scenarios/h60/s9_fallback.py
 A. joblib (LOKY_PICKLER=srcpickle): a script function reading a module-level lock cannot be
    captured; it falls back to pickle's reference __main__.with_lock, which joblib's workers cannot
    resolve (their __main__ is loky's popen module): BrokenProcessPool "failed to un-serialize",
    with AttributeError in the worker; the reason (the lock) is lost. Plain joblib says "Could not
    pickle the task" in the parent.
 B. python - (script on stdin), spawn pool of srcpickle.get_context: no source exists, the
    fallback sends __main__.plain by reference, the spawned worker has no such attribute:
    BrokenProcessPool. (python -c: fixed on h60.)
 C. the initializer idiom: initializer sets globals that tasks read; the task travels by value
    with its own globals, so NameError in the task (documented in the README).
"""
import os
import subprocess
import sys
import textwrap

A = textwrap.dedent('''
    import threading
    from joblib import Parallel, delayed
    LOCK = threading.Lock()
    def with_lock(x):
        with LOCK:
            return x
    if __name__ == "__main__":
        try:
            print(Parallel(n_jobs=2, backend="loky")(delayed(with_lock)(i) for i in range(2)))
        except Exception as exc:
            print("A:", type(exc).__name__, exc, "| cause:", repr(exc.__cause__)[:200])
''')

B = textwrap.dedent('''
    import concurrent.futures, srcpickle
    def plain(x):
        return x + 1
    if __name__ == "__main__":
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=srcpickle.get_context("spawn")) as ex:
            try:
                print("B:", ex.submit(plain, 1).result(timeout=60))
            except Exception as exc:
                print("B:", type(exc).__name__, exc)
''')

C = textwrap.dedent('''
    import concurrent.futures, srcpickle
    def init(value):
        global SETTING
        SETTING = value
    def task(x):
        return x + SETTING
    if __name__ == "__main__":
        ctx = srcpickle.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx, initializer=init, initargs=(5,)) as ex:
            try:
                print("C:", ex.submit(task, 1).result(timeout=60))
            except Exception as exc:
                print("C:", type(exc).__name__, exc)
''')

if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for name, text, stdin in (("a.py", A, None), ("-", B, B), ("c.py", C, None)):
            cmd = [sys.executable, "-"] if name == "-" else [sys.executable, os.path.join(d, name)]
            if name != "-":
                with open(os.path.join(d, name), "w") as fh:
                    fh.write(text)
            env = dict(os.environ, LOKY_PICKLER="srcpickle")
            proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=d, env=env, timeout=300)
            print([line for line in proc.stdout.splitlines() if line[:2] in ("A:", "B:", "C:")] or proc.stderr[-800:])

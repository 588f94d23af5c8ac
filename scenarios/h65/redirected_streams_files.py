import io, sys, contextlib, srcpickle, os
log = open(__import__("tempfile").mktemp(suffix=".log"), "w")
bbuf = io.BytesIO()
wrapped = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
def a(): print("x", file=log)
def b(): return bbuf
def w(): return wrapped
def e(): return sys.__stderr__.buffer, sys.stderr.buffer
for fn, cm in ((a, contextlib.redirect_stdout(log)), (b, contextlib.nullcontext()), (w, contextlib.nullcontext())):
    with cm:
        if fn is b: sys.stdout = bbuf
        try: d = srcpickle.dumps(fn); print(fn.__name__, [l for l in d.decode().splitlines() if "global" in l or "qualname: 'std" in l or "qualname: '__std" in l], file=sys.__stdout__)
        except Exception as ex: print(fn.__name__, type(ex).__name__, str(ex)[:300], file=sys.__stdout__)
        finally: sys.stdout = sys.__stdout__
sys.stdout = wrapped
try: d = srcpickle.dumps(w); print([l for l in d.decode().splitlines() if "global" in l], file=sys.__stdout__)
finally: sys.stdout = sys.__stdout__
d = srcpickle.dumps(e); print([l for l in d.decode().splitlines() if "global" in l or "qualname" in l], file=sys.__stdout__)

import io, sys, contextlib, srcpickle, subprocess
buf = io.StringIO()
def f():
    print("hello", file=buf)
    return buf.getvalue()
with contextlib.redirect_stdout(buf):
    d = srcpickle.dumps(f)
print(d.decode())
out = subprocess.run([sys.executable, "-c", "import srcpickle,sys; f=srcpickle.loads(sys.stdin.buffer.read()); print(repr(f()))"], input=d, capture_output=True)
print("child stdout:", out.stdout, out.stderr[-300:])
def g():
    return sys.stdout.buffer
for o in (g,):
    try: print(srcpickle.dumps(o).decode())
    except Exception as e: print(type(e).__name__, e)
out_b = sys.stdout.buffer
def h():
    out_b.write(b"x\n")
try: print(srcpickle.dumps(h).decode())
except Exception as e: print(type(e).__name__, e)

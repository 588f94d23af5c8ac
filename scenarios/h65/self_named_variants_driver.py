import srcpickle, sys, subprocess
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import self_named_variants_m3 as m3
for name, expr in [("Tool", "f().run(), f.made_by_meta, type(f).__name__"), ("Point", "f(1, 2), f(1,2).total(), [c.__name__ for c in f.__mro__]"), ("Plugin", "f.registry, [c.__name__ for c in f.__mro__]"), ("Nested", "f().v()"), ("uses", "f()")]:
    obj = getattr(m3, name)
    print(name, "live:", eval(expr, {"f": obj}))
    try:
        d = srcpickle.dumps(obj)
    except Exception as e:
        print("  DUMP", type(e).__name__, str(e)[:300]); continue
    r = subprocess.run([sys.executable, "-c", f"import srcpickle,sys; f=srcpickle.loads(sys.stdin.buffer.read()); print(({expr}))"], input=d, capture_output=True, cwd="/")
    print("  ->", r.stdout.decode().strip(), r.stderr.decode()[-300:])

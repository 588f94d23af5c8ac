import srcpickle, sys, subprocess, generic_methods_mod
for m in (generic_methods_mod.Box.put, generic_methods_mod.Box.pair, generic_methods_mod.Box.limited, generic_methods_mod.Box.unused, generic_methods_mod.Plain.scaled):
    live = (m.__type_params__, [(p.__name__, p.__bound__) for p in m.__type_params__], m.__annotations__, [m.__annotations__.get(k) is p for p in m.__type_params__ for k in m.__annotations__])
    print(m.__qualname__, live)
    d = srcpickle.dumps(m)
    code = "import srcpickle,sys; m=srcpickle.loads(sys.stdin.buffer.read()); print((m.__type_params__, [(p.__name__, p.__bound__) for p in m.__type_params__], m.__annotations__, [m.__annotations__.get(k) is p for p in m.__type_params__ for k in m.__annotations__]))"
    r = subprocess.run([sys.executable, "-c", code], input=d, capture_output=True); print("  ->", r.stdout.decode().strip(), r.stderr.decode()[-300:])

"""Dumps of functions never dumped before, in a warm process, in instructions: run under
callgrind with N=1 and N=0 and divide the difference by the number of functions.

    python wd.py ROOT LIBRARY WORKLOAD N

ROOT is the tree whose srcpickle is measured, LIBRARY srcpickle or cloudpickle. WORKLOAD:

- ``new``: benchmarks/run.py's row (a fresh copy of the generated 200-function module);
- ``spread``: 200 functions over 8 fresh modules (25 each: top-level defs of the generated
  kinds, a few with a closure, a lambda, a method, modules of different lengths and imports);
- a workload name of benchmarks/_workloads.py is dumped N times (warm dumps, as h75's).

Every run first dumps the tiny workload once and the functions of two spread modules of other
texts (the process is warm, as benchmarks/run.py's median sample is; H91_COLD=1: tiny alone, as
h86's wd.py), and imports the modules, so run(1) - run(0) is the dumps alone.
"""

import gc
import os
import pathlib
import sys

root, library, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _workloads as w  # noqa: E402
import spread  # noqa: E402

folder = pathlib.Path(os.environ.get("H91_FOLDER", "/tmp/h105wl"))
folder.mkdir(exist_ok=True)
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
if library == "srcpickle":
    import srcpickle as lib

    assert lib.__file__.startswith(root), lib.__file__
else:
    import cloudpickle as lib  # type: ignore
if os.environ.get("GC_OFF"):
    gc.disable()
tiny = w.import_module(folder, "bench_tiny").tiny
lib.dumps(tiny)
if not os.environ.get("H91_COLD"):
    # Warm as benchmarks/run.py's median of five samples is: two modules of the spread shape, of
    # other texts than those measured, dumped first. cloudpickle's first functions by value cost
    # ~16 ms once (h86's wd.py counted it in: ~580k of its ~580k instructions a function were
    # ~430k of that one-time cost).
    for m in (100, 101):
        (folder / f"bench_warm_{m}.py").write_text(spread.module_source(m), encoding="utf-8")
        warm_mod = w.import_module(folder, f"bench_warm_{m}")
        if library != "srcpickle":
            lib.register_pickle_by_value(warm_mod)
        for fn in spread.functions(warm_mod):
            lib.dumps(fn)
if name in ("new", "spread"):
    if name == "new":
        sources = {"bench_new_0": w.defs_source(w.GENERATED_COUNT)}
    else:
        sources = spread.sources()
    fns = []
    for modname, text in sources.items():
        (folder / f"{modname}.py").write_text(text, encoding="utf-8")
        mod = w.import_module(folder, modname)
        if library != "srcpickle":
            lib.register_pickle_by_value(mod)  # as benchmarks/_libraries.py does
        fns.extend(spread.functions(mod))
    assert len(fns) == 200, len(fns)
    import time

    if os.environ.get("H98_STATS"):
        # Garbage collections (per generation, and their CPU time), page faults and context
        # switches of the dumps loop alone: what callgrind's instruction counts do not show.
        import resource

        collections = [0, 0, 0]
        in_gc = [0.0, 0.0]

        def on_gc(phase, info):
            if phase == "start":
                collections[info["generation"]] += 1
                in_gc[1] = time.process_time()
            else:
                in_gc[0] += time.process_time() - in_gc[1]

        gc.callbacks.append(on_gc)
        usage = resource.getrusage(resource.RUSAGE_SELF)
    began = time.process_time()
    for _ in range(n):
        for fn in fns:
            lib.dumps(fn)
    if os.environ.get("H98_STATS"):
        spent = time.process_time() - began
        gc.callbacks.remove(on_gc)
        after = resource.getrusage(resource.RUSAGE_SELF)
        print(
            f"{library} {name}: {spent * 1e3:.1f} ms CPU, gc {collections} {in_gc[0] * 1e3:.1f} ms, "
            f"minor faults {after.ru_minflt - usage.ru_minflt}, major {after.ru_majflt - usage.ru_majflt}, "
            f"voluntary switches {after.ru_nvcsw - usage.ru_nvcsw}, "
            f"involuntary {after.ru_nivcsw - usage.ru_nivcsw}, "
            f"tracked objects after {len(gc.get_objects())}",
            file=sys.stderr,
        )
    if os.environ.get("H91_TIME"):
        print(f"{library} {name}: {(time.process_time() - began) * 1e3:.1f} ms CPU", file=sys.stderr)
    if os.environ.get("H91_CHECK"):
        out = [lib.loads(lib.dumps(fn)) for fn in fns]
        assert [f(3, 1) for f in out] == [f(3, 1) for f in fns]
        print("checked", len(out))
else:
    wl = w.BY_NAME[name]
    mod = w.import_module(folder, wl.module)
    if library != "srcpickle":
        lib.register_pickle_by_value(mod)
    obj = wl.get(mod)
    for _ in range(n):
        if wl.separately:
            for fn in obj:
                lib.dumps(fn)
        else:
            lib.dumps(obj)

"""GC collections and tracked objects per sample of benchmarks/run.py's spread row (CPU time):

    python gcrow.py ROOT

Prints, per library and sample, the time spent in collections, their count per generation and
the tracked objects alive after the sample."""

import gc, sys, runpy, time
acc = {"t": 0.0, "n": [0, 0, 0]}
def cb(phase, info):
    if phase == "start":
        acc["s"] = time.process_time()
    else:
        acc["t"] += time.process_time() - acc["s"]
        acc["n"][info["generation"]] += 1
gc.callbacks.append(cb)
root = sys.argv[1]
sys.path.insert(0, root); sys.path.insert(0, root + "/benchmarks")
import run, srcpickle, pathlib, tempfile
run.time.perf_counter = time.process_time
tmp = pathlib.Path(tempfile.mkdtemp(prefix="h91gc"))
dirs = {"modules": tmp / "m", "payloads": tmp / "p", "cwd": tmp / "c"}
for d in dirs.values(): d.mkdir()
sys.path.insert(0, str(dirs["modules"]))
run.write_modules(dirs["modules"])
srcpickle.dumps(run.import_module(dirs["modules"], "bench_tiny").tiny)
orig = run.make_dumper
def make_dumper(library, module, sep):
    d = orig(library, module, sep)
    def timed(objs):
        acc["t"] = 0.0; acc["n"] = [0, 0, 0]
        r = d(objs)
        print(library, f"gc {acc['t']*1e3:.1f} ms", acc["n"], "objects", len(gc.get_objects()))
        return r
    return timed
run.make_dumper = make_dumper
s = run.Settings(warm_repeat=1, warm_target=0.01, cold_samples=5, import_samples=1)
sp = run.measure_spread(dirs, s)
for lib in run.COMPARED:
    print(lib, [round(x * 1e3, 1) for x in sp[lib].samples])

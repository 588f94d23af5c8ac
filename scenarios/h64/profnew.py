"""cProfile of dumps of 200 functions never dumped, in a warm process: profnew.py ROOT [SORT] [N]."""

import cProfile
import pathlib
import pstats
import sys
import time

root = sys.argv[1]
sort = sys.argv[2] if len(sys.argv) > 2 else "tottime"
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402

import srcpickle  # noqa: E402

folder = pathlib.Path("/tmp/h64wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
srcpickle.dumps(w.import_module(folder, "bench_tiny").tiny)
(folder / "bench_newp.py").write_text(w.defs_source(w.GENERATED_COUNT), encoding="utf-8")
mod = w.import_module(folder, "bench_newp")
fns = [getattr(mod, f"f{j}") for j in range(w.GENERATED_COUNT)]
prof = cProfile.Profile(time.thread_time)  # CPU time: the machine is shared
prof.enable()
for fn in fns:
    srcpickle.dumps(fn)
prof.disable()
st = pstats.Stats(prof).sort_stats(sort)
if len(sys.argv) > 4:
    st.print_callers(sys.argv[4])
else:
    st.print_stats(int(sys.argv[3]) if len(sys.argv) > 3 else 50)

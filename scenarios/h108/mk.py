"""Write the payload of each benchmark workload to OUT/<workload>.pickle (a pickled bytes or list
of bytes), as cg.py's "prepare" step does.  Usage: python mk.py TREE OUT"""
import pickle
import sys
import tempfile
from pathlib import Path

tree, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(tree / "benchmarks"))
from _libraries import make_dumper  # noqa: E402
from _workloads import BY_NAME, WORKLOADS, import_module, write_modules  # noqa: E402

work = Path(tempfile.mkdtemp(prefix="h108-"))
write_modules(work / "modules")
out.mkdir(parents=True, exist_ok=True)
for name, w in BY_NAME.items():
    if w not in WORKLOADS:
        continue
    module = import_module(work / "modules", w.module)
    fn = make_dumper("srcpickle", module, w.separately)
    (out / f"{name}.pickle").write_bytes(pickle.dumps(fn(w.get(module))))

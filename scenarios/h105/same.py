"""The payloads of wd.py's workloads, hashed: same.py ROOT WORKLOAD prints one SHA-256 of
every payload of the 200 functions (dumped in order, then again in reverse order in a second
process when REVERSE=1), to compare two trees' bytes."""

import hashlib
import os
import pathlib
import sys

root, name = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _workloads as w  # noqa: E402
import spread  # noqa: E402

import srcpickle  # noqa: E402

assert srcpickle.__file__.startswith(root), srcpickle.__file__
folder = pathlib.Path(os.environ.get("H98_FOLDER", "/tmp/h105same"))
folder.mkdir(exist_ok=True)
sources = {"bench_new_0": w.defs_source(w.GENERATED_COUNT)} if name == "new" else spread.sources()
fns = []
for modname, text in sources.items():
    (folder / f"{modname}.py").write_text(text, encoding="utf-8")
    fns.extend(spread.functions(w.import_module(folder, modname)))
if os.environ.get("REVERSE"):
    fns.reverse()
digest = hashlib.sha256()
for fn in fns:
    digest.update(srcpickle.dumps(fn))
print(name, "reversed" if os.environ.get("REVERSE") else "in order", digest.hexdigest()[:16])

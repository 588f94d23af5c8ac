"""Where a payload's bytes go: sizes.py ROOT WORKLOAD. Prints the bytes per section kind and per
field (key), against cloudpickle's payload of the same object (its module registered by value,
as benchmarks/_libraries.py does)."""

import collections
import pathlib
import re
import sys

root, name = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
sys.path.insert(0, str(pathlib.Path(root) / "benchmarks"))
import _workloads as w  # noqa: E402
import cloudpickle  # noqa: E402

import srcpickle  # noqa: E402

folder = pathlib.Path("/tmp/h68wl")
if not (folder / "bench_tiny.py").exists():
    w.write_modules(folder)
wl = w.BY_NAME[name]
mod = w.import_module(folder, wl.module)
cloudpickle.register_pickle_by_value(mod)
obj = wl.get(mod)
data = srcpickle.dumps(obj)
cp = len(cloudpickle.dumps(obj))
by_kind = collections.Counter()
by_field = collections.Counter()
count = collections.Counter()
kind = "header"
in_source = False
for line in data.split(b"\n"):
    size = len(line) + 1
    m = re.match(rb"\[(\w+) ", line)
    if m:
        kind = m.group(1).decode()
        count[kind] += 1
        by_kind[kind] += size
        by_field[(kind, "[section line]")] += size
        in_source = False
        continue
    by_kind[kind] += size
    if line == b"":
        by_field[(kind, "(blank)")] += size
        continue
    if in_source and line.startswith(b"    "):
        by_field[(kind, "source lines")] += size
        continue
    in_source = False
    key = re.match(rb"([a-z][a-z-]*( [^ =]+)?)", line)
    field = key.group(1).decode() if key else line[:12].decode()
    if field.startswith(("global ", "closure ")):
        field = field.split()[0] + " *"
    if field == "source":
        in_source = True
    by_field[(kind, field)] += size
print(f"{name}: srcpickle {len(data):,} bytes, cloudpickle {cp:,} ({len(data) / cp:.3f}x)")
for k, v in by_kind.most_common():
    print(f"  {k:<10} {v:>10,}  ({count[k]} sections)")
for (k, f), v in by_field.most_common(25):
    print(f"    {k:<10} {f:<22} {v:>10,}")

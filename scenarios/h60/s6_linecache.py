"""h60 scenario 6: a long-lived worker loads many distinct payloads (distinct sources) and keeps one
function loaded early: is linecache bounded, and does that function's traceback still show its
line once hundreds of others were loaded after it?

Run: /work/venv-h60/bin/python scenarios/h60/s6_linecache.py [N]
"""
import gc
import linecache
import resource
import sys
import traceback

import srcpickle

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
payloads = []
for i in range(N):
    ns = {}
    src = f"def f{i}(x):\n    y = x + {i}\n    raise ValueError(f'fail {{y}} from {i}')\n"
    path = f"/tmp/h60_lc_{i}.py"
    with open(path, "w") as fh:
        fh.write(src)
    exec(compile(src, path, "exec"), ns)
    linecache.getlines(path)  # as an import would have it
    payloads.append(srcpickle.pickle_dumps(ns[f"f{i}"]))

import pickle  # noqa: E402

first = pickle.loads(payloads[0])
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for p in payloads[1:]:
    pickle.loads(p)
gc.collect()
entries = sum(1 for k in linecache.cache if k.startswith("<srcpickle-"))
print("srcpickle linecache entries after", N, "loads:", entries, "maxrss KB", rss0, "->",
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
try:
    first(1)
except ValueError as exc:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    print("first function's line still shown:", "raise ValueError" in text)
    print(text[-300:])

import os
import sys

sys.path.insert(0, sys.argv[1])
from roundtrip import harness as h

H = h.Harness()
cases = h.case_files()[:20]


def ct():
    u = os.times()
    return u.children_user + u.children_system


for interp in h.discover_interpreters():
    if interp.label.split()[1][:4] not in sys.argv[2].split(","):
        continue
    H.dump_uncached(interp, cases[0])  # compile the copy
    t = ct()
    ds = [H.dump_uncached(interp, c) for c in cases if c.runs_on(interp.version)]
    print("dump", interp.label, len(ds), round(ct() - t, 2), flush=True)
    t = ct()
    H.load_batch_uncached(ds, interp)
    print("load", interp.label, len(ds), round(ct() - t, 2), flush=True)
H.close()

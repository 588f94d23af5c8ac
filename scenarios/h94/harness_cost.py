import os
import sys

sys.path.insert(0, sys.argv[1])
from roundtrip import harness as h

H = h.Harness()
cur = h.current_interpreter()
cases = h.case_files()


def ct():
    u = os.times()
    return u.children_user + u.children_system


res = {}
dumps = {}
for interp in h.discover_interpreters():
    t = ct()
    dumps[interp.path] = [H.dump_uncached(interp, c) for c in cases if c.runs_on(interp.version)]
    res["dump " + interp.label] = ct() - t
    print("dump", interp.label, len(dumps[interp.path]), round(ct() - t, 2), flush=True)
for interp in h.discover_interpreters():
    ds = [d for d in dumps[cur.path] if d.case_file.runs_on(interp.version)]
    t = ct()
    H.load_batch_uncached(dumps[cur.path], interp)
    print("load cur-dumps on", interp.label, round(ct() - t, 2), flush=True)
    t = ct()
    H.redump(interp, ds)
    print("redump on", interp.label, round(ct() - t, 2), flush=True)
H.close()

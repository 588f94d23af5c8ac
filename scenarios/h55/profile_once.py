"""cProfile of one written payload's first load in this fresh process (call counts, not time).

Usage: python profile_once.py DIR NAME [N]   (prints the N functions called most, and by tottime)
"""

from __future__ import annotations

import cProfile
import os
import pickle
import pstats
import sys

folder, name = sys.argv[1], sys.argv[2]
top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
import srcpickle  # noqa: E402

with open(os.path.join(folder, name + ".pkl"), "rb") as handle:
    data = pickle.load(handle)  # noqa: S301 - payloads this folder wrote
if name == "new200":
    with open(os.path.join(folder, "warm200.pkl"), "rb") as handle:
        for payload in pickle.load(handle):  # noqa: S301 - written by write_payloads.py
            srcpickle.loads(payload)
items = data if isinstance(data, list) else [data]
profile = cProfile.Profile()
profile.enable()
for item in items:
    srcpickle.loads(item)
profile.disable()
stats = pstats.Stats(profile)
stats.sort_stats("ncalls").print_stats(top)
stats.sort_stats("tottime").print_stats(top)

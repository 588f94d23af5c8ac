"""A fresh process's first loads of OUT/<workload>.pickle, optionally under cProfile.
Usage: python first.py OUT WORKLOAD [prof]   (run under valgrind for callgrind)"""
import pickle
import sys

import srcpickle

data = pickle.loads(open(f"{sys.argv[1]}/{sys.argv[2]}.pickle", "rb").read())
prof = len(sys.argv) > 3
if prof:
    import cProfile
    import pstats

    p = cProfile.Profile()
    p.enable()
if isinstance(data, list):
    [srcpickle.loads(d) for d in data]
else:
    srcpickle.loads(data)
if prof:
    p.disable()
    pstats.Stats(p).sort_stats("cumulative").print_stats(45)

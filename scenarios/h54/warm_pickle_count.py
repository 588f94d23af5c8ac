"""Instructions per warm pickle_dumps: run with CALLS=1 and CALLS=201 under callgrind and
divide the difference by 200.

PYTHONHASHSEED=0 CALLS=201 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    python scenarios/h54/warm_pickle_count.py
"""

import os

import srcpickle

TABLE = {"a": [1, 2, 3], "b": (4.5, "x"), "c": {"d": None}}


def make(scale):
    def closure(x):
        return [v * scale for v in TABLE["a"]] + [len(TABLE), x, os.sep]

    return closure


FN = make(3)
srcpickle.pickle_dumps(FN)
for _ in range(int(os.environ.get("CALLS", "1"))):
    srcpickle.pickle_dumps(FN)

"""Dump f and g of user_mod N times: python -s bench.py SRCPICKLE_TREE N (see bench.sh)."""

import gc
import os
import sys

sys.path[:0] = [sys.argv[1], os.path.dirname(os.path.abspath(__file__))]
import user_mod  # noqa: E402

import srcpickle  # noqa: E402

gc.disable()  # a collection's timing would move with every allocation the code makes
for _ in range(int(sys.argv[2])):
    srcpickle.dumps(user_mod.f)
    srcpickle.dumps(user_mod.g)

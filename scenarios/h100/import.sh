#!/bin/sh
# import.sh TREE [LIB]: instructions of `import LIB` (default srcpickle, from TREE) in a fresh
# CPython 3.11.7 process: callgrind of `import time; import LIB` minus `import time` (the
# benchmark's import cell runs the first, after site as usual) from an empty folder (python -c lists its folder: /tmp changes). LIB=cloudpickle for the reference.
# GCFIRST=1: gc.collect() first in both runs (a collection due from site otherwise lands inside
# the import in some runs and not in others: +-5.5M); NOGC=1: collections off in both runs.
tree=$1; lib=${2:-srcpickle}
py=/root/.pyenv/versions/3.11.7/bin/python3.11
mkdir -p /tmp/h100
for mode in base import; do
  pre="import time"
  [ -n "$GCFIRST" ] && pre="$pre; import gc; gc.collect()"
  [ -n "$NOGC" ] && pre="$pre; import gc; gc.disable()"
  if [ $mode = base ]; then code="$pre"; else code="$pre; import $lib"; fi
  (mkdir -p /tmp/h100/empty && cd /tmp/h100/empty && PYTHONPATH=$tree PYTHONHASHSEED=0 valgrind --tool=callgrind \
    --callgrind-out-file=/tmp/h100/cg.import.$mode.$lib.$(basename $tree).out $py -c "$code" 2>/tmp/h100/cg.import.err) || cat /tmp/h100/cg.import.err
done
b=$(grep -m1 '^summary:\|^totals:' /tmp/h100/cg.import.base.$lib.$(basename $tree).out | awk '{print $2}')
i=$(grep -m1 '^summary:\|^totals:' /tmp/h100/cg.import.import.$lib.$(basename $tree).out | awk '{print $2}')
echo "import $lib $(basename $tree)${GCFIRST:+ gcfirst}${NOGC:+ nogc} import=$((i - b)) base=$b"

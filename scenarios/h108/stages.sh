#!/bin/sh
# Instructions of each step of a first loads (stage.py), cumulative, for one workload.
# Usage: sh stages.sh OUT WORKLOAD [PY]   (OUT from mk.py)
PY=${3:-/work/venv-h108/bin/python}
HERE=$(dirname "$0")
for s in 0 1 2 3 4; do
  f=$(mktemp)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=$f $PY $HERE/stage.py $1 $2 $s >/dev/null 2>&1
  echo "$2 stage $s $(grep '^summary:\|^totals:' $f | head -1 | awk '{print $2}')"
  rm -f $f
done

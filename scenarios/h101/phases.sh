#!/bin/sh
# phases.sh TREE MODE...: instructions of each MODE of phases.py (its run minus the stop run),
# per payload (/ 200; bare needs barestop before it), srcpickle from TREE (compiled), CPython 3.11.7, PYTHONHASHSEED=0.
tree=$1; shift
py=/root/.pyenv/versions/3.11.7/bin/python3.11
here=$(cd "$(dirname "$0")" && pwd)
t=$(basename $tree)
for mode in stop "$@"; do
  (cd /tmp && PYTHONPATH=$tree PYTHONHASHSEED=0 valgrind --tool=callgrind \
    --callgrind-out-file=/tmp/h101/ph.$t.$mode.out $py $here/phases.py $mode >/dev/null 2>/tmp/h101/ph.err) || cat /tmp/h101/ph.err
done
s=$(grep -m1 '^summary:\|^totals:' /tmp/h101/ph.$t.stop.out | awk '{print $2}')
for mode in "$@"; do
  [ "$mode" = barestop ] && continue
  [ "$mode" = bare ] && s=$(grep -m1 '^summary:\|^totals:' /tmp/h101/ph.$t.barestop.out | awk '{print $2}')
  l=$(grep -m1 '^summary:\|^totals:' /tmp/h101/ph.$t.$mode.out | awk '{print $2}')
  echo "$t $mode $(( (l - s) / 200 ))"
done

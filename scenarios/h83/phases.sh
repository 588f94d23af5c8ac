#!/bin/sh
# phases.sh TREE NAME...: instructions of each phase of NAME's first load (see load_phase.py).
tree=$1; shift
py=/work/venv-h83/bin/python
here=$(cd "$(dirname "$0")" && pwd)
for name in "$@"; do
  prev=""
  line="$name $(basename $tree)"
  for phase in stop parse compile prepared load; do
    out=/tmp/h83/ph.$name.$phase.$(basename $tree).out
    (cd /tmp && PYTHONPATH=$tree PYTHONHASHSEED=0 valgrind --tool=callgrind \
      --callgrind-out-file=$out $py $here/load_phase.py /tmp/h83/p $name $phase >/dev/null 2>/tmp/h83/ph.err) || cat /tmp/h83/ph.err
    n=$(grep -m1 '^summary:\|^totals:' $out | awk '{print $2}')
    [ -n "$prev" ] && line="$line $phase=$((n - prev))"
    prev=$n
  done
  echo "$line"
done

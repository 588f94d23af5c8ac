#!/bin/sh
# measure.sh TREE NAME...: instructions of each NAME's load (load minus stop), srcpickle from TREE.
# LIB=cloudpickle measures cloudpickle's payloads of the same objects instead.
# NOGC=1: collections off during the load (both runs); GCFIRST=1: gc.collect() just before it
# (both runs), so that a collection due from the imports does not land inside the load.
# Needs /tmp/h100/p (payloads written by write_payloads.py) and compiled bytecode in TREE.
tree=$1; shift
py=/work/venv-h100/bin/python
here=$(cd "$(dirname "$0")" && pwd)
for name in "$@"; do
  for mode in stop load; do
    (cd /tmp && PYTHONPATH=$tree PYTHONHASHSEED=0 valgrind --tool=callgrind \
      --callgrind-out-file=/tmp/h100/cg.$name.$mode.$(basename $tree)${LIB:+.$LIB}${NOGC:+.nogc}${GCFIRST:+.gcfirst}.out $py $here/load_once.py /tmp/h100/p $name $mode >/dev/null 2>/tmp/h100/cg.err) || cat /tmp/h100/cg.err
  done
  s=$(grep -m1 '^summary:\|^totals:' /tmp/h100/cg.$name.stop.$(basename $tree)${LIB:+.$LIB}${NOGC:+.nogc}${GCFIRST:+.gcfirst}.out | awk '{print $2}')
  l=$(grep -m1 '^summary:\|^totals:' /tmp/h100/cg.$name.load.$(basename $tree)${LIB:+.$LIB}${NOGC:+.nogc}${GCFIRST:+.gcfirst}.out | awk '{print $2}')
  echo "$name $(basename $tree)${LIB:+.$LIB}${NOGC:+ nogc}${GCFIRST:+ gcfirst} load=$((l - s)) stop=$s"
done

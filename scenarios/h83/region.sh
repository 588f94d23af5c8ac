#!/bin/sh
# region.sh TREE NAME [MODULE:FUNCTION ...]: instructions inside those functions (inclusive) during
# NAME's first load (all of srcpickle.loads without one), srcpickle from TREE (see region.py).
tree=$1; name=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/tmp/h83/rg.$name.$(basename $tree).out}
(cd /tmp && PYTHONPATH=$tree PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \
  --toggle-collect=functools_reduce --callgrind-out-file=$out /work/venv-h83/bin/python \
  $here/region.py /tmp/h83/p $name "$@" >/dev/null 2>/tmp/h83/rg.err) || cat /tmp/h83/rg.err
echo "$name $(basename $tree) $* $(grep -m1 '^summary:\|^totals:' $out | awk '{print $2}')"

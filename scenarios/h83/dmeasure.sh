#!/bin/sh
# dmeasure.sh TREE NAME...: instructions of each NAME's first dumps (load minus stop), srcpickle
# from TREE, and of ``import srcpickle`` (imported minus bare). GCFIRST=1 as in measure.sh.
tree=$1; shift
py=/work/venv-h83/bin/python
here=$(cd "$(dirname "$0")" && pwd)
for name in "$@"; do
  for mode in bare imported stop load; do
    (cd /tmp && PYTHONPATH=$tree PYTHONHASHSEED=0 valgrind --tool=callgrind \
      --callgrind-out-file=/tmp/h83/cgd.$name.$mode.$(basename $tree)${GCFIRST:+.gcfirst}.out $py $here/dump_once.py /tmp/h83/p $name $mode >/dev/null 2>/tmp/h83/cgd.err) || cat /tmp/h83/cgd.err
  done
  b=$(grep -m1 '^summary:\|^totals:' /tmp/h83/cgd.$name.bare.$(basename $tree)${GCFIRST:+.gcfirst}.out | awk '{print $2}')
  i=$(grep -m1 '^summary:\|^totals:' /tmp/h83/cgd.$name.imported.$(basename $tree)${GCFIRST:+.gcfirst}.out | awk '{print $2}')
  s=$(grep -m1 '^summary:\|^totals:' /tmp/h83/cgd.$name.stop.$(basename $tree)${GCFIRST:+.gcfirst}.out | awk '{print $2}')
  l=$(grep -m1 '^summary:\|^totals:' /tmp/h83/cgd.$name.load.$(basename $tree)${GCFIRST:+.gcfirst}.out | awk '{print $2}')
  echo "$name $(basename $tree)${GCFIRST:+ gcfirst} dumps=$((l - s)) import=$((i - b)) stop=$s"
done

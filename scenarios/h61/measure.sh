#!/bin/sh
# Usage: measure.sh TREE OUTDIR what...  (what: mod:bigmod, mod:smallmod, wl:tiny, wl:globals)
# Callgrind totals of N=0 and N=1 dumps of each, their difference (the first dumps), CPython 3.11,
# PYTHONHASHSEED=0. Measure a copy of a tree (git archive HEAD srcpickle benchmarks | tar -x -C DIR),
# never one being edited: a source newer than its .pyc is compiled at import, and counted.
tree=$1; out=$2; shift 2
mkdir -p "$out"
here=$(dirname "$0")
py=/work/venv-h61/bin/python
$py -m compileall -q "$tree/srcpickle" "$tree/benchmarks" "$here" >/dev/null
for what in "$@"; do
  tag=$(echo "$what" | tr : _)
  for n in 0 1; do
    PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE= valgrind --tool=callgrind --callgrind-out-file="$out/$tag.$n" \
      $py "$here/wd.py" "$tree" "$what" $n >/dev/null 2>&1
  done
  a=$(grep '^summary:' "$out/$tag.0" | cut -d' ' -f2)
  b=$(grep '^summary:' "$out/$tag.1" | cut -d' ' -f2)
  echo "$what first=$((b - a))"
done

#!/bin/sh
# Usage: first.sh TREE OUTDIR WORKLOAD...: the first dumps of each workload only (wd.py N=1 minus
# N=0; callgrind, CPython 3.11, PYTHONHASHSEED=0): measure.sh without the import runs, for one step.
tree=$1; out=$2; shift 2
mkdir -p "$out"
here=$(dirname "$0")
/work/venv-h84/bin/python -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
for wl in "$@"; do
  for n in 0 1; do
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/$wl.$n" \
      /work/venv-h84/bin/python "$here/wd.py" "$tree" "$wl" $n >/dev/null 2>&1
  done
  a=$(grep '^summary:' "$out/$wl.0" | cut -d' ' -f2)
  b=$(grep '^summary:' "$out/$wl.1" | cut -d' ' -f2)
  echo "$wl first=$((b - a))"
done

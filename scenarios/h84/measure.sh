#!/bin/sh
# Usage: measure.sh TREE OUTDIR [workloads...]: callgrind totals of N=-1, 0 and 1 per workload,
# their differences (import srcpickle after the workload, and the first dumps), then import
# srcpickle alone; CPython 3.11, PYTHONHASHSEED=0. Measure a copy of the tree, not one being edited
# (a source newer than its .pyc is compiled at import, and counted).
tree=$1; out=$2; shift 2
mkdir -p "$out"
here=$(dirname "$0")
/work/venv-h84/bin/python -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
for wl in "$@"; do
  for n in -1 0 1; do
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/$wl.$n" \
      /work/venv-h84/bin/python "$here/wd.py" "$tree" "$wl" $n >/dev/null 2>&1
  done
  a=$(grep '^summary:' "$out/$wl.0" | cut -d' ' -f2)
  b=$(grep '^summary:' "$out/$wl.1" | cut -d' ' -f2)
  c=$(grep "^summary:" "$out/$wl.-1" | cut -d" " -f2)
  echo "$wl import=$((a - c)) first=$((b - a))"
done
# import srcpickle alone (and cloudpickle's, for the ratio): a run with it minus a run without.
for what in none srcpickle cloudpickle; do
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/import.$what" \
    /work/venv-h84/bin/python "$here/imp.py" "$tree" $what >/dev/null 2>&1
done
z=$(grep '^summary:' "$out/import.none" | cut -d' ' -f2)
s=$(grep '^summary:' "$out/import.srcpickle" | cut -d' ' -f2)
c=$(grep '^summary:' "$out/import.cloudpickle" | cut -d' ' -f2)
echo "import srcpickle=$((s - z)) cloudpickle=$((c - z))"

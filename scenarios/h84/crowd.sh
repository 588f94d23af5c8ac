#!/bin/sh
# Usage: crowd.sh TREE OUTDIR [user]: the first dumps of the dist-env workload in a bare environment and
# in one with 300 more distributions (crowd.py N=1 minus N=0; callgrind, CPython 3.11,
# PYTHONHASHSEED=0), and their ratio (issue 9's target: at most 1.5).
tree=$1; out=$2; user=$3
mkdir -p "$out"
here=$(dirname "$0")
/work/venv-h84/bin/python -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
# (the environments and their modules' .pyc written once, outside the counted runs)
for label in bare crowded; do /work/venv-h84/bin/python "$here/crowd.py" "$tree" $label 0 $user; done
for label in bare crowded; do
  for n in 0 1; do
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/$label.$n" \
      /work/venv-h84/bin/python "$here/crowd.py" "$tree" $label $n $user >/dev/null 2>&1
  done
  a=$(grep '^summary:' "$out/$label.0" | cut -d' ' -f2)
  b=$(grep '^summary:' "$out/$label.1" | cut -d' ' -f2)
  eval "first_$label=$((b - a))"
  echo "$label first=$((b - a))"
done
echo "crowded/bare=$(echo "scale=3; $first_crowded / $first_bare" | bc)"

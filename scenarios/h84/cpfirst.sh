#!/bin/sh
# Usage: cpfirst.sh TREE OUTDIR WORKLOAD...: cloudpickle's first dumps of each workload (cpw.py
# N=1 minus N=0; callgrind, CPython 3.11, PYTHONHASHSEED=0), the reference of the ratios.
tree=$1; out=$2; shift 2
mkdir -p "$out"
here=$(dirname "$0")
for wl in "$@"; do
  for n in 0 1; do
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/cp-$wl.$n" \
      /work/venv-h84/bin/python "$here/cpw.py" "$tree" "$wl" $n >/dev/null 2>&1
  done
  a=$(grep '^summary:' "$out/cp-$wl.0" | cut -d' ' -f2)
  b=$(grep '^summary:' "$out/cp-$wl.1" | cut -d' ' -f2)
  echo "cloudpickle $wl first=$((b - a))"
done

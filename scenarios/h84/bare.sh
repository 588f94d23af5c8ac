#!/bin/sh
# Usage: bare.sh TREE OUTDIR: the first dumps of tiny in a bare process (bare.py, python -S):
# callgrind total of N=1 minus N=0; CPython 3.11, PYTHONHASHSEED=0.
tree=$1; out=$2
mkdir -p "$out"
here=$(dirname "$0")
/work/venv-h84/bin/python -m compileall -q "$tree/srcpickle" >/dev/null
for n in 0 1; do
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/bare.$n" \
    /work/venv-h84/bin/python -S "$here/bare.py" "$tree" $n >/dev/null 2>&1
done
a=$(grep '^summary:' "$out/bare.0" | cut -d' ' -f2)
b=$(grep '^summary:' "$out/bare.1" | cut -d' ' -f2)
echo "bare tiny first=$((b - a))"

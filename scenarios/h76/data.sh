#!/bin/sh
# Usage: data.sh TREE OUTDIR: the first dumps of plain data (data.py): callgrind total of N=1
# minus N=0; CPython 3.11, PYTHONHASHSEED=0.
tree=$1; out=$2
mkdir -p "$out"
here=$(dirname "$0")
/work/venv-h76/bin/python -m compileall -q "$tree/srcpickle" >/dev/null
for n in 0 1; do
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/data.$n" \
    /work/venv-h76/bin/python "$here/data.py" "$tree" $n >/dev/null 2>&1
done
a=$(grep '^summary:' "$out/data.0" | cut -d' ' -f2)
b=$(grep '^summary:' "$out/data.1" | cut -d' ' -f2)
echo "data first=$((b - a))"

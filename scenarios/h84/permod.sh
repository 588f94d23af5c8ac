#!/bin/sh
# Usage: permod.sh TREE OUTDIR WORKLOAD MOD...: callgrind totals of wd.py N=0 importing the first
# k modules of MOD... after srcpickle (k = 0..n): each module's import cost, in that order, then
# the first dumps left once all are imported (N=1 with all of them minus N=0 with all of them).
tree=$1; out=$2; wl=$3; shift 3
mkdir -p "$out"
here=$(dirname "$0")
/work/venv-h84/bin/python -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
run() { PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/pm" \
  /work/venv-h84/bin/python "$here/wd.py" "$tree" "$wl" "$@" >/dev/null 2>&1
  grep '^summary:' "$out/pm" | cut -d' ' -f2; }
prev=$(run 0); mods=""
for m in "$@"; do
  mods="$mods $m"; now=$(run 0 $mods); echo "$m $((now - prev))"; prev=$now
done
echo "dumps-with-all-imported $(( $(run 1 $mods) - prev ))"

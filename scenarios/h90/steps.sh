#!/bin/sh
# Usage: steps.sh TREE OUTDIR LIBRARY WORKLOAD [MODULE...]: callgrind instructions of each step of
# steps.py (each MODULE's import, then the dumps), CPython 3.11.7, PYTHONHASHSEED=0.
tree=$1; out=$2; lib=$3; wl=$4; shift 4
mkdir -p "$out" /tmp/h90/cwd
here=$(cd "$(dirname "$0")" && pwd)
py=/root/.pyenv/versions/3.11.7/bin/python3.11
$py -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
rm -f "$out/steps-$lib-$wl".*
(cd /tmp/h90/cwd && PYTHONPATH="$tree" PYTHONHASHSEED=0 valgrind --tool=callgrind \
  --dump-before=time_perf_counter --callgrind-out-file="$out/steps-$lib-$wl.%p" \
  $py "$here/steps.py" "$tree" "$lib" "$wl" "$@" >/dev/null 2>&1)
k=2
total=0
for step in "$@" dumps; do
  n=$(grep -h '^summary:' "$out/steps-$lib-$wl".*."$k" | cut -d' ' -f2)
  echo "$step $n"
  total=$((total + n)); k=$((k + 1))
done
echo "window $total"

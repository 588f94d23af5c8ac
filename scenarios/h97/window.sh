#!/bin/sh
# Usage: window.sh TREE OUTDIR LIBRARY WORKLOAD...: callgrind instructions of benchmarks/run.py's
# cold dumps cell itself: TREE's benchmarks/_child.py, unmodified, in a fresh CPython 3.11.7
# (PYTHONHASHSEED=0, srcpickle from TREE), with a callgrind dump at each entry of
# time.perf_counter: part 2 is the window the benchmark times (first perf_counter to second),
# part 3 what follows it (writing the answer, exit teardown). Also prints the whole run's total.
# OP=loads measures the cold loads cell the same way (cold.py writes the payload first).
tree=$1; out=$2; lib=$3; shift 3
op=${OP:-dumps}
mkdir -p "$out" /tmp/h97/cwd
here=$(cd "$(dirname "$0")" && pwd)
py=/root/.pyenv/versions/3.11.7/bin/python3.11
$py -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
# The workload modules (and, for loads, the payload), written once by cold.py (one run).
[ -f /tmp/h90/wl/bench_tiny.py ] || $py "$here/cold.py" "$tree" cloudpickle tiny 1 >/dev/null
for wl in "$@"; do
  args="{\"op\": \"$op\", \"library\": \"$lib\", \"workload\": \"$wl\", \"modules\": \"/tmp/h90/wl\"}"
  if [ "$op" = loads ]; then
    $py "$here/cold.py" "$tree" "$lib" "$wl" 1 loads >/dev/null
    args="{\"op\": \"loads\", \"library\": \"$lib\", \"workload\": \"$wl\", \"modules\": \"/tmp/h90/wl\", \"payload\": \"/tmp/h90/$wl.$lib.pickle\"}"
  fi
  rm -f "$out/$lib-$op-$wl".*
  (cd /tmp/h97/cwd && PYTHONPATH="$tree" PYTHONHASHSEED=0 valgrind --tool=callgrind \
    --dump-before=time_perf_counter --callgrind-out-file="$out/$lib-$op-$wl.%p" \
    $py "$tree/benchmarks/_child.py" "$args" >/dev/null 2>&1)
  w=$(grep -h '^summary:' "$out/$lib-$op-$wl".*.2 | cut -d' ' -f2)
  t=$(cat "$out/$lib-$op-$wl".* | grep '^summary:' | cut -d' ' -f2 | paste -sd+ | bc)
  echo "$lib $op $wl window=$w total=$t"
done

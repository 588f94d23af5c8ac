#!/bin/sh
# Instructions per dumps: ic.sh ROOT LIBRARY WORKLOAD [N_HIGH]
# (callgrind, PYTHONHASHSEED=0). For "new" and "spread" (functions never dumped): (run(1) -
# run(0)) / 200; for a workload of benchmarks/_workloads.py (warm dumps): (run(N_HIGH) - run(1))
# / (N_HIGH - 1). KEEP=PREFIX keeps the callgrind outputs as PREFIX.hi / PREFIX.lo.
root=$1; lib=$2; wl=$3; hi=${4:-51}
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
lo=1
case $wl in new|spread) hi=1; lo=0 ;; esac
count() {
  out=${KEEP:+$KEEP.$2}
  out=${out:-$(mktemp /tmp/h105cg.XXXXXX)}
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/wd.py" "$root" "$lib" "$wl" "$1" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  [ -n "$KEEP" ] || rm -f "$out"
}
a=$(count $hi hi); b=$(count $lo lo)
case $wl in new|spread) div=200 ;; *) div=$((hi - lo)) ;; esac
echo "$lib $wl: hi=$a lo=$b per=$(( (a - b) / div ))"

#!/bin/sh
# Cache misses per function never dumped: cache.sh ROOT LIBRARY WORKLOAD (new, spread)
# (cachegrind --cache-sim=yes, CPython 3.11.7, PYTHONHASHSEED=0; (run(1) - run(0)) / 200 of
# instructions, D1/LL data misses, I1 misses and mispredicted branches: what makes a CPU second
# of one library's instructions longer than another's; counts no machine load changes).
root=$1; lib=$2; wl=$3
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
count() {
  out=$(mktemp /tmp/h105cg.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes --cachegrind-out-file="$out" \
    "$py" "$here/wd.py" "$root" "$lib" "$wl" "$1" >/dev/null 2>&1
  # events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim
  awk '/^summary:/ {print $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14}' "$out"
  rm -f "$out"
}
hi=$(count 1); lo=$(count 0)
echo "$hi" "$lo" | awk -v lib="$lib" -v wl="$wl" '{
  split("Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim", n, " ");
  printf "%s %s per function:", lib, wl;
  for (i = 1; i <= 13; i++) printf " %s=%d", n[i], ($i - $(i + 13)) / 200;
  printf "\n" }'

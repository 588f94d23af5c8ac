#!/bin/sh
# Why wall clock and instructions disagree: callgrind with cache and branch simulation, per warm
# dumps ((run(N) - run(1)) / (N - 1)): sim.sh ROOT LIBRARY WORKLOAD N
# Prints instructions, L1/LL data misses and mispredicted branches per dumps, and an estimate of
# cycles (Ir + 10 D1 misses + 100 LL misses + 15 mispredicts: the usual rough weights).
root=$1; lib=$2; wl=$3; n=$4
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
one() {
  out=$(mktemp /tmp/h95sim.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --cache-sim=yes --branch-sim=yes --callgrind-out-file="$out" \
    "$py" "$here/wd.py" "$root" "$lib" "$wl" "$1" >/dev/null 2>&1
  # events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
  sed -n 's/^summary: //p' "$out"
  rm -f "$out"
}
hi=$(one "$n"); lo=$(one 1)
echo "$hi" "$lo" | awk -v n="$n" -v lib="$lib" -v wl="$wl" '{
  d = n - 1
  ir = ($1 - $14) / d; d1 = (($4 + $5 + $6) - ($17 + $18 + $19)) / d
  ll = (($7 + $8 + $9) - ($20 + $21 + $22)) / d; bm = (($11 + $13) - ($24 + $26)) / d
  printf "%s %s: Ir %d L1miss %d LLmiss %d mispredict %d est.cycles %d (cycles/Ir %.2f)\n", lib, wl, ir, d1, ll, bm, ir + 10 * d1 + 100 * ll + 15 * bm, (ir + 10 * d1 + 100 * ll + 15 * bm) / ir
}'

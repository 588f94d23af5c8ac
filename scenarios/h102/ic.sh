#!/bin/sh
# Instructions per warm dumps: ic.sh ROOT LIBRARY WORKLOAD [N_HIGH]
# (callgrind, PYTHONHASHSEED=0; (run(N_HIGH) - run(1)) / (N_HIGH - 1); for "new": run(1) - run(0)
# per function, 200 functions).
root=$1; lib=$2; wl=$3; hi=${4:-201}
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
lo=${LO:-1}
if [ "$wl" = new ]; then hi=1; lo=0; fi
count() {
  out=$(mktemp /tmp/h95cg.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/wd.py" "$root" "$lib" "$wl" "$1" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
a=$(count $hi); b=$(count $lo)
if [ "$wl" = new ]; then div=200; else div=$((hi - lo)); fi
echo "$lib $wl: hi=$a lo=$b per=$(( (a - b) / div ))"

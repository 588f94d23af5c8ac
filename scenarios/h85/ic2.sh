#!/bin/sh
# Instructions per run of one part of warm dumps: ic2.sh ROOT WORKLOAD PART [N_HIGH] (see part.py)
root=$1; wl=$2; part=$3; hi=${4:-51}
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
count() {
  out=$(mktemp /tmp/h85cg.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/part.py" "$root" "$wl" "$part" "$1" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
a=$(count "$hi"); b=$(count 1)
echo "$wl $part: per=$(( (a - b) / (hi - 1) ))"

#!/bin/sh
# Instructions per run of values.inline for a workload's capture: ic3.sh ROOT WORKLOAD [N]
root=$1; wl=$2; hi=${3:-201}
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
count() {
  out=$(mktemp /tmp/h85cg.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/inl.py" "$root" "$wl" inline "$1" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
a=$(count "$hi"); b=$(count 1)
echo "$wl inline: per=$(( (a - b) / (hi - 1) ))"

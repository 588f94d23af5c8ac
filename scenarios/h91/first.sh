#!/bin/sh
# First dumps of a process: first.sh ROOT WORKLOAD -> run(1) - run(0) in instructions.
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(dirname "$0")
count() {
  out=$(mktemp /tmp/h91cg.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/first.py" "$1" "$2" "$3" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
a=$(count "$1" "$2" 1); b=$(count "$1" "$2" 0)
echo "first dumps $2: $((a - b))"

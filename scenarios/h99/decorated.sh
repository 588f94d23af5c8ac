#!/bin/sh
# Instructions per never-dumped dumps of a decorated def: decorated.sh TREE (see decorated.py)
root=$1
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
here=$(cd "$(dirname "$0")" && pwd)
count() {
  out=$(mktemp /tmp/h99cg.XXXXXX)
  (cd /tmp && PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/decorated.py" "$root" "$1" >/dev/null 2>&1)
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
a=$(count 1); b=$(count 0)
echo "decorated: dumps=$a import=$b per=$(( (a - b) / 200 ))"

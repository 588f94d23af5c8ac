#!/bin/sh
# ic.sh with wd_parts.py: PARTS=guards scenarios/h69/ic_parts.sh ROOT srcpickle WORKLOAD [N_HIGH]
root=$1; lib=$2; wl=$3; hi=${4:-201}
py=${PY:-/work/venv-h69/bin/python}
here=$(dirname "$0")
count() {
  out=$(mktemp /tmp/h69cg.XXXXXX)
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out" "$py" "$here/wd_parts.py" "$root" "$lib" "$wl" "$1" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
a=$(count $hi); b=$(count 1)
echo "PARTS=$PARTS $lib $wl: hi=$a lo=$b per=$(( (a - b) / (hi - 1) ))"

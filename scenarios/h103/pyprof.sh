#!/bin/sh
# Python-level inclusive instructions per dumps on CPython 3.12 (-X perf):
# pyprof.sh ROOT WORKLOAD [ROWS]  (new, spread: (run(1) - run(0)) / 200)
py=${PY312:-/root/.pyenv/versions/3.12.1/bin/python3.12}
here=$(dirname "$0")
run() {
  PYTHONHASHSEED=0 valgrind --tool=callgrind --smc-check=all --callgrind-out-file="/tmp/h91py.$1.cg" \
    "$py" -X perf "$here/wd.py" "$ROOT" srcpickle "$WL" "$1" >/dev/null 2>/tmp/h91py.$1.err
  pid=$(sed -n 's/^==\([0-9]*\)==.*/\1/p' /tmp/h91py.$1.err | head -1)
  mv "/tmp/perf-$pid.map" "/tmp/h91py.$1.map"
}
ROOT=$1; WL=$2
run 1; run 0
python3 "$here/pyprof.py" /tmp/h91py.1.cg /tmp/h91py.1.map /tmp/h91py.0.cg /tmp/h91py.0.map 200 "${3:-80}"

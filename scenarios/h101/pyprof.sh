#!/bin/sh
# pyprof.sh TREE NAME [ROWS]: Python-level inclusive instructions of NAME's first load on CPython
# 3.12 (-X perf: each code object gets a trampoline callgrind names by address, the perf map
# names it): load run minus stop run of load_once.py, srcpickle from TREE (compiled for 3.12).
py=${PY312:-/root/.pyenv/versions/3.12.1/bin/python3.12}
here=$(cd "$(dirname "$0")" && pwd)
tree=$1; name=$2
run() {
  (cd /tmp && PYTHONPATH=$tree PYTHONHASHSEED=0 GCFIRST=1 valgrind --tool=callgrind --smc-check=all \
    --callgrind-out-file="/tmp/h101/py.$name.$1.cg" "$py" -X perf "$here/load_once.py" /tmp/h101/p "$name" "$1" \
    >/dev/null 2>/tmp/h101/py.$name.$1.err)
  pid=$(sed -n 's/^==\([0-9]*\)==.*/\1/p' /tmp/h101/py.$name.$1.err | head -1)
  mv "/tmp/perf-$pid.map" "/tmp/h101/py.$name.$1.map"
}
run load; run stop
python3 "$here/pyprof.py" /tmp/h101/py.$name.load.cg /tmp/h101/py.$name.load.map /tmp/h101/py.$name.stop.cg /tmp/h101/py.$name.stop.map ${COUNT:-1} "${3:-80}"

#!/bin/sh
# Keep a callgrind output of wd.py: cg.sh ROOT WORKLOAD N OUT (for cgdiff.py / cgdiff2.py).
py=${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11}
PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$4" "$py" "$(dirname "$0")/wd.py" "$1" "${LIB:-srcpickle}" "$2" "$3" >/dev/null 2>&1

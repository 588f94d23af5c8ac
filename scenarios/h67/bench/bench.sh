#!/bin/sh
# Instructions per warm pair of dumps (f: os.path + dateutil.parser; g: a body import) for each
# commit given: callgrind, (N=201 - N=1) / 200. Usage: bench.sh COMMIT... (from the worktree).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-/work/venv-h67/bin/python}
# One hash seed: set and dict orders (and so instruction counts) the same in every run.
export PYTHONHASHSEED=0
for commit in "$@"; do
    tree=$(mktemp -d)
    git archive "$commit" srcpickle | tar -x -C "$tree"
    "$PY" -s "$HERE/bench.py" "$tree" 1  # writes the tree's bytecode first
    one=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$PY" -s "$HERE/bench.py" "$tree" 1 2>&1 | sed -n 's/.*Collected : //p')
    many=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$PY" -s "$HERE/bench.py" "$tree" 201 2>&1 | sed -n 's/.*Collected : //p')
    echo "$commit: $(( (many - one) / 200 )) instructions per pair (N=1: $one)"
    rm -rf "$tree"
done

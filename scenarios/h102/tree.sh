#!/bin/sh
# A compiled copy of the worktree's srcpickle and benchmarks (committed or not): tree.sh DEST
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$1" && mkdir -p "$1"
cp -r "$here/srcpickle" "$here/benchmarks" "$1"/
find "$1" -name __pycache__ -prune -exec rm -rf {} +
${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11} -m compileall -q "$1/srcpickle" "$1/benchmarks"

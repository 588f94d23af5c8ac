#!/bin/sh
# A compiled copy of srcpickle and benchmarks: tree.sh DEST [COMMIT]
# (COMMIT: a git archive of it; without: the worktree as it is, committed or not)
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$1" && mkdir -p "$1"
if [ -n "$2" ]; then
  git -C "$here" archive "$2" srcpickle benchmarks | tar -x -C "$1"
else
  cp -r "$here/srcpickle" "$here/benchmarks" "$1"/
fi
find "$1" -name __pycache__ -prune -exec rm -rf {} +
${PY:-/root/.pyenv/versions/3.11.7/bin/python3.11} -m compileall -q "$1/srcpickle" "$1/benchmarks"

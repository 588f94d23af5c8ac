#!/bin/sh
# Instructions of dumping a lambda after every def of its file was dumped (lambda_last.py), the
# difference of two callgrind runs. Usage: sh ll.sh [TREE]  (TREE: a srcpickle checkout put first
# on PYTHONPATH, to measure another version; default the venv's own)
set -e
PY=/work/venv-h109/bin/python
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
count() {
  rm -rf "$TMP/m"
  PYTHONPATH=${1:-} PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.$2" "$PY" "$HERE/lambda_last.py" "$2" "$TMP/m" >/dev/null 2>&1
  grep -E '^(summary|totals):' "$TMP/cg.$2" | head -1 | awk '{print $2}'
}
FULL=$(count "${1:-}" 1); EMPTY=$(count "${1:-}" 0)
echo "lambda after its file's defs: $((FULL - EMPTY)) instructions (dumps and loads)"
rm -rf "$TMP"

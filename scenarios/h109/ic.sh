#!/bin/sh
# Instructions per function of the never-dumped rows: callgrind of nd.py with and without the
# dumps, the difference divided by 200. Usage: sh ic.sh LIB ROW [PY]   (see README.md)
set -e
LIB=$1; ROW=$2; PY=${3:-/work/venv-h109/bin/python}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
count() {
  rm -rf "$TMP/m"
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.$1" "$PY" "$HERE/nd.py" "$LIB" "$ROW" "$1" "$TMP/m" >/dev/null 2>&1
  grep -E '^(summary|totals):' "$TMP/cg.$1" | head -1 | awk '{print $2}'
}
FULL=$(count 1); EMPTY=$(count 0)
echo "$LIB $ROW $(( (FULL - EMPTY) / 200 )) instructions a function (full $FULL, empty $EMPTY)"
[ -n "$KEEP" ] && cp "$TMP/cg.1" "$KEEP.1" && cp "$TMP/cg.0" "$KEEP.0" || true
rm -rf "$TMP"

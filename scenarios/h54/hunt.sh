#!/bin/sh
# Every mode of tests/unit/entry_threads_child.py on one interpreter: hunt.sh PYTHON [MODES...]
# (srcpickle from this worktree; a fresh work folder per interpreter, prepared by that interpreter).
here=$(cd "$(dirname "$0")/../.." && pwd)
py=$1; shift
modes=${*:-cold-dumps cold-loads warm check fork}
work=$(mktemp -d /tmp/h54hunt.XXXXXX)
PYTHONPATH=$here "$py" "$here/tests/unit/entry_threads_child.py" prepare "$work" || exit 1
for mode in $modes; do
    echo "== $py $mode"
    PYTHONPATH=$here timeout 200 "$py" "$here/tests/unit/entry_threads_child.py" "$mode" "$work" > "$work/$mode.out" 2> "$work/$mode.err"
    echo "exit $?"
    tail -1 "$work/$mode.out" | python3 -c '
import json, sys
text = sys.stdin.read().strip()
if not text: sys.exit()
for k, v in sorted(json.loads(text).items()):
    bad = v["wrong"] or v["errors"]
    print(("BAD " if bad else "ok  ") + k, v["calls"], v["wrong"] if bad else "", v["errors"] if bad else "")
'
    grep -v "^  File" "$work/$mode.err" | head -20
done

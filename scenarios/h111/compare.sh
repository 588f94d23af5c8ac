#!/bin/sh
# Instructions (cg.py) of the workloads this branch touches, for a base tree and this worktree:
# BASE is a copy of the tree before (git archive COMMIT srcpickle benchmarks | tar -x -C BASE),
# put first on sys.path by PYTHONPATH (cg.py's children inherit it). Run from an EMPTY folder
# (cg.py's counts vary with the folder's contents); results go to OUT.
BASE=${BASE:-/tmp/h111/base}
TREE=${TREE:-/work/wt-h111}
PY=${PY:-/work/venv-h111/bin/python}
OUT=${OUT:-/tmp/h111/compare.txt}
"$PY" -m compileall -q "$TREE/srcpickle" "$BASE/srcpickle"
for spec in ${SPECS:-"globals dumps-warm 100" "closure dumps-warm 100" "tiny dumps-warm 100" "defs200-each dumps-warm 10" "data dumps-warm 20" "globals dumps-cold"}; do
    set -- $spec
    before=$(PYTHONPATH="$BASE" nice -n 10 "$PY" /work/notes/cg.py "$TREE" srcpickle "$@" | awk '{print $NF}')
    after=$(nice -n 10 "$PY" /work/notes/cg.py "$TREE" srcpickle "$@" | awk '{print $NF}')
    echo "$spec: $before -> $after" >> "$OUT"
done

#!/bin/sh
# Instructions of one warm dumps (cg.py: the difference of two processes under callgrind) of each
# workload this branch touches. Run from an empty folder; TREE defaults to this worktree.
TREE=${TREE:-/work/wt-h111}
PY=${PY:-/work/venv-h111/bin/python}
"$PY" -m compileall -q "$TREE/srcpickle"
for workload in ${WORKLOADS:-globals data closure defs200-each tiny}; do
    nice -n 10 "$PY" /work/notes/cg.py "$TREE" srcpickle "$workload" dumps-warm 100
done

#!/bin/sh
# Usage: snap.sh NAME: a copy of the worktree's srcpickle and benchmarks (as committed or not)
# in /tmp/h84/NAME, without __pycache__, for measure.sh (which compiles it first).
rm -rf "/tmp/h84/$1" && mkdir -p "/tmp/h84/$1"
cd "$(dirname "$0")/../.." && cp -r srcpickle benchmarks "/tmp/h84/$1/"
find "/tmp/h84/$1" -name __pycache__ -prune -exec rm -rf {} +

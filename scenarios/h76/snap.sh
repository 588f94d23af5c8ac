#!/bin/sh
# Usage: snap.sh NAME: a copy of the worktree's srcpickle and benchmarks (as committed or not)
# in /tmp/h76/NAME, without __pycache__, for measure.sh (which compiles it first).
rm -rf "/tmp/h76/$1" && mkdir -p "/tmp/h76/$1"
cd "$(dirname "$0")/../.." && cp -r srcpickle benchmarks "/tmp/h76/$1/"
find "/tmp/h76/$1" -name __pycache__ -prune -exec rm -rf {} +

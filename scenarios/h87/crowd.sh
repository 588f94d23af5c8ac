#!/bin/sh
# Usage: crowd.sh TREE OUTDIR MODE: the first dumps of the dist-env workload in a bare environment
# and in one with 300 more distributions (crowd.py N=1 minus N=0; callgrind, CPython 3.11,
# PYTHONHASHSEED=0), and their ratio (issue 9's target: at most 1.5). MODE: otherwise, named,
# beside (crowd.py's docstring). h84's crowd.sh, on environments crowd.py writes.
#   mkdir -p /tmp/h87/NAME && git archive COMMIT srcpickle benchmarks | tar -x -C /tmp/h87/NAME
tree=$1; out=$2; mode=$3
py=/work/venv-h87/bin/python
mkdir -p "$out"
here=$(dirname "$0")
$py -m compileall -q "$tree/srcpickle" "$tree/benchmarks" >/dev/null
# (the environments and their modules' .pyc written once, outside the counted runs)
for label in bare crowded; do $py "$here/crowd.py" "$tree" $label 0 $mode; $py "$here/crowd.py" "$tree" $label 1 $mode; done
for label in bare crowded; do
  for n in 0 1; do
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/$label.$n" \
      $py "$here/crowd.py" "$tree" $label $n $mode >/dev/null 2>&1
  done
  a=$(grep '^summary:' "$out/$label.0" | cut -d' ' -f2)
  b=$(grep '^summary:' "$out/$label.1" | cut -d' ' -f2)
  eval "first_$label=$((b - a))"
  echo "$mode $label first=$((b - a))"
done
echo "$mode crowded/bare=$(echo "scale=3; $first_crowded / $first_bare" | bc)"

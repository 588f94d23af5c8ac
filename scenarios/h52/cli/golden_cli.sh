#!/bin/sh
# Every CLI reader on every golden payload, on every interpreter: exit codes and tracebacks.
R=$(pyenv root)/versions
WT=$(cd "$(dirname "$0")/../../.." && pwd)
for py in $R/3.9.18/bin/python $R/3.10.13/bin/python /work/venv-h52/bin/python $R/3.12.1/bin/python $R/3.13.0/bin/python pypy3; do
  for f in $WT/tests/corpus/golden/v*/*.srcpickle; do
    for cmd in show check; do
      out=$(cd /tmp && PYTHONPATH=$WT $py -m srcpickle $cmd "$f" 2>&1); rc=$?
      case "$out" in *Traceback*) echo "TRACEBACK $py $cmd $f";; esac
      [ $rc -ne 0 ] && echo "rc=$rc $py $cmd $f: $(echo "$out" | grep -i 'fail\|error' | head -3)"
    done
  done
done

#!/bin/sh
R=$(pyenv root)/versions
WT=$(cd "$(dirname "$0")/../../.." && pwd)
H=$(cd "$(dirname "$0")" && pwd)
set -- $R/3.9.18/bin/python $R/3.10.13/bin/python /work/venv-h52/bin/python $R/3.12.1/bin/python $R/3.13.0/bin/python pypy3
for a in "$@"; do for b in "$@"; do for c in "$@"; do
  [ "$a" = "$b" ] && continue; [ "$b" = "$c" ] && continue
  d=$(mktemp -d)
  (cd $d && PYTHONPATH=$WT $a $H/stage1.py $d/s1.srcpickle) || { echo "S1 FAIL $a"; continue; }
  o2=$(cd /tmp && PYTHONPATH=$WT $b $H/stage2.py $d/s1.srcpickle $d/s2.srcpickle 2>&1) || { echo "S2 FAIL $a $b: $(echo "$o2" | tail -3)"; continue; }
  o3=$(cd /tmp && PYTHONPATH=$WT $c $H/stage3.py $d/s2.srcpickle 2>&1) || { echo "S3 FAIL $a $b $c: $(echo "$o3" | tail -3)"; continue; }
  echo "$o2 | $o3" | sed "s#$R/##g"
  diff <(grep -v written-by $d/s2.srcpickle) <(grep -v written-by $d/s2.srcpickle.again) > /dev/null || echo "REDUMP DIFF $a $b $c"
  rm -rf $d
done; done; done

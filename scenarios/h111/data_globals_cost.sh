#!/bin/sh
# usage: data_globals_cost.sh data|scalar  -> instructions per dumps (200 minus 0 extra dumps)/200
mkdir -p /tmp/cg-h111v /tmp/h111 && cd /tmp/cg-h111v
for n in 0 200; do
  PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/h111/v.$1.$n.out /work/venv-h111/bin/python /work/wt-h111/scenarios/h111/data_globals_variant.py $1 $n >/dev/null 2>&1
done
a=$(grep -E "^(summary|totals):" /tmp/h111/v.$1.0.out | head -1 | awk '{print $2}')
b=$(grep -E "^(summary|totals):" /tmp/h111/v.$1.200.out | head -1 | awk '{print $2}')
echo "$1 $(( (b - a) / 200 ))"

#!/bin/sh
R=$(pyenv root)/versions
WT=$(cd "$(dirname "$0")/../../.." && pwd)
H=$(cd "$(dirname "$0")" && pwd)
mkdir -p /tmp/h52sw
for p in 3.9.18 3.10.13 3.11.7 3.12.1 3.13.0 pypy; do
  py=$R/$p/bin/python; [ $p = pypy ] && py=pypy3
  (cd /tmp && PYTHONPATH=$WT $py $H/refsweep.py dump /tmp/h52sw/$p.json) 2>&1 | tail -2
done
for d in 3.9.18 3.10.13 3.11.7 3.12.1 3.13.0 pypy; do
  python3 -c "import json; [print('DUMPERR $d', k, v[1]) for k, v in json.load(open('/tmp/h52sw/$d.json')).items() if v[0]=='ERR']"
  for p in 3.9.18 3.10.13 3.11.7 3.12.1 3.13.0 pypy; do
    py=$R/$p/bin/python; [ $p = pypy ] && py=pypy3
    echo "$d -> $p: $(cd /tmp && $py $H/refsweep.py check /tmp/h52sw/$d.json)"
  done
done

#!/bin/sh
# icp.sh TREE: instructions per parse of a new200 payload (warm), (run 2 rounds - run 0)/400
t=$1
cd /tmp
a=$(PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/h96/icp.$(basename $t).0.out /root/.pyenv/versions/3.11.7/bin/python3.11 /tmp/h96/ic_parse.py $t 0 2>&1 | sed -n 's/.*refs: *//p' | tr -d ,)
b=$(PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/h96/icp.$(basename $t).2.out /root/.pyenv/versions/3.11.7/bin/python3.11 /tmp/h96/ic_parse.py $t 2 2>&1 | sed -n 's/.*refs: *//p' | tr -d ,)
echo "$t per parse: $(( (b - a) / 400 ))"

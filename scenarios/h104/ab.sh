#!/usr/bin/env bash
# Main's tree and the branch's side by side, one run of .ci/run, with the CPU plugin:
#   H104=DIR bash ab.sh NAME PYTHON RUN pytest-args...
# DIR/base and DIR/br: `git archive`s of the two commits; RUN: default, oldest or newest
# (SRCPICKLE_ANY_PYTHON_RUN). Writes DIR/ab-NAME-{base,br}.{json,log,time}.
here=$(cd "$(dirname "$0")" && pwd)
H104=${H104:-/tmp/h104}
name=$1 py=$2 anyrun=$3
shift 3
for t in base br; do
    (
        cd "$H104/$t" && SRCPICKLE_ANY_PYTHON_RUN=$anyrun SRCPICKLE_REQUIRE_ALL_PYTHONS=1 \
            CPUTIME_OUT="$H104/ab-$name-$t.json" PYTHONPATH="$H104/$t:$here" \
            /usr/bin/time -f "$name $t %U %S %e" -o "$H104/ab-$name-$t.time" \
            "$py" -m pytest -q -p no:cacheprovider -p cputime_plugin "$@" >"$H104/ab-$name-$t.log" 2>&1
    ) &
done
wait

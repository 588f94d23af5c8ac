#!/usr/bin/env bash
# Run .ci/run's three test runs side by side on TREE (a `git archive` of the commit measured),
# each with the per-test CPU plugin: OUT/{default,oldest,newest}.cpu.json, .log, .time
#   sh runs.sh TREE OUT [pytest args...]
set -u
tree=$1; out=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
cd "$tree"
export SRCPICKLE_REQUIRE_ALL_PYTHONS=1 PYTHONPATH="$tree:$here"
run() {
    name=$1 py=$2; shift 2
    SRCPICKLE_ANY_PYTHON_RUN=$name CPUTIME_OUT="$out/$name.cpu.json" \
        /usr/bin/time -f "%U %S %e" -o "$out/$name.time" \
        "$py" -m pytest -q -p no:cacheprovider -p cputime_plugin "$@" >"$out/$name.log" 2>&1
}
run default /work/venv-h104/bin/python "$@" &
run oldest /work/venv-3.9.18/bin/python "$@" &
run newest /work/venv-3.13.0/bin/python "$@" &
wait

#!/usr/bin/env bash
# CPU of 10 child starts, -I against -I -S, bare and with srcpickle imported and used.
#   bash scenarios/h94/start_cost.sh
set -u
copy=$(mktemp -d)
cp -r "$(dirname "$0")/../../srcpickle" "$copy/"
for py in /work/venv-h94/bin/python /work/venv-3.9.18/bin/python /work/venv-3.13.0/bin/python \
    "$(pyenv root)"/versions/3.11.7/bin/python3.11 pypy3; do
    "$py" -m compileall -q "$copy/srcpickle"
    for flags in "-I" "-I -S"; do
        /usr/bin/time -f "$py $flags bare: %U user %S sys (10 starts)" \
            bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do $py $flags -c pass; done"
        /usr/bin/time -f "$py $flags srcpickle: %U user %S sys (10 starts)" \
            bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do $py $flags -c 'import sys; sys.path.insert(0, \"$copy\"); import srcpickle; srcpickle.loads(srcpickle.dumps(len))'; done"
    done
done
rm -rf "$copy"

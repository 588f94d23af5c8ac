#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h77/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h77/$name && mkdir -p /tmp/h77/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h77/$name
else
  cp -r $here/srcpickle /tmp/h77/$name/ && find /tmp/h77/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h77/bin/python -m compileall -q /tmp/h77/$name/srcpickle

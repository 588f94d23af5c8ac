#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h89/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h89/$name && mkdir -p /tmp/h89/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h89/$name
else
  cp -r $here/srcpickle /tmp/h89/$name/ && find /tmp/h89/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h89/bin/python -m compileall -q /tmp/h89/$name/srcpickle

#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h100/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h100/$name && mkdir -p /tmp/h100/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h100/$name
else
  cp -r $here/srcpickle /tmp/h100/$name/ && find /tmp/h100/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h100/bin/python -m compileall -q /tmp/h100/$name/srcpickle

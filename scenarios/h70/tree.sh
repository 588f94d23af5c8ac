#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h70/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h70/$name && mkdir -p /tmp/h70/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h70/$name
else
  cp -r $here/srcpickle /tmp/h70/$name/ && find /tmp/h70/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h70/bin/python -m compileall -q /tmp/h70/$name/srcpickle

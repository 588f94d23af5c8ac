#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h83/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h83/$name && mkdir -p /tmp/h83/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h83/$name
else
  cp -r $here/srcpickle /tmp/h83/$name/ && find /tmp/h83/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h83/bin/python -m compileall -q /tmp/h83/$name/srcpickle

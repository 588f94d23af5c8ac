#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h96/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h96/$name && mkdir -p /tmp/h96/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h96/$name
else
  cp -r $here/srcpickle /tmp/h96/$name/ && find /tmp/h96/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h96/bin/python -m compileall -q /tmp/h96/$name/srcpickle

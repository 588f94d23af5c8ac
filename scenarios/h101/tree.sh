#!/bin/sh
# tree.sh NAME [COMMIT]: /tmp/h101/NAME holding srcpickle of COMMIT (default: the worktree as it is), compiled.
name=$1; commit=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf /tmp/h101/$name && mkdir -p /tmp/h101/$name
if [ -n "$commit" ]; then
  git -C $here archive $commit srcpickle | tar -x -C /tmp/h101/$name
else
  cp -r $here/srcpickle /tmp/h101/$name/ && find /tmp/h101/$name -name __pycache__ -prune -exec rm -rf {} +
fi
/work/venv-h101/bin/python -m compileall -q /tmp/h101/$name/srcpickle

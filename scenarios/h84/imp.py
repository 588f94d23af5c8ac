"""``import srcpickle`` (or cloudpickle) alone: python imp.py TREE none|srcpickle|cloudpickle.

The import's cost is a run with the module minus a run with ``none`` (callgrind, see measure.sh).
"""

import sys

root, what = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
if what == "srcpickle":
    import srcpickle

    assert srcpickle.__file__.startswith(root), srcpickle.__file__
elif what == "cloudpickle":
    import cloudpickle  # noqa: F401

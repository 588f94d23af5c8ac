"""``import srcpickle`` (or cloudpickle) alone, for callgrind: a run with it minus a run with ``none``
(h84's imp.py). Usage: python imp.py TREE none|srcpickle|cloudpickle."""
import sys
root, what = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
if what == "srcpickle":
    import srcpickle
elif what == "cloudpickle":
    import cloudpickle

"""Top-level defs of a long module whose own lines end in odd ways (issue 9: the first dumps of a
def parses its own lines, srcpickle._blocks): a string at column 0 inside the body, a closing
bracket at column 0, decorators over several lines, comment blocks after a def, a lambda on the
def's line, backslash continuations, tabs, dead code, a docstring ending at column 0 (its lines
alone do not parse: the whole file is), and a def far down a file of filler defs.

The module is written by this script into a temporary folder and imported from there (its
layout is what is tested: this file is formatted, it is not).
"""

import atexit
import os
import shutil
import sys
import tempfile

_DIR = tempfile.mkdtemp(prefix="srcpickle-blocks-")
atexit.register(shutil.rmtree, _DIR, True)

_TRICKY = (
    "import math\n"
    "from json import dumps as to_json\n"
    "\n"
    "RATE = 3\n"
    "\n"
    "\n"
    "def decorate(*tags):\n"
    "    def wrap(fn):\n"
    "        fn.tags = tags\n"
    "        return fn\n"
    "\n"
    "    return wrap\n"
    "\n"
    "\n"
    "def col0_string(x):\n"
    '    text = """\n'
    "first\n"
    "  second\n"
    '"""\n'
    "    return text + str(x)\n"
    "\n"
    "\n"
    "def trailing_call(x):\n"
    "    return max(\n"
    "        x,\n"
    "        RATE,\n"
    ")\n"
    "\n"
    "\n"
    "@decorate(\n"
    '    "a",\n'
    '    "b",\n'
    ")\n"
    "@decorate(\n"
    '"c")\n'
    "def decorated(x):\n"
    "    return x * 2\n"
    "\n"
    "\n"
    "def commented(x):\n"
    "    return to_json([x - 1])\n"
    "# A comment block after the def, at column 0,\n"
    "# that mentions import math and other words.\n"
    "\n"
    "#   indented comment\n"
    "\n"
    "\n"
    "def with_lambda(xs, key=lambda v: -v): return sorted(xs, key=key)\n"
    "\n"
    "\n"
    "def wordy(x):\n"
    '    """Names imports, important things and a reimport, in no statement."""\n'
    "    return math.floor(x)\n"
    "\n"
    "\n"
    "def continued(x):\n"
    "    total = x + \\\n"
    "1\n"
    "    return total \\\n"
    "+ 1\n"
    "\n"
    "\n"
    "def tabbed(x):\n"
    "\tif x:\n"
    '\t\treturn "yes"\n'
    '\treturn "no"\n'
    "\n"
    "\n"
    "def dead_code(x):\n"
    "    return x + 1\n"
    '    print("never")\n'
    "\n"
    "\n"
    "def doc_at_column_0():\n"
    '    """Doc whose last lines are at column 0.\n'
    "at column 0\n"
    '"""\n'
    "    return RATE\n"
    "\n"
    "\n"
)
_FILLER = "".join(f"def filler{i}(x, y={i}):\n    return x * RATE + y\n\n\n" for i in range(40))
_FAR = "def far_down(x):\n    return [x, math.floor(2.5), filler39(x)]\n\n"
with open(os.path.join(_DIR, "blocks_layout.py"), "w", encoding="utf-8") as _handle:
    _handle.write(_TRICKY + _FILLER + _FAR)
sys.path.insert(0, _DIR)

from blocks_layout import (  # noqa: E402
    col0_string,
    commented,
    continued,
    dead_code,
    decorated,
    doc_at_column_0,
    far_down,
    tabbed,
    trailing_call,
    with_lambda,
    wordy,
)

CASES = {
    "col0_string": (col0_string, ["f(1)"]),
    "trailing_call": (trailing_call, ["f(1)", "f(7)"]),
    "decorated": (decorated, ["f(4)"]),
    "commented": (commented, ["f(3)"]),
    "with_lambda": (with_lambda, ["f([1, 3, 2])"]),
    "wordy": (wordy, ["f(2.5)"]),
    "continued": (continued, ["f(1)"]),
    "tabbed": (tabbed, ["f(1)", "f(0)"]),
    "dead_code": (dead_code, ["f(1)"]),
    "doc_at_column_0": (doc_at_column_0, ["f()", "f.__doc__"]),
    "far_down": (far_down, ["f(1)"]),
}

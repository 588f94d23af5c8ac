"""Closures, methods and lambdas of a long module (issue 9: the first of them parses the rest of
the file from its top-level statement on, srcpickle._blocks.rest_parsed, and the next ones below
it read that parse): a closure of a def whose decorator spans lines (its statement is found from
its def line) first, a closure holding a string at column 0, closures, lambda twins on one line
and methods above it (the whole file's parse), a method of a class in a function, and an import
statement below them all (the rest's imports are read with the head's).

The module is written by this script into a temporary folder and imported from there (its
layout is what is tested: this file is formatted, it is not).
"""

import atexit
import os
import shutil
import sys
import tempfile

_DIR = tempfile.mkdtemp(prefix="srcpickle-rests-")
atexit.register(shutil.rmtree, _DIR, True)

_HEAD = "import math\n\nRATE = 3\n\n\ndef tag(*names):\n    return lambda fn: fn\n\n\n"
_FILLER = "".join(f"def filler{i}(x):\n    return x * RATE + {i}\n\n\n" for i in range(16))
_BODY = (
    "def make_scaler(scale):\n"
    "    def scaler(x, y=1):\n"
    "        return math.floor(scale * x * RATE) + y\n"
    "\n"
    "    return scaler\n"
    "\n"
    "\n"
    "scaler = make_scaler(2)\n"
    "low, high = (lambda x, y=2: x * y - RATE), (lambda x, y=3: x * y + RATE)\n"
    "\n"
    "\n"
    "class Box:\n"
    "    def __init__(self, v):\n"
    "        self.v = v\n"
    "\n"
    "    def get(self, k=2):\n"
    '        """The value, k times."""\n'
    "        return [self.v] * k\n"
    "\n"
    "\n"
    "def holder(x):\n"
    "    class Local:\n"
    "        def deep(self, y=4):\n"
    "            return x + y + RATE\n"
    "\n"
    "    return Local().deep\n"
    "\n"
    "\n"
    "@tag(\n"
    '    "a",\n'
    ")\n"
    "def decorated_maker(n):\n"
    "    def made(x):\n"
    "        return to_json([x, n])\n"
    "\n"
    "    return made\n"
    "\n"
    "\n"
    "def with_text(n):\n"
    "    def texted(x):\n"
    '        return """\n'
    "at column 0\n"
    '""" + str(x + n)\n'
    "\n"
    "    return texted\n"
    "\n"
    "\n"
    "from json import dumps as to_json\n"
)
with open(os.path.join(_DIR, "rests_layout.py"), "w", encoding="utf-8") as _handle:
    _handle.write(_HEAD + _FILLER + _BODY)
sys.path.insert(0, _DIR)

import rests_layout  # noqa: E402

CASES = {
    # First: the rest of the file from decorated_maker's def line (its decorator spans lines);
    # the closure above it then gets the whole file's parse.
    "decorated_closure": (rests_layout.decorated_maker(7), ["f(1)"]),
    "texted_closure": (rests_layout.with_text(2), ["f(1)"]),
    "closure": (rests_layout.scaler, ["f(2)", "f(2, 5)"]),
    "lambda_low": (rests_layout.low, ["f(4)"]),
    "lambda_high": (rests_layout.high, ["f(4)"]),
    "method": (rests_layout.Box.get, ["f(type('B', (), {'v': 5})(), 3)", "f.__doc__"]),
    "deep_method": (rests_layout.holder(10), ["f()", "f(1)"]),
    "filler_below_head": (rests_layout.filler3, ["f(1)"]),
}

"""Modules whose source ``linecache`` gets from their loader (a zip archive's, an in-memory
loader's) and splits with ``str.splitlines``, holding characters that splits at and Python does
not (a form feed, \\x1c, \\x85, \\u2028 in strings and comments): every line below one of them
would be a line further down, and the file would no longer parse. A file on disk (read by
linecache itself) holds the same text.

The modules are written by this script into a temporary folder and imported from there.
"""

import atexit
import importlib.abc
import importlib.util
import os
import shutil
import sys
import tempfile
import zipfile

_DIR = tempfile.mkdtemp(prefix="srcpickle-line-ends-")
atexit.register(shutil.rmtree, _DIR, True)

TEXT = (
    "ODD = 'a\x0cb\x1cc\u2028d\x85e'  # a comment with \x0b and \u2029 in it\n"
    "\n"
    "\n"
    "def joined(x):\n"
    "    return ODD + str(x)\n"
    "\n"
    "\n"
    "half = lambda: ODD[:2]  # noqa: E731\n"
    "pair = (lambda: 0.0), (lambda: -0.0)\n"
    "\n"
    "\n"
    "class Holder:\n"
    "    '''A docstring\x0cwith a form feed.'''\n"
    "\n"
    "    def get(self):\n"
    "        return 'held \u2028' + ODD[-1]\n"
    "\n"
    "\n"
    "def last():\n"
    "    '''After every odd line.'''\n"
    "    return 'last'\n"
)

with zipfile.ZipFile(os.path.join(_DIR, "line_ends.zip"), "w") as archive:
    archive.writestr("line_ends_zipped.py", TEXT.encode("utf-8"))
with open(os.path.join(_DIR, "line_ends_file.py"), "wb") as handle:
    handle.write(TEXT.encode("utf-8"))


class _MemoryLoader(importlib.abc.SourceLoader):
    """Source held in memory, under a file name no disk has: linecache asks get_source."""

    def get_filename(self, fullname):
        return os.path.join(_DIR, "nowhere", fullname + ".py")

    def get_data(self, path):
        return TEXT.encode("utf-8")


def _import_from_memory(name):
    spec = importlib.util.spec_from_loader(name, _MemoryLoader(), origin=_MemoryLoader().get_filename(name))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sys.path[:0] = [_DIR, os.path.join(_DIR, "line_ends.zip")]

import line_ends_file  # noqa: E402
import line_ends_zipped  # noqa: E402

line_ends_memory = _import_from_memory("line_ends_memory")

SIGN = "math.copysign(1.0, f())"
CASES = {
    "zip_def": (line_ends_zipped.joined, ["f(1)", "f.__name__"]),
    "zip_lambda": (line_ends_zipped.half, ["f()"]),
    "zip_minus_zero_twin": (line_ends_zipped.pair[1], [SIGN]),
    "zip_class": (line_ends_zipped.Holder, ["f().get()", "f.__doc__"]),
    "zip_def_below": (line_ends_zipped.last, ["f()", "f.__doc__"]),
    "memory_def": (line_ends_memory.joined, ["f(1)", "f.__name__"]),
    "memory_lambda": (line_ends_memory.half, ["f()"]),
    "memory_minus_zero_twin": (line_ends_memory.pair[1], [SIGN]),
    "memory_class": (line_ends_memory.Holder, ["f().get()", "f.__doc__"]),
    "memory_def_below": (line_ends_memory.last, ["f()", "f.__doc__"]),
    "file_def": (line_ends_file.joined, ["f(1)", "f.__name__"]),
    "file_lambda": (line_ends_file.half, ["f()"]),
    "file_minus_zero_twin": (line_ends_file.pair[1], [SIGN]),
    "file_class": (line_ends_file.Holder, ["f().get()", "f.__doc__"]),
    "file_def_below": (line_ends_file.last, ["f()", "f.__doc__"]),
}

"""Functions whose source file is laid out unusually, and functions whose code object is shared
with, or was taken from, another function.

The modules are written by this script into a temporary folder (or a zip archive in it) and
imported from there, as a user's modules are: a file declaring another encoding, CRLF line ends,
tabs and a form feed, a def header continued by a backslash, several lambdas on one line, names
that NFKC folds (a ligature, a letter-like symbol), a function reading 300 globals (its name
indexes need EXTENDED_ARG). Then the live object is the truth: a function made from another
one's code with other globals, and one whose ``__code__`` was replaced by another function's.
"""

import atexit
import os
import shutil
import sys
import tempfile
import types
import zipfile

_DIR = tempfile.mkdtemp(prefix="srcpickle-layouts-")
atexit.register(shutil.rmtree, _DIR, True)


def _write(name, data):
    with open(os.path.join(_DIR, name), "wb") as handle:
        handle.write(data)


_write(
    "layout_latin1.py",
    "# -*- coding: latin-1 -*-\nGREETING = 'caf\xe9'\n\n\ndef greet(name):\n"
    "    return GREETING + ' ' + name + ' \xe0 bient\xf4t'\n".encode("latin-1"),
)
_write(
    "layout_crlf.py",
    b'K = 3\r\n\r\n\r\ndef crlf(x):\r\n    """A docstring in a CRLF file."""\r\n    return x * K\r\n'
    b"\r\n\r\nsquare = lambda x: x * x  # a lambda in a CRLF file\r\n",
)
_write(
    "layout_tabs.py",
    b"def tabbed(x):\n\tif x:\n\t\treturn 'yes'\n\treturn 'no'\n\n\x0c\n"
    b"def after_form_feed(x):\n\treturn [x, 'ff']\n",
)
_write(
    "layout_nfkc.py",
    "\u210c = 7\n\n\ndef \ufb01nd(x):\n    return x + \u210c\n\n\ndef uses_find(y):\n"
    "    return find(y) * 2\n".encode("utf-8"),
)
_write(
    "layout_lines.py",
    b"A = 1\ndef one(x): return x + A\n"
    b"add, mul = (lambda a, b: a + b), (lambda a, b: a * b)\n"
    b"twins = (lambda: 'left', lambda: 'right')\n"
    b"def \\\n    continued(x,\n              y=2):\n    return x * y\n"
    b"class Box: value = 5; get = lambda self: self.value\n",
)
_write(
    "layout_wide.py",
    "".join(f"G{i} = {i}\n" for i in range(300)).encode("ascii")
    + b"\n\ndef wide():\n    return "
    + " + ".join(f"G{i}" for i in range(300)).encode("ascii")
    + b"\n",
)
with zipfile.ZipFile(os.path.join(_DIR, "zipped.zip"), "w") as archive:
    archive.writestr("zipped_module.py", "FACTOR = 4\n\n\ndef zipped(x):\n    return x * FACTOR\n")
    archive.writestr("zipped_package/__init__.py", "")
    archive.writestr(
        "zipped_package/inner.py", "from . import helpers\n\n\ndef outer(x):\n    return helpers.helper(x)\n"
    )
    archive.writestr("zipped_package/helpers.py", "def helper(x):\n    return ('helped', x)\n")
sys.path[:0] = [_DIR, os.path.join(_DIR, "zipped.zip")]

import layout_crlf  # noqa: E402
import layout_latin1  # noqa: E402
import layout_lines  # noqa: E402
import layout_nfkc  # noqa: E402
import layout_tabs  # noqa: E402
import layout_wide  # noqa: E402
import zipped_module  # noqa: E402
from zipped_package import inner  # noqa: E402

K = 1


def reads_k(x):
    return x + K


# The same code object under other globals: the payload must carry these, not the module's.
elsewhere = types.FunctionType(reads_k.__code__, {"__builtins__": __builtins__, "K": 100}, "reads_k")


def first_body():
    return "first"


def second_body():
    return "second"


# The code of another function: its source is second_body's, its name stays first_body.
first_body.__code__ = second_body.__code__

CASES = {
    "latin1_file": (layout_latin1.greet, ["f('Zo\u00eb')", "f.__name__"]),
    "crlf_file": (layout_crlf.crlf, ["f(4)", "f.__doc__", "failing_line(f, None)"]),
    "crlf_file_lambda": (layout_crlf.square, ["f(9)", "f.__name__"]),
    "tabs_and_form_feed": (
        [layout_tabs.tabbed, layout_tabs.after_form_feed],
        ["[f[0](0), f[0](1)]", "f[1](3)"],
    ),
    "nfkc_names": (
        [layout_nfkc.find, layout_nfkc.uses_find],
        ["f[0](1)", "f[1](1)", "f[0].__name__", "f[1].__globals__['find'] is f[0]"],
    ),
    "one_line_def": (layout_lines.one, ["f(1)"]),
    "two_lambdas_one_line": ([layout_lines.add, layout_lines.mul], ["[f[0](3, 4), f[1](3, 4)]"]),
    "identical_lambdas_one_line": (layout_lines.twins[1], ["f()"]),
    "backslash_def_header": (layout_lines.continued, ["[f(3), f(3, 5)]", "str(inspect.signature(f))"]),
    "one_line_class_body": (layout_lines.Box, ["[f().get(), f.value]"]),
    "three_hundred_globals": (
        layout_wide.wide,
        ["f()", "len([k for k in f.__globals__ if k.startswith('G')])"],
    ),
    "zip_archive_module": (zipped_module.zipped, ["f(3)", "f.__name__"]),
    "zip_archive_package_relative_import": (inner.outer, ["f(2)"]),
    "shared_code_other_globals": (elsewhere, ["f(1)"]),
    "shared_code_both_in_one_payload": ([reads_k, elsewhere], ["[f[0](1), f[1](1)]", "f[0] is not f[1]"]),
    "code_taken_from_another_function": (first_body, ["f()", "f.__name__"]),
}

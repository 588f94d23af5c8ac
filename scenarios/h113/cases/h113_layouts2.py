# ruff: noqa
"""Mixed line ends, a form feed inside indentation, backslash continuations, semicolons, a def
on one line with its body, nested functions in a CRLF file, a class in a latin-1 file."""

import atexit
import os
import shutil
import sys
import tempfile

_DIR = tempfile.mkdtemp(prefix="h113-layouts2-")
atexit.register(shutil.rmtree, _DIR, True)


def _write(name, data):
    with open(os.path.join(_DIR, name), "wb") as handle:
        handle.write(data)


_write(
    "mix_ends.py",
    b"A = 1\r\ndef mixed(x):\n    s = '''one\r\ntwo\nthree'''\r\n    return s.split('\\n'), x + A\r\n"
    b"pair = (lambda: 'p', \r\n        lambda: 'q')\n",
)
_write(
    "ff_indent.py",
    b"def ff(x):\n\x0c    y = x + 1\n    return y\n\n\x0cclass K:\n\x0c    def m(self):\n        return 'm'\n",
)
_write(
    "oneliners.py",
    b"def one(x): return x * 2\n"
    b"def two(x): y = x; return y + 1\n"
    b"class C: v = 1; get = lambda self: self.v\n"
    b"def outer(n):\r\n    def inner(m):\r\n        return n + m\r\n    return inner\r\n"
    b"clo = outer(5)\r\n"
    b"x = 1; f_semicolon = lambda: x; g_semicolon = lambda: x + 1\n",
)
_write(
    "latin_class.py",
    "# coding: latin-1\nclass Caf\xe9:\n    '''Caf\xe9 doc'''\n    pr\xefx = 3\n"
    "    def co\xfbt(self):\n        return self.pr\xefx, 'd\xe9j\xe0'\n".encode("latin-1"),
)
sys.path.insert(0, _DIR)

import ff_indent  # noqa: E402
import latin_class  # noqa: E402
import mix_ends  # noqa: E402
import oneliners  # noqa: E402

CASES = {
    "mixed_ends": (mix_ends.mixed, ["f(1)", "failing_line(f, None)"]),
    "mixed_ends_lambdas": (list(mix_ends.pair), ["[g() for g in f]"]),
    "ff_indent": ([ff_indent.ff, ff_indent.K], ["f[0](1)", "f[1]().m()"]),
    "oneliners": (
        [
            oneliners.one,
            oneliners.two,
            oneliners.C,
            oneliners.clo,
            oneliners.f_semicolon,
            oneliners.g_semicolon,
        ],
        ["f[0](2), f[1](2), f[2]().get(), f[3](1), f[4](), f[5]()"],
    ),
    "latin_class": (latin_class.Café, ["f().coût()", "f.__doc__", "f.__name__"]),
}
